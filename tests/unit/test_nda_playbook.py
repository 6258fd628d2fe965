"""The shipped nda playbook: one check per ContractNLI hypothesis, each with its learned model."""

from __future__ import annotations

import re

from reviewer.judge.learned.features import check_fingerprint
from reviewer.judge.learned.judge import load_model, model_path
from reviewer.playbooks.loader import load_playbook, load_playbook_path, shipped_dir

HYPOTHESES = [f"nda-{n}" for n in (1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20)]


def test_nda_playbook_validates_with_one_check_per_hypothesis() -> None:
    book = load_playbook_path(shipped_dir() / "nda")
    assert book.name == "nda" and load_playbook("nda").name == "nda"
    assert sorted(c.id for c in book.checks) == sorted(HYPOTHESES)
    for check in book.checks:
        assert check.hypothesis == check.id and check.template == check.id
        assert check.queries.en and check.signals.met.en
        assert check.zh is not None and check.zh.title and check.zh.standard_position
        assert re.search(r"[\u4e00-\u9fff]", check.zh.standard_position)
        assert check.severity in ("low", "medium", "high", "critical")


def test_every_nda_check_has_a_shipped_model_trained_on_its_current_wording() -> None:
    book = load_playbook("nda")
    for check in book.checks:
        assert check.model == f"nda/{check.id}"
        path = model_path(check.model, book)
        assert path.stat().st_size < 60_000
        model = load_model(path)
        assert model.check_id == check.id
        assert model.info["fingerprint"] == check_fingerprint(check), f"retrain {check.id}: the check changed"
        assert "missing" in model.statuses and "satisfied" in model.statuses
