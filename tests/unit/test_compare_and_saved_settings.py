"""reviewer.compare (what changed between two reviews) and settings saved by the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer import api
from reviewer.compare import compare_reviews
from reviewer.errors import ConfigError
from reviewer.models import (
    Evidence,
    Finding,
    PlaybookRef,
    Review,
    ReviewedDocument,
    ReviewedSet,
    RiskSummary,
    Status,
)
from reviewer.settings import Settings, get_settings


def _finding(check_id: str, status: Status, quote: str = "") -> Finding:
    evidence = [Evidence(document_id="d", file_name="a.docx", page=1, quote=quote, start=0, end=len(quote))]
    return Finding(
        check_id=check_id,
        title=check_id.title(),
        category="c",
        status=status,
        severity="high",
        confidence=0.9,
        rationale="r",
        evidence=evidence if quote else [],
    )


def _review(findings: list[Finding], shas: list[str]) -> Review:
    docs = [ReviewedDocument(id=s, file_name=f"{s}.docx", media_type="x", pages=1, sha256=s) for s in shas]
    return Review(
        id="r" + "".join(shas),
        status="complete",
        contract_set=ReviewedSet(id="s", name="Acme", documents=docs),
        playbook=PlaybookRef(name="p", version="1"),
        tier="internal",
        jurisdictions=[],
        findings=findings,
        summary=RiskSummary(counts={}, overall="low"),
    )


def test_compare_reports_direction_per_check_worst_first() -> None:
    before = _review(
        [
            _finding("train", "conflicting"),
            _finding("breach", "satisfied", "48 hours"),
            _finding("gone", "missing"),
        ],
        ["aa"],
    )
    after = _review(
        [
            _finding("train", "satisfied"),
            _finding("breach", "partial", "without delay"),
            _finding("new", "missing"),
        ],
        ["bb"],
    )
    result = compare_reviews(before, after)
    assert [(c.check_id, c.direction) for c in result.changes] == [
        ("breach", "worse"),
        ("train", "better"),
        ("new", "added"),
        ("gone", "removed"),
    ]
    assert result.changes[0].evidence_changed
    assert (result.documents_added, result.documents_removed) == (["bb.docx"], ["aa.docx"])
    assert not result.same_inputs


def test_same_status_with_new_wording_counts_as_changed() -> None:
    a = _review([_finding("x", "partial", "old words")], ["aa"])
    b = _review([_finding("x", "partial", "new words")], ["aa"])
    (change,) = compare_reviews(a, b).changes
    assert change.direction == "same" and change.evidence_changed and change.changed
    assert compare_reviews(a, b).same_inputs


def test_saved_settings_are_read_below_environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEWER_DELETION_DAYS", raising=False)
    api.save_settings({"deletion_days": 7, "storage_region": "EU"}, settings)
    assert json.loads((settings.data_dir / "settings.json").read_text()) == {
        "deletion_days": 7,
        "storage_region": "EU",
    }
    assert (get_settings().deletion_days, get_settings().storage_region) == (7, "EU")
    monkeypatch.setenv("REVIEWER_DELETION_DAYS", "3")
    assert get_settings().deletion_days == 3
    assert api.settings_from_environment() == {"deletion_days": "3"}
    assert (settings.data_dir / "settings.json").stat().st_mode & 0o077 == 0


def test_saving_refuses_bad_values_and_keys_it_does_not_own(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="deletion_days"):
        api.save_settings({"deletion_days": "soon"}, settings)
    with pytest.raises(ConfigError, match="data_dir"):
        api.save_settings({"data_dir": "/elsewhere"}, settings)
    assert not (settings.data_dir / "settings.json").exists()


def test_an_unreadable_settings_file_is_ignored(settings: Settings, tmp_path: Path) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "settings.json").write_text("{not json")
    assert get_settings().breach_hours is None  # the playbook's opening applies
