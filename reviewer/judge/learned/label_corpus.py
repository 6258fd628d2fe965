"""Labelled contracts for training: a labels CSV (``document,check,status,allowed,...,quote``) and
its documents, checked row by row and turned into ``LabelledDocument``s (gold status and evidence
spans in the text the parser produces). A bad row is an error naming it, and nothing is trained."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from reviewer.errors import BadInputError
from reviewer.eval.labels import SET_SEPARATOR, read_labels, resolve_check
from reviewer.judge.learned.datasets import GoldLabel, LabelledDocument
from reviewer.judge.rules.red_flags import FoldedText, fold
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings

QUOTE_SEPARATOR = " || "


@dataclass(frozen=True)
class LabelSource:
    """One labels file with the folder of its documents, and the name its figures are reported under."""

    name: str
    labels: Path
    docs: Path


def read_quotes(path: Path) -> dict[int, list[str]]:
    """The ``quote`` column by CSV line (several quotes are separated by `` || ``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        line: [q.strip() for q in (row.get("quote") or "").split(QUOTE_SEPARATOR.strip()) if q.strip()]
        for line, row in enumerate(rows, start=2)
    }


def find_quote(text: FoldedText, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in a document, ignoring case, white space, punctuation and mark-up."""
    wanted = fold(quote)
    at = text.folded.find(wanted) if wanted else -1
    if at < 0:
        return None
    return text.offsets[at], text.offsets[at + len(wanted) - 1] + 1


def labelled_corpus(
    source: LabelSource, playbook: Playbook, settings: Settings, *, skip: frozenset[str] = frozenset()
) -> list[LabelledDocument]:
    """Every labelled document of ``source`` but those named in ``skip`` (a hold-out: never read);
    a ``BadInputError`` naming the row for a bad one."""
    from reviewer.ingest.pipeline import parse_bytes

    labels = read_labels(source.labels)
    quotes = read_quotes(source.labels)
    where = source.labels.name
    texts: dict[str, FoldedText] = {}
    plain: dict[str, str] = {}
    docs: dict[str, dict[str, GoldLabel]] = {}
    for label in labels:
        if label.document in skip:
            continue
        check_id = resolve_check(playbook, label.check, label.line)
        if SET_SEPARATOR in label.document:
            raise BadInputError(f"line {label.line}: training takes one document per row", file=where)
        path = source.docs / label.document
        if not path.is_file():
            raise BadInputError(f"line {label.line}: no document {label.document!r} in {source.docs}", file=where)
        if label.document not in texts:
            plain[label.document] = parse_bytes(path.read_bytes(), path.name, settings).text
            texts[label.document] = FoldedText.of(plain[label.document])
        spans = []
        for quote in quotes.get(label.line, []):
            span = find_quote(texts[label.document], quote)
            if span is None:
                raise BadInputError(
                    f"line {label.line}: the quote {quote[:60]!r} is not in {label.document}", file=where
                )
            spans.append(span)
        docs.setdefault(label.document, {})[check_id] = GoldLabel(label.status, spans)  # type: ignore[arg-type]
    return [
        LabelledDocument(doc_id=f"{source.name}/{name}", text=plain[name], labels=labels_of)
        for name, labels_of in sorted(docs.items())
    ]
