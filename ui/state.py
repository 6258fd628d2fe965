"""Session state: the one place that names the keys the pages share."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.i18n import N_
from reviewer.models import ContractSet, Review
from reviewer.settings import Settings, get_settings
from reviewer.trust.users import Identity

PAGES = (N_("New review"), N_("Results"), N_("History"), N_("Settings"))
NAV = "nav"
GOTO = "goto"
REVIEW = "review"
JOB = "job"
SETS = "sets"  # set id -> ContractSet (loaded to show evidence in context)
IDENTITY = "identity"  # who logged in (REVIEWER_AUTH=1); None with auth off: the local user acts


def identity() -> Identity | None:
    value: Any = st.session_state.get(IDENTITY)
    return value if isinstance(value, Identity) else None


def can(permission: str, set_id: str | None = None) -> bool:
    """Whether the person using this page may do ``permission`` (to a set): to show or hide buttons."""
    who = identity() or api.current_identity(settings())
    return api.can(who, permission, set_id, settings())  # type: ignore[arg-type]


def settings() -> Settings:
    return get_settings()


@st.cache_resource(ttl=30, show_spinner=False)
def _playbooks(data_dir: str, extra_folders: str | None) -> dict[str, Any]:
    return api.playbooks(settings())


def playbooks() -> dict[str, Any]:
    """The playbooks found (validating them all takes a moment, so at most every 30 seconds)."""
    current = settings()
    return _playbooks(str(current.data_dir), current.playbooks)


def go_to(page: str) -> None:
    """Switch page on the next run (a widget's value cannot change once it is drawn)."""
    st.session_state[GOTO] = page


def apply_goto() -> None:
    page = st.session_state.pop(GOTO, None)
    if page in (*PAGES, "Audit log"):
        st.session_state[NAV] = page


def current_review() -> Review | None:
    value: Any = st.session_state.get(REVIEW)
    return value if isinstance(value, Review) else None


def open_review(review: Review) -> None:
    st.session_state[REVIEW] = review
    for key in [k for k in st.session_state if str(k).startswith("finding_")]:
        del st.session_state[key]
    go_to("Results")


def contract_set(set_id: str) -> ContractSet | None:
    """The stored set behind a review, loaded once per session; None if it was deleted."""
    cache: dict[str, ContractSet] = st.session_state.setdefault(SETS, {})
    if set_id not in cache:
        try:
            cache[set_id] = api.get_set(set_id, settings(), identity=identity())
        except ReviewerError:
            return None
    return cache[set_id]


def forget_set(set_id: str) -> None:
    st.session_state.setdefault(SETS, {}).pop(set_id, None)
    review = current_review()
    if review is not None and review.contract_set.id == set_id:
        del st.session_state[REVIEW]


def replace_review(review: Review) -> None:
    """The open review, changed by the user (e.g. an edited draft); same id, so widgets keep state."""
    st.session_state[REVIEW] = review
