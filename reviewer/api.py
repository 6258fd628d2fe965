"""What the app and the CLI call. Nothing here prints; errors are ``ReviewerError``s."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reviewer.errors import BadInputError, NotFoundError
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval import SetIndex, dense_search_for
from reviewer.library import Library
from reviewer.models import (
    SCHEMA_VERSION,
    ContractSet,
    IngestResult,
    Jurisdiction,
    ProgressCallback,
    Review,
    SearchHit,
    SetSummary,
    Tier,
    no_progress,
)
from reviewer.playbooks.loader import PlaybookEntry, available_playbooks, load_playbook, load_playbook_path
from reviewer.playbooks.schema import Playbook
from reviewer.review import run_review
from reviewer.settings import Settings, get_settings
from reviewer.store.files import write_private


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


# --- review ----------------------------------------------------------------------------------


def review(
    *,
    set_id: str | None = None,
    paths: Sequence[Path | str] | None = None,
    playbook: str = "ai-vendor",
    tier: Tier = "internal",
    jurisdictions: Sequence[Jurisdiction] = (),
    llm: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
    save: bool = True,
) -> Review:
    """Review a stored contract set (or files, ingested first) against a playbook."""
    settings = settings or get_settings()
    library = _library(settings)
    if set_id is None:
        if not paths:
            raise NotFoundError("give files to review or the id of a stored contract set (--set ID)")
        set_id = library.ingest(read_files(paths), progress=progress).contract_set.id
    contract_set = library.load(set_id)
    book = load_playbook(playbook, settings)
    index = SetIndex(contract_set, dense=dense_search_for(library.vectors, contract_set.id))
    judges = build_judges(index, book, llm=llm, settings=settings)
    result = run_review(
        contract_set,
        book,
        tier=tier,
        jurisdictions=list(jurisdictions),
        index=index,
        judges=judges,
        progress=progress,
        settings_snapshot=preferred_positions(settings),
    )
    if save:
        save_review(result, settings)
    return result


def preferred_positions(settings: Settings) -> dict[str, str | int | float | None]:
    return {
        "storage_region": settings.storage_region,
        "deletion_days": settings.deletion_days,
        "breach_hours": settings.breach_hours,
        "audit_frequency": settings.audit_frequency,
    }


def save_review(result: Review, settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    files = _library(settings).files
    folder = files.derived_dir(result.contract_set.id, "reviews")
    return write_private(folder / f"{result.id}.json", result.model_dump_json(indent=2))


def list_reviews(set_id: str, settings: Settings | None = None) -> list[Review]:
    library = _library(settings)
    folder = library.files.path(library.resolve(set_id)) / "reviews"
    reviews = [load_review(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
    return sorted(reviews, key=lambda r: r.created_at, reverse=True)


def load_review(path: Path | str) -> Review:
    """A review JSON file, validated against the current schema."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError("no such review file", file=str(path))
    try:
        return Review.model_validate_json(path.read_bytes())
    except ValueError as exc:
        raise BadInputError(f"not a review JSON of schema {SCHEMA_VERSION}: {exc}", file=path.name) from exc


def playbooks(settings: Settings | None = None) -> dict[str, PlaybookEntry]:
    return available_playbooks(settings or get_settings())


def validate_playbook(path: Path | str) -> Playbook:
    return load_playbook_path(Path(path))


# --- local LLM -------------------------------------------------------------------------------


def ollama_status(settings: Settings | None = None) -> dict[str, object]:
    """For the app's "test connection" button: does the configured Ollama server answer, and which
    models does it list? Keys: host, url, reachable, models, model, model_available, error."""
    from reviewer.judge.llm import server_status

    return server_status(settings or get_settings())
