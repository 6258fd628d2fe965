"""Draft clauses: shown per finding, editable; the edits are saved with the review
(``Review.draft_edits``) so the exports use them and a reopened review still has them."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.models import Finding, Review
from ui import state


def draft_key(review: Review, finding: Finding) -> str:
    return f"draft_{review.id}_{finding.check_id}"


def save_edit(review_id: str, check_id: str, text: str) -> None:
    """Keep the user's wording of one draft clause in the open review and on disk."""
    review = state.current_review()
    if review is None or review.id != review_id:
        return
    edits = dict(review.draft_edits)
    if text.strip():
        edits[check_id] = text
    else:
        edits.pop(check_id, None)
    updated = review.model_copy(update={"draft_edits": edits})
    state.replace_review(updated)
    try:
        api.save_review(updated, state.settings())
    except (ReviewerError, OSError) as exc:
        st.session_state["draft_error"] = f"Your edit is kept for this session but could not be saved: {exc}"


def _on_change(review: Review, finding: Finding) -> None:
    save_edit(review.id, finding.check_id, st.session_state.get(draft_key(review, finding), ""))


def draft_editor(review: Review, finding: Finding) -> None:
    st.markdown("##### Draft clause")
    key = draft_key(review, finding)
    if key not in st.session_state:
        st.session_state[key] = review.draft_edits.get(finding.check_id, "")
    st.text_area(
        "Clause to propose (edit freely; your wording goes into the exports)",
        key=key,
        height=180,
        placeholder=finding.ask or finding.standard_position,
        on_change=_on_change,
        args=(review, finding),
    )
    error = st.session_state.pop("draft_error", None)
    if error:
        st.warning(error)
