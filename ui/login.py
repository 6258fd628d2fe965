"""Signing in (REVIEWER_AUTH=1) and out. With auth off nobody signs in: the local user acts."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.trust.users import auth_on
from ui import state
from ui.error_text import error_text
from ui.i18n import N_, _
from ui.safe import md

ROLE_WORD = {"admin": N_("admin"), "reviewer": N_("reviewer"), "viewer": N_("viewer")}


def needs_login() -> bool:
    return auth_on(state.settings()) and state.identity() is None


def render() -> None:
    st.title(_("Sign in"))
    st.caption(
        _("This contract reviewer is shared by your team; sign in with the account your administrator gave you.")
    )
    with st.form("login", border=True, width=420):
        name = st.text_input(_("User name"), key="login_name")
        password = st.text_input(_("Password"), type="password", key="login_password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted:
        try:
            st.session_state[state.IDENTITY] = api.login(name.strip(), password, state.settings())
        except ReviewerError as exc:
            st.error(error_text(exc), icon=":material/lock:")
            return
        st.rerun()


def sign_out() -> None:
    for key in list(st.session_state):
        del st.session_state[key]


def sidebar_user() -> None:
    who = state.identity()
    if who is None:
        return
    st.caption(_("Signed in as **{name}** ({role})", name=md(who.name), role=_(ROLE_WORD.get(who.role, who.role))))
    st.button(_("Sign out"), key="sign_out", on_click=sign_out, icon=":material/logout:")
