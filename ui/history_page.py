"""History: stored contract sets and their reviews; reopen, compare two reviews, delete a set."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.models import Review, SetSummary
from ui import review_page, state
from ui.compare_view import render_compare
from ui.error_text import error_text
from ui.i18n import N_, _, playbook_title
from ui.safe import md
from ui.style import STATUS_LOOK, STATUS_ORDER, severity_name, tier_name

CONFIRM = "confirm_delete"
# what the deletion did with the set's labels (reviewer.trust.deletion), as the reader says it
KEPT_WORDS = {"hashes only, without text": N_("hashes only, without text"), "no": N_("no"), "none": N_("none")}
DELETED = "deleted_notice"


def _counts(review: Review) -> str:
    return "  ".join(
        f"{STATUS_LOOK[s].symbol} {review.summary.counts.get(s, 0)} {STATUS_LOOK[s].name.lower()}"
        for s in STATUS_ORDER
    )


def _review_row(review: Review) -> None:
    left, right = st.columns([5, 1], vertical_alignment="center")
    overall = _("overall risk **{level}**", level=severity_name(review.summary.overall))
    left.markdown(
        f"**{review.created_at:%Y-%m-%d %H:%M}** · {md(playbook_title(review))} · "
        f"{tier_name(review.tier)} · {overall}  \n{_counts(review)}"
    )
    right.button(_("Open"), key=f"open_{review.id}", on_click=state.open_review, args=(review,))


def _delete(summary: SetSummary, keep_labels: bool = False) -> None:
    try:
        result = api.delete_set(summary.id, state.settings(), keep_labels=keep_labels, identity=state.identity())
    except ReviewerError as exc:
        st.session_state[DELETED] = ("error", error_text(exc))
        return
    state.forget_set(summary.id)
    files = result.get("files_removed")
    removed = len(files) if isinstance(files, list) else 0
    receipt = result.get("receipt_path")
    kept = (
        _(" A deletion receipt is kept in {receipt} (and under Audit log).", receipt=md(receipt))
        if receipt
        else ""
    )
    labels = result.get("labels")
    if isinstance(labels, dict) and labels.get("count"):
        kept += _(
            " Its {n} label(s) from your corrections: kept {kept}.",
            n=labels["count"],
            kept=_(KEPT_WORDS.get(str(labels["kept"]), str(labels["kept"]))),
        )
    deleted = _(
        "Deleted {name}: {files} files, {reviews} reviews and {vectors} index entries removed, "
        "and checked that nothing is left.",
        name=md(summary.name),
        files=removed,
        reviews=result.get("reviews_removed", 0),
        vectors=result.get("vectors_removed", 0),
    )
    st.session_state[DELETED] = ("ok", deleted + kept)


def _confirm(summary: SetSummary, reviews: list[Review]) -> None:
    st.warning(
        _(
            "Delete **{name}** for good? This removes the {files} uploaded file(s), their parsed text, "
            "their search index entries and the {reviews} review(s) made from them. It cannot be undone.",
            name=md(summary.name),
            files=len(summary.documents),
            reviews=len(reviews),
        ),
        icon=":material/delete:",
    )
    labels = api.set_label_count(summary.id, state.settings())
    keep = labels > 0 and st.checkbox(
        _("Keep the {n} label(s) your corrections made, as hashes only (their quoted text is deleted)", n=labels),
        key=f"delete_keep_labels_{summary.id}",
    )
    yes, no, __ = st.columns([2, 1, 4])
    if yes.button(_("Delete permanently"), key=f"delete_yes_{summary.id}", type="primary"):
        st.session_state.pop(CONFIRM, None)
        _delete(summary, keep_labels=keep)
        st.rerun()
    if no.button(_("Cancel"), key=f"delete_no_{summary.id}"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def _set_card(summary: SetSummary, reviews: list[Review]) -> None:
    with st.container(border=True):
        title, action = st.columns([5, 1], vertical_alignment="center")
        docs = ", ".join(md(d.file_name) for d in summary.documents)
        title.markdown(f"### {md(summary.name)}")
        title.caption(_("Stored {when} UTC · {docs}", when=f"{summary.created_at:%Y-%m-%d %H:%M}", docs=docs))
        if state.can("review", summary.id):
            action.button(
                _("Review again"),
                key=f"again_{summary.id}",
                on_click=review_page.review_stored,
                args=(summary.id,),
            )
        if state.can("delete", summary.id) and action.button(_("Delete…"), key=f"delete_{summary.id}"):
            st.session_state[CONFIRM] = summary.id
        if st.session_state.get(CONFIRM) == summary.id:
            _confirm(summary, reviews)
        with st.expander(_("Files and their SHA-256 hashes")):
            for d in summary.documents:
                st.markdown(f"- {md(d.file_name)}: " + _("{n} pages", n=d.pages) + f" · `{d.id}`")
        if not reviews:
            st.caption(_("Not reviewed yet."))
        for review in reviews:
            _review_row(review)


def _notice() -> None:
    notice: Any = st.session_state.pop(DELETED, None)
    if notice:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(text)


def render() -> None:
    st.title(_("History"))
    st.caption(_("Every contract set and review stays on this machine until you delete it."))
    _notice()
    settings = state.settings()
    sets = api.list_sets(settings, identity=state.identity())
    if not sets:
        st.info(_("Nothing stored yet. Reviews you run appear here."))
        return
    all_reviews: list[Review] = []
    listing = []
    for summary in sets:
        try:
            reviews = api.list_reviews(summary.id, settings, identity=state.identity())
        except ReviewerError as exc:
            st.error(f"{md(summary.name)}: {error_text(exc)}")
            reviews = []
        listing.append((summary, reviews))
        all_reviews.extend(reviews)
    if len(all_reviews) >= 2:
        with st.expander(_("Compare two reviews (e.g. two versions of one vendor's contract)"), expanded=False):
            render_compare(all_reviews)
    for summary, reviews in listing:
        _set_card(summary, reviews)
