"""The negotiation checklist (what to ask for, most important first) and all draft clauses."""

from __future__ import annotations

import streamlit as st

from reviewer.models import Finding, Review
from ui.drafts import draft_editor, suggestions
from ui.evidence import citation
from ui.findings_table import risk_order
from ui.i18n import N_, _, finding_text, lang
from ui.style import STATUS_LOOK, severity_label

GROUPS = (
    (N_("Walk-away points"), N_("Do not sign unless these change."), lambda f: f.walk_away),
    (N_("Must-haves"), N_("Required for the data tier you chose."), lambda f: f.must_have and not f.walk_away),
    (N_("Also ask for"), N_("Improvements worth raising."), lambda f: not f.must_have and not f.walk_away),
)


def _item(review: Review, finding: Finding) -> None:
    where = citation(finding.evidence[0]) if finding.evidence else _("not in the contract")
    ask = finding_text(finding, "ask") or finding_text(finding, "standard_position")
    st.checkbox(
        f"**{finding_text(finding, 'title')}**" + _(": ") + ask,
        key=f"ticked_{review.id}_{finding.check_id}",
        help=f"{STATUS_LOOK[finding.status].label} · {severity_label(finding.severity)} · {where}",
    )


def render(review: Review) -> None:
    open_items = [f for f in risk_order(review.findings) if f.status != "satisfied"]
    if not open_items:
        st.success(_("Nothing to negotiate: every check is satisfied."), icon=":material/check_circle:")
        return
    st.caption(_("Tick items off as you negotiate (ticks are kept while this page is open)."))
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
        with st.expander(f"{suggestion.title}{fixes}"):
            draft_editor(review, finding)
