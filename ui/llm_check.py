"""The "test connection" result for the local LLM server."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.settings import Settings


def connection_report(settings: Settings) -> None:
    with st.spinner(f"Asking {settings.ollama_host}…"):
        status = api.ollama_status(settings)
    models = [str(m) for m in status.get("models") or []]  # type: ignore[attr-defined]
    listed = ", ".join(models) if models else "none"
    if not status.get("reachable"):
        st.error(f"No answer from {settings.ollama_host}: {status.get('error')}", icon=":material/cloud_off:")
    elif status.get("model_available"):
        st.success(
            f"Connected to {status.get('url') or settings.ollama_host}. Models found: {listed}. "
            f"{settings.ollama_model} is ready.",
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            f"Connected to {status.get('url') or settings.ollama_host}. Models found: {listed}. "
            f"{status.get('error')}",
            icon=":material/warning:",
        )
