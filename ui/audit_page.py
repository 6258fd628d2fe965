"""Audit log and deletion receipts, for administrators."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from ui import state
from ui.error_text import error_text
from ui.i18n import _
from ui.safe import cells, md

ACTIONS = ("ingest", "review", "export", "read", "delete", "share", "login", "settings", "users", "audit")


def _entries() -> None:
    c1, c2, c3 = st.columns(3)
    action = c1.selectbox(_("Action"), ACTIONS, index=None, placeholder=_("All actions"), key="audit_action")
    user = c2.text_input(_("User"), key="audit_user", placeholder=_("All users"))
    outcome = c3.selectbox(
        _("Outcome"), ("ok", "denied", "error"), index=None, placeholder=_("All"), key="audit_outcome"
    )
    entries = api.audit_log(
        action=action,
        user=user.strip() or None,
        outcome=outcome,
        settings=state.settings(),
        identity=state.identity(),
    )
    st.caption(_("{n} entries, newest first.", n=len(entries)))
    rows = [
        cells(
            {
                "#": e.seq,
                _("Time (UTC)"): f"{e.time:%Y-%m-%d %H:%M:%S}",
                _("User"): f"{e.user} ({e.role})" if e.role else e.user,
                _("Action"): e.action,
                _("Outcome"): e.outcome,
                _("Contract set"): (e.set_id or "")[:12],
                _("Details"): ", ".join(f"{k}={v}" for k, v in e.detail.items()),
            }
        )
        for e in reversed(entries)
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 500))


def _verify() -> None:
    if st.button(_("Verify the log's hash chain"), key="audit_verify", icon=":material/verified:"):
        result = api.verify_audit_log(settings=state.settings(), identity=state.identity())
        if result.ok:
            st.success(_("The audit log verifies: {n} entries, the chain is intact.", n=result.entries))
        else:
            problems = "\n".join(f"- {md(p)}" for p in result.problems)
            st.error(_("The audit log does not verify:") + "\n\n" + problems)


def _receipts() -> None:
    st.subheader(_("Deletion receipts"))
    receipts = api.list_receipts(settings=state.settings(), identity=state.identity())
    if not receipts:
        st.caption(_("No contract set has been deleted yet."))
        return
    for n, receipt in enumerate(receipts):
        name, when = receipt.get("set_name", "?"), receipt.get("deleted_at", "")
        with st.expander(
            _(
                "{name} · deleted {when} by {who}",
                name=md(name),
                when=md(when),
                who=md(receipt.get("deleted_by", "?")),
            )
        ):
            st.json(receipt, expanded=False)
            st.download_button(
                _("Download the receipt"),
                json.dumps(receipt, indent=2, ensure_ascii=False),
                file_name=f"deletion-receipt-{str(receipt.get('set_id', ''))[:12]}.json",
                mime="application/json",
                key=f"receipt_{n}",
            )


def render() -> None:
    st.title(_("Audit log"))
    st.caption(_("Every sign-in, upload, review, export, deletion and settings change, hash-chained."))
    try:
        _verify()
        _entries()
        st.divider()
        _receipts()
    except ReviewerError as exc:
        st.error(error_text(exc))
