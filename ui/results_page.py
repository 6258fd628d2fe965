"""Results of one review: summary header, findings table and detail, checklist and drafts, export."""

from __future__ import annotations

import html

import streamlit as st

from reviewer.models import Finding, Review
from ui import checklist, exports, finding_detail, findings_table, state
from ui.i18n import N_, _, finding_text, lang, playbook_title
from ui.safe import cells, md
from ui.style import (
    OVERALL_LOOK,
    STATUS_LOOK,
    STATUS_ORDER,
    judge_name,
    jurisdiction_name,
    severity_name,
    status_badge_html,
    tier_name,
)

VIEWS = (N_("Findings"), N_("Checklist & drafts"), N_("Export"))


def _facts(review: Review) -> str:
    laws = _(", ").join(jurisdiction_name(j) for j in review.jurisdictions) or _("no jurisdiction chosen")
    return _(
        "{playbook} v{version} · data tier: {tier} · {laws} · reviewed {when} UTC · judge: {judge}",
        playbook=md(playbook_title(review)),
        version=md(review.playbook.version),
        tier=tier_name(review.tier),
        laws=laws,
        when=f"{review.created_at:%Y-%m-%d %H:%M}",
        judge=judge_name(review.judge),
    )


def _stat_cards(review: Review) -> None:
    cols = st.columns(5)
    colour, tint = OVERALL_LOOK[review.summary.overall]
    overall = _("Overall risk")
    cols[0].html(
        f'<div class="cr-stat" style="border-color:{colour};background:{tint};color:{colour}">'
        f'<div class="w">{overall}</div>'
        f'<div class="n">{severity_name(review.summary.overall)}</div></div>'
    )
    for col, status in zip(cols[1:], STATUS_ORDER, strict=True):
        look = STATUS_LOOK[status]
        col.html(
            f'<div class="cr-stat" style="border-color:{look.colour};color:{look.colour}">'
            f'<div class="w">{look.label}</div>'
            f'<div class="n">{review.summary.counts.get(status, 0)}</div></div>'
        )


def _top_risks(review: Review) -> None:
    by_id = {f.check_id: f for f in review.findings}
    walk_away, top = _(", walk-away"), _("Top risks")
    risks = [by_id[c] for c in review.summary.top_risks if c in by_id]
    if not risks:
        st.success(_("No open risks: every check is satisfied."), icon=":material/check_circle:")
        return
    items = "".join(
        f"<li>{status_badge_html(f.status)} <b>{html.escape(finding_text(f, 'title'))}</b> "
        f"<span style='color:#44505E'>({severity_name(f.severity)}"
        f"{walk_away if f.walk_away else ''})</span></li>"
        for f in risks
    )
    st.html(f"<div><b>{top}</b><ol style='margin-top:0.3rem'>{items}</ol></div>")


def _alerts(review: Review) -> None:
    if review.status != "complete":
        failed = ", ".join(md(e.check_id) for e in review.errors)
        st.warning(
            _("This review is partial: these checks could not run: {failed}", failed=failed)
            if review.status == "partial"
            else _("This review failed: no check could run."),
            icon=":material/warning:",
        )
    for file_name, warning in zip(review.warning_files, review.warnings, strict=False):
        where = _(" (page {page})", page=warning.page) if warning.page else ""
        st.warning(f"{md(file_name)}{where}: {md(warning.message)}", icon=":material/warning:")


def _documents(review: Review) -> None:
    with st.expander(_("Documents reviewed ({n})", n=len(review.contract_set.documents))):
        st.dataframe(
            [
                cells({_("File"): d.file_name, _("Pages"): d.pages, "SHA-256": d.sha256})
                for d in review.contract_set.documents
            ],
            hide_index=True,
            width="stretch",
        )


def _english_only(review: Review) -> None:
    """In Chinese, a playbook whose Chinese blocks are incomplete reads in English: say so and why."""
    if lang() != "zh" or review.playbook.title_zh:
        return
    entry = state.playbooks().get(review.playbook.name)
    problems = entry.playbook.zh_problems if entry is not None and entry.playbook is not None else []
    why = problems[0] if problems else _("the playbook has no Chinese title")
    st.warning(
        _("The Chinese text of this playbook is incomplete, so its findings are shown in English: {why}", why=why),
        icon=":material/translate:",
    )


def header(review: Review) -> None:
    st.title(md(review.contract_set.name))
    _english_only(review)
    st.caption(_facts(review))
    _stat_cards(review)
    _top_risks(review)
    _alerts(review)
    _documents(review)


def _bump_table(version_key: str) -> None:
    """A finding chosen in the list: redraw the table without its row selection, so both agree."""
    st.session_state[version_key] = st.session_state.get(version_key, 0) + 1


def _selected(review: Review, shown: list[Finding]) -> Finding | None:
    version_key = f"table_version_{review.id}"
    table_key = f"table_{review.id}_{st.session_state.get(version_key, 0)}"
    clicked = findings_table.table(shown, key=table_key)
    ids = [f.check_id for f in shown]
    pick_key = f"finding_pick_{review.id}"
    last_click_key = f"finding_click_{review.id}"
    if clicked is not None and clicked < len(ids) and st.session_state.get(last_click_key) != (table_key, clicked):
        st.session_state[pick_key] = ids[clicked]
    st.session_state[last_click_key] = (table_key, clicked)
    if st.session_state.get(pick_key) not in ids:
        st.session_state[pick_key] = None
    by_id = {f.check_id: f for f in shown}
    pick = st.selectbox(
        _("Open a finding (or click a row above)"),
        ids,
        key=pick_key,
        placeholder=_("Choose a check"),
        format_func=lambda c: f"{STATUS_LOOK[by_id[c].status].symbol} {finding_text(by_id[c], 'title')}",
        on_change=_bump_table,
        args=(version_key,),
    )
    return by_id.get(pick) if pick else None


def _findings(review: Review) -> None:
    shown = findings_table.filtered(review)
    st.caption(_("{n} of {total} findings shown, highest risk first.", n=len(shown), total=len(review.findings)))
    if not shown:
        st.info(_("No finding matches these filters."))
        return
    finding = _selected(review, shown)
    if finding is not None:
        finding_detail.render(review, finding)


def render() -> None:
    review = state.current_review()
    if review is None:
        st.title(_("Results"))
        st.info(_("No review is open. Start one on **New review**, or reopen an earlier one from **History**."))
        return
    header(review)
    view = st.segmented_control(
        _("Show"), VIEWS, default=VIEWS[0], key="results_view", format_func=_, label_visibility="collapsed"
    )
    if view == "Checklist & drafts":
        checklist.render(review)
    elif view == "Export":
        exports.render(review)
    else:
        _findings(review)
