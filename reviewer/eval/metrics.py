"""Classification metrics, written out so that every figure printed can be checked by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


def _safe(n: float, d: float) -> float:
    return n / d if d else 0.0


def f1(precision: float, recall: float) -> float:
    return _safe(2 * precision * recall, precision + recall)


def class_scores(gold: Sequence[str], pred: Sequence[str], label: str) -> ClassScores:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
    precision, recall = _safe(tp, tp + fp), _safe(tp, tp + fn)
    return ClassScores(precision, recall, f1(precision, recall), tp + fn)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return _safe(sum(1 for g, p in zip(gold, pred, strict=True) if g == p), len(gold))


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> float:
    labels = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    return _safe(sum(class_scores(gold, pred, label).f1 for label in labels), len(labels))


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count."""
    counts = Counter(zip(gold, pred, strict=True))
    return {g: {p: counts.get((g, p), 0) for p in labels} for g in labels}


def format_confusion(matrix: dict[str, dict[str, int]]) -> str:
    labels = list(matrix)
    width = max(len(x) for x in [*labels, "gold \\ pred"]) + 2
    lines = ["gold \\ pred".ljust(width) + "".join(p.rjust(width) for p in labels)]
    for g in labels:
        lines.append(g.ljust(width) + "".join(str(matrix[g][p]).rjust(width) for p in labels))
    return "\n".join(lines)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
