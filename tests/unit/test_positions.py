"""One source of truth for negotiating positions: every number of hours or days, audit frequency,
governing law and forum that the checklist, the rider and the redline print equals the configured
position (the user's setting, or the playbook's opening when the user set none), in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.playbooks.loader import load_playbook
from reviewer.playbooks.positions import PLACEHOLDER, fill, resolve_positions, unset_placeholders
from reviewer.playbooks.schema import Playbook
from reviewer.report.clauses import DraftTerms, draft_terms, render_clause
from reviewer.report.env import LANGS, templates_dir
from reviewer.report.facts import ContractFacts
from reviewer.settings import Settings
from tests.support.report_data import fixture_review

# Unusual values, so that a number left over from a template or a default cannot pass by chance.
CUSTOM = {"breach_hours": 36, "deletion_days": 21, "audit_frequency": "every two years", "forum": "Singapore"}
HOURS = re.compile(r"(\d+)\s*(?:hours?|小时)")
DAYS = re.compile(r"(\d+)\s*(?:days?|日|天)")
DELETION = re.compile(r"delet|retain|keep|kept|删除|保留|保存", re.IGNORECASE)
NOTICE = re.compile(r"notice|通知")
PLAYBOOKS = ("ai-vendor", "gdpr-art28")


def _terms(book: Playbook, settings: Settings, lang: str) -> DraftTerms:
    review = fixture_review().model_copy(update={"settings": resolve_positions(book, settings)})
    return draft_terms(review, ContractFacts(), lang)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;。；])\s*", text) if s.strip()]


def _numbers(text: str) -> tuple[set[str], set[str]]:
    """Hours anywhere; days only in sentences about deleting or keeping data (notice periods are
    other positions)."""
    hours = set(HOURS.findall(text))
    days = {d for s in _sentences(text) if DELETION.search(s) and not NOTICE.search(s) for d in DAYS.findall(s)}
    return hours, days


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("configured", [{}, CUSTOM], ids=["playbook-defaults", "user-settings"])
def test_every_template_prints_the_configured_position(lang: str, configured: dict[str, object]) -> None:
    settings = Settings(**configured)  # type: ignore[arg-type]
    book = load_playbook("ai-vendor", settings)
    positions = resolve_positions(book, settings)
    terms = _terms(book, settings, lang)
    hours, days = str(positions["breach_hours"]), str(positions["deletion_days"])
    wrong = []
    for path in sorted((templates_dir() / "clauses" / lang).glob("[!_]*.j2")):
        clause = render_clause(path.stem, terms, None)
        found_hours, found_days = _numbers(clause.title + " " + clause.text)
        if found_hours - {hours}:
            wrong.append(f"{path.stem}: hours {sorted(found_hours)} != {hours}")
        if found_days - {days}:
            wrong.append(f"{path.stem}: days {sorted(found_days)} != {days}")
    assert not wrong, "\n".join(wrong)
    if configured:
        audit = render_clause("audit-rights", terms, None).text
        assert "every two years" in audit or lang == "zh"
        assert terms.forum in ("Singapore", "新加坡")
        assert terms.forum in render_clause("dispute-forum", terms, None).text


@pytest.mark.parametrize("name", PLAYBOOKS)
@pytest.mark.parametrize("lang", LANGS)
def test_checklist_asks_for_what_the_draft_says(name: str, lang: str) -> None:
    """The checklist's ask (opening) names the same hours and days as the clause drafted for it, and
    its fallback names the playbook's fallback."""
    settings = Settings(**CUSTOM)  # type: ignore[arg-type]
    book = load_playbook(name, settings)
    positions = resolve_positions(book, settings)
    terms = _terms(book, settings, lang)
    compared = 0
    for check in book.checks:
        ask_hours, ask_days = _numbers(check.text("ask", lang) + " " + check.text("standard_position", lang))
        fallback_hours, fallback_days = _numbers(check.text("fallback", lang))
        assert ask_hours <= {"36"} and ask_days <= {"21"}, (check.id, ask_hours, ask_days)
        assert fallback_hours <= {"36", str(positions["breach_hours_fallback"])}, check.id
        assert fallback_days <= {"21", str(positions["deletion_days_fallback"])}, check.id
        if ask_hours or ask_days:
            draft_hours, draft_days = _numbers(render_clause(check.template or check.id, terms, None).text)
            assert ask_hours <= draft_hours and ask_days <= draft_days, check.id
            compared += 1
    assert compared >= 2, "no check names a position"


@pytest.mark.parametrize("name", PLAYBOOKS)
def test_no_placeholder_survives_and_every_one_has_a_default(name: str) -> None:
    book = load_playbook(name, Settings())
    assert not unset_placeholders(book)
    texts = [check.text(f, lang) for check in book.checks for f in ("ask", "fallback") for lang in LANGS]
    assert not any(PLACEHOLDER.search(t) for t in texts)


def test_the_playbook_opening_applies_when_the_user_sets_none() -> None:
    book = load_playbook("ai-vendor", Settings())
    positions = resolve_positions(book, Settings())
    assert (positions["breach_hours"], positions["breach_hours_fallback"]) == ("48", "72")
    assert fill("{audit_frequency}", positions, "zh") == "每年一次"
    check = next(c for c in book.checks if c.id == "breach-notice-hours")
    assert "48 hours" in check.ask and "72 hours" in check.fallback
    assert "within 48 hours" in render_clause("breach-notice", _terms(book, Settings(), "en"), None).text


def test_a_position_named_but_never_given_is_a_playbook_error(tmp_path: Path) -> None:
    from reviewer.errors import PlaybookError
    from reviewer.playbooks.loader import load_playbook_path

    text = (templates_dir().parent / "tests" / "data" / "mini-playbook.yaml").read_text(encoding="utf-8")
    broken = re.sub(r"(standard_position: )", r"\1Within {breach_hours} hours. ", text, count=1)
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PlaybookError, match="breach_hours"):
        load_playbook_path(path)
