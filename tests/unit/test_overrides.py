"""A reviewer's override: validated (check, status, quote verbatim, reason), kept beside the judge's
verdict, shown in every output, logged, turned into a local label, and refused for viewers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.contract_sets import ContractSets
from reviewer.errors import BadInputError, ExitCode, PermissionDeniedError, PlaybookError
from reviewer.local_labels import LabelStore
from reviewer.models import Review
from reviewer.report import render_report, render_rider
from reviewer.settings import Settings
from reviewer.trust import audit, session, users
from reviewer.trust.audit_verify import verify
from tests.conftest import FakeEmbedder
from tests.support.builders import chinese_docx, english_docx

QUOTE = "Vendor shall store and process Customer Data, including backups and logs, only in data"
REASON = "Backups are kept in the US per the SOC report"


@pytest.fixture
def reviewed(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Review]:
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    set_id = api.ingest([english_docx(tmp_path / "msa.docx")], settings=settings).contract_set.id
    yield api.review(set_id=set_id, playbook="ai-vendor", settings=settings)


def _residency(review: Review) -> str:
    return next(f.check_id for f in review.findings if f.topic == "residency" and f.headline)


def test_override_keeps_the_verdict_and_marks_every_output(settings: Settings, reviewed: Review) -> None:
    assert reviewed.model_version == "shipped"  # every review records the models that judged it
    check = _residency(reviewed)
    before = next(f for f in reviewed.findings if f.check_id == check)
    changed = api.override_finding(
        reviewed, check, "conflicting", evidence=[QUOTE], reason=REASON, settings=settings
    )
    finding = next(f for f in changed.findings if f.check_id == check)
    assert finding.status == "conflicting" and finding.override is not None
    assert finding.override.original_status == before.status
    assert finding.override.original_evidence == before.evidence
    assert finding.evidence[0].quote == QUOTE and finding.evidence[0].file_name == "msa.docx"
    assert changed.summary.counts["conflicting"] == reviewed.summary.counts["conflicting"] + (
        before.status != "conflicting"
    )
    # Survives a restart: the stored review is the changed one.
    stored = api.find_review(changed.id, settings)[0]
    assert next(f for f in stored.findings if f.check_id == check).override == finding.override
    assert f"Changed by {finding.override.user}: {REASON}" in render_report(changed, "md", "en").decode()
    assert f"由 {finding.override.user} 修改：{REASON}" in render_report(changed, "html", "zh").decode()
    rider = docx.Document(io.BytesIO(render_rider(changed).data))
    cells = " ".join(c.text for t in rider.tables for row in t.rows for c in row.cells)
    assert REASON in cells
    # A second change keeps the judge's verdict, not the first change.
    again = api.override_finding(changed, check, "partial", reason="on reflection", settings=settings)
    second = next(f for f in again.findings if f.check_id == check)
    assert second.override is not None and second.override.original_status == before.status
    assert second.evidence == finding.evidence


def test_override_is_logged_and_becomes_one_label(settings: Settings, reviewed: Review) -> None:
    check = _residency(reviewed)
    changed = api.override_finding(reviewed, check, "partial", evidence=[QUOTE], reason=REASON, settings=settings)
    api.override_finding(changed, check, "conflicting", evidence=[QUOTE], reason=REASON, settings=settings)
    entries = [e for e in audit.read_entries(settings, action="review") if e.detail.get("change") == "override"]
    assert [(e.detail["check"], e.detail["to"]) for e in entries] == [(check, "partial"), (check, "conflicting")]
    assert all(QUOTE not in str(e.detail) for e in entries)
    assert verify(settings).ok
    labels = LabelStore(settings).all()
    assert len(labels) == 1  # the later override of the same check replaces the earlier label
    label = labels[0]
    assert (label.check, label.status, label.quote, label.document) == (check, "conflicting", QUOTE, "msa.docx")
    assert label.document_sha256 == reviewed.contract_set.documents[0].sha256 and label.language == "en"
    start, end = map(int, label.offsets.split("-"))
    text = ContractSets(settings).load(reviewed.contract_set.id).documents[0].text
    assert text[start:end] == QUOTE


@pytest.mark.parametrize(
    ("check", "status", "quotes", "error", "words"),
    [
        ("no-such-check", "partial", [], PlaybookError, "no check 'no-such-check'"),
        (None, "fine", [], BadInputError, "status 'fine' is not allowed"),
        (
            None,
            "partial",
            ["Vendor shall store Customer Data only in data centres in Europe."],
            BadInputError,
            "nearest",
        ),
        (None, "missing", [QUOTE], BadInputError, "give no --evidence"),
    ],
)
def test_bad_overrides_change_nothing(
    settings: Settings,
    reviewed: Review,
    check: str | None,
    status: str,
    quotes: list[str],
    error: type,
    words: str,
) -> None:
    stored_before = api.find_review(reviewed.id, settings)[0]
    with pytest.raises(error, match=words) as caught:
        api.override_finding(
            reviewed, check or _residency(reviewed), status, evidence=quotes, reason=REASON, settings=settings
        )
    if words == "nearest":  # the nearest sentence is offered
        assert "2.1 Vendor shall store and process Customer Data" in str(caught.value)
    assert api.find_review(reviewed.id, settings)[0] == stored_before
    assert LabelStore(settings).all() == []


def test_a_viewer_cannot_override(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    on = Settings(data_dir=settings.data_dir, auth=True)
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or on, embedder=FakeEmbedder()))
    api.add_user("ada", "admin", "correct horse battery", settings=on)
    admin = api.login("ada", "correct horse battery", settings=on)
    api.add_user("vic", "viewer", "correct horse battery", settings=on, identity=admin)
    set_id = api.ingest([english_docx(tmp_path / "msa.docx")], settings=on, identity=admin).contract_set.id
    api.share_set(set_id, ["vic"], settings=on, identity=admin)
    review = api.review(set_id=set_id, playbook="ai-vendor", settings=on, identity=admin)
    viewer = api.login("vic", "correct horse battery", settings=on)
    with pytest.raises(PermissionDeniedError):
        api.override_finding(
            review, _residency(review), "partial", evidence=[QUOTE], reason=REASON, settings=on, identity=viewer
        )
    assert LabelStore(on).all() == []
    session.forget_sessions()


def test_compare_shows_who_overrode_a_check(settings: Settings, reviewed: Review) -> None:
    check = _residency(reviewed)
    before = next(f for f in reviewed.findings if f.check_id == check)
    changed = api.override_finding(
        reviewed, check, before.status, evidence=[QUOTE], reason=REASON, settings=settings
    )
    (change,) = [c for c in api.compare_reviews(reviewed, changed).changes if c.check_id == check]
    assert change.changed_by == (None, settings.current_user)
    assert change.changed and change.direction == "same"
    assert not [c for c in api.compare_reviews(reviewed, changed).changes if c.changed and c.check_id != check]


def test_a_chinese_quote_makes_a_chinese_label(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    set_id = api.ingest([chinese_docx(tmp_path / "zh.docx")], settings=settings).contract_set.id
    review = api.review(set_id=set_id, playbook="ai-vendor", settings=settings)
    quote = "供应商应仅在中华人民共和国境内存储和处理客户数据"
    changed = api.override_finding(
        review, _residency(review), "satisfied", evidence=[quote], reason="境内存储", settings=settings
    )
    assert "由 " in render_report(changed, "md", "zh").decode()
    (label,) = LabelStore(settings).all()
    assert label.language == "zh" and label.quote == quote
    with pytest.raises(BadInputError, match="nearest sentence"):
        api.override_finding(
            review, _residency(review), "satisfied", evidence=["供应商应在境外存储客户数据"], reason="x"
        )


def test_cli_findings_set_rewrites_the_review_file(
    settings: Settings, reviewed: Review, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "review.json"
    path.write_text(reviewed.model_dump_json())
    check = _residency(reviewed)
    argv = [
        "findings",
        "set",
        str(path),
        check,
        "--status",
        "conflicting",
        "--evidence",
        QUOTE,
        "--reason",
        REASON,
    ]
    assert main([*argv[:3], "no-such-check", *argv[4:]]) == ExitCode.BAD_INPUT
    assert "no check 'no-such-check'" in capsys.readouterr().err
    assert Review.model_validate_json(path.read_bytes()) == reviewed
    assert main(argv) == 0
    assert "-> conflicting" in capsys.readouterr().out
    finding = next(f for f in Review.model_validate_json(path.read_bytes()).findings if f.check_id == check)
    assert finding.status == "conflicting" and finding.override is not None
    assert main(["findings", "set", reviewed.id[:8], check, "--status", "partial", "--reason", "again"]) == 0
    assert api.find_review(reviewed.id, settings)[0].findings != reviewed.findings
