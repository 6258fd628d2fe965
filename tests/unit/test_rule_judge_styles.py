"""The judge on other topics and other drafting styles than the main fixtures: wording the
signals were not written from, to keep them general."""

from __future__ import annotations

import pytest

from reviewer.playbooks import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import MORE_EN, MORE_ZH, chinese_terms, contract_set, english_terms
from tests.unit.test_rule_judge import verdict_for


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook("ai-vendor")


@pytest.mark.parametrize(
    ("check_id", "expected", "clause"), MORE_EN, ids=[f"en-{c}-{s}-{n}" for n, (c, s, _) in enumerate(MORE_EN)]
)
def test_english_styles(check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings) -> None:
    verdict = verdict_for(check_id, contract_set({"terms.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == expected, verdict.rationale


@pytest.mark.parametrize(
    ("check_id", "expected", "clause"), MORE_ZH, ids=[f"zh-{c}-{s}-{n}" for n, (c, s, _) in enumerate(MORE_ZH)]
)
def test_chinese_styles(check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings) -> None:
    verdict = verdict_for(check_id, contract_set({"条款.md": chinese_terms(clause)}, settings), playbook)
    assert verdict.status == expected, verdict.rationale
