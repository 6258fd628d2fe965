"""The "test connection" result for the local LLM server."""

from __future__ import annotations

import streamlit as st

from reviewer.settings import Settings


def connection_report(settings: Settings) -> None:
    st.info(f"Testing {settings.ollama_host} is not available in this build yet.")
