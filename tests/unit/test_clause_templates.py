"""Every check of every playbook has a drafting template in English and Chinese, and each renders with
``StrictUndefined`` whether the contract gave every value or none. Also: what the drafts take from
the contract, and the placeholders for what it does not say.

The playbooks are the shipped ones (``clause_library/``) plus any folders in ``REVIEWER_PLAYBOOKS``
plus the test playbooks in ``tests/data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reviewer.models import Finding, Review
from reviewer.playbooks.loader import available_playbooks, load_playbook_path
from reviewer.playbooks.schema import Check, Playbook
from reviewer.report.clauses import (
    PLACEHOLDER,
    STRUCTURAL,
    DraftTerms,
    draft_terms,
    finding_context,
    has_template,
    render_clause,
)
from reviewer.report.env import LANGS, templates_dir
from reviewer.report.facts import ContractFacts, Fact, facts_from_set
from reviewer.settings import Settings
from tests.support.report_data import DATA, fixture_review, fixture_set, set_of


def _playbooks() -> list[Playbook]:
    books = [e.playbook for e in available_playbooks(Settings()).values() if e.playbook is not None]
    books += [load_playbook_path(DATA / "mini-playbook.yaml"), load_playbook_path(DATA / "report-playbook.yaml")]
    return books


PLAYBOOKS = _playbooks()
CHECKS = [(book.name, check) for book in PLAYBOOKS for check in book.checks]


def _finding(check: Check, status: str = "missing") -> Finding:
    zh = check.zh.model_dump(exclude_none=True) if check.zh else {}
    return Finding(
        check_id=check.id, title=check.title, category=check.category, topic=check.topic, status=status,
        severity=check.severity, confidence=0.6, rationale="test", standard_position=check.standard_position,
        fallback=check.fallback, template=check.template, value="Ruritania" if check.extract else None,
        translations={"zh": {k: v for k, v in zh.items() if v}} if zh else {},
    )  # fmt: skip


@cache
def _full_terms(lang: str) -> DraftTerms:
    facts = ContractFacts(
        customer_label=Fact("Customer", "a"), vendor_label=Fact("Supplier", "a"),
        customer_name=Fact("Buyer Ltd", "a"), vendor_name=Fact("Seller Inc.", "a"),
        agreement=Fact("Master Agreement", "a"), agreement_date=Fact("1 May 2026", "a"),
        data_term=Fact("Client Data", "a"), governing_law=Fact("England and Wales", "a"),
        notices=Fact("14", "a", label="Notices"),
    )  # fmt: skip
    review = fixture_review().model_copy(
        update={"settings": {"storage_region": "Germany", "deletion_days": 30, "breach_hours": 48,
                             "audit_frequency": "once a year"}}
    )  # fmt: skip
    return draft_terms(review, facts, lang)


@cache
def _empty_terms(lang: str) -> DraftTerms:
    return draft_terms(fixture_review().model_copy(update={"settings": {}}), ContractFacts(), lang)


def test_every_check_of_every_playbook_has_a_template_in_both_languages() -> None:
    assert CHECKS, "no playbook found"
    lacking = [
        f"{book}:{check.id} -> templates/clauses/{lang}/{check.template or check.id}.j2"
        for book, check in CHECKS
        for lang in LANGS
        if not has_template(check.template or check.id, lang)
    ]
    assert not lacking, "checks without a drafting template:\n" + "\n".join(lacking)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("book", "check"), CHECKS, ids=[f"{b}:{c.id}" for b, c in CHECKS])
def test_template_renders_with_and_without_contract_values(book: str, check: Check, lang: str) -> None:
    template = check.template or check.id
    if not has_template(template, lang):
        pytest.skip("reported by the coverage test")
    for terms in (_full_terms(lang), _empty_terms(lang)):
        for status in ("missing", "partial", "conflicting"):
            clause = render_clause(template, terms, finding_context(_finding(check, status), lang))
            assert clause.title.strip() and clause.paragraphs, f"{template} ({lang}) rendered nothing"
            text = clause.title + "\n" + clause.text
            for bad in ("None", "Undefined", "{{", "{%", "[CONFIRM: ]", "[待确认：]"):
                assert bad not in text, f"{template} ({lang}) rendered {bad!r}"
            if lang == "zh":
                assert "[CONFIRM:" not in text
            else:
                assert "待确认" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_full_values_leave_no_placeholder_in_generic_wording(lang: str) -> None:
    terms = _full_terms(lang)
    for template in (*STRUCTURAL, "no-training", "breach-notice", "deletion-at-end", "audit-rights"):
        clause = render_clause(template, terms, None)
        assert not PLACEHOLDER.search(clause.title + clause.text), template


def test_template_files_are_all_usable() -> None:
    """No stray template: every file in clauses/<lang>/ exists in the other language too."""
    names = {lang: {p.stem for p in (templates_dir() / "clauses" / lang).glob("*.j2")} for lang in LANGS}
    assert names["en"] == names["zh"], names["en"] ^ names["zh"]


def test_missing_values_become_visible_placeholders() -> None:
    terms = _empty_terms("en")
    clause = render_clause("storage-region", terms, None)
    assert "[CONFIRM: storage region]" in clause.text
    definitions = render_clause("_definitions", terms, None)
    assert "[CONFIRM: customer's legal name]" in definitions.text
    assert "“Customer Data” means all prompts" in definitions.text
    zh = render_clause("breach-notice", _empty_terms("zh"), None)
    assert "[待确认：安全事件通知时限（小时）]" in zh.text


def test_settings_fill_the_preferred_positions() -> None:
    terms = _full_terms("en")
    assert (terms.storage_region, terms.deletion_days, terms.breach_hours) == ("Germany", "30", "48")
    assert "within 48 hours" in render_clause("breach-notice", terms, None).text
    zh = _full_terms("zh")
    assert zh.storage_region == "德国" and zh.audit_frequency == "每年一次"
    assert zh.renamed == [("客户", "Customer"), ("供应商", "Supplier"), ("客户数据", "Client Data")]


# --- facts taken from the contract -----------------------------------------------------------


def test_facts_from_the_fixture_contract(tmp_path: Path) -> None:
    contract, _ = fixture_set(tmp_path)
    facts = facts_from_set(contract)
    assert facts.customer_label and facts.customer_label.value == "Customer"
    assert facts.vendor_label and facts.vendor_label.value == "Provider"
    assert facts.customer_name and facts.customer_name.value == "Northwind Analytics Ltd"
    assert facts.vendor_name and facts.vendor_name.value == "Acme Cognitive Inc."
    assert facts.agreement and facts.agreement.value == "Cloud AI Services Agreement"
    assert facts.agreement_date and facts.agreement_date.value == "1 March 2026"
    assert facts.data_term and facts.data_term.value == "Customer Content"
    assert facts.data_term.where == "cloud-ai-services.docx, p. 1, § 1.1"
    assert facts.governing_law and facts.governing_law.value == "State of California"
    assert facts.notices and (facts.notices.value, facts.notices.label) == ("7", "Notices")


def test_facts_from_a_chinese_contract(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("人工智能服务协议", level=0)
    for line in ("甲方：北京示例科技有限公司", "乙方：上海模型服务有限公司", "第一条 定义",
                 "“客户数据”是指甲方提交的全部数据。", "第二条 通知", "通知应以书面形式送达。",
                 "第三条 适用法律", "本协议适用中华人民共和国法律。"):  # fmt: skip
        document.add_paragraph(line)
    path = tmp_path / "zh.docx"
    document.save(str(path))
    facts = facts_from_set(set_of([("zh.docx", path.read_bytes())]))
    assert facts.contract_lang == "zh"
    assert facts.customer_name and facts.customer_name.value == "北京示例科技有限公司"
    assert facts.vendor_label and facts.vendor_label.value == "乙方"
    assert facts.data_term and facts.data_term.value == "客户数据"
    assert facts.governing_law and facts.governing_law.value == "中华人民共和国"
    assert facts.notices and facts.notices.value == "第二条"
    terms = draft_terms(fixture_review(), facts, "zh")
    assert terms.notices == "主协议第二条（通知）"
    assert terms.customer == "甲方" and terms.data == "客户数据"


def test_nothing_is_guessed_when_the_contract_names_no_parties(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The service is provided as is.")
    path = tmp_path / "bare.docx"
    document.save(str(path))
    facts = facts_from_set(set_of([("bare.docx", path.read_bytes())]))
    assert facts.customer_name is None and facts.vendor_name is None and facts.data_term is None
    assert facts.governing_law is None and facts.notices is None and facts.agreement is None


def test_governing_law_falls_back_to_the_finding_value() -> None:
    review: Review = fixture_review()
    terms = draft_terms(review, ContractFacts(), "en")
    from reviewer.report.facts import facts_from_review

    assert facts_from_review(review).governing_law == Fact("State of California", "cloud-ai-services.docx")
    assert terms.governing_law == "[CONFIRM: governing law of the agreement]"
