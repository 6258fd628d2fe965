"""The team-written English AI vendor labels are well formed: quotes verbatim, splits complete."""

from __future__ import annotations

import csv
from pathlib import Path

from reviewer.eval.labels import read_labels

DATA = Path(__file__).parents[1] / "data" / "ai-vendor-extra-en"
TOPICS = {
    "training", "residency", "transfer", "deletion", "retention", "breach-notice",
    "subprocessors", "audit", "changes", "output-ownership", "governing-law",
}  # fmt: skip


def _rows() -> list[dict[str, str]]:
    with (DATA / "labels.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_document_is_labelled_on_every_topic_once() -> None:
    rows = _rows()
    documents = {path.name for path in (DATA / "docs").glob("*.md")}
    assert {row["document"] for row in rows} == documents
    for document in documents:
        assert sorted(r["check"] for r in rows if r["document"] == document) == sorted(TOPICS)


def test_quotes_are_verbatim_from_their_document() -> None:
    for row in _rows():
        if row["quote"]:
            text = (DATA / "docs" / row["document"]).read_text(encoding="utf-8")
            assert row["quote"] in text, (row["document"], row["check"])


def test_status_is_among_allowed_and_the_file_reads_as_labels() -> None:
    labels = read_labels(DATA / "labels.csv")
    assert all(label.status in label.allowed for label in labels)
    assert sum(1 for label in labels if label.check == "governing-law" and label.status == "satisfied") >= 6


def test_holdout_names_at_least_two_labelled_documents() -> None:
    holdout = (DATA / "holdout.txt").read_text(encoding="utf-8").split()
    labelled = {row["document"] for row in _rows()}
    assert len(holdout) >= 2 and set(holdout) <= labelled
    assert len(labelled - set(holdout)) >= 4
