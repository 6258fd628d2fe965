"""Every network-capable part of the stack is pinned to local use."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from reviewer.settings import _OFFLINE_ENV, Settings, pin_offline_environment

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_sends_no_usage_statistics_and_listens_locally() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True


def test_telemetry_and_hub_switches_are_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("LANGCHAIN_API_KEY", "would-enable-tracing")
    pin_offline_environment()
    for key, value in _OFFLINE_ENV.items():
        assert os.environ[key] == value
    assert "LANGCHAIN_API_KEY" not in os.environ
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["ANONYMIZED_TELEMETRY"] == "False"


def test_chroma_telemetry_is_off_and_the_store_is_owner_only(tmp_path: Path) -> None:
    from reviewer.store.vectors import _chroma_settings, _client

    assert _chroma_settings().anonymized_telemetry is False
    settings = Settings(data_dir=tmp_path / "data")
    _client(settings)
    assert settings.chroma_dir.stat().st_mode & 0o777 == 0o700


def test_only_the_configured_hosts_are_allowed() -> None:
    settings = Settings(ollama_host="http://127.0.0.1:11434", chroma_url="http://10.0.0.5:8000")
    assert settings.allowed_hosts() == [("127.0.0.1", 11434), ("10.0.0.5", 8000)]
