"""Audit log and deletion receipts, for administrators."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from ui import state
from ui.safe import cells, md

ACTIONS = ("ingest", "review", "export", "read", "delete", "share", "login", "settings", "users", "audit")


def _entries() -> None:
    c1, c2, c3 = st.columns(3)
    action = c1.selectbox("Action", ACTIONS, index=None, placeholder="All actions", key="audit_action")
    user = c2.text_input("User", key="audit_user", placeholder="All users")
    outcome = c3.selectbox(
        "Outcome", ("ok", "denied", "error"), index=None, placeholder="All", key="audit_outcome"
    )
    entries = api.audit_log(
        action=action,
        user=user.strip() or None,
        outcome=outcome,
        settings=state.settings(),
        identity=state.identity(),
    )
    st.caption(f"{len(entries)} entries, newest first.")
    rows = [
        cells(
            {
                "#": e.seq,
                "Time (UTC)": f"{e.time:%Y-%m-%d %H:%M:%S}",
                "User": f"{e.user} ({e.role})" if e.role else e.user,
                "Action": e.action,
                "Outcome": e.outcome,
                "Contract set": (e.set_id or "")[:12],
                "Details": ", ".join(f"{k}={v}" for k, v in e.detail.items()),
            }
        )
        for e in reversed(entries)
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 500))


def _verify() -> None:
    if st.button("Verify the log's hash chain", key="audit_verify", icon=":material/verified:"):
        result = api.verify_audit_log(settings=state.settings(), identity=state.identity())
        if result.ok:
            st.success(f"The audit log verifies: {result.entries} entries, the chain is intact.")
        else:
            st.error("The audit log does not verify:\n\n" + "\n".join(f"- {md(p)}" for p in result.problems))


def _receipts() -> None:
    st.subheader("Deletion receipts")
    receipts = api.list_receipts(settings=state.settings(), identity=state.identity())
    if not receipts:
        st.caption("No contract set has been deleted yet.")
        return
    for n, receipt in enumerate(receipts):
        name, when = receipt.get("set_name", "?"), receipt.get("deleted_at", "")
        with st.expander(f"{md(name)} · deleted {md(when)} by {md(receipt.get('deleted_by', '?'))}"):
            st.json(receipt, expanded=False)
            st.download_button(
                "Download the receipt",
                json.dumps(receipt, indent=2, ensure_ascii=False),
                file_name=f"deletion-receipt-{str(receipt.get('set_id', ''))[:12]}.json",
                mime="application/json",
                key=f"receipt_{n}",
            )


def render() -> None:
    st.title("Audit log")
    st.caption("Every sign-in, upload, review, export, deletion and settings change, hash-chained.")
    try:
        _verify()
        _entries()
        st.divider()
        _receipts()
    except ReviewerError as exc:
        st.error(md(exc.user_message))
