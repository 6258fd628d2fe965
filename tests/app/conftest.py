"""Fixtures for the app tests: a data folder and a playbook folder in tmp_path. The helpers that drive the app are in helpers.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINI_PLAYBOOK = ROOT / "tests" / "data" / "mini-playbook.yaml"


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """REVIEWER_DATA_DIR and REVIEWER_PLAYBOOKS in tmp_path; the mini playbook as the only extra one."""
    data = tmp_path / "data"
    books = tmp_path / "playbooks"
    books.mkdir()
    shutil.copy(MINI_PLAYBOOK, books / "mini.yaml")
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(data))
    monkeypatch.setenv("REVIEWER_PLAYBOOKS", str(books))
    monkeypatch.setenv("REVIEWER_LANG", "en")  # the tests that need Chinese set zh themselves
    for var in ("REVIEWER_CHROMA_URL", "REVIEWER_AUTH", "REVIEWER_EMBEDDING_MODEL", "REVIEWER_BREACH_HOURS"):
        monkeypatch.delenv(var, raising=False)
    yield data
