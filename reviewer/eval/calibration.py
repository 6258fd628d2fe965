"""Is the judge's confidence honest? A reliability table (confidence bins against accuracy), the
expected calibration error, and the false-"missing" rate that every label evaluation prints."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

BIN_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float


def reliability(confidences: Sequence[float], right: Sequence[bool]) -> list[ReliabilityBin]:
    """One row per confidence bin that holds any finding."""
    rows = []
    for low, high in itertools.pairwise(BIN_EDGES):
        inside = [(c, r) for c, r in zip(confidences, right, strict=True) if low <= c < high]
        if inside:
            rows.append(
                ReliabilityBin(
                    low,
                    min(high, 1.0),
                    len(inside),
                    round(sum(c for c, _ in inside) / len(inside), 3),
                    round(sum(r for _, r in inside) / len(inside), 3),
                )
            )
    return rows


def expected_calibration_error(bins: Sequence[ReliabilityBin]) -> float:
    total = sum(b.n for b in bins)
    if not total:
        return 0.0
    return round(sum(b.n * abs(b.mean_confidence - b.accuracy) for b in bins) / total, 4)


def false_missing_rate(gold_present: Sequence[bool], predicted: Sequence[str]) -> tuple[int, int, float]:
    """(present labels predicted missing, present labels, their share): the figure that matters most."""
    present = [p for g, p in zip(gold_present, predicted, strict=True) if g]
    wrong = sum(1 for p in present if p == "missing")
    return wrong, len(present), round(wrong / len(present), 4) if present else 0.0


def format_reliability(bins: Sequence[ReliabilityBin]) -> list[str]:
    lines = ["confidence   n   mean conf.  accuracy"]
    for b in bins:
        lines.append(f"{b.low:.1f}-{b.high:.1f}  {b.n:4d}  {b.mean_confidence:9.2f}  {b.accuracy:8.2f}")
    lines.append(f"expected calibration error {expected_calibration_error(bins):.3f}")
    return lines
