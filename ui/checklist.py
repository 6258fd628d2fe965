"""The negotiation checklist (what to ask for, most important first) and all draft clauses."""

from __future__ import annotations

import streamlit as st

from reviewer.models import Finding, Review
from ui import state
from ui.drafts import draft_editor, keep_review, suggestions
from ui.evidence import citation
from ui.findings_table import risk_order
from ui.i18n import N_, _, finding_text, lang
from ui.safe import md
from ui.style import STATUS_LOOK, severity_label

GROUPS = (
    (N_("Walk-away points"), N_("Do not sign unless these change."), lambda f: f.walk_away),
    (N_("Must-haves"), N_("Required for the data tier you chose."), lambda f: f.must_have and not f.walk_away),
    (N_("Also ask for"), N_("Improvements worth raising."), lambda f: not f.must_have and not f.walk_away),
)


def _item(review: Review, finding: Finding) -> None:
    where = citation(finding.evidence[0]) if finding.evidence else _("not in the contract")
    ask = finding_text(finding, "ask") or finding_text(finding, "standard_position")
    fallback = finding_text(finding, "fallback")
    key = f"ticked_{review.id}_{finding.check_id}"
    if key not in st.session_state:
        st.session_state[key] = finding.check_id in review.checklist_ticks
    st.checkbox(
        f"**{md(finding_text(finding, 'title'))}**" + _(": ") + md(ask),
        key=key,
        help=f"{STATUS_LOOK[finding.status].label} · {severity_label(finding.severity)} · {md(where)}"
        + (_(" · fallback: {fallback}", fallback=md(fallback)) if fallback else ""),
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
    keep_review(review.model_copy(update={"checklist_ticks": ticks}))


def render(review: Review) -> None:
    open_items = [f for f in risk_order(review.findings) if f.status != "satisfied"]
    if not open_items:
        st.success(_("Nothing to negotiate: every check is satisfied."), icon=":material/check_circle:")
        return
    st.caption(_("Tick items off as you negotiate; ticks are saved with the review and shown in the exports."))
    for title, blurb, keep in GROUPS:
        items = [f for f in open_items if keep(f)]
        if items:
            st.markdown(f"#### {_(title)} ({len(items)})")
            st.caption(_(blurb))
            for finding in items:
                _item(review, finding)
    st.divider()
    st.markdown("#### " + _("Draft clauses"))
    st.caption(
        _("One per clause to add or change. Edit the wording here; the rider and the redline use your text.")
    )
    shown: set[str] = set()
    drafts = suggestions(review, lang())
    for finding in open_items:
        suggestion = drafts.get(finding.check_id)
        if suggestion is None or suggestion.owner in shown:
            continue
        shown.add(suggestion.owner)
        fixes = _("  ·  fixes {n} findings", n=len(suggestion.fixes)) if len(suggestion.fixes) > 1 else ""
        with st.expander(f"{md(suggestion.title)}{fixes}"):
            draft_editor(review, finding)
