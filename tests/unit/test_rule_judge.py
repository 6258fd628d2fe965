"""The rule judge on vendor terms written for these tests: each status of the main checks, in
English and Chinese, hedges, negation, numbers, and documents of one set that disagree."""

from __future__ import annotations

import pytest

from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.judge import RuleJudge
from reviewer.models import ContractSet
from reviewer.playbooks import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.review import run_review
from reviewer.settings import Settings
from tests.support.vendor_terms import CASES_EN, CASES_ZH, chinese_terms, contract_set, english_terms


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook("ai-vendor")


def verdict_for(check_id: str, cs: ContractSet, playbook: Playbook) -> Verdict:
    index = SetIndex(cs)
    index.configure(playbook)
    check = playbook.check(check_id)
    context = CheckContext(
        check, "internal", [], index.passages(check), index.scan_check(check), playbook.relevance_gate
    )
    return RuleJudge(index).judge(context)


@pytest.mark.parametrize(("check_id", "expected", "clause"), CASES_EN, ids=[f"en-{c}-{s}" for c, s, _ in CASES_EN])
def test_english_clause_status(
    check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings
) -> None:
    cs = contract_set({"terms.md": english_terms(clause)}, settings)
    verdict = verdict_for(check_id, cs, playbook)
    assert verdict.status == expected, verdict.rationale
    if expected != "missing":
        quote = verdict.evidence[0].quote
        assert quote in cs.documents[0].text  # cited verbatim, with offsets
        assert cs.documents[0].text[verdict.evidence[0].start : verdict.evidence[0].end] == quote


@pytest.mark.parametrize(("check_id", "expected", "clause"), CASES_ZH, ids=[f"zh-{c}-{s}" for c, s, _ in CASES_ZH])
def test_chinese_clause_status(
    check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings
) -> None:
    cs = contract_set({"条款.md": chinese_terms(clause)}, settings)
    verdict = verdict_for(check_id, cs, playbook)
    assert verdict.status == expected, verdict.rationale


def test_governing_law_value_is_extracted(playbook: Playbook, settings: Settings) -> None:
    en = verdict_for(
        "governing-law",
        contract_set(
            {
                "a.md": english_terms(
                    "This Agreement shall be governed by and construed in accordance with the laws of the State of New York, without regard to its conflict of laws rules."
                )
            },
            settings,
        ),
        playbook,
    )
    zh = verdict_for(
        "governing-law",
        contract_set(
            {"b.md": chinese_terms("本协议的订立、效力、解释及争议解决均适用中华人民共和国法律。")}, settings
        ),
        playbook,
    )
    assert (en.status, en.value) == ("satisfied", "New York")
    assert (zh.status, zh.value) == ("satisfied", "PRC")


def test_hedged_promise_is_partial_and_says_why(playbook: Playbook, settings: Settings) -> None:
    clause = "After termination Provider will use commercially reasonable efforts to delete Customer Data within thirty (30) days."
    verdict = verdict_for("deletion-at-end", contract_set({"t.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == "partial"
    assert "commercially reasonable efforts" in verdict.rationale


def test_number_cures_vague_timing(playbook: Playbook, settings: Settings) -> None:
    clause = (
        "Provider will inform Customer of a security breach without undue delay and in any event within 72 hours."
    )
    verdict = verdict_for("breach-notice-hours", contract_set({"t.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == "satisfied"


def test_customer_restrictions_are_not_vendor_promises(playbook: Playbook, settings: Settings) -> None:
    clause = "Customer will not use the Output to develop models that compete with Provider."
    verdict = verdict_for("no-training", contract_set({"t.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == "missing"


def test_negated_contradiction_is_not_a_contradiction(playbook: Playbook, settings: Settings) -> None:
    clause = "Provider does not sell Customer Data, and Customer Data will never be used to train models."
    verdict = verdict_for("no-training", contract_set({"t.md": english_terms(clause)}, settings), playbook)
    assert verdict.status == "satisfied"


def test_list_item_inherits_number_from_its_lead_in(playbook: Playbook, settings: Settings) -> None:
    text = english_terms(
        "Within fifteen (15) days after the end of the Subscription Term, Provider will:\n\n"
        "(a) return Customer Data on request; and\n\n(b) delete all copies of Customer Data held by Provider."
    )
    verdict = verdict_for("deletion-at-end", contract_set({"t.md": text}, settings), playbook)
    assert verdict.status == "satisfied", verdict.rationale


def test_msa_and_dpa_disagreeing_is_conflicting_and_names_both(playbook: Playbook, settings: Settings) -> None:
    cs = contract_set(
        {
            "msa.md": english_terms("Provider shall not use Customer Data to train or improve any model."),
            "dpa.md": english_terms("Provider may use Customer Data to improve and develop its services."),
        },
        settings,
    )
    verdict = verdict_for("no-training", cs, playbook)
    assert verdict.status == "conflicting"
    assert verdict.disagreement is not None
    assert "msa.md" in verdict.disagreement and "dpa.md" in verdict.disagreement
    assert verdict.document_statuses == {"msa.md": "satisfied", "dpa.md": "conflicting"}
    assert verdict.confidence >= 0.8  # two documents clearly disagree
    assert {e.file_name for e in verdict.evidence} == {"msa.md", "dpa.md"}


def test_two_governing_laws_conflict(playbook: Playbook, settings: Settings) -> None:
    cs = contract_set(
        {
            "msa.md": english_terms("This Agreement is governed by the laws of the State of California."),
            "dpa.md": english_terms("This Addendum is governed by the laws of Ireland."),
        },
        settings,
    )
    verdict = verdict_for("governing-law", cs, playbook)
    assert verdict.status == "conflicting"
    assert verdict.disagreement and "msa.md" in verdict.disagreement and "dpa.md" in verdict.disagreement
    assert verdict.value == "California | Ireland"


def test_review_of_a_set_carries_topics_headlines_and_value(playbook: Playbook, settings: Settings) -> None:
    cs = contract_set({"msa.md": english_terms(" ".join(c for _, s, c in CASES_EN if s == "satisfied"))}, settings)
    index = SetIndex(cs)
    review = run_review(
        cs,
        playbook,
        tier="core-secret",
        jurisdictions=["eu"],
        index=index,
        judges=[RuleJudge(index)],
    )
    assert review.status == "complete" and not review.errors
    headline = {f.topic: f for f in review.findings if f.headline}
    assert set(headline) >= {
        "training",
        "residency",
        "deletion",
        "breach-notice",
        "subprocessors",
        "governing-law",
    }
    assert headline["governing-law"].value == "England and Wales"
    assert review.summary.headline["training"] == "satisfied"
    assert all(f.template == f.check_id for f in review.findings)
    assert headline["training"].severity == "critical" and headline["training"].must_have


def test_playbooks_without_negation_keep_matching_inside_negated_sentences(settings: Settings) -> None:
    """Signals written for polarity-blind matching ("the existence of this agreement" inside
    "shall not disclose the existence of this agreement") keep working unless a playbook opts in."""
    from reviewer.playbooks.schema import Playbook as Book

    raw = {
        "name": "polarity-blind",
        "version": "1",
        "title": "t",
        "checks": [
            {
                "id": "no-disclosure-of-agreement",
                "title": "The agreement itself is confidential",
                "category": "Confidentiality",
                "severity": "low",
                "standard_position": "The existence of the agreement is confidential.",
                "queries": {"en": ["existence of this agreement"]},
                "signals": {"met": {"en": [r"existence\s+of\s+this\s+agreement"]}},
            }
        ],
    }
    cs = contract_set({"nda.md": "The Recipient shall not disclose the existence of this Agreement.\n"}, settings)
    for negation, expected in ((False, "satisfied"), (True, "missing")):
        book = Book.model_validate({**raw, "negation": negation})
        index = SetIndex(cs)
        review = run_review(cs, book, tier="internal", jurisdictions=[], index=index, judges=[RuleJudge(index)])
        assert review.findings[0].status == expected, negation
