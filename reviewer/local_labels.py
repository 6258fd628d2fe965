"""The local label store: every override becomes one row of ``<data dir>/labels/local.csv``, in the
corpus labels' columns plus where the evidence is, who, when and with which playbook version.

Labels of a deleted contract set may be kept without their text: the file name, quote, section,
value and reason are blanked and only the hashes (document, quote) stay.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from reviewer.errors import BadInputError, NotFoundError
from reviewer.judge.text import CJK_RANGE
from reviewer.models import STATUSES, Finding, Review, utcnow
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from reviewer.store.files import write_private

CORPUS_COLUMNS = ("document", "check", "status", "allowed", "value", "section", "quote", "notes")
QUOTE_SEPARATOR = " || "
SET_SEPARATOR = "+"
LANGUAGES = ("en", "zh")
_SHA = re.compile(r"[0-9a-f]{64}")
_CJK = re.compile(f"[{CJK_RANGE}]")


@dataclass(frozen=True)
class LocalLabel:
    """One override as a label; the first eight fields are the corpus labels' columns."""

    document: str  # file name(s) of the evidence, joined by "+"; blank once its set is deleted
    check: str
    status: str
    allowed: str
    value: str
    section: str
    quote: str  # the deciding sentence(s), joined by " || "; blank once its set is deleted
    notes: str  # the reviewer's reason
    playbook: str
    playbook_version: str
    set_id: str
    document_sha256: str  # the SHA-256 of each document the label is about, joined by "+"
    quote_sha256: str  # SHA-256 of the quote text (kept when the text goes)
    offsets: str  # "start-end" per quote, joined by "|"
    language: str
    user: str
    time: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.playbook, self.set_id, self.check)


COLUMNS = tuple(f.name for f in fields(LocalLabel))


def labels_path(settings: Settings) -> Path:
    return settings.data_dir / "labels" / "local.csv"


def language_of(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


def label_from(review: Review, finding: Finding, playbook: Playbook, user: str) -> LocalLabel:
    """The label an override of ``finding`` in ``review`` makes."""
    evidence = finding.evidence
    documents = [
        d for d in review.contract_set.documents if not evidence or d.id in {e.document_id for e in evidence}
    ]
    quote = QUOTE_SEPARATOR.join(e.quote for e in evidence)
    return LocalLabel(
        document=SET_SEPARATOR.join(d.file_name for d in documents),
        check=finding.check_id,
        status=finding.status,
        allowed=finding.status,
        value=finding.value or "",
        section="; ".join(" ".join(p for p in (e.section, e.section_title) if p) for e in evidence),
        quote=quote,
        notes=finding.override.reason if finding.override else "",
        playbook=playbook.name,
        playbook_version=playbook.version,
        set_id=review.contract_set.id,
        document_sha256=SET_SEPARATOR.join(d.sha256 for d in documents),
        quote_sha256=hashlib.sha256(quote.encode()).hexdigest() if quote else "",
        offsets="|".join(f"{e.start}-{e.end}" for e in evidence),
        language=language_of(quote or review.contract_set.name),
        user=user,
        time=utcnow().isoformat(),
    )


def to_csv(labels: Iterable[LocalLabel], columns: tuple[str, ...] = COLUMNS) -> str:
    """CSV text of ``labels``: every column, or only ``columns`` (``CORPUS_COLUMNS`` for training)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for label in labels:
        writer.writerow(asdict(label))
    return out.getvalue()


def _row_problem(row: dict[str, str], playbooks: dict[str, Playbook]) -> str | None:
    """What is wrong with one row of a labels file (None when it is a valid label)."""
    book = playbooks.get(row["playbook"])
    if book is None:
        return f"unknown playbook {row['playbook']!r}"
    if row["playbook_version"] != book.version:
        return f"made with {book.name} version {row['playbook_version']!r}; this machine has {book.version!r}"
    if row["check"] not in {c.id for c in book.checks}:
        return f"playbook {book.name} has no check {row['check']!r}"
    allowed = [s for s in row["allowed"].split("|") if s]
    for status in [row["status"], *allowed]:
        if status not in STATUSES:
            return f"status {status!r} is not one of {', '.join(STATUSES)}"
    if not _SHA.fullmatch(row["set_id"]) or not all(_SHA.fullmatch(h) for h in row["document_sha256"].split("+")):
        return "set_id and document_sha256 must be SHA-256 hex digests"
    quotes = row["quote"].split(QUOTE_SEPARATOR) if row["quote"] else []
    spans = [s for s in row["offsets"].split("|") if s]
    if not all(re.fullmatch(r"\d+-\d+", s) for s in spans) or (quotes and len(spans) != len(quotes)):
        return "offsets must be start-end per quote, joined by |"
    if row["quote"] and hashlib.sha256(row["quote"].encode()).hexdigest() != row["quote_sha256"]:
        return "quote_sha256 does not match the quote"
    if row["status"] == "missing" and quotes:
        return "a 'missing' label cannot quote evidence"
    if row["language"] not in LANGUAGES:
        return f"language {row['language']!r} is not one of {', '.join(LANGUAGES)}"
    try:
        datetime.fromisoformat(row["time"])
    except ValueError:
        return f"time {row['time']!r} is not an ISO date and time"
    return None


def parse_labels(text: str, playbooks: dict[str, Playbook], *, source: str) -> list[LocalLabel]:
    """Every row of a labels file, validated; ``BadInputError`` naming the first bad row."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BadInputError(f"not a local labels file: no column {', '.join(missing)}", file=source)
    labels = []
    for line, row in enumerate(reader, start=2):
        clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
        problem = _row_problem(clean, playbooks)
        if problem:
            raise BadInputError(f"row {line}: {problem}; nothing was imported", file=source)
        labels.append(LocalLabel(**clean))
    return labels


class LabelStore:
    """The CSV in the data dir; every write replaces the whole file atomically."""

    def __init__(self, settings: Settings) -> None:
        self.path = labels_path(settings)

    def all(self) -> list[LocalLabel]:
        if not self.path.is_file():
            return []
        reader = csv.DictReader(io.StringIO(self.path.read_text(encoding="utf-8")))
        return [LocalLabel(**{c: row.get(c) or "" for c in COLUMNS}) for row in reader]

    def _write(self, labels: list[LocalLabel]) -> None:
        write_private(self.path, to_csv(labels))

    def add(self, new: Iterable[LocalLabel]) -> int:
        """Add labels; a label for the same playbook, set and check replaces the older one."""
        merged = {label.key: label for label in self.all()}
        added = list(new)
        merged.update({label.key: label for label in added})
        self._write(list(merged.values()))
        return len(added)

    def for_set(self, set_id: str) -> list[LocalLabel]:
        return [label for label in self.all() if label.set_id == set_id]

    def forget_set(self, set_id: str, *, keep_hashes: bool) -> int:
        """Remove a deleted set's labels, or keep them without any text (hashes only); how many."""
        kept, touched = [], 0
        for label in self.all():
            if label.set_id != set_id:
                kept.append(label)
                continue
            touched += 1
            if keep_hashes:
                kept.append(replace(label, document="", value="", section="", quote="", notes=""))
        if touched:
            self._write(kept)
        return touched


def read_labels_file(path: Path, playbooks: dict[str, Playbook]) -> list[LocalLabel]:
    if not path.is_file():
        raise NotFoundError("no such labels file", file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError("not a UTF-8 CSV file", file=path.name) from exc
    return parse_labels(text, playbooks, source=path.name)
