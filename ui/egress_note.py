"""The sidebar's "Nothing leaves it": the only hosts the app may contact (as `reviewer doctor` lists them)."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from ui import state
from ui.i18n import _
from ui.safe import md


def render() -> None:
    st.caption(_("AI vendor contracts, reviewed on this machine. Nothing leaves it."))
    hosts = api.configured_hosts(state.settings())
    elsewhere = [h for h in hosts if not h["on_this_machine"]]
    label = _("What may be contacted")
    if len(elsewhere) == 1:
        label += _(" (one host is elsewhere)")
    elif len(elsewhere) > 1:
        label += _(" ({n} hosts are elsewhere)", n=len(elsewhere))
    with st.expander(label, expanded=bool(elsewhere)):
        st.markdown(
            _(
                "The app, its fonts and icons are served by this machine. The only other hosts it may "
                "contact are the ones configured (as `reviewer doctor` shows):"
            )
        )
        for host in hosts:
            where = _("on this machine") if host["on_this_machine"] else _("**on another machine**")
            st.markdown(f"- {md(host['role'])}: `{md(host['host'])}:{host['port']}`, {where}")
        if not hosts:
            st.markdown("- " + _("none"))
