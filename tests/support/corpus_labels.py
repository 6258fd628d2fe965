"""The labelled corpus (``labels/corpus``) without its team hold-out, as a labels file the eval reads."""

from __future__ import annotations

import csv
from pathlib import Path

from reviewer.judge.learned.train_relevance import CORPUS_DOCS, LABELS_DIR, read_holdout

__all__ = ["CORPUS_DOCS", "LABELS_DIR", "labels_without_holdout"]


def labels_without_holdout(playbook: str, out: Path, rename: dict[str, str] | None = None) -> Path:
    """``labels/corpus/<playbook>.csv`` minus the hold-out's rows, written to ``out``; ``rename``
    maps a document's name to another (the same document in another format)."""
    holdout = read_holdout(LABELS_DIR / "holdout.txt")
    with (LABELS_DIR / f"{playbook}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["document"] not in holdout]
        fields = reader.fieldnames or []
    rename = rename or {}
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows({**r, "document": rename.get(r["document"], r["document"])} for r in rows)
    return out
