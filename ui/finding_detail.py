"""One finding in full: the evidence in its context, the reasoning, the positions, the draft."""

from __future__ import annotations

import html

import streamlit as st

from reviewer.models import Finding, Review
from ui import state
from ui.drafts import draft_editor
from ui.evidence import shown_html, shown_passages
from ui.i18n import _, finding_list, finding_text
from ui.override_form import render as override_form
from ui.safe import md
from ui.style import STATUS_LOOK, judge_name, severity_label, status_badge_html


def _header(finding: Finding) -> None:
    flags = []
    if finding.walk_away:
        flags.append(_("**walk-away point** for this tier"))
    elif finding.must_have:
        flags.append(_("**must-have** for this tier"))
    title = _esc(finding_text(finding, "title"))
    st.html(f"<h3 style='margin:0 0 0.3rem 0'>{status_badge_html(finding.status)} &nbsp;{title}</h3>")
    facts = [
        _("Severity: **{severity}**", severity=severity_label(finding.severity)),
        _("Category: {category}", category=md(finding_text(finding, "category"))),
        _("Confidence: {confidence}", confidence=f"{finding.confidence:.0%}"),
        _("Judged by: {judge}", judge=judge_name(finding.judge)),
        *flags,
    ]
    st.markdown(" · ".join(facts))
    look = STATUS_LOOK[finding.status]
    st.caption(_("{status} means {meaning}.", status=look.name, meaning=_(look.meaning)))


def _esc(text: str) -> str:
    return html.escape(text)


def _evidence(review: Review, finding: Finding) -> None:
    st.markdown("##### " + _("Evidence in the contract"))
    if not finding.evidence:
        st.info(_("No passage in the contract addresses this check."), icon=":material/search_off:")
        return
    contract_set = state.contract_set(review.contract_set.id)
    if contract_set is None:
        st.caption(_("The contract set was deleted; only the quoted words are shown."))
    for passage in shown_passages(contract_set, finding.evidence):
        st.html("".join(f'<div class="cr-cite">{_esc(cite)}</div>' for cite in passage.cites))
        st.html(shown_html(passage))
        if contract_set is not None and not passage.located:
            st.caption(_("This quote was not found in the stored text; it is shown on its own."))


def _positions(finding: Finding) -> None:
    blocks = [
        (_("What a good contract says"), finding_text(finding, "standard_position")),
        (_("Acceptable fallback"), finding_text(finding, "fallback")),
        (_("Why it matters"), finding_text(finding, "why_it_matters")),
        (_("What to ask for"), finding_text(finding, "ask")),
    ]
    for title, text in blocks:
        if text:
            st.markdown(f"**{title}**  \n{md(text)}")
    red_flags, legal_basis = finding_list(finding, "red_flags"), finding_list(finding, "legal_basis")
    if red_flags:
        st.markdown("**" + _("Red flags") + "**\n" + "\n".join(f"- {md(flag)}" for flag in red_flags))
    if legal_basis:
        st.markdown("**" + _("Legal basis") + "**\n" + "\n".join(f"- {md(basis)}" for basis in legal_basis))


def _reasoning(finding: Finding) -> None:
    st.markdown("##### " + _("Why this status"))
    st.markdown(
        md(finding_text(finding, "rationale"))
        if finding_text(finding, "rationale")
        else _("_No rationale recorded._")
    )
    if finding.value:
        st.markdown(_("Value found: **{value}**", value=md(finding.value)))
    if finding.disagreement:
        disagreement = finding_text(finding, "disagreement")
        st.warning(_("The documents disagree: {what}", what=md(disagreement)), icon=":material/balance:")
    if len(finding.document_statuses) > 1:
        st.markdown(
            "\n".join(
                f"- {md(name)}: {STATUS_LOOK[status].label}" for name, status in finding.document_statuses.items()
            )
        )
    for note in finding_list(finding, "notes"):
        st.caption(md(note))


def render(review: Review, finding: Finding) -> None:
    with st.container(border=True):
        _header(finding)
        left, right = st.columns([3, 2], gap="large")
        with left:
            _evidence(review, finding)
            _reasoning(finding)
            override_form(review, finding)
        with right:
            _positions(finding)
        if finding.status != "satisfied":
            draft_editor(review, finding)
