"""Download buttons for every export of the open review."""

from __future__ import annotations

import streamlit as st

from reviewer.models import Review


def _file_stem(review: Review) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in review.contract_set.name).strip("-")
    return f"{safe or 'review'}-{review.created_at:%Y%m%d}"


def render(review: Review) -> None:
    stem = _file_stem(review)
    st.download_button(
        "JSON (all findings, for other tools)",
        data=review.model_dump_json(indent=2).encode(),
        file_name=f"{stem}.json",
        mime="application/json",
        key="export_json",
        icon=":material/data_object:",
    )
