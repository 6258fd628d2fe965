"""Fixtures for the app tests: a data folder and a playbook folder in tmp_path, and a spy on what
the download buttons serve. The helpers that drive the app are in helpers.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
    for var in ("REVIEWER_CHROMA_URL", "REVIEWER_AUTH", "REVIEWER_EMBEDDING_MODEL", "REVIEWER_BREACH_HOURS"):
        monkeypatch.delenv(var, raising=False)
    yield data


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button serves, by the file name in its URL."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    served: dict[str, bytes] = {}
    original: Callable[..., str] = MemoryMediaFileStorage.load_and_get_id

    def spy(self: Any, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = original(self, path_or_data, mimetype, kind, filename)
        served[file_id] = self._files_by_id[file_id].content
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return served
