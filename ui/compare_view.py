"""Side by side: how each check's status changed between two reviews."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.compare import CheckChange
from reviewer.models import Review
from ui.style import STATUS_LOOK, status_cell_style

ARROW = {
    "better": "▲ better",
    "worse": "▼ worse",
    "added": "+ new check",
    "removed": "− dropped",
    "same": "= same",
}


def _label(review: Review) -> str:
    return (
        f"{review.contract_set.name} · {review.created_at:%d %b %Y %H:%M} · {review.playbook.name} · {review.tier}"
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


def _row(change: CheckChange) -> dict[str, str]:
    return {
        "Check": change.title,
        "Before": _status(change.before),
        "After": _status(change.after),
        "Change": ARROW[change.direction] + (" (new wording)" if change.evidence_changed else ""),
        "Severity": change.severity,
        "Changed by a reviewer": " / ".join(who or "—" for who in change.changed_by)
        if any(change.changed_by)
        else "",
    }


def render_compare(reviews: list[Review]) -> None:
    reviews = sorted(reviews, key=lambda r: r.created_at, reverse=True)
    by_id = {r.id: r for r in reviews}
    ids = list(by_id)
    before_at, after_at = _defaults(reviews)
    c1, c2 = st.columns(2)
    before = c1.selectbox("Earlier", ids, index=before_at, format_func=lambda i: _label(by_id[i]), key="cmp_a")
    after = c2.selectbox("Later", ids, index=after_at, format_func=lambda i: _label(by_id[i]), key="cmp_b")
    if before == after:
        st.caption("Choose two different reviews.")
        return
    result = api.compare_reviews(by_id[before], by_id[after])
    st.markdown(
        f"**{result.count('worse')}** worse · **{result.count('better')}** better · "
        f"**{result.count('added')}** new · **{result.count('removed')}** dropped · "
        f"**{result.count('same')}** unchanged"
    )
    if result.same_inputs:
        st.caption("Both reviews read the same files (identical SHA-256).")
    else:
        added = ", ".join(result.documents_added) or "none"
        removed = ", ".join(result.documents_removed) or "none"
        st.caption(f"Files only in the later set: {added}. Files only in the earlier set: {removed}.")
    show_all = st.toggle("Show unchanged checks", key="cmp_all")
    rows = [_row(c) for c in result.changes if show_all or c.changed]
    if rows:
        styled = pd.DataFrame(rows).style.map(status_cell_style, subset=["Before", "After"])
        st.dataframe(styled, hide_index=True, width="stretch")
    else:
        st.success("No check changed status.")
