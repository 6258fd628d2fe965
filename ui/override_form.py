"""The "Change this finding" form of a finding's detail: a new status, the deciding sentence(s)
picked from the contract or pasted, and a required reason; the judge's verdict stays beside it."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.judge.text import split_sentences
from reviewer.models import STATUSES, Finding, Review
from ui import state
from ui.error_text import error_text
from ui.i18n import N_, _
from ui.safe import md
from ui.style import STATUS_LOOK

# Every string this form shows, in one place; translated where shown.
TITLE_TEXT = N_("Change this finding")
STATUS_TEXT = N_("Status")
PICK_TEXT = N_("Deciding sentence(s) from the contract")
PASTE_TEXT = N_("Or paste a sentence, word for word")
REASON_TEXT = N_("Reason (required; shown wherever the status is)")
SAVE_TEXT = N_("Save the change")
SAVED_TEXT = N_("Changed. The report, checklist, rider and redline now use the new status.")
WAS_TEXT = N_("Changed by {user}: {reason}. The judge said {status}.")
VIEWER_TEXT = N_("Viewers cannot change findings.")


def _sentences(review: Review) -> list[str]:
    contract_set = state.contract_set(review.contract_set.id)
    if contract_set is None:
        return []
    return [s.text for d in contract_set.documents for s in split_sentences(d.text, min_len=12)]


def render(review: Review, finding: Finding) -> None:
    if finding.override is not None:
        change = finding.override
        st.info(
            _(
                WAS_TEXT,
                user=md(change.user),
                reason=md(change.reason),
                status=STATUS_LOOK[change.original_status].label,
            )
        )
    if not state.can("review", review.contract_set.id):
        st.caption(_(VIEWER_TEXT))
        return
    key = f"{review.id}_{finding.check_id}"
    with st.expander(_(TITLE_TEXT)), st.form(f"override_{key}"):
        status = st.selectbox(
            _(STATUS_TEXT),
            STATUSES,
            index=STATUSES.index(finding.status),
            format_func=lambda s: STATUS_LOOK[s].label,
            key=f"ovr_status_{key}",
        )
        picked = st.multiselect(_(PICK_TEXT), _sentences(review), default=None, key=f"ovr_pick_{key}")
        pasted = st.text_area(_(PASTE_TEXT), height=68, key=f"ovr_paste_{key}")
        reason = st.text_input(_(REASON_TEXT), key=f"ovr_reason_{key}")
        if not st.form_submit_button(_(SAVE_TEXT), key=f"ovr_save_{key}"):
            return
    quotes = [*picked, *([pasted] if pasted.strip() else [])]
    try:
        changed = api.override_finding(
            review,
            finding.check_id,
            status,
            evidence=quotes,
            reason=reason,
            settings=state.settings(),
            identity=state.identity(),
        )
    except ReviewerError as exc:
        st.error(error_text(exc))
        return
    state.replace_review(changed)
    st.success(_(SAVED_TEXT))
    st.rerun()
