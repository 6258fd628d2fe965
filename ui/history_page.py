"""History: stored contract sets and their reviews; reopen, compare two reviews, delete a set."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.models import Review, SetSummary
from ui import review_page, state
from ui.compare_view import render_compare
from ui.style import STATUS_LOOK, STATUS_ORDER, TIER_HELP

CONFIRM = "confirm_delete"
DELETED = "deleted_notice"


def _counts(review: Review) -> str:
    return "  ".join(
        f"{STATUS_LOOK[s].symbol} {review.summary.counts.get(s, 0)} {STATUS_LOOK[s].word.lower()}"
        for s in STATUS_ORDER
    )


def _review_row(review: Review) -> None:
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(
        f"**{review.created_at:%d %b %Y %H:%M}** · {review.playbook.title or review.playbook.name} · "
        f"{TIER_HELP[review.tier][0]} · overall risk **{review.summary.overall}**  \n{_counts(review)}"
    )
    right.button("Open", key=f"open_{review.id}", on_click=state.open_review, args=(review,))


def _delete(summary: SetSummary, keep_labels: bool = False) -> None:
    try:
        result = api.delete_set(summary.id, state.settings(), keep_labels=keep_labels, identity=state.identity())
    except ReviewerError as exc:
        st.session_state[DELETED] = ("error", exc.user_message)
        return
    state.forget_set(summary.id)
    files = result.get("files_removed")
    removed = len(files) if isinstance(files, list) else 0
    receipt = result.get("receipt_path")
    kept = f" A deletion receipt is kept in {receipt} (and under Audit log)." if receipt else ""
    labels = result.get("labels")
    if isinstance(labels, dict) and labels.get("count"):
        kept += f" Its {labels['count']} label(s) from your corrections: kept {labels['kept']}."
    st.session_state[DELETED] = (
        "ok",
        f"Deleted {summary.name}: {removed} files, {result.get('reviews_removed', 0)} reviews and "
        f"{result.get('vectors_removed', 0)} index entries removed, and checked that nothing is left.{kept}",
    )


def _confirm(summary: SetSummary, reviews: list[Review]) -> None:
    st.warning(
        f"Delete **{summary.name}** for good? This removes the {len(summary.documents)} uploaded file(s), "
        f"their parsed text, their search index entries and the {len(reviews)} review(s) made from them. "
        "It cannot be undone.",
        icon=":material/delete:",
    )
    labels = api.set_label_count(summary.id, state.settings())
    keep = labels > 0 and st.checkbox(
        f"Keep the {labels} label(s) your corrections made, as hashes only (their quoted text is deleted)",
        key=f"delete_keep_labels_{summary.id}",
    )
    yes, no, _ = st.columns([2, 1, 4])
    if yes.button("Delete permanently", key=f"delete_yes_{summary.id}", type="primary"):
        st.session_state.pop(CONFIRM, None)
        _delete(summary, keep_labels=keep)
        st.rerun()
    if no.button("Cancel", key=f"delete_no_{summary.id}"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def _set_card(summary: SetSummary, reviews: list[Review]) -> None:
    with st.container(border=True):
        title, action = st.columns([5, 1], vertical_alignment="center")
        docs = ", ".join(d.file_name for d in summary.documents)
        title.markdown(f"### {summary.name}")
        title.caption(f"Stored {summary.created_at:%d %b %Y %H:%M} UTC · {docs}")
        if state.can("review", summary.id):
            action.button(
                "Review again", key=f"again_{summary.id}", on_click=review_page.review_stored, args=(summary.id,)
            )
        if state.can("delete", summary.id) and action.button("Delete…", key=f"delete_{summary.id}"):
            st.session_state[CONFIRM] = summary.id
        if st.session_state.get(CONFIRM) == summary.id:
            _confirm(summary, reviews)
        with st.expander("Files and their SHA-256 hashes"):
            for d in summary.documents:
                st.markdown(f"- {d.file_name}: {d.pages} pages · `{d.id}`")
        if not reviews:
            st.caption("Not reviewed yet.")
        for review in reviews:
            _review_row(review)


def _notice() -> None:
    notice: Any = st.session_state.pop(DELETED, None)
    if notice:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(text)


def render() -> None:
    st.title("History")
    st.caption("Every contract set and review stays on this machine until you delete it.")
    _notice()
    settings = state.settings()
    sets = api.list_sets(settings, identity=state.identity())
    if not sets:
        st.info("Nothing stored yet. Reviews you run appear here.")
        return
    all_reviews: list[Review] = []
    listing = []
    for summary in sets:
        try:
            reviews = api.list_reviews(summary.id, settings, identity=state.identity())
        except ReviewerError as exc:
            st.error(f"{summary.name}: {exc.user_message}")
            reviews = []
        listing.append((summary, reviews))
        all_reviews.extend(reviews)
    if len(all_reviews) >= 2:
        with st.expander("Compare two reviews (e.g. two versions of one vendor's contract)", expanded=False):
            render_compare(all_reviews)
    for summary, reviews in listing:
        _set_card(summary, reviews)
