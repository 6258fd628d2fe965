"""Draft clauses: the suggested wording per open finding (from the drafting templates), editable.

The user's wording is saved with the review (``Review.draft_edits``), so the rider and the redline
use it and a reopened review still has it. Findings that one clause fixes share one edit, stored
under the first of them (the clause's "owner").
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.models import Finding, Review
from ui import state
from ui.error_text import error_text
from ui.i18n import _, finding_text, lang
from ui.safe import md

SUGGESTIONS = "draft_suggestions"  # (review id, lang) -> {check id -> Suggestion}


@dataclass(frozen=True)
class Suggestion:
    title: str
    text: str
    owner: str  # the check id the edit of this clause is stored under
    fixes: tuple[str, ...]  # check ids of every finding this clause fixes


def _split(draft: str) -> tuple[str, str]:
    title, _, text = draft.partition("\n\n")
    return title.strip(), text.strip()


def suggestions(review: Review, lang: str = "en") -> dict[str, Suggestion]:
    """The template wording for each open finding (without the user's edits), computed once."""
    cache: dict[tuple[str, str], dict[str, Suggestion]] = st.session_state.setdefault(SUGGESTIONS, {})
    if (review.id, lang) not in cache:
        plain = review.model_copy(update={"draft_edits": {}})
        try:
            drafts = api.draft_clauses(plain, lang, state.settings(), identity=state.identity())
        except ReviewerError as exc:
            st.warning(_("No suggested wording: {why}", why=error_text(exc)))
            drafts = {}
        groups: dict[str, list[str]] = {}
        for check_id, draft in drafts.items():
            groups.setdefault(draft, []).append(check_id)
        cache[(review.id, lang)] = {
            check_id: Suggestion(*_split(draft), owner=groups[draft][0], fixes=tuple(groups[draft]))
            for check_id, draft in drafts.items()
        }
    return cache[(review.id, lang)]


def widget_key(review: Review, owner: str) -> str:
    return f"draft_{review.id}_{lang()}_{owner}"


def save_edit(review_id: str, owner: str, text: str, suggested: str) -> None:
    """Keep the user's wording of one clause in the open review and on disk."""
    review = state.current_review()
    if review is None or review.id != review_id:
        return
    edits = dict(review.draft_edits)
    if text.strip() and " ".join(text.split()) != " ".join(suggested.split()):
        edits[owner] = text
    else:
        edits.pop(owner, None)
    keep_review(review.model_copy(update={"draft_edits": edits}))


def keep_review(updated: Review) -> None:
    """The changed review in this page and on disk; a failed save is said, the change kept."""
    state.replace_review(updated)
    try:
        api.save_review(updated, state.settings())
    except (ReviewerError, OSError) as exc:
        st.session_state["draft_error"] = _(
            "Your edit is kept while this page is open but was not saved: {why}", why=md(str(exc))
        )


def _on_change(review: Review, suggestion: Suggestion) -> None:
    text = st.session_state.get(widget_key(review, suggestion.owner), "")
    save_edit(review.id, suggestion.owner, text, suggestion.text)


def _reset(review: Review, suggestion: Suggestion) -> None:
    st.session_state[widget_key(review, suggestion.owner)] = suggestion.text
    save_edit(review.id, suggestion.owner, suggestion.text, suggestion.text)


def _fixes_note(review: Review, suggestion: Suggestion, current: str) -> None:
    others = [
        finding_text(f, "title")
        for f in review.findings
        if f.check_id in suggestion.fixes and f.check_id != current
    ]
    if others:
        st.caption(_("This clause also fixes: {titles}.", titles=_("; ").join(map(md, others))))


def draft_editor(review: Review, finding: Finding) -> None:
    suggestion = suggestions(review, lang()).get(finding.check_id)
    st.markdown("##### " + _("Draft clause"))
    if suggestion is None:
        st.caption(_("No draft clause for this finding."))
        return
    key = widget_key(review, suggestion.owner)
    if key not in st.session_state:
        st.session_state[key] = review.draft_edits.get(suggestion.owner, suggestion.text)
    edited = suggestion.owner in review.draft_edits
    st.markdown(
        f"**{md(suggestion.title)}**" + (_(" · _your wording_") if edited else _(" · _suggested wording_"))
    )
    _fixes_note(review, suggestion, finding.check_id)
    st.text_area(
        _("Clause text (edit freely: the rider and the redlined contract use your wording)"),
        key=key,
        disabled=not state.can("review", review.contract_set.id),
        height=260,
        on_change=_on_change,
        args=(review, suggestion),
    )
    if edited:
        st.button(
            _("Back to the suggested wording"), key=f"reset_{key}", on_click=_reset, args=(review, suggestion)
        )
    error = st.session_state.pop("draft_error", None)
    if error:
        st.warning(error)
    if any(mark in st.session_state[key] for mark in ("[CONFIRM:", "[待确认：")):
        st.caption(_("Replace each [CONFIRM: …] with the value you want before sending."))
