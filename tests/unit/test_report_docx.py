"""The Word outputs reopened with python-docx: the report's headings, tables and checkboxes; the
rider's numbered clauses and placeholders; the redline's tracked changes (accepting them gives the
fixes, rejecting them gives back the original word for word)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from reviewer.errors import BadInputError
from reviewer.models import ContractSet, Finding, Review
from reviewer.report import render_redline, render_report, render_rider
from reviewer.report.env import strings
from tests.support.report_data import W14, W, check_golden, docx_dump, fixture_review, fixture_set, set_of

REDLINE_DATE = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def review() -> Review:
    return fixture_review()


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> tuple[ContractSet, bytes]:
    return fixture_set(tmp_path_factory.mktemp("contract"))


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


# --- the report ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_docx_report_matches_golden(review: Review, lang: str, update_golden: bool) -> None:
    check_golden(f"report.{lang}.docx.txt", docx_dump(render_report(review, "docx", lang)), update_golden)


def test_docx_report_has_real_headings_tables_and_checkboxes(review: Review) -> None:
    document = _open(render_report(review, "docx"))
    t = strings("en")
    headings = _headings(document)
    assert headings[0] == ("Title", "Contract review: cloud-ai-services")
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1[:4] == [
        f"⚠ {t['warnings']['title']}",
        t["summary"]["title"],
        t["contract_set"]["title"],
        t["findings_table"]["title"],
    ]
    assert t["checklist"]["title"] in level1 and t["findings"]["title"] in level1
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert "2. No training on customer data" in level2
    findings_table = next(tb for tb in document.tables if tb.rows[0].cells[0].text == "#")
    assert len(findings_table.rows) == 1 + len({f.category for f in review.findings}) + len(review.findings)
    assert findings_table.style.name == "Table Grid"
    boxes = document.element.body.findall(f".//{W}sdt/{W}sdtPr/{W14}checkbox")
    assert len(boxes) == 3 + sum(1 for f in review.findings if f.status != "satisfied")


def test_docx_report_uses_named_styles_a_lawyer_can_edit(review: Review) -> None:
    document = _open(render_report(review, "docx"))
    used = {p.style.name for p in document.paragraphs}
    assert {"Evidence Quote", "Evidence Citation", "Checklist Item", "Checklist Detail"} <= used
    quotes = [p.text for p in document.paragraphs if p.style.name == "Evidence Quote"]
    assert any(q.startswith("2.1 Provider may store and process Customer Content in any country") for q in quotes)
    assert document.core_properties.created == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


# --- the rider -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rider_matches_golden(
    review: Review, contract: tuple[ContractSet, bytes], lang: str, update_golden: bool
) -> None:
    result = render_rider(review, lang, contract[0])
    check_golden(f"rider.{lang}.docx.txt", docx_dump(result.data), update_golden)


def test_rider_lists_placeholders_first_and_numbers_clauses(
    review: Review, contract: tuple[ContractSet, bytes]
) -> None:
    result = render_rider(review, "en", contract[0])
    document = _open(result.data)
    headings = _headings(document)
    assert headings[0] == ("Title", "Data Protection and AI Use Addendum")
    assert headings[1] == ("Heading 1", "Values to confirm before sending")
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert (
        bullets
        == result.placeholders
        == [
            "[CONFIRM: storage region]",
            "[CONFIRM: governing law you require]",
            "[CONFIRM: place of jurisdiction]",
        ]
    )
    clauses = [p.text for p in document.paragraphs if p.style.name == "Clause Heading"]
    assert clauses[0] == "Definitions and precedence" and clauses[-1] == "General"
    assert len(clauses) == result.clauses + 2 == 9
    numbering = document.styles["Clause Heading"].element.find(f"{W}pPr/{W}numPr")
    assert numbering is not None, "clause numbers come from Word's own list numbering"
    body = "\n".join(p.text for p in document.paragraphs)
    for placeholder in result.placeholders:
        assert placeholder in body


def test_rider_uses_the_contracts_names_and_terms(review: Review, contract: tuple[ContractSet, bytes]) -> None:
    body = "\n".join(p.text for p in _open(render_rider(review, "en", contract[0]).data).paragraphs)
    assert "Northwind Analytics Ltd (“Customer”)" in body and "Acme Cognitive Inc. (“Provider”)" in body
    assert "Cloud AI Services Agreement dated 1 March 2026" in body
    assert "Provider shall not use Customer Content" in body and "Customer Data" not in body
    assert "Section 7 (Notices) of the Agreement" in body
    assert "within 72 hours" in body and "Within 30 days after termination" in body
    assert "once a year" in body


def test_rider_without_the_stored_set_leaves_visible_placeholders(review: Review) -> None:
    result = render_rider(review, "en", None)
    for expected in (
        "[CONFIRM: customer's legal name]",
        "[CONFIRM: vendor's legal name]",
        "[CONFIRM: notice clause of the agreement]",
        "[CONFIRM: date of the agreement]",
    ):
        assert expected in result.placeholders
    body = "\n".join(p.text for p in _open(result.data).paragraphs)
    assert "“Customer Data” means all prompts" in body  # the rider's own defined term, defined


def test_rider_takes_preferred_positions_from_settings(
    review: Review, contract: tuple[ContractSet, bytes]
) -> None:
    settings = {
        "storage_region": "the European Union",
        "deletion_days": 14,
        "breach_hours": 24,
        "audit_frequency": "twice a year",
    }
    result = render_rider(review.model_copy(update={"settings": settings}), "zh", contract[0])
    body = "\n".join(p.text for p in _open(result.data).paragraphs)
    assert "仅可在欧盟存储和处理" in body and "知悉影响客户内容的安全事件后24小时内" in body
    assert "期满后14日内" in body and "可每半年一次对" in body
    assert "[待确认：存储地区]" not in result.placeholders


def test_rider_with_nothing_to_fix_has_no_clauses(review: Review) -> None:
    ok = review.model_copy(
        update={"findings": [f.model_copy(update={"status": "satisfied"}) for f in review.findings]}
    )
    result = render_rider(ok, "en", None)
    document = _open(result.data)
    assert result.clauses == 0
    assert strings("en")["rider"]["no_clauses"] in [p.text for p in document.paragraphs]
    assert not [p for p in document.paragraphs if p.style.name == "Clause Heading"]


# --- the redline -----------------------------------------------------------------------------


def _resolved(data: bytes, accept: bool) -> list[str]:
    """Paragraph texts with every tracked change accepted (or rejected)."""
    document = _open(data)
    keep, drop = (f"{W}ins", f"{W}del") if accept else (f"{W}del", f"{W}ins")
    out = []
    for p in document.element.body.iter(f"{W}p"):
        mark = p.find(f"{W}pPr/{W}rPr/{W}ins")
        if mark is not None and not accept:
            continue
        text = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            parent = node.getparent().getparent()
            if parent is not None and parent.tag == drop:
                continue
            text.append(node.text or "")
        out.append("".join(text))
    del keep
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_redline_matches_golden(
    review: Review, contract: tuple[ContractSet, bytes], lang: str, update_golden: bool
) -> None:
    result = render_redline(review, contract[1], lang, contract[0], date=REDLINE_DATE)
    check_golden(f"redline.{lang}.docx.txt", docx_dump(result.data), update_golden)


def test_redline_changes_are_real_tracked_changes(review: Review, contract: tuple[ContractSet, bytes]) -> None:
    result = render_redline(review, contract[1], "en", contract[0], date=REDLINE_DATE)
    document = _open(result.data)
    body = document.element.body
    changes = body.findall(f".//{W}ins") + body.findall(f".//{W}del")
    assert len(body.findall(f".//{W}del")) == 5
    for change in changes:
        assert change.get(f"{W}author") == "Contract Reviewer"
        assert change.get(f"{W}date") == "2026-03-03T12:00:00Z"
    ids = [c.get(f"{W}id") for c in changes]
    assert len(ids) == len(set(ids)), "revision ids are unique"
    assert document.settings.element.find(f"{W}trackRevisions") is not None
    assert result.placement.inline == [
        "storage-region",
        "no-training",
        "deletion-at-exit",
        "breach-notice",
        "governing-law",
    ]
    assert result.placement.addendum == ["subprocessor-list", "audit-rights"]
    authors = [c.author for c in document.comments]
    assert authors.count("Contract Reviewer") == 7 and "J. Smith" in authors


def test_rejecting_all_changes_gives_back_the_original(
    review: Review, contract: tuple[ContractSet, bytes]
) -> None:
    original = [p.text for p in _open(contract[1]).paragraphs]
    result = render_redline(review, contract[1], "en", contract[0], date=REDLINE_DATE)
    assert _resolved(result.data, accept=False) == original


def test_accepting_all_changes_gives_the_fixes(review: Review, contract: tuple[ContractSet, bytes]) -> None:
    result = render_redline(review, contract[1], "en", contract[0], date=REDLINE_DATE)
    accepted = _resolved(result.data, accept=True)
    text = "\n".join(accepted)
    assert "in any country in which Provider" not in text
    assert "unless Customer opts out" not in text
    line = next(p for p in accepted if p.startswith("3.1 "))
    assert line.startswith("3.1 Provider shall not use Customer Content, including prompts")
    assert "9. Data Protection and AI Use Addendum" in accepted
    assert "9.2 Audit and information rights" in accepted
    assert accepted[accepted.index("9.1 Sub-processors") - 1].startswith("The following terms")


def _contract_with_audit_section(path: Path) -> bytes:
    document = docx.Document()
    document.add_heading("Services Agreement", level=0)
    for number, title, clauses in (
        ("1", "Services", ["1.1 Vendor provides the Services."]),
        (
            "2",
            "Records and Audit",
            ["2.1 Vendor keeps accurate records.", "2.2 Vendor keeps records for 3 years."],
        ),
        ("3", "Term", ["3.1 This Agreement lasts one year."]),
    ):
        document.add_heading(f"{number}. {title}", level=1)
        for clause in clauses:
            document.add_paragraph(clause)
    document.save(str(path))
    return path.read_bytes()


def test_missing_finding_goes_after_the_related_section(review: Review, tmp_path: Path) -> None:
    source = _contract_with_audit_section(tmp_path / "services.docx")
    audit = next(f for f in review.findings if f.check_id == "audit-rights")
    only = review.model_copy(update={"findings": [audit]})
    result = render_redline(only, source, "en", set_of([("services.docx", source)]), date=REDLINE_DATE)
    assert result.placement.in_section == ["audit-rights"] and not result.placement.addendum
    accepted = _resolved(result.data, accept=True)
    at = accepted.index("2.2 Vendor keeps records for 3 years.")
    assert accepted[at + 1].startswith("2.3 Vendor shall make available to Customer all information")
    assert accepted[at + 2].startswith("2.4 Customer may audit and inspect that compliance")
    assert accepted[at + 3] == "3. Term"
    assert _resolved(result.data, accept=False) == [p.text for p in _open(source).paragraphs]


def test_quote_split_across_runs_is_still_found(review: Review, contract: tuple[ContractSet, bytes]) -> None:
    """Section 3.1 of the fixture is three runs (one bold); its deletion keeps the bold run's format."""
    result = render_redline(review, contract[1], "en", contract[0], date=REDLINE_DATE)
    document = _open(result.data)
    paragraph = next(p for p in document.element.body.iter(f"{W}p") if "3.1" in "".join(p.itertext())[:4])
    deleted = paragraph.findall(f"{W}del/{W}r")
    assert len(deleted) == 3 and deleted[1].find(f"{W}rPr/{W}b") is not None


def test_redline_refuses_a_file_that_is_not_word(review: Review) -> None:
    with pytest.raises(BadInputError, match="Word"):
        render_redline(review, b"%PDF-1.7 not a word file", "en")


def test_redline_of_a_finding_without_template_uses_the_generic_clause(review: Review, tmp_path: Path) -> None:
    source = _contract_with_audit_section(tmp_path / "services.docx")
    odd: Finding = review.findings[4].model_copy(
        update={
            "check_id": "escrow-of-weights",
            "template": "no-such-template",
            "topic": None,
            "title": "Escrow of model weights",
            "category": "Continuity",
            "standard_position": "The vendor deposits the model weights with an escrow agent.",
        }
    )
    result = render_redline(review.model_copy(update={"findings": [odd]}), source, "en", None, date=REDLINE_DATE)
    text = "\n".join(_resolved(result.data, accept=True))
    assert "Escrow of model weights" in text
    assert "the following applies to Customer Data: The vendor deposits the model weights" in text


def test_chinese_contract_addendum_continues_its_article_numbers(review: Review, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("人工智能服务协议", level=0)
    for line in (
        "第一条 定义",
        "“客户数据”是指客户提交的全部数据。",
        "第五条 适用法律",
        "本协议适用中华人民共和国法律。",
    ):
        document.add_paragraph(line)
    path = tmp_path / "zh.docx"
    document.save(str(path))
    source = path.read_bytes()
    subprocessors = next(f for f in review.findings if f.check_id == "subprocessor-list")
    only = review.model_copy(update={"findings": [subprocessors]})
    result = render_redline(only, source, "zh", set_of([("zh.docx", source)]), date=REDLINE_DATE)
    accepted = _resolved(result.data, accept=True)
    assert "第六条 数据保护与人工智能使用补充条款" in accepted
    assert "1. 分包方" in accepted
    clause = accepted[accepted.index("1. 分包方") + 1]
    assert clause.startswith("服务提供方应保存处理客户数据的全部分包方"), "the data term from the contract"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("8. Governing Law", ("9.", "9.{n}")), ("Article 12 Notices", ("13.", "13.{n}")),
     ("第九条 其他", ("第十条", "{n}.")), ("第十九条", ("第二十条", "{n}.")), ("Miscellaneous", ("", "{n}."))],
)  # fmt: skip
def test_next_section_number(heading: str, expected: tuple[str, str]) -> None:
    from reviewer.report.locate import next_section

    assert next_section(heading) == expected
