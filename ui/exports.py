"""Download buttons for every export of the open review, in English or Chinese.

Each file is made when its button is clicked (so the audit log records real downloads only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from reviewer import api
from reviewer.models import Review
from reviewer.names import file_name_from
from ui import state
from ui.i18n import LANGUAGE_NAMES, N_, _, finding_text, lang
from ui.safe import md

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Export:
    key: str
    label: str  # already in the reader's language
    help: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


def _stem(review: Review) -> str:
    return f"{file_name_from(review.contract_set.name)}-{review.created_at:%Y%m%d}"


def _redlines(review: Review, lang: str, stem: str) -> list[Export]:
    settings, who = state.settings(), state.identity()
    out = []
    for doc in review.contract_set.documents:
        if doc.media_type != DOCX:
            continue

        def make(document_id: str = doc.id) -> bytes:
            _, source = api.original_file(review.contract_set.id, document_id, settings, identity=who)
            return api.render_redline(review, source, lang, settings, identity=who)

        base = file_name_from(doc.file_name.rsplit(".", 1)[0], fallback="contract")
        out.append(
            Export(
                f"redline_{doc.id[:12]}",
                _("{file} with the fixes as tracked changes", file=md(doc.file_name)),
                _("The vendor's Word file with each fix as a tracked change your lawyer can accept or reject."),
                f"{base}-redline-{lang}.docx",
                DOCX,
                make,
            )
        )
    return out


REPORTS = (  # (format, label, what it is, file suffix, media type)
    (
        "docx",
        N_("Report (Word)"),
        N_("Gap report and negotiation checklist, editable."),
        "report-{lang}.docx",
        DOCX,
    ),
    ("html", N_("Report (web page)"), N_("The same report as one HTML file."), "report-{lang}.html", "text/html"),
    (
        "md",
        N_("Report (Markdown)"),
        N_("Plain text with headings, for notes and wikis."),
        "report-{lang}.md",
        "text/markdown",
    ),
)


def _report(review: Review, lang: str, stem: str, spec: tuple[str, str, str, str, str]) -> Export:
    fmt, label, help_text, suffix, mime = spec
    return Export(
        fmt,
        _(label),
        _(help_text),
        f"{stem}-{suffix.format(lang=lang)}",
        mime,
        lambda: api.render_report(review, fmt, lang, identity=state.identity()),
    )


def exports_for(review: Review, lang: str) -> list[Export]:
    stem, settings, who = _stem(review), state.settings(), state.identity()
    rider = Export(
        "rider",
        _("Rider of draft clauses (Word)"),
        _("An addendum with a clause for each gap, in your wording where you edited it."),
        f"{stem}-rider-{lang}.docx",
        DOCX,
        lambda: api.render_rider(review, lang, settings, identity=who),
    )
    data = Export(
        "json",
        _("Data (JSON)"),
        _("Every finding with its evidence and your draft wording, for other tools."),
        f"{stem}.json",
        "application/json",
        lambda: api.render_report(review, "json", lang, identity=who),
    )
    return [*(_report(review, lang, stem, spec) for spec in REPORTS), rider, *_redlines(review, lang, stem), data]


def render(review: Review) -> None:
    if not state.can("export", review.contract_set.id):
        st.info(_("Your account can read this review but not export it."), icon=":material/lock:")
        return
    st.session_state.setdefault("export_lang", lang())
    chosen = st.radio(
        _("Language of the documents"),
        list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        key="export_lang",
    )
    st.caption(
        _("Quotes from the contract stay in the contract's own language. Each file is made when you click.")
    )
    for export in exports_for(review, chosen):
        left, right = st.columns([2, 3], vertical_alignment="center")
        left.download_button(
            export.label,
            data=export.make,
            file_name=export.file_name,
            mime=export.mime,
            key=f"export_{export.key}",
            icon=":material/download:",
            width="stretch",
            on_click="ignore",
        )
        right.caption(export.help)
    if not any(d.media_type == DOCX for d in review.contract_set.documents):
        st.caption(_("A redlined contract needs the vendor's contract as a Word file (.docx); this set has none."))
    else:
        _round_trip(review, chosen)


def _round_trip(review: Review, lang: str) -> None:
    """One line: would the contract pass its own review once the lawyer accepts every change?"""
    if not st.button(_("Check the redline"), key="redline_verify", icon=":material/fact_check:"):
        return
    settings, who = state.settings(), state.identity()
    for doc in (d for d in review.contract_set.documents if d.media_type == DOCX):
        _name, source = api.original_file(review.contract_set.id, doc.id, settings, identity=who)
        with st.spinner(_("Accepting every change and reviewing the result...")):
            trip = api.redline(review, source, lang, settings, verify=True, identity=who).round_trip
        if trip is None:
            continue
        still = _(", ").join(md(finding_text(f, "title")) for f in trip.after)
        line = _(
            "{file}: {before} must-have or walk-away checks not satisfied now, "
            "{after} once every change is accepted",
            file=md(doc.file_name),
            before=len(trip.before),
            after=len(trip.after),
        )
        (st.warning if trip.after else st.success)(f"{line}{_(': ') + still if still else '.'}")
