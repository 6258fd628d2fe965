"""The redline replaces what it contradicts, its comments read as sentences, accepting it in memory
works on the OOXML, and a Word file that is not the reviewed version is refused."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from reviewer.errors import DocumentMismatchError
from reviewer.models import Evidence, Finding, Review
from reviewer.report import render_redline
from reviewer.report.accept import accept_all, body_text
from reviewer.report.comments import comment_text, deletion_text
from reviewer.roundtrip import reviewed_version
from reviewer.settings import Settings
from tests.support.report_data import fixture_review, set_of

DATE = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.add_heading("Acme Terms", level=0)
    for text in paragraphs:
        if text.startswith("#"):
            document.add_heading(text[1:], level=1)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BAD = [
    "#1. Changes",
    "1.1 Provider may modify these Terms at any time by posting a revised version on its website.",
    "1.2 Continued use of the Service after a revised version is posted constitutes acceptance of it.",
    "#2. Sub-processors",
    "2.1 Provider may engage Sub-processors at Provider's discretion without notice to Customer.",
]


def _finding(check_id: str, status: str, template: str, quote: str = "", file_name: str = "terms.docx") -> Finding:
    evidence = []
    if quote:
        evidence = [Evidence(document_id="d", file_name=file_name, page=1, quote=quote, start=0, end=len(quote),
                             signal="contradicts")]  # fmt: skip
    return Finding(
        check_id=check_id, title=check_id.replace("-", " "), category="c", status=status, severity="high",
        confidence=0.9, rationale="r", evidence=evidence, template=template, must_have=True,
        why_it_matters="It matters.", fallback="Thirty days' notice",
    )  # fmt: skip


def _review(findings: list[Finding]) -> Review:
    return fixture_review().model_copy(update={"findings": findings})


def _bad_review() -> Review:
    return _review(
        [
            _finding("online-policy-changes", "conflicting", "online-policy-changes", BAD[1]),
            _finding("subprocessor-terms", "missing", "subprocessor-terms"),
        ]
    )


def test_sentences_the_clause_contradicts_are_deleted_not_left_standing() -> None:
    source = _docx(BAD)
    result = render_redline(_bad_review(), source, "en", set_of([("terms.docx", source)]), date=DATE)
    accepted = body_text(accept_all(result.data))
    assert "is binding on Customer unless made in writing and signed by both parties" in accepted
    assert "constitutes acceptance" not in accepted  # not cited by the review, found by the template
    assert "at Provider's discretion" not in accepted  # a missing finding still removes what it contradicts
    assert "list of its sub-processors" in accepted
    rejected = docx.Document(io.BytesIO(source))
    assert [p.text for p in rejected.paragraphs if p.text.startswith("1.2")] == [BAD[2]]


def test_accept_drops_deletions_keeps_insertions_and_merges_deleted_paragraph_marks() -> None:
    source = _docx(BAD)
    result = render_redline(_bad_review(), source, "en", set_of([("terms.docx", source)]), date=DATE)
    xml = accept_all(result.data)
    document = docx.Document(io.BytesIO(xml))  # still a valid Word file
    body = document.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert not list(body.iter(f"{w}del")) and not list(body.iter(f"{w}ins"))
    assert not list(body.iter(f"{w}delText"))
    texts = [p.text for p in document.paragraphs]
    assert "" not in [t.strip() for t in texts[1:]], "a deleted paragraph left an empty one behind"


def test_each_comment_says_the_check_why_and_the_fallback_with_spaces() -> None:
    source = _docx(BAD)
    result = render_redline(_bad_review(), source, "en", set_of([("terms.docx", source)]), date=DATE)
    comments = [c.text for c in docx.Document(io.BytesIO(result.data)).comments]
    assert comments
    for text in comments:
        assert "Why: It matters. Fallback you may accept: Thirty days' notice." in text
        assert ".W" not in text and ".F" not in text
    zh = render_redline(_bad_review(), source, "zh", set_of([("terms.docx", source)]), date=DATE)
    assert all("可接受的退让方案" in c.text for c in docx.Document(io.BytesIO(zh.data)).comments)


def test_a_different_version_of_the_contract_is_refused(tmp_path: Path) -> None:
    source = _docx(BAD)
    stored = set_of([("terms.docx", source)])
    review = _bad_review().model_copy(
        update={"contract_set": fixture_review().contract_set.model_copy(
            update={"documents": [d.model_copy(update={"file_name": "terms.docx", "sha256": stored.documents[0].id,
                    "media_type": stored.documents[0].media_type}) for d in fixture_review().contract_set.documents[:1]]}
        )}
    )  # fmt: skip
    settings = Settings(data_dir=tmp_path)
    assert reviewed_version(review, source, stored, settings) == "terms.docx"
    resaved = _docx(BAD)  # same text, other bytes
    assert reviewed_version(review, resaved, stored, settings) == "terms.docx"
    other = _docx([*BAD[:-1], "2.1 Provider may engage Sub-processors with notice."])
    with pytest.raises(DocumentMismatchError, match="review this version first"):
        reviewed_version(review, other, stored, settings)


def test_checklist_ticks_are_saved_with_the_review_and_shown_in_exports() -> None:
    from reviewer.report import render_report

    review = fixture_review()
    open_ids = [f.check_id for f in review.findings if f.status != "satisfied"]
    ticked = review.model_copy(update={"checklist_ticks": open_ids[:1]})
    again = Review.model_validate_json(ticked.model_dump_json())
    assert again.checklist_ticks == open_ids[:1]
    markdown = render_report(again, "md", "en").decode()
    assert markdown.count("- [x] ") == 1 and "- [ ] " in markdown
    assert render_report(again, "html", "en").decode().count(" checked>") == 1
    assert "☒" in body_text(render_report(again, "docx", "en"))


def test_a_replaced_chinese_clause_takes_its_semicolon_with_it() -> None:
    zh = [
        "#第一条 协议变更",
        "乙方有权随时修改本协议，修改后的协议在网站公布即生效；客户继续使用服务即视为接受修改后的协议。",
    ]
    source = _docx(zh)
    review = _review(
        [
            _finding(
                "online-policy-changes",
                "conflicting",
                "online-policy-changes",
                "乙方有权随时修改本协议，修改后的协议在网站公布即生效",
            )
        ]
    )
    result = render_redline(review, source, "zh", set_of([("terms.docx", source)]), date=DATE)
    accepted = body_text(accept_all(result.data))
    assert "须经双方书面签署" in accepted
    assert "随时修改" not in accepted and "继续使用" not in accepted
    assert "。；" not in accepted and "；\n" not in accepted


def test_chinese_comments_list_checks_with_a_pause_mark_and_name_them_once() -> None:
    findings = [
        _finding("c", "conflicting", "t").model_copy(
            update={"title": t, "why_it_matters": "变更会削弱承诺", "fallback": f}
        )
        for t, f in (("不得单方变更", "提前三十日通知"), ("优先适用顺序", ""))
    ]
    text = comment_text(findings, "zh")
    assert "“不得单方变更”（冲突）、“优先适用顺序”（冲突）" in text
    assert "理由：变更会削弱承诺。可接受的退让方案：提前三十日通知。" in text
    deleted = deletion_text(findings, "不得单方变更", "zh")
    assert deleted.startswith(
        "删除：为检查项“不得单方变更”（冲突）、“优先适用顺序”（冲突）插入了条款“不得单方变更”，"
    )
    assert deleted.count("不得单方变更”（冲突）") == 1  # the checks are named once, not again in "本处修改对应..."
    assert " " not in deleted
    english = deletion_text(findings, "No unilateral changes", "en")
    assert english.count("(Conflicting)") == 2 and "Answers the check" not in english


def test_a_table_row_that_causes_a_finding_is_struck_as_a_tracked_row_deletion() -> None:
    document = docx.Document()
    document.add_heading("1. Data Handling", level=1)
    document.add_paragraph("1.1 Supplier keeps Customer Content for the periods in the table below.")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([["Data", "Retention"], ["Prompts", "As long as necessary"], ["Logs", "30 days"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    source = out.getvalue()
    review = _review(
        [_finding("log-retention-period", "partial", "log-retention-period", "Prompts | As long as necessary")]
    )
    result = render_redline(review, source, "en", set_of([("terms.docx", source)]), date=DATE)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    redlined = docx.Document(io.BytesIO(result.data))
    struck = [tr for tr in redlined.element.body.iter(f"{w}tr") if tr.find(f"{w}trPr/{w}del") is not None]
    assert len(struck) == 1
    accepted = body_text(accept_all(result.data))
    assert "As long as necessary" not in accepted and "Logs" in accepted and "Retention" in accepted
    assert "Prompts" not in accepted and len(accepted) > len(body_text(source)) + 100  # the clause went in
