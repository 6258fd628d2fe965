"""The retrain gate: new models only when not worse on the shipped hold-out and better on local labels."""

from __future__ import annotations

import pytest

from reviewer.judge.learned.retrain_gate import Figures, decide


@pytest.mark.parametrize(
    ("after", "install", "words"),
    [
        (Figures(holdout=0.90, local=0.80, local_labels=12), True, "installed"),
        (Figures(holdout=0.898, local=0.80, local_labels=12), True, "0.900 -> 0.898"),  # within noise
        (Figures(holdout=0.88, local=0.95, local_labels=12), False, "worse on the shipped hold-out"),
        (Figures(holdout=0.92, local=0.70, local_labels=12), False, "not better on your 12 local labels"),
        (Figures(holdout=0.92, local=0.90, local_labels=0), False, "no local labels"),
    ],
)
def test_gate(after: Figures, install: bool, words: str) -> None:
    installed, reason = decide(Figures(holdout=0.90, local=0.70, local_labels=12), after)
    assert installed is install and words in reason
