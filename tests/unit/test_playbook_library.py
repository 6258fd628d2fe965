"""Every shipped playbook validates and is complete; broken files fail with file, check and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reviewer.errors import NotFoundError, PlaybookError
from reviewer.judge.retrieval.prefilter import may_match
from reviewer.playbooks import available_playbooks, load_playbook
from reviewer.playbooks.hedges import load_hedges, load_hedges_path, shipped_hedges_path
from reviewer.playbooks.loader import load_playbook_path, shipped_dir
from reviewer.playbooks.schema import TIERS, TOPICS, Check
from reviewer.settings import Settings
from tests.support.vendor_terms import CASES_EN, CASES_ZH

ART28_IDS = {
    "art28-subprocessor-authorisation",
    "art28-subprocessor-changes-notice",
    "art28-documented-instructions",
    "art28-legal-requirement-notice",
    "art28-personnel-confidentiality",
    "art28-security-measures",
    "art28-assist-data-subject-rights",
    "art28-assist-security",
    "art28-assist-breach-notification-authority",
    "art28-assist-breach-communication-subjects",
    "art28-assist-dpia",
    "art28-assist-prior-consultation",
    "art28-delete-or-return",
    "art28-infringing-instruction-notice",
    "art28-compliance-information",
    "art28-audits-inspections",
    "art28-subprocessor-flowdown",
    "art28-subprocessor-liability",
    "art28-security-risk-assessment",
}
MINE = ("ai-vendor", "gdpr-art28")
SEVERITY_ORDER = ["low", "medium", "high", "critical"]


def test_every_shipped_playbook_validates() -> None:
    entries = available_playbooks()
    assert {"ai-vendor", "gdpr-art28"} <= set(entries)
    broken = {name: e.error for name, e in entries.items() if e.playbook is None}
    assert not broken


def test_ai_vendor_covers_every_topic_with_one_headline() -> None:
    book = load_playbook("ai-vendor")
    assert len(book.checks) >= 30
    for topic in TOPICS:
        headlines = [c for c in book.checks if c.topic == topic and c.headline]
        assert len(headlines) == 1, topic
    assert book.headline("governing-law").extract == "governing_law"


def test_gdpr_art28_has_exactly_the_nineteen_obligations() -> None:
    assert {c.id for c in load_playbook("gdpr-art28").checks} == ART28_IDS


@pytest.mark.parametrize("name", MINE)
def test_checks_are_complete_and_bilingual(name: str) -> None:
    for check in load_playbook(name).checks:
        where = f"{name}/{check.id}"
        assert check.template == check.id, where
        assert check.queries.en and check.queries.zh, where
        met_en = check.signals.met.en or any(p.en for p in check.elements.values())
        met_zh = check.signals.met.zh or any(p.zh for p in check.elements.values())
        assert met_en and met_zh, where
        assert check.legal_basis and check.why_it_matters and check.ask and check.fallback and check.red_flags, (
            where
        )
        assert check.zh is not None and check.zh.title and check.zh.standard_position and check.zh.ask, where
        assert check.zh.why_it_matters and check.zh.fallback and len(check.zh.red_flags) == len(check.red_flags), (
            where
        )
        assert re.search(r"[\u4e00-\u9fff]", check.zh.title), where
        _assert_severity_rises(check, where)


def _assert_severity_rises(check: Check, where: str) -> None:
    levels = [SEVERITY_ORDER.index(check.severity_for(t)) for t in TIERS if t in check.tiers]
    assert levels == sorted(levels), where


def test_library_patterns_compile_and_prefilter_is_exact() -> None:
    """Skipping a pattern because its required words are absent never loses a match."""
    texts = [clause for _, _, clause in CASES_EN + CASES_ZH]
    for name in MINE:
        for check in load_playbook(name).checks:
            for patterns in check.signal_patterns().values():
                for pattern in patterns:
                    compiled = re.compile(pattern, re.IGNORECASE)
                    for text in texts:
                        if compiled.search(text):
                            assert may_match(pattern, text.lower()), (check.id, pattern, text)


def test_hedge_library_is_valid_data() -> None:
    hedges = load_hedges()
    assert {"efforts", "opt-out", "consent-exception", "anonymised-carve-out"} <= hedges.ids
    assert shipped_hedges_path().parent == shipped_dir()


def _copy_playbook(tmp_path: Path, name: str = "ai-vendor") -> Path:
    target = tmp_path / name
    shutil.copytree(shipped_dir() / name, target)
    return target


def test_broken_pattern_names_file_check_and_field(tmp_path: Path) -> None:
    folder = _copy_playbook(tmp_path)
    path = folder / "training.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("'\\bopt[\\s-]?out\\b'", "'(unclosed'", 1), encoding="utf-8"
    )
    with pytest.raises(PlaybookError) as err:
        load_playbook_path(folder)
    message = err.value.message
    assert str(path) in message and "check no-training" in message and "signals.mitigations.en" in message


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    folder = _copy_playbook(tmp_path)
    path = folder / "security.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    requires_number: any\n", "    requires_number: any\n    colour: red\n", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as err:
        load_playbook_path(folder)
    assert str(path) in err.value.message and "check breach-notice-hours" in err.value.message
    assert "field colour: unknown field" in err.value.message


def test_unknown_hedge_and_duplicate_headline_are_refused(tmp_path: Path) -> None:
    folder = _copy_playbook(tmp_path)
    path = folder / "retention.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("ignore_hedges: [discretion]", "ignore_hedges: [maybe]"),
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError, match=r"check zero-retention-option: field ignore_hedges: maybe"):
        load_playbook_path(folder)
    folder2 = _copy_playbook(tmp_path / "two")
    legal = folder2 / "legal.yaml"
    text = legal.read_text(encoding="utf-8")
    assert "  - id: dispute-forum\n" in text
    legal.write_text(
        text.replace("  - id: dispute-forum\n", "  - id: dispute-forum\n    headline: true\n"), encoding="utf-8"
    )
    with pytest.raises(PlaybookError, match=r"topic governing-law: needs exactly one headline check"):
        load_playbook_path(folder2)


def test_broken_hedge_file_names_the_hedge(tmp_path: Path) -> None:
    path = tmp_path / "hedges.yaml"
    path.write_text(
        shipped_hedges_path().read_text(encoding="utf-8").replace("topics: [training]", "topics: [weather]"),
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as err:
        load_hedges_path(path)
    assert (
        str(path) in err.value.message
        and "hedge consent-exception" in err.value.message
        and "topics" in err.value.message
    )


def test_user_folder_adds_and_overrides_playbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "mine"
    own.mkdir()
    shutil.copy(Path(__file__).parents[1] / "data" / "mini-playbook.yaml", own / "mini.yaml")
    override = _copy_playbook(own, "gdpr-art28")
    meta = override / "playbook.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "9.9-local"'), encoding="utf-8"
    )
    settings = Settings(data_dir=tmp_path / "data", playbooks=str(own))
    entries = available_playbooks(settings)
    assert entries["mini"].playbook is not None and not entries["mini"].shipped
    assert load_playbook("gdpr-art28", settings).version == "9.9-local"
    assert load_playbook("mini", settings).name == "mini"
    with pytest.raises(NotFoundError, match="no playbook named 'nope'"):
        load_playbook("nope", settings)
