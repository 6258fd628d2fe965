"""Settings the user changes in the app, kept in ``<data dir>/settings.json``.

Only the keys in ``EDITABLE`` are read from the file. Precedence, highest first: arguments given
to ``Settings(...)``, ``REVIEWER_*`` environment variables, this file, the built-in defaults. So an
administrator's environment variable always wins over what someone saved in the app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

SAVED_FILE = "settings.json"
LANGUAGES_FILE = "languages.json"  # user name -> the interface language they chose
ENV_PREFIX = "REVIEWER_"
EDITABLE: tuple[str, ...] = (
    "ollama_host",
    "ollama_model",
    "storage_region",
    "deletion_days",
    "breach_hours",
    "audit_frequency",
    "liability_cap",
    "governing_law",
    "forum",
)


def saved_path(data_dir: Path) -> Path:
    return Path(data_dir) / SAVED_FILE


def read_saved(data_dir: Path) -> dict[str, Any]:
    """The saved values (editable keys only); an unreadable file counts as empty."""
    path = saved_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in raw.items() if k in EDITABLE} if isinstance(raw, dict) else {}


def saved_languages(data_dir: Path) -> dict[str, str]:
    """Each user's chosen interface language; an unreadable file counts as empty."""
    try:
        raw = json.loads((Path(data_dir) / LANGUAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def env_overrides() -> dict[str, str]:
    """Editable keys that a ``REVIEWER_*`` environment variable sets (and so the file cannot)."""
    names = {key: ENV_PREFIX + key.upper() for key in EDITABLE}
    return {key: os.environ[name] for key, name in names.items() if name in os.environ}


def _data_dir_from(init_kwargs: dict[str, Any]) -> Path:
    if init_kwargs.get("data_dir"):
        return Path(init_kwargs["data_dir"]).expanduser()
    if os.environ.get(ENV_PREFIX + "DATA_DIR"):
        return Path(os.environ[ENV_PREFIX + "DATA_DIR"]).expanduser()
    from reviewer.settings import default_data_dir

    return default_data_dir()


class SavedSettingsSource(PydanticBaseSettingsSource):
    """A pydantic-settings source reading ``settings.json`` in the data directory."""

    def __init__(self, settings_cls: type[BaseSettings], init_kwargs: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._values = read_saved(_data_dir_from(init_kwargs))

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._values)
