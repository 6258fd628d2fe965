"""The app's flows through Streamlit's AppTest: upload, review, filter, open a finding, export,
history (reopen, compare, delete) and settings. Real ingest, real Chroma and the real embedding
model in tmp_path, so these are integration tests."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from reviewer import api
from reviewer.settings import get_settings
from tests.app.contracts import BREACH, vendor_docx
from tests.app.helpers import button, new_app, shown, start_review, table_with, wait_for_job
from tests.support.builders import corrupt_pdf_bytes

pytestmark = pytest.mark.integration


def _docx(tmp_path: Path, version: int = 1) -> tuple[str, bytes]:
    path = vendor_docx(tmp_path / f"dpa-v{version}.docx", version=version)
    return path.name, path.read_bytes()


def test_upload_and_review_opens_the_results(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    job = start_review(at, [_docx(tmp_path)], name="Acme AI")
    assert job.error is None
    assert at.session_state["nav"] == "Results"
    assert at.title[0].value == "Acme AI"
    review = job.review
    assert review.summary.counts == {"conflicting": 1, "missing": 0, "partial": 1, "satisfied": 0}
    stats = " ".join(h.value for h in at.get("html"))
    assert '✕ Conflicting</div><div class="n">1<' in stats
    table = table_with(at, "Status")
    assert list(table["Status"]) == ["✕ Conflicting", "◐ Partial"]
    assert table["Where"][0] == "dpa-v1.docx p.1 §3.1"


def test_a_bad_file_gets_a_message_next_to_the_upload_and_the_app_keeps_working(
    app_env: Path, tmp_path: Path
) -> None:
    at = new_app()
    job = start_review(at, [("broken.pdf", corrupt_pdf_bytes())])
    assert job.review is None and job.error
    assert at.session_state["nav"] == "New review"
    errors = [e.value for e in at.error]
    assert any(e.startswith("broken.pdf:") for e in errors), errors
    assert not at.exception
    # the rest of the app still works: a good file reviews fine afterwards
    at.file_uploader(key="uploads").clear()
    job = start_review(at, [_docx(tmp_path)])
    assert job.review is not None and at.session_state["nav"] == "Results"


def test_filter_and_open_a_finding_with_its_evidence_in_context(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    review = start_review(at, [_docx(tmp_path)]).review
    at.pills(key="filter_status").set_value(["partial"]).run()
    assert list(table_with(at, "Status")["Check"]) == ["Breach notice within a stated number of hours"]
    at.selectbox(key=f"finding_pick_{review.id}").select("breach-notice-hours").run()
    assert not at.exception
    passages = [h.value for h in at.get("html") if "cr-passage" in h.value]
    assert passages, "no evidence passage shown"
    assert "<mark>" in passages[0] and "without undue delay" in passages[0]
    # surrounding text is shown around the highlighted quote
    assert "5.1 Vendor maintains reasonable security measures." in passages[0]
    text = " ".join(m.value for m in at.markdown)
    assert "What a good contract says" in text and "within 48 hours" in text
    cites = [h.value for h in at.get("html") if "cr-cite" in h.value]
    assert "dpa-v1.docx · page 1 · section 5" in cites[0]
    assert BREACH.split(" ", 1)[1][:30] in passages[0]


def _export_buttons(at: Any) -> dict[str, Any]:
    return {b.label: b for b in at.get("download_button")}


def _exports_logged(review: Any) -> int:
    entries = api.audit_log(action="export", settings=get_settings())
    return sum(1 for e in entries if e.set_id == review.contract_set.id)


def _exported(review: Any, label: str, lang: str = "en") -> bytes:
    """What the button with ``label`` serves: the export made as the click would make it."""
    from ui.exports import exports_for

    (export,) = [e for e in exports_for(review, lang) if e.label == label]
    return export.make()


def test_an_edited_draft_is_saved_with_the_review_and_goes_into_the_rider(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    review = start_review(at, [_docx(tmp_path)]).review
    at.selectbox(key=f"finding_pick_{review.id}").select("no-training").run()
    area = at.text_area(key=f"draft_{review.id}_en_no-training")
    assert "train" in area.value and area.value.strip()  # the suggested wording from the template
    wording = "Vendor shall never train any model on Customer Data, prompts or outputs."
    area.input(wording).run()
    assert at.session_state["review"].draft_edits == {"no-training": wording}
    (stored,) = api.list_reviews(review.contract_set.id, get_settings())
    assert stored.id == review.id and stored.draft_edits == {"no-training": wording}
    at.segmented_control(key="results_view").set_value("Export").run()
    assert not at.exception
    assert "Rider of draft clauses (Word)" in _export_buttons(at)
    edited = at.session_state["review"]
    rider = _exported(edited, "Rider of draft clauses (Word)")
    assert wording in "\n".join(p.text for p in docx.Document(io.BytesIO(rider)).paragraphs)
    assert json.loads(_exported(edited, "Data (JSON)"))["draft_edits"] == {"no-training": wording}
    # reopened in a new session, the edit is still there
    again = new_app()
    again.radio(key="nav").set_value("History").run()
    again.button(key=f"open_{review.id}").click().run()
    again.run()
    again.selectbox(key=f"finding_pick_{review.id}").select("no-training").run()
    assert again.text_area(key=f"draft_{review.id}_en_no-training").value == wording
    again.button(key=f"reset_draft_{review.id}_en_no-training").click().run()
    assert again.session_state["review"].draft_edits == {}


def test_every_export_downloads(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    review = start_review(at, [_docx(tmp_path)], name="Acme AI").review
    at.segmented_control(key="results_view").set_value("Export").run()
    assert not at.exception
    assert _exports_logged(review) == 0  # files are made (and logged) on a click, not when the view opens
    buttons = _export_buttons(at)
    assert set(buttons) == {
        "Report (Word)",
        "Report (web page)",
        "Report (Markdown)",
        "Rider of draft clauses (Word)",
        "dpa-v1.docx with the fixes as tracked changes",
        "Data (JSON)",
    }
    report = docx.Document(io.BytesIO(_exported(review, "Report (Word)")))
    cells = [c.text for t in report.tables for r in t.rows for c in r.cells]
    assert "No training on customer data" in "\n".join([p.text for p in report.paragraphs] + cells)
    assert b"No training on customer data" in _exported(review, "Report (web page)")
    assert b"No training on customer data" in _exported(review, "Report (Markdown)")
    redline = _exported(review, "dpa-v1.docx with the fixes as tracked changes")
    assert b"<w:ins " in zipfile.ZipFile(io.BytesIO(redline)).read("word/document.xml")
    assert json.loads(_exported(review, "Data (JSON)"))["id"] == review.id
    zh = docx.Document(io.BytesIO(_exported(review, "Report (Word)", "zh")))
    assert any("\u4e00" <= ch <= "\u9fff" for p in zh.paragraphs for ch in p.text)
    assert _exports_logged(review) >= 6


def test_history_reopens_compares_and_deletes(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    first = start_review(at, [_docx(tmp_path, 1)], name="Acme AI").review
    at.radio(key="nav").set_value("New review").run()
    second = start_review(at, [_docx(tmp_path, 2)], name="Acme AI").review
    assert first.contract_set.id != second.contract_set.id

    at.radio(key="nav").set_value("History").run()
    assert not at.exception
    changes = table_with(at, "Before")  # the comparison, newest review against the one before
    row = changes[changes["Check"] == "No training on customer data"].iloc[0]
    assert (row["Before"], row["After"], row["Change"].split(" (")[0]) == (
        "✕ Conflicting",
        "✓ Satisfied",
        "▲ better",
    )

    at.button(key=f"open_{first.id}").click().run()
    at.run()
    assert at.session_state["nav"] == "Results" and at.session_state["review"].id == first.id

    at.radio(key="nav").set_value("History").run()
    at.button(key=f"delete_{first.contract_set.id}").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    at.button(key=f"delete_yes_{first.contract_set.id}").click().run()
    assert not at.exception
    assert any(s.value.startswith("Deleted Acme AI") for s in at.success)
    settings = get_settings()
    assert [s.id for s in api.list_sets(settings)] == [second.contract_set.id]
    assert not (settings.sets_dir / first.contract_set.id).exists()
    assert "review" not in at.session_state  # the open review of the deleted set is closed


def test_delete_can_be_cancelled(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    review = start_review(at, [_docx(tmp_path)]).review
    at.radio(key="nav").set_value("History").run()
    at.button(key=f"delete_{review.contract_set.id}").click().run()
    at.button(key=f"delete_no_{review.contract_set.id}").click().run()
    assert [s.id for s in api.list_sets(get_settings())] == [review.contract_set.id]


def test_settings_are_saved_and_read_back(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = new_app()
    at.radio(key="nav").set_value("Settings").run()
    assert not at.exception
    at.number_input[1].set_value(24)
    at.text_input[2].input("European Union")
    button(at, "Save positions").click().run()
    assert not at.exception
    assert any(s.value == "Saved." for s in at.success)
    saved = json.loads((app_env / "settings.json").read_text())
    assert saved["breach_hours"] == 24 and saved["storage_region"] == "European Union"
    assert get_settings().breach_hours == 24
    monkeypatch.setenv("REVIEWER_BREACH_HOURS", "12")
    at.run()
    assert at.number_input[1].disabled and at.number_input[1].value == 12
    assert any("REVIEWER_BREACH_HOURS" in c.value for c in at.caption)


def test_settings_lists_playbooks_with_their_errors(app_env: Path) -> None:
    books = Path(str(get_settings().playbooks))
    (books / "broken.yaml").write_text(
        "name: broken\nversion: '1'\ntitle: Broken\nchecks:\n  - id: x\n    colour: red\n"
    )
    at = new_app()
    at.radio(key="nav").set_value("Settings").run()
    table = table_with(at, "Name")
    assert set(table["Name"]) >= {"mini", "broken"}
    assert any(e.value.startswith("broken:") for e in at.error)


def test_a_stored_set_can_be_reviewed_again_without_uploading(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    first = start_review(at, [_docx(tmp_path)], name="Acme AI").review
    at.radio(key="nav").set_value("History").run()
    at.button(key=f"again_{first.contract_set.id}").click().run()
    assert at.session_state["nav"] == "New review"
    assert at.selectbox(key="stored_set").value == first.contract_set.id
    at.radio(key="tier").set_value("core-secret").run()
    at.button(key="start").click().run()
    job = wait_for_job(at)
    assert job.ingest is None and job.error is None
    assert job.review.contract_set.id == first.contract_set.id and job.review.tier == "core-secret"
    assert len(api.list_reviews(first.contract_set.id, get_settings())) == 2


def test_several_files_are_reviewed_as_one_contract_set(app_env: Path, tmp_path: Path) -> None:
    from tests.support.builders import english_pdf

    pdf = english_pdf(tmp_path / "msa.pdf")
    at = new_app()
    review = start_review(at, [_docx(tmp_path), (pdf.name, pdf.read_bytes())], name="Acme AI").review
    assert sorted(d.file_name for d in review.contract_set.documents) == ["dpa-v1.docx", "msa.pdf"]
    docs = table_with(at, "SHA-256")
    assert sorted(docs["File"]) == ["dpa-v1.docx", "msa.pdf"]
    # the MSA says "shall not use ... to train", the DPA says "may use ... to train": the set disagrees
    training = next(f for f in review.findings if f.check_id == "no-training")
    assert {e.file_name for e in training.evidence} >= {"dpa-v1.docx"}


def test_the_sidebar_shows_progress_on_other_pages(app_env: Path, tmp_path: Path) -> None:
    at = new_app()
    name, data = _docx(tmp_path)
    at.file_uploader(key="uploads").upload(name, data, "application/octet-stream")
    at.run()
    at.button(key="start").click().run()
    at.radio(key="nav").set_value("Settings").run()
    job = at.session_state["job"]
    if not job.done:  # still running: the sidebar shows it
        assert any(c.value == "Review running…" for c in at.sidebar.caption)
    wait_for_job(at)
    assert at.session_state["nav"] == "Settings"  # finishing does not pull the user away
    assert any(s.value.startswith("The review of dpa-v1 is ready") for s in at.sidebar.success)
    at.sidebar.button(key="open_job").click().run()
    at.run()
    assert at.session_state["nav"] == "Results" and at.title[0].value == "dpa-v1"


def _test_connection(at: Any, host: str, model: str) -> Any:
    at.radio(key="nav").set_value("Settings").run()
    at.text_input[0].input(host)
    at.text_input[1].input(model)
    button(at, "Test connection").click().run()
    assert not at.exception, at.exception
    return at


def test_test_connection_lists_the_models_of_the_ollama_server(app_env: Path) -> None:
    from tests.app.helpers import free_loopback_port
    from tests.support.fake_ollama import FakeOllama

    with FakeOllama(models=["smollm2:latest", "qwen2.5:7b"]) as server:
        host = server.url
        at = _test_connection(new_app(), host, "smollm2")
        (ok,) = at.success
        assert "Models found: smollm2:latest, qwen2.5:7b" in shown(ok.value) and "smollm2 is ready" in ok.value
        at = _test_connection(new_app(), host, "llama3")
        assert any("llama3" in w.value for w in at.warning)
    at = _test_connection(new_app(), f"http://127.0.0.1:{free_loopback_port()}", "smollm2")
    assert any(shown(e.value).startswith("No answer from http://127.0.0.1:") for e in at.error)
    assert not (app_env / "settings.json").exists()  # testing does not save


def test_the_llm_option_asks_the_configured_server_and_a_failing_one_sinks_nothing(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.fake_ollama import FakeOllama

    with FakeOllama(models=["smollm2:latest"]) as server:  # lists models but has no chat reply scripted
        host = server.url
        monkeypatch.setenv("REVIEWER_OLLAMA_HOST", host)
        monkeypatch.setenv("REVIEWER_LLM_TIMEOUT_S", "5")
        at = new_app()
        at.toggle(key="use_llm").set_value(True).run()
        review = start_review(at, [_docx(tmp_path)]).review
    assert review is not None and "llm" in review.judge
    assert {f.check_id: f.status for f in review.findings} == {
        "no-training": "conflicting",
        "breach-notice-hours": "partial",
    }


def test_a_finding_is_changed_with_a_quote_and_a_reason_and_the_verdict_is_kept(
    app_env: Path, tmp_path: Path
) -> None:
    at = new_app()
    review = start_review(at, [_docx(tmp_path)]).review
    check = "breach-notice-hours"
    at.selectbox(key=f"finding_pick_{review.id}").select(check).run()
    key = f"{review.id}_{check}"
    at.selectbox(key=f"ovr_status_{key}").select("conflicting")
    at.text_area(key=f"ovr_paste_{key}").input("Vendor shall notify Customer of any breach with undue delay.")
    at.text_input(key=f"ovr_reason_{key}").input("no hours stated")
    at.button(key=f"ovr_save_{key}").click().run()
    assert "nearest sentence" in " ".join(e.value for e in at.error)  # not in the contract: refused
    at.text_area(key=f"ovr_paste_{key}").input(BREACH[4:])
    at.button(key=f"ovr_save_{key}").click().run()
    assert not at.exception
    changed = next(f for f in at.session_state["review"].findings if f.check_id == check)
    assert changed.status == "conflicting" and changed.override is not None
    assert changed.override.original_status == "partial" and changed.evidence[0].quote == BREACH[4:]
    (stored,) = api.list_reviews(review.contract_set.id, get_settings())
    assert next(f for f in stored.findings if f.check_id == check).override == changed.override
    # Deleting the set asks about its label; kept, it loses its text and the notice says so.
    set_id = review.contract_set.id
    at.radio(key="nav").set_value("History").run()
    at.button(key=f"delete_{set_id}").click().run()
    at.checkbox(key=f"delete_keep_labels_{set_id}").check().run()
    at.button(key=f"delete_yes_{set_id}").click().run()
    assert not at.exception
    assert "kept hashes only" in " ".join(s.value for s in at.success)
    (label,) = api.local_labels(settings=get_settings())
    assert label.quote == "" and label.quote_sha256 and label.set_id == set_id
