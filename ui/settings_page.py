"""Settings: the local LLM, preferred positions for drafts, where data lives, the playbooks."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.settings import Settings
from ui import state
from ui.error_text import error_text
from ui.i18n import _
from ui.llm_check import connection_report
from ui.safe import cells, md


def _fixed_note(fixed: dict[str, str], *keys: str) -> None:
    names = [f"REVIEWER_{k.upper()}" for k in keys if fixed.get(k)]
    if names:
        st.caption(
            _("Set by the environment ({names}), which wins over what is saved here.", names=", ".join(names))
        )


def _save(values: dict[str, Any], settings: Settings) -> None:
    try:
        api.save_settings(values, settings, identity=state.identity())
    except ReviewerError as exc:
        st.error(error_text(exc))
        return
    st.session_state["settings_saved"] = True
    st.rerun()


def _llm(settings: Settings, fixed: dict[str, str]) -> None:
    st.subheader(_("Local LLM (optional)"))
    st.caption(_("An Ollama server you run yourself. Nothing is sent anywhere else."))
    with st.form("llm_form", border=False):
        c1, c2 = st.columns([2, 1])
        host = c1.text_input(_("Ollama host"), value=settings.ollama_host, disabled="ollama_host" in fixed)
        model = c2.text_input(_("Model"), value=settings.ollama_model, disabled="ollama_model" in fixed)
        save, test, __ = st.columns([1, 2, 5])
        saved = save.form_submit_button(_("Save"), type="primary")
        tested = test.form_submit_button(_("Test connection"))
    _fixed_note(fixed, "ollama_host", "ollama_model")
    values = {k: v for k, v in (("ollama_host", host), ("ollama_model", model)) if k not in fixed}
    if saved:
        _save(values, settings)
    if tested:
        connection_report(settings.model_copy(update={"ollama_host": host, "ollama_model": model}))


def _positions(settings: Settings, fixed: dict[str, str]) -> None:
    st.subheader(_("Your preferred positions"))
    st.caption(
        _("The checklist and the drafts ask for these; left empty, the playbook's opening position applies.")
    )
    with st.form("positions_form", border=False):
        c1, c2, c3 = st.columns(3)
        region = c1.text_input(
            _("Storage region"),
            value=settings.storage_region or "",
            placeholder=_("e.g. European Union"),
            disabled="storage_region" in fixed,
        )
        days = c2.number_input(
            _("Delete data within (days)"),
            min_value=1,
            max_value=3650,
            value=settings.deletion_days,
            disabled="deletion_days" in fixed,
        )
        hours = c3.number_input(
            _("Breach notice within (hours)"),
            min_value=1,
            max_value=720,
            value=settings.breach_hours,
            disabled="breach_hours" in fixed,
        )
        audit = st.text_input(
            _("Audit right"), value=settings.audit_frequency or "", disabled="audit_frequency" in fixed
        )
        saved = st.form_submit_button(_("Save positions"), type="primary")
    _fixed_note(fixed, "storage_region", "deletion_days", "breach_hours", "audit_frequency")
    if saved:
        values: dict[str, Any] = {
            "storage_region": region.strip() or None,
            "deletion_days": int(days) if days else None,
            "breach_hours": int(hours) if hours else None,
            "audit_frequency": audit.strip() or None,
        }
        _save({k: v for k, v in values.items() if k not in fixed}, settings)


def _storage(settings: Settings) -> None:
    st.subheader(_("Where your data lives"))
    c1, c2 = st.columns(2)
    c1.text_input(
        _("Data folder"),
        value=str(settings.data_dir),
        disabled=True,
        help=_("Set REVIEWER_DATA_DIR to move it."),
    )
    store = settings.chroma_url or _("on this machine, in the data folder")
    c2.text_input(
        _("Search index (Chroma)"),
        value=store,
        disabled=True,
        help=_("Set REVIEWER_CHROMA_URL to use a Chroma server."),
    )


def _playbooks(settings: Settings) -> None:
    st.subheader(_("Playbooks"))
    rows = []
    for name, entry in sorted(api.playbooks(settings).items()):
        book = entry.playbook
        rows.append(
            cells(
                {
                    _("Status"): _("✓ valid") if book is not None else _("✕ invalid"),
                    _("Name"): name,
                    _("Title"): book.title if book else "",
                    _("Version"): book.version if book else "",
                    _("Checks"): len(book.checks) if book else 0,
                    _("Source"): _("shipped") if entry.shipped else str(entry.path),
                    _("Problem"): entry.error or "",
                }
            )
        )
    if not rows:
        st.warning(_("No playbook found. Add a folder of your own with REVIEWER_PLAYBOOKS."))
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    for row in rows:
        if row[_("Problem")]:
            st.error(f"{md(row[_('Name')])}: {md(row[_('Problem')])}")
    st.caption(_("Add playbooks of your own with REVIEWER_PLAYBOOKS (folders separated by ':')."))


def render() -> None:
    st.title(_("Settings"))
    if st.session_state.pop("settings_saved", False):
        st.success(_("Saved."))
    settings = state.settings()
    fixed = api.settings_from_environment()
    if not state.can("settings"):
        st.caption(_("Only an administrator can change these settings."))
        fixed = dict.fromkeys(api.EDITABLE_SETTINGS, "")
    _llm(settings, fixed)
    st.divider()
    _positions(settings, fixed)
    st.divider()
    _storage(settings)
    st.divider()
    _playbooks(settings)
