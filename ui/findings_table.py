"""The findings table with its filters; returns the findings the filters let through."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from reviewer.models import STATUS_RANK, Finding, Review, Status
from ui.evidence import short_citation
from ui.i18n import _, finding_text
from ui.safe import cells
from ui.style import SEVERITY_ORDER, STATUS_LOOK, STATUS_ORDER, severity_label, status_cell_style

_RANK = STATUS_RANK
_SEV_RANK = {s: n for n, s in enumerate(SEVERITY_ORDER)}


def risk_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.status == "satisfied", _SEV_RANK[f.severity], _RANK[f.status]))


def _filters(review: Review) -> tuple[list[Status], list[str], list[str], str]:
    categories = sorted({f.category for f in review.findings})
    category_names = {f.category: finding_text(f, "category") for f in review.findings}
    left, right = st.columns([3, 2])
    statuses = left.pills(
        _("Status"),
        list(STATUS_ORDER),
        selection_mode="multi",
        default=list(STATUS_ORDER),
        key="filter_status",
        format_func=lambda s: STATUS_LOOK[s].label,
    )
    severities = right.pills(
        _("Severity"),
        list(SEVERITY_ORDER),
        selection_mode="multi",
        default=list(SEVERITY_ORDER),
        key="filter_severity",
        format_func=severity_label,
    )
    c1, c2 = st.columns([3, 2])
    chosen = c1.multiselect(
        _("Category"),
        categories,
        key="filter_category",
        format_func=category_names.__getitem__,
        placeholder=_("All categories"),
    )
    text = c2.text_input(_("Search"), key="filter_text", placeholder=_("a word in the title, reasoning or quote"))
    return list(statuses), list(severities), chosen or categories, text.strip().lower()


def _matches(finding: Finding, text: str) -> bool:
    if not text:
        return True
    words = [finding.title, finding_text(finding, "title"), finding.rationale, finding_text(finding, "rationale")]
    haystack = " ".join([*words, *(e.quote for e in finding.evidence)]).lower()
    return text in haystack


def filtered(review: Review) -> list[Finding]:
    statuses, severities, categories, text = _filters(review)
    return [
        f
        for f in risk_order(review.findings)
        if f.status in statuses and f.severity in severities and f.category in categories and _matches(f, text)
    ]


def _row(finding: Finding) -> dict[str, Any]:
    first = finding.evidence[0] if finding.evidence else None
    flag = _(" · walk-away") if finding.walk_away else _(" · must-have") if finding.must_have else ""
    return cells(
        {
            _("Status"): STATUS_LOOK[finding.status].label,
            _("Severity"): severity_label(finding.severity),
            _("Check"): finding_text(finding, "title") + flag,
            _("Category"): finding_text(finding, "category"),
            _("Where"): short_citation(first) if first else _("not in the contract"),
            _("Flags"): " ".join(
                x for x, on in ((_("walk-away"), finding.walk_away), (_("must-have"), finding.must_have)) if on
            ),
        }
    )


def table(findings: list[Finding], key: str) -> int | None:
    """Draw the table; the index of the row the user clicked, if any."""
    frame = pd.DataFrame([_row(f) for f in findings])
    styled = frame.style.map(status_cell_style, subset=[_("Status")])
    event = st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(findings), 600),
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            _("Status"): st.column_config.TextColumn(width=120),
            _("Severity"): st.column_config.TextColumn(width=95),
            _("Check"): st.column_config.TextColumn(width=390),
            _("Category"): st.column_config.TextColumn(width=165),
            _("Where"): st.column_config.TextColumn(width=190),
        },
    )
    rows = event.selection.rows if event is not None else []
    return rows[0] if rows else None
