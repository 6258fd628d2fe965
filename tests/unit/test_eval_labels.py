"""``reviewer eval labels``: reading the CSV, mapping topics to headline checks, scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import BadInputError, NotFoundError
from reviewer.eval.labels import evaluate_labels, read_labels, resolve_check
from reviewer.playbooks import load_playbook
from reviewer.settings import Settings

DATA = Path(__file__).parents[1] / "data" / "labels"


def test_reads_labels_with_allowed_statuses() -> None:
    labels = read_labels(DATA / "labels.csv")
    assert len(labels) == 57
    changes = next(lb for lb in labels if lb.document.startswith("星云") and lb.check == "changes")
    assert changes.status == "conflicting" and changes.allowed == ("partial", "conflicting")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("document,check\nx.md,training\n", "missing status"),
        ("document,check,status\nx.md,training,great\n", "line 2: status 'great'"),
        ("document,check,status,allowed\nx.md,training,partial,partial|maybe\n", "line 2: status 'maybe'"),
        ("document,check,status\n", "no labelled rows"),
    ],
)
def test_bad_csv_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError, match=message):
        read_labels(path)


def test_topic_means_its_headline_check() -> None:
    book = load_playbook("ai-vendor")
    assert resolve_check(book, "training", 2) == "no-training"
    assert resolve_check(book, "deletion-certificate", 3) == "deletion-certificate"
    with pytest.raises(BadInputError, match="line 4: 'weather' is neither a check id nor a topic"):
        resolve_check(book, "weather", 4)


def test_missing_document_is_named(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("document,check,status\nnot-there.md,training,missing\n", encoding="utf-8")
    with pytest.raises(NotFoundError, match=r"not-there\.md"):
        evaluate_labels(path, DATA / "docs", "ai-vendor", settings=settings)
