"""Whether models retrained with local labels may replace the ones in force: not worse on the shipped
corpus's hold-out and better on the local labels, both scored on the same folds before and after."""

from __future__ import annotations

from dataclasses import dataclass

# Differences smaller than this are noise on a few hundred labels: "not worse" allows them.
TOLERANCE = 0.005


@dataclass(frozen=True)
class Figures:
    """Accuracy of one set of models: on the shipped hold-out, and cross-validated on the local labels."""

    holdout: float
    local: float
    local_labels: int


def decide(before: Figures, after: Figures, tolerance: float = TOLERANCE) -> tuple[bool, str]:
    """(install?, why): install only when the hold-out does not drop (beyond ``tolerance``) and the
    local labels improve."""
    if after.local_labels == 0:
        return (False, "there are no local labels to learn from; the models in force are kept")
    drop = before.holdout - after.holdout
    if drop > tolerance:
        return (
            False,
            f"worse on the shipped hold-out ({before.holdout:.3f} -> {after.holdout:.3f}); "
            "the models in force are kept",
        )
    if after.local <= before.local:
        return (
            False,
            f"not better on your {after.local_labels} local labels ({before.local:.3f} -> {after.local:.3f}); "
            "the models in force are kept",
        )
    return (
        True,
        f"local labels {before.local:.3f} -> {after.local:.3f}, shipped hold-out "
        f"{before.holdout:.3f} -> {after.holdout:.3f}: installed",
    )
