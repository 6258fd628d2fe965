"""The sidebar's "Nothing leaves it": the only hosts the app may contact (as `reviewer doctor` lists them)."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from ui import state
from ui.safe import md


def render() -> None:
    st.caption("AI vendor contracts, reviewed on this machine. Nothing leaves it.")
    hosts = api.configured_hosts(state.settings())
    elsewhere = [h for h in hosts if not h["on_this_machine"]]
    label = "What may be contacted" + (" (one host is elsewhere)" if len(elsewhere) == 1 else "")
    if len(elsewhere) > 1:
        label += f" ({len(elsewhere)} hosts are elsewhere)"
    with st.expander(label, expanded=bool(elsewhere)):
        st.markdown(
            "The app, its fonts and icons are served by this machine. The only other hosts it may "
            "contact are the ones configured (as `reviewer doctor` shows):"
        )
        for host in hosts:
            where = "on this machine" if host["on_this_machine"] else "**on another machine**"
            st.markdown(f"- {md(host['role'])}: `{md(host['host'])}:{host['port']}`, {where}")
        if not hosts:
            st.markdown("- none")
