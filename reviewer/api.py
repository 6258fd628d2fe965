"""What the app and the CLI call. Nothing here prints; errors are ``ReviewerError``s."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reviewer.errors import NotFoundError
from reviewer.library import Library
from reviewer.models import ContractSet, IngestResult, ProgressCallback, SearchHit, SetSummary, no_progress
from reviewer.settings import Settings, get_settings


def _library(settings: Settings | None) -> Library:
    return Library(settings or get_settings())


def read_files(paths: Sequence[Path | str]) -> list[tuple[str, bytes]]:
    files = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise NotFoundError("no such file; check the path", file=str(path))
        files.append((path.name, path.read_bytes()))
    return files


def ingest(
    paths: Sequence[Path | str],
    *,
    name: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
) -> IngestResult:
    """Parse, chunk, embed and store files as one contract set."""
    settings = settings or get_settings()
    from reviewer.ingest.pipeline import check_size

    for raw in paths:  # refuse an oversized file before reading it into memory
        path = Path(raw)
        if path.is_file():
            check_size(path.stat().st_size, path.name, settings)
    return ingest_bytes(read_files(paths), name=name, settings=settings, progress=progress)


def ingest_bytes(
    files: Sequence[tuple[str, bytes]],
    *,
    name: str | None = None,
    owner: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
) -> IngestResult:
    """Like ``ingest`` for uploads already in memory: (file name, bytes) pairs."""
    return _library(settings).ingest(files, name=name, owner=owner, progress=progress)


def list_sets(settings: Settings | None = None) -> list[SetSummary]:
    return _library(settings).all()


def get_set(set_id: str, settings: Settings | None = None) -> ContractSet:
    return _library(settings).load(set_id)


def set_summary(set_id: str, settings: Settings | None = None) -> SetSummary:
    return _library(settings).summary(set_id)


def delete_set(set_id: str, settings: Settings | None = None) -> dict[str, object]:
    """Remove a set's vectors, stored originals and everything derived from it."""
    return _library(settings).delete(set_id)


def search(set_id: str, query: str, *, k: int = 5, settings: Settings | None = None) -> list[SearchHit]:
    return _library(settings).search(set_id, query, k)
