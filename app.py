"""The Streamlit app: page layout and navigation. The pages are in ``ui/``; all work is in ``reviewer.api``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import audit_page, egress_note, history_page, login, results_page, review_page, settings_page, state
from ui.i18n import N_, _, language_switch
from ui.safe import md
from ui.style import APP_CSS

FAVICON = Path(__file__).parent / "ui" / "assets" / "favicon.png"  # not :material/…: (fetched from Google)
PAGE_RENDERERS = {
    "New review": review_page.render,
    "Results": results_page.render,
    "History": history_page.render,
    "Settings": settings_page.render,
    N_("Audit log"): audit_page.render,
}
PAGE_ICONS = {
    "New review": ":material/upload_file:",
    "Results": ":material/fact_check:",
    "History": ":material/history:",
    "Settings": ":material/settings:",
    "Audit log": ":material/policy:",
}


def sidebar() -> str:
    with st.sidebar:
        st.markdown("## :material/gavel: " + _("Contract Reviewer"))
        language_switch()
        egress_note.render()
        state.apply_goto()
        pages = [*state.PAGES, *(["Audit log"] if state.can("read_audit") else [])]
        page = st.radio(
            _("Go to"),
            pages,
            key=state.NAV,
            format_func=lambda p: f"{PAGE_ICONS[p]}  {_(p)}",
            label_visibility="collapsed",
        )
        review = state.current_review()
        if review is not None:
            st.caption(_("Open review: **{name}**", name=md(review.contract_set.name)))
        if page != "New review":
            review_page.job_notice()
        login.sidebar_user()
    return str(page)


st.set_page_config(page_title=_("Contract Reviewer"), page_icon=str(FAVICON), layout="wide")
st.html(APP_CSS)
if login.needs_login():
    login.render()
else:
    PAGE_RENDERERS[sidebar()]()
