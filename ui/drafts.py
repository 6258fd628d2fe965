"""Draft clauses: shown per finding, editable; the edits go into the exports."""

from __future__ import annotations

import streamlit as st

from reviewer.models import Finding, Review
from ui import state


def draft_key(review: Review, finding: Finding) -> str:
    return f"draft_{review.id}_{finding.check_id}"


def _remember(review: Review, finding: Finding) -> None:
    text = st.session_state.get(draft_key(review, finding), "")
    drafts = state.edited_drafts(review.id)
    if text.strip():
        drafts[finding.check_id] = text
    else:
        drafts.pop(finding.check_id, None)


def draft_editor(review: Review, finding: Finding) -> None:
    st.markdown("##### Draft clause")
    drafts = state.edited_drafts(review.id)
    key = draft_key(review, finding)
    if key not in st.session_state:
        st.session_state[key] = drafts.get(finding.check_id, "")
    st.text_area(
        "Clause to propose (edit freely; your wording goes into the exports)",
        key=key,
        height=180,
        placeholder=finding.ask or finding.standard_position,
        on_change=_remember,
        args=(review, finding),
    )
