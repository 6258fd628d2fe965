"""The app's ``_()``: every visible string through the message catalogue, in the language of this session.

The language is chosen in the sidebar and remembered per user (``api.save_language``); before
that it is ``REVIEWER_LANG`` or the system locale's (``reviewer.i18n.default_lang``).
"""

from __future__ import annotations

from typing import Any, cast

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from reviewer import api
from reviewer.i18n import LANGS, LANGUAGE_NAMES, N_, Lang, as_lang, default_lang, translate
from reviewer.models import Finding, Review
from reviewer.report.view import category_label, localized, localized_list
from reviewer.report.view import playbook_title as title_in
from ui import state

__all__ = [
    "LANGUAGE_NAMES",
    "N_",
    "_",
    "finding_list",
    "finding_text",
    "lang",
    "language_switch",
    "playbook_title",
]

LANG = "ui_lang"


def _user() -> str | None:
    """Whose language to remember: the signed-in user, or the local user when auth is off."""
    settings = state.settings()
    who = state.identity() or (None if settings.auth else api.current_identity(settings))
    return who.name if who is not None else None


def _initial() -> Lang:
    settings, user = state.settings(), _user()
    saved = api.saved_language(user, settings) if user else None
    return as_lang(saved) or default_lang(settings.lang)


def lang() -> Lang:
    """This session's language: chosen here, else saved for this user, else the default."""
    if get_script_run_ctx(suppress_warning=True) is None:  # a widget's format_func called from outside a run
        return _initial()
    chosen: Any = st.session_state.get(LANG)
    if chosen in LANGS:
        return cast(Lang, chosen)
    found = _initial()
    st.session_state[LANG] = found
    return found


def _(message: str, **values: object) -> str:
    return translate(lang(), message, **values)


def _remember() -> None:
    user = _user()
    if user is not None:
        api.save_language(user, st.session_state[LANG], state.settings())


def language_switch() -> None:
    """中文 / English in the sidebar; the choice is saved for this user."""
    lang()
    st.radio(
        "Language / 语言",
        list(LANGS),
        key=LANG,
        format_func=LANGUAGE_NAMES.__getitem__,
        on_change=_remember,
        horizontal=True,
        label_visibility="collapsed",
    )


def finding_text(finding: Finding, field_name: str) -> str:
    """A text field of the finding's check (title, standard position, ...) in this session's language."""
    if field_name == "category":
        return category_label(finding, lang())
    return localized(finding, field_name, lang())


def finding_list(finding: Finding, field_name: str) -> list[str]:
    """A list field of the finding's check (red flags, legal basis) in this session's language."""
    return localized_list(finding, field_name, lang())


def playbook_title(review: Review) -> str:
    return title_in(review, lang())
