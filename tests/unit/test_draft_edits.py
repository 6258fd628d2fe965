"""The user's own wording of a draft clause (``Review.draft_edits``, edited in the app) replaces the
template's text in the rider and the redline, and in the drafts the app shows."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from reviewer.models import Review
from reviewer.report import render_redline, render_rider
from reviewer.report.rider import clauses_by_check
from tests.support.report_data import fixture_review, fixture_set

WORDING = "Provider shall never use Customer Content for any model, in any form, for any purpose."


def _edited(review: Review) -> tuple[Review, str]:
    check_id = next(f.check_id for f in review.findings if f.status != "satisfied" and f.topic == "training")
    return review.model_copy(update={"draft_edits": {check_id: WORDING}}), check_id


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_edited_wording_replaces_the_template_in_rider_and_redline(tmp_path: Path) -> None:
    review = fixture_review()
    edited, check_id = _edited(review)
    template_text = clauses_by_check(review)[check_id].text
    assert clauses_by_check(edited)[check_id].text == WORDING
    rider = _text(render_rider(edited).data)
    assert WORDING in rider and template_text.split(". ")[0] not in rider
    assert WORDING not in _text(render_rider(review).data)
    contract_set, source = fixture_set(tmp_path)
    redline = render_redline(edited, source, "en", contract_set).data
    assert WORDING in "".join(
        t.text or ""
        for t in docx.Document(io.BytesIO(redline)).element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
        )
    )


def test_blank_edits_keep_the_template() -> None:
    review = fixture_review()
    edited, check_id = _edited(review)
    blank = edited.model_copy(update={"draft_edits": {check_id: "   "}})
    assert clauses_by_check(blank)[check_id].text == clauses_by_check(review)[check_id].text
