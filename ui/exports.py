"""Download buttons for every export of the open review, in English or Chinese.

Files are made when the Export view opens (and again only when the review's drafts change), so a
click downloads at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.models import Review
from ui import state

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGS = {"en": "English", "zh": "中文 (Chinese)"}
CACHE = "exports"


@dataclass(frozen=True)
class Export:
    key: str
    label: str
    help: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


def _stem(review: Review) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in review.contract_set.name).strip("-")
    return f"{safe or 'review'}-{review.created_at:%Y%m%d}"


def _redlines(review: Review, lang: str, stem: str) -> list[Export]:
    settings = state.settings()
    out = []
    for doc in review.contract_set.documents:
        if doc.media_type != DOCX:
            continue

        def make(document_id: str = doc.id) -> bytes:
            _, source = api.original_file(review.contract_set.id, document_id, settings)
            return api.render_redline(review, source, lang, settings)

        base = doc.file_name.rsplit(".", 1)[0]
        out.append(
            Export(
                f"redline_{doc.id[:12]}",
                f"{doc.file_name} with the fixes as tracked changes",
                "The vendor's Word file with each fix as a tracked change your lawyer can accept or reject.",
                f"{base}-redline-{lang}.docx",
                DOCX,
                make,
            )
        )
    return out


REPORTS = (  # (format, label, what it is, file suffix, media type)
    ("docx", "Report (Word)", "Gap report and negotiation checklist, editable.", "report-{lang}.docx", DOCX),
    ("html", "Report (web page)", "The same report as one HTML file.", "report-{lang}.html", "text/html"),
    (
        "md",
        "Report (Markdown)",
        "Plain text with headings, for notes and wikis.",
        "report-{lang}.md",
        "text/markdown",
    ),
)


def _report(review: Review, lang: str, stem: str, spec: tuple[str, str, str, str, str]) -> Export:
    fmt, label, help_text, suffix, mime = spec
    return Export(
        fmt,
        label,
        help_text,
        f"{stem}-{suffix.format(lang=lang)}",
        mime,
        lambda: api.render_report(review, fmt, lang),
    )


def exports_for(review: Review, lang: str) -> list[Export]:
    stem, settings = _stem(review), state.settings()
    rider = Export(
        "rider",
        "Rider of draft clauses (Word)",
        "An addendum with a clause for each gap, in your wording where you edited it.",
        f"{stem}-rider-{lang}.docx",
        DOCX,
        lambda: api.render_rider(review, lang, settings),
    )
    data = Export(
        "json",
        "Data (JSON)",
        "Every finding with its evidence and your draft wording, for other tools.",
        f"{stem}.json",
        "application/json",
        lambda: api.render_report(review, "json", lang),
    )
    return [*(_report(review, lang, stem, spec) for spec in REPORTS), rider, *_redlines(review, lang, stem), data]


def _made(review: Review, lang: str, export: Export) -> bytes | str:
    """The export's bytes, or the message saying why it could not be made; cached per drafts."""
    drafts = hashlib.sha256(repr(sorted(review.draft_edits.items())).encode()).hexdigest()[:12]
    cache: dict[tuple[str, str, str, str], bytes | str] = st.session_state.setdefault(CACHE, {})
    key = (review.id, drafts, lang, export.key)
    if key not in cache:
        try:
            cache[key] = export.make()
        except ReviewerError as exc:
            cache[key] = exc.user_message
    return cache[key]


def render(review: Review) -> None:
    lang = st.radio(
        "Language of the documents", list(LANGS), format_func=LANGS.__getitem__, horizontal=True, key="export_lang"
    )
    st.caption("Quotes from the contract stay in the contract's own language.")
    with st.spinner("Preparing the documents…"):
        made = [(e, _made(review, lang, e)) for e in exports_for(review, lang)]
    for export, data in made:
        left, right = st.columns([2, 3], vertical_alignment="center")
        if isinstance(data, bytes):
            left.download_button(
                export.label, data=data, file_name=export.file_name, mime=export.mime, key=f"export_{export.key}",
                icon=":material/download:", width="stretch",
            )  # fmt: skip
            right.caption(export.help)
        else:
            left.button(export.label, disabled=True, key=f"export_{export.key}", width="stretch")
            right.caption(f"Not available: {data}")
    if not any(d.media_type == DOCX for d in review.contract_set.documents):
        st.caption("A redlined contract needs the vendor's contract as a Word file (.docx); this set has none.")
