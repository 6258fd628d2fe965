"""Side by side: how each check's status changed between two reviews."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.compare import CheckChange
from reviewer.models import Review
from ui.i18n import N_, _
from ui.safe import cell, md
from ui.style import STATUS_LOOK, severity_name, status_cell_style, tier_name

ARROW = {
    "better": N_("▲ better"),
    "worse": N_("▼ worse"),
    "added": N_("+ new check"),
    "removed": N_("− dropped"),
    "same": N_("= same"),
}


def _label(review: Review) -> str:
    return (
        f"{review.contract_set.name} · {review.created_at:%Y-%m-%d %H:%M} · {review.playbook.name} · "
        f"{tier_name(review.tier)}"
    )


def _defaults(reviews: list[Review]) -> tuple[int, int]:
    """The newest review and the one before it of the same vendor name, when there is one."""
    newest = reviews[0]
    for n, review in enumerate(reviews[1:], start=1):
        if review.contract_set.name.lower() == newest.contract_set.name.lower():
            return n, 0
    return 1, 0


def _status(status: str | None) -> str:
    return STATUS_LOOK[status].label if status in STATUS_LOOK else "—"


def _row(change: CheckChange) -> dict[str, object]:
    return {
        _("Check"): cell(change.title),
        _("Before"): _status(change.before),
        _("After"): _status(change.after),
        _("Change"): _(ARROW[change.direction]) + (_(" (new wording)") if change.evidence_changed else ""),
        _("Severity"): severity_name(change.severity),
        _("Changed by a reviewer"): " / ".join(md(who) if who else "—" for who in change.changed_by)
        if any(change.changed_by)
        else "",
    }


def render_compare(reviews: list[Review]) -> None:
    reviews = sorted(reviews, key=lambda r: r.created_at, reverse=True)
    by_id = {r.id: r for r in reviews}
    ids = list(by_id)
    before_at, after_at = _defaults(reviews)
    c1, c2 = st.columns(2)
    before = c1.selectbox(_("Earlier"), ids, index=before_at, format_func=lambda i: _label(by_id[i]), key="cmp_a")
    after = c2.selectbox(_("Later"), ids, index=after_at, format_func=lambda i: _label(by_id[i]), key="cmp_b")
    if before == after:
        st.caption(_("Choose two different reviews."))
        return
    result = api.compare_reviews(by_id[before], by_id[after])
    counts = {k: result.count(k) for k in ("worse", "better", "added", "removed", "same")}
    st.markdown(
        _(
            "**{worse}** worse · **{better}** better · **{added}** new · **{removed}** dropped · "
            "**{same}** unchanged",
            **counts,
        )
    )
    if result.same_inputs:
        st.caption(_("Both reviews read the same files (identical SHA-256)."))
    else:
        added = ", ".join(map(md, result.documents_added)) or _("none")
        removed = ", ".join(map(md, result.documents_removed)) or _("none")
        st.caption(
            _(
                "Files only in the later set: {added}. Files only in the earlier set: {removed}.",
                added=added,
                removed=removed,
            )
        )
    show_all = st.toggle(_("Show unchanged checks"), key="cmp_all")
    rows = [_row(c) for c in result.changes if show_all or c.changed]
    if rows:
        styled = pd.DataFrame(rows).style.map(status_cell_style, subset=[_("Before"), _("After")])
        st.dataframe(styled, hide_index=True, width="stretch")
    else:
        st.success(_("No check changed status."))
