"""The Streamlit UI: widgets and state only; everything else is in ``reviewer.api``."""

from __future__ import annotations

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.settings import get_settings

st.set_page_config(page_title="Contract Reviewer", page_icon="📄", layout="wide")
settings = get_settings()

st.title("AI vendor contract review")
st.caption(f"Everything stays on this machine. Data folder: `{settings.data_dir}`")

uploads = st.file_uploader(
    "Upload the vendor's documents (one contract set)",
    type=["pdf", "docx", "txt", "md"],
    accept_multiple_files=True,
)
if uploads and st.button("Ingest", type="primary"):
    try:
        with st.spinner("Reading, chunking and indexing…"):
            result = api.ingest_bytes([(u.name, u.getvalue()) for u in uploads], settings=settings)
        st.success(
            f"Contract set {result.contract_set.id[:12]} stored" + (" (already stored)" if result.reused else "")
        )
    except ReviewerError as exc:
        st.error(exc.user_message)

for summary in api.list_sets(settings):
    with st.expander(f"{summary.name} · {summary.id[:12]} · {len(summary.documents)} document(s)"):
        st.table(
            [
                {"document": d.file_name, "pages": d.pages, "sections": d.sections, "chunks": d.chunks}
                for d in summary.documents
            ]
        )
        for d in summary.documents:
            for w in d.warnings:
                st.warning(f"{d.file_name}: {w.message}")
