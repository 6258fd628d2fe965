"""The "test connection" result for the local LLM server."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.settings import Settings
from ui.safe import md


def connection_report(settings: Settings) -> None:
    host = md(settings.ollama_host)
    with st.spinner(f"Asking {host}…"):
        status = api.ollama_status(settings)
    models = [str(m) for m in status.get("models") or []]  # type: ignore[attr-defined]
    listed = ", ".join(map(md, models)) if models else "none"
    url, error = md(status.get("url") or settings.ollama_host), md(status.get("error"))
    if not status.get("reachable"):
        st.error(f"No answer from {host}: {error}", icon=":material/cloud_off:")
    elif status.get("model_available"):
        st.success(
            f"Connected to {url}. Models found: {listed}. {md(settings.ollama_model)} is ready.",
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            f"Connected to {url}. Models found: {listed}. {error}",
            icon=":material/warning:",
        )
