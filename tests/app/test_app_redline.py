"""The app's checklist ticks survive a reload and reach the exports; the export tab checks the
redline's round trip in one line. Real ingest and review (integration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer import api
from reviewer.settings import get_settings
from tests.app.contracts import vendor_docx
from tests.app.helpers import new_app, start_review

pytestmark = pytest.mark.integration


def test_ticks_are_saved_and_the_export_tab_checks_the_redline(app_env: Path, tmp_path: Path) -> None:
    path = vendor_docx(tmp_path / "dpa-v1.docx", version=1)
    at = new_app()
    review = start_review(at, [(path.name, path.read_bytes())]).review
    first = next(f for f in review.findings if f.status != "satisfied")
    at.segmented_control(key="results_view").set_value("Checklist & drafts").run()
    at.checkbox(key=f"ticked_{review.id}_{first.check_id}").check().run()
    assert not at.exception
    (stored,) = api.list_reviews(review.contract_set.id, get_settings())
    assert stored.checklist_ticks == [first.check_id]
    assert "- [x] " in api.render_report(stored, "md", "en").decode()
    at.segmented_control(key="results_view").set_value("Export").run()
    at.button(key="redline_verify").click().run()
    assert not at.exception
    lines = [m.value for m in [*at.success, *at.warning]]
    assert any("once every change is accepted" in line for line in lines), lines
