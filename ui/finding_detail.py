"""One finding in full: the evidence in its context, the reasoning, the positions, the draft."""

from __future__ import annotations

import html

import streamlit as st

from reviewer.models import Finding, Review
from ui import state
from ui.drafts import draft_editor
from ui.evidence import citation, passage_for, passage_html
from ui.override_form import render as override_form
from ui.style import STATUS_LOOK, severity_label, status_badge_html


def _header(finding: Finding) -> None:
    flags = []
    if finding.walk_away:
        flags.append("**walk-away point** for this tier")
    elif finding.must_have:
        flags.append("**must-have** for this tier")
    st.html(
        f"<h3 style='margin:0 0 0.3rem 0'>{status_badge_html(finding.status)} &nbsp;{_esc(finding.title)}</h3>"
    )
    facts = [
        f"Severity: **{severity_label(finding.severity)}**",
        f"Category: {finding.category}",
        f"Confidence: {finding.confidence:.0%}",
        f"Judged by: {finding.judge}",
        *flags,
    ]
    st.markdown(" · ".join(facts))
    st.caption(f"{STATUS_LOOK[finding.status].word} means {STATUS_LOOK[finding.status].meaning}.")


def _esc(text: str) -> str:
    return html.escape(text)


def _evidence(review: Review, finding: Finding) -> None:
    st.markdown("##### Evidence in the contract")
    if not finding.evidence:
        st.info("No passage in the contract addresses this check.", icon=":material/search_off:")
        return
    contract_set = state.contract_set(review.contract_set.id)
    if contract_set is None:
        st.caption("The contract set was deleted; only the quoted words are shown.")
    for evidence in finding.evidence:
        st.html(f'<div class="cr-cite">{_esc(citation(evidence))}</div>')
        passage = passage_for(contract_set, evidence)
        st.html(passage_html(passage))
        if contract_set is not None and not passage.located:
            st.caption("This quote was not found in the stored text; it is shown on its own.")


def _positions(finding: Finding) -> None:
    blocks = [
        ("What a good contract says", finding.standard_position),
        ("Acceptable fallback", finding.fallback),
        ("Why it matters", finding.why_it_matters),
        ("What to ask for", finding.ask),
    ]
    for title, text in blocks:
        if text:
            st.markdown(f"**{title}**  \n{text}")
    if finding.red_flags:
        st.markdown("**Red flags**\n" + "\n".join(f"- {flag}" for flag in finding.red_flags))
    if finding.legal_basis:
        st.markdown("**Legal basis**\n" + "\n".join(f"- {basis}" for basis in finding.legal_basis))


def _reasoning(finding: Finding) -> None:
    st.markdown("##### Why this status")
    st.markdown(finding.rationale or "_No rationale recorded._")
    if finding.value:
        st.markdown(f"Value found: **{finding.value}**")
    if finding.disagreement:
        st.warning(f"The documents disagree: {finding.disagreement}", icon=":material/balance:")
    if len(finding.document_statuses) > 1:
        st.markdown(
            "\n".join(
                f"- {name}: {STATUS_LOOK[status].label}" for name, status in finding.document_statuses.items()
            )
        )
    for note in finding.notes:
        st.caption(note)


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
