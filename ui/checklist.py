"""The negotiation checklist (what to ask for, most important first) and all draft clauses."""

from __future__ import annotations

import streamlit as st

from reviewer.models import Finding, Review
from ui import state
from ui.drafts import draft_editor, keep_review, suggestions
from ui.evidence import citation
from ui.findings_table import risk_order
from ui.safe import md
from ui.style import STATUS_LOOK, severity_label

GROUPS = (
    ("Walk-away points", "Do not sign unless these change.", lambda f: f.walk_away),
    ("Must-haves", "Required for the data tier you chose.", lambda f: f.must_have and not f.walk_away),
    ("Also ask for", "Improvements worth raising.", lambda f: not f.must_have and not f.walk_away),
)


def _item(review: Review, finding: Finding) -> None:
    where = citation(finding.evidence[0]) if finding.evidence else "not in the contract"
    ask = finding.ask or finding.standard_position
    key = f"ticked_{review.id}_{finding.check_id}"
    if key not in st.session_state:
        st.session_state[key] = finding.check_id in review.checklist_ticks
    st.checkbox(
        f"**{md(finding.title)}**: {md(ask)}",
        key=key,
        help=f"{STATUS_LOOK[finding.status].label} · {severity_label(finding.severity)} · {md(where)}"
        + (f" · fallback: {md(finding.fallback)}" if finding.fallback else ""),
        on_change=_save_tick,
        args=(review.id, finding.check_id, key),
    )


def _save_tick(review_id: str, check_id: str, key: str) -> None:
    """Keep a tick with the review on disk, so that it survives a reload and shows in the exports."""
    review = state.current_review()
    if review is None or review.id != review_id:
        return
    ticks = [t for t in review.checklist_ticks if t != check_id]
    if st.session_state.get(key):
        ticks.append(check_id)
    keep_review(review.model_copy(update={"checklist_ticks": ticks}), "tick")


def render(review: Review) -> None:
    open_items = [f for f in risk_order(review.findings) if f.status != "satisfied"]
    if not open_items:
        st.success("Nothing to negotiate: every check is satisfied.", icon=":material/check_circle:")
        return
    st.caption("Tick items off as you negotiate; ticks are saved with the review and shown in the exports.")
    for title, blurb, keep in GROUPS:
        items = [f for f in open_items if keep(f)]
        if items:
            st.markdown(f"#### {title} ({len(items)})")
            st.caption(blurb)
            for finding in items:
                _item(review, finding)
    st.divider()
    st.markdown("#### Draft clauses")
    st.caption("One per clause to add or change. Edit the wording here; the rider and the redline use your text.")
    shown: set[str] = set()
    drafts = suggestions(review)
    for finding in open_items:
        suggestion = drafts.get(finding.check_id)
        if suggestion is None or suggestion.owner in shown:
            continue
        shown.add(suggestion.owner)
        fixes = f"  ·  fixes {len(suggestion.fixes)} findings" if len(suggestion.fixes) > 1 else ""
        with st.expander(f"{md(suggestion.title)}{fixes}"):
            draft_editor(review, finding)
