""" "Missing" only when nothing in the contract is about a check, and a check's own red flag in the
contract's words is never satisfied nor missing: the examples of issue 10, in our own words."""

from __future__ import annotations

import pytest

from reviewer.judge.rules.red_flags import FoldedText, matchable
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import chinese_terms, contract_set, english_terms
from tests.unit.test_rule_judge import playbook, verdict_for

__all__ = ["playbook"]  # the fixture


def test_as_long_as_necessary_retention_is_partial_quoting_it(playbook: Playbook, settings: Settings) -> None:
    clause = "Provider keeps prompts, outputs and usage logs for as long as necessary to operate the Platform."
    verdict = verdict_for(
        "log-retention-period", contract_set({"t.md": english_terms(clause)}, settings), playbook
    )
    assert verdict.status == "partial", verdict.rationale
    assert "as long as necessary" in verdict.evidence[0].quote


def test_a_red_flag_next_to_a_promise_is_never_satisfied(playbook: Playbook, settings: Settings) -> None:
    clause = (
        "Provider deletes usage logs thirty (30) days after they are created. "
        "Other Customer Data is kept for as long as necessary."
    )
    verdict = verdict_for(
        "log-retention-period", contract_set({"t.md": english_terms(clause)}, settings), playbook
    )
    assert verdict.status == "partial", verdict.rationale
    assert "red flag" in verdict.rationale
    assert any("as long as necessary" in e.quote for e in verdict.evidence)


def test_chinese_red_flag_for_vague_retention_is_partial(playbook: Playbook, settings: Settings) -> None:
    clause = "服务商在必要期限内保存客户的对话记录和日志。"
    verdict = verdict_for(
        "log-retention-period", contract_set({"条款.md": chinese_terms(clause)}, settings), playbook
    )
    assert verdict.status == "partial", verdict.rationale
    assert "在必要期限内" in verdict.evidence[0].quote


def test_customer_retaining_ownership_of_input_is_not_missing(playbook: Playbook, settings: Settings) -> None:
    clause = "Customer retains all ownership rights in Input."
    verdict = verdict_for("input-ownership", contract_set({"t.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == "satisfied", verdict.rationale
    assert "retains all ownership rights in Input" in verdict.evidence[0].quote


def test_relevant_words_the_signals_do_not_know_give_partial_for_a_lawyer(
    playbook: Playbook, settings: Settings
) -> None:
    clause = "All rights in Input: as between the parties, Customer retains them, subject to Section 4."
    cs = contract_set({"t.md": english_terms(clause)}, settings)
    verdict = verdict_for("input-ownership", cs, playbook)
    assert verdict.status == "partial", verdict.rationale
    assert "lawyer" in verdict.rationale and "needs a lawyer's read" in verdict.notes
    assert "Customer retains them" in verdict.evidence[0].quote
    assert "does not address" not in verdict.rationale


def test_a_playbook_without_the_relevance_gate_says_missing_there(playbook: Playbook, settings: Settings) -> None:
    clause = "All rights in Input: as between the parties, Customer retains them, subject to Section 4."
    cs = contract_set({"t.md": english_terms(clause)}, settings)
    verdict = verdict_for("input-ownership", cs, playbook.model_copy(update={"relevance_gate": False}))
    assert verdict.status == "missing" and verdict.evidence == []


def test_silence_is_still_missing_and_cites_nothing(playbook: Playbook, settings: Settings) -> None:
    verdict = verdict_for("log-retention-period", contract_set({"t.md": english_terms("")}, settings), playbook)
    assert verdict.status == "missing"
    assert verdict.evidence == []


UNILATERAL = (
    "We may change these terms at any time by posting the new version on our website. "
    "Continued use means acceptance of the changed terms."
)
WITH_NOTICE = (
    "Provider will give Customer thirty (30) days' written notice of any change to this Agreement, and "
    "Customer may terminate this Agreement before the change takes effect."
)
NOTICE_THEN_ACCEPTANCE = (
    "Provider will notify Customer of changes to these terms thirty (30) days in advance. "
    "Continued use means acceptance of the changed terms."
)


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (UNILATERAL, {"conflicting"}),
        (WITH_NOTICE, {"satisfied", "partial"}),
        (NOTICE_THEN_ACCEPTANCE, {"partial"}),
    ],
    ids=["both-red-flags", "notice-and-exit", "one-red-flag"],
)
def test_unilateral_changes(clause: str, expected: set[str], playbook: Playbook, settings: Settings) -> None:
    verdict = verdict_for(
        "online-policy-changes", contract_set({"t.md": english_terms(clause)}, settings), playbook
    )
    assert verdict.status in expected, verdict.rationale


def test_red_flags_match_across_case_space_and_quote_marks() -> None:
    folded = FoldedText.of("Data is kept  AS LONG\nas “necessary”.")
    wanted = matchable('"As long as necessary"')
    assert wanted is not None
    at = folded.folded.find(wanted)
    assert at >= 0 and folded.offsets[at] == len("Data is kept  ")
    assert matchable("No list") is None  # too short to be quoted by a contract
    assert matchable("“在必要期限内”") == "在必要期限内"
