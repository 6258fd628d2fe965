"""The "test connection" result for the local LLM server."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.settings import Settings
from ui.i18n import _
from ui.safe import md


def connection_report(settings: Settings) -> None:
    with st.spinner(_("Asking {host}…", host=md(settings.ollama_host))):
        status = api.ollama_status(settings)
    models = [str(m) for m in status.get("models") or []]  # type: ignore[attr-defined]
    listed = ", ".join(map(md, models)) if models else _("none")
    where = md(status.get("url") or settings.ollama_host)
    if not status.get("reachable"):
        failed = _("No answer from {host}: {error}", host=md(settings.ollama_host), error=md(status.get("error")))
        st.error(failed, icon=":material/cloud_off:")
    elif status.get("model_available"):
        st.success(
            _("Connected to {host}. Models found: {models}.", host=where, models=listed)
            + " "
            + _("{model} is ready.", model=md(settings.ollama_model)),
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            _("Connected to {host}. Models found: {models}.", host=where, models=listed)
            + f" {md(status.get('error'))}",
            icon=":material/warning:",
        )
