"""Hedges: wording that hollows a promise ("commercially reasonable efforts", "unless you opt out").

They are data, in ``clause_library/hedges.yaml``, validated as strictly as playbooks. A hedge may be
limited to some topics (a consent exception hollows a no-training promise, not a deletion one) and
may be cured by a number ("without undue delay, and in any event within 48 hours").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from reviewer.errors import PlaybookError
from reviewer.playbooks.schema import ID_PATTERN, TOPICS, Patterns, Strict

HEDGES_FILE = "hedges.yaml"


class Hedge(Strict):
    id: str = Field(pattern=ID_PATTERN)
    meaning: str = Field(min_length=5)  # said to the user: "the promise is weakened by ... (MEANING)"
    meaning_zh: str = ""  # the same in Chinese
    patterns: Patterns
    cured_by_number: bool = False  # a stated number of hours or days in the sentence makes it harmless
    topics: list[str] = Field(default_factory=list)  # empty: every check

    @model_validator(mode="after")
    def _valid(self) -> Hedge:
        if not self.patterns.all():
            raise ValueError("patterns: give at least one pattern (en or zh)")
        unknown = [t for t in self.topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"topics: {', '.join(unknown)} not one of {', '.join(TOPICS)}")
        return self

    def applies_to(self, topic: str | None) -> bool:
        return not self.topics or topic in self.topics


class HedgeLibrary(Strict):
    version: str = Field(min_length=1)
    hedges: list[Hedge] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> HedgeLibrary:
        seen: set[str] = set()
        for hedge in self.hedges:
            if hedge.id in seen:
                raise ValueError(f"hedge {hedge.id}: the id is used twice")
            seen.add(hedge.id)
        return self

    @property
    def ids(self) -> set[str]:
        return {h.id for h in self.hedges}


def shipped_hedges_path() -> Path:
    import clause_library

    return Path(clause_library.__file__).parent / HEDGES_FILE


def load_hedges_path(path: Path) -> HedgeLibrary:
    from reviewer.playbooks.loader import describe_error, read_yaml

    data = read_yaml(path)
    if not isinstance(data, dict):
        raise PlaybookError(f"{path}: expected a mapping with `version:` and a `hedges:` list")
    try:
        return HedgeLibrary.model_validate(data)
    except ValidationError as exc:
        raise PlaybookError(f"{path}: {describe_error(exc, data)}") from exc


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> HedgeLibrary:
    return load_hedges_path(Path(path))


def load_hedges(path: Path | None = None) -> HedgeLibrary:
    """The hedge library (the shipped one by default), cached until the file changes."""
    path = path or shipped_hedges_path()
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise PlaybookError(f"{path}: the hedge library cannot be read: {exc}") from exc
    return _cached(str(path), mtime)
