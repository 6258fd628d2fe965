"""One settings object for the whole product, read from ``REVIEWER_*`` environment variables.

Tests point ``REVIEWER_DATA_DIR`` at ``tmp_path``; nothing else reads the environment.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

# Everything network-capable that the stack brings is pinned to local use, before any of it loads.
_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "LANGCHAIN_TRACING_V2": "false",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    # onnxruntime's Linux wheels send usage events to Microsoft (mobile.events.data.microsoft.com)
    # a few seconds after a session starts; only this variable stops it (found by the egress tests).
    "ORT_DISABLE_TELEMETRY": "1",
}


def pin_offline_environment() -> None:
    """Turn off every telemetry and hub download switch the libraries we use know of."""
    for key, value in _OFFLINE_ENV.items():
        os.environ[key] = value
    os.environ.pop("LANGCHAIN_API_KEY", None)
    os.environ.pop("LANGSMITH_API_KEY", None)


pin_offline_environment()

Tier = Literal["public", "internal", "core-secret"]
TIERS: tuple[Tier, ...] = ("public", "internal", "core-secret")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("contract-reviewer", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REVIEWER_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    # Chroma: embedded PersistentClient under data_dir unless a server URL is given.
    chroma_url: str | None = None
    embedding_model: str = "minilm"  # or "ollama:<model name>"
    embedding_threads: int = Field(default=0, ge=0)  # threads of the built-in model; 0: every core

    # Limits for hostile or oversized input.
    max_file_mb: float = 50.0
    max_pages: int = 1000
    max_docx_ratio: float = 100.0  # unpacked size / packed size
    max_docx_unpacked_mb: float = 500.0
    parse_timeout_s: float = 120.0  # per document; 0 turns the parse sandbox off
    parse_memory_mb: float = 2048.0  # memory a parser may add in its child process before it is stopped
    # Text per document: embedding time grows with it and no other limit bounds plain text (one
    # "page"). 2 million characters is about 600 dense pages; 3000 chunks of the default size.
    max_document_chars: int = 2_000_000
    max_document_chunks: int = 3000

    # Chunking.
    chunk_size: int = 1200
    chunk_overlap: int = 150

    # Clause library: extra playbook folders (os.pathsep separated) beside the shipped ones.
    playbooks: str | None = None

    # Optional local LLM.
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "smollm2"
    llm_timeout_s: float = 60.0
    # Which deterministic findings the LLM adjudicates: statuses, "low-confidence", "disagreement", "all".
    llm_consult: str = "partial,low-confidence,disagreement"
    llm_min_confidence: float = 0.65  # "low-confidence" means below this
    llm_upgrades: bool = True  # false: the LLM may only confirm findings or make them stricter
    llm_stream: bool = True  # stream the answer (lets a run-away answer be cut off at the timeout)

    # Negotiating positions (openings) the report, checklist and drafts print; unset, the playbook's
    # own ``positions`` apply (reviewer/playbooks/positions.py).
    storage_region: str | None = None
    deletion_days: int | None = None
    breach_hours: int | None = None
    audit_frequency: str | None = None
    liability_cap: str | None = None  # e.g. "three times the annual fees"
    governing_law: str | None = None  # the law the customer requires, e.g. "England and Wales"
    forum: str | None = None  # the courts the customer requires, e.g. "London"

    # Multi-user mode.
    auth: bool = False
    user: str | None = None
    password: SecretStr | None = None  # REVIEWER_PASSWORD, for scripts; the CLI asks when it is not set
    # The audit log's MAC key: this file (outside the data dir), else the OS keyring, else a file in the
    # user's config dir (reviewer/trust/audit_key.py).
    audit_key_file: Path | None = None

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"

    # The language of the app and of the reports (REVIEWER_LANG); unset: the system locale's.
    lang: Literal["en", "zh"] | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then ``REVIEWER_*`` variables, then what the app saved (reviewer/user_settings.py)."""
        from reviewer.user_settings import SavedSettingsSource

        init_kwargs = getattr(init_settings, "init_kwargs", {})
        saved = SavedSettingsSource(settings_cls, init_kwargs)
        return (init_settings, env_settings, dotenv_settings, saved, file_secret_settings)

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @cached_property
    def sets_dir(self) -> Path:
        return self.data_dir / "sets"

    @cached_property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    def allowed_hosts(self) -> list[tuple[str, int]]:
        """The only (host, port) pairs the product may connect to."""
        hosts: list[tuple[str, int]] = []
        for url in (self.ollama_host, self.chroma_url):
            if not url:
                continue
            parsed = urlparse(url if "://" in url else f"http://{url}")
            if parsed.hostname:
                default = 443 if parsed.scheme == "https" else 80
                if url is self.ollama_host and "://" not in url:
                    default = 11434  # a bare Ollama host means port 11434, as Ollama reads OLLAMA_HOST
                hosts.append((parsed.hostname, parsed.port or default))
        return hosts

    @property
    def current_user(self) -> str:
        if self.user:
            return self.user
        try:
            return os.getlogin()
        except OSError:
            import getpass

            return getpass.getuser()


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
