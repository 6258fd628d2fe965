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


def test_false_missing_rate_counts_present_labels_reported_missing() -> None:
    from reviewer.eval.calibration import false_missing_rate

    present = [True, True, True, False, True]
    predicted = ["missing", "partial", "satisfied", "missing", "missing"]
    assert false_missing_rate(present, predicted) == (2, 4, 0.5)
    assert false_missing_rate([False], ["missing"]) == (0, 0, 0.0)


def test_reliability_table_bins_confidence_against_accuracy() -> None:
    from reviewer.eval.calibration import expected_calibration_error, format_reliability, reliability

    bins = reliability([0.95, 0.92, 0.55, 0.58, 0.3], [True, False, True, True, False])
    assert [(b.low, b.n, b.accuracy) for b in bins] == [(0.0, 1, 0.0), (0.5, 2, 1.0), (0.9, 2, 0.5)]
    assert expected_calibration_error(bins) == pytest.approx((1 * 0.3 + 2 * 0.435 + 2 * 0.435) / 5, abs=1e-3)
    assert format_reliability(bins)[-1].startswith("expected calibration error")
