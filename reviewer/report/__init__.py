"""Rendering a review for people: the gap report (HTML, Markdown, DOCX, JSON), the rider of draft
clauses (DOCX) and the tracked-change redline of the uploaded Word contract.

Nothing here reads settings or the store: ``reviewer.api`` passes the stored contract set in when
it has one (for party names, defined terms, governing law and the notice clause).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from reviewer.docx_links import strip_loading_links
from reviewer.errors import ConfigError
from reviewer.models import ContractSet, Review
from reviewer.report.env import check_lang
from reviewer.report.xml_text import xml_safe, xml_safe_optional, xml_text

if TYPE_CHECKING:
    from reviewer.report.docx_redline import RedlineResult
    from reviewer.report.docx_rider import RiderResult

FORMATS = ("html", "md", "docx", "json")
ALIASES = {"markdown": "md", "htm": "html", "word": "docx"}
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def check_format(fmt: str) -> str:
    fmt = ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def render_report(review: Review, fmt: str = "html", lang: str = "en") -> bytes:
    """The gap report with the negotiation checklist, in one of ``FORMATS``."""
    fmt, lang = check_format(fmt), check_lang(lang)
    if fmt == "docx":
        from reviewer.report.docx_report import render_docx_report

        return strip_loading_links(render_docx_report(xml_safe(review), lang))
    from reviewer.report.text import render_json, render_text_report

    text = render_json(review) if fmt == "json" else render_text_report(review, fmt, lang)
    return text.encode("utf-8")


def render_rider(review: Review, lang: str = "en", contract_set: ContractSet | None = None) -> RiderResult:
    """The "Data Protection and AI Use Addendum" with its cover note, as DOCX."""
    from reviewer.report.docx_rider import render_docx_rider

    result = render_docx_rider(xml_safe(review), check_lang(lang), xml_safe_optional(contract_set))
    return replace(result, data=strip_loading_links(result.data))


def render_redline(
    review: Review,
    source: bytes,
    lang: str = "en",
    contract_set: ContractSet | None = None,
    *,
    author: str | None = None,
    date: datetime | None = None,
    source_name: str | None = None,
) -> RedlineResult:
    """A copy of the Word contract ``source`` (the set's document ``source_name``) with the fixes
    as tracked changes."""
    from reviewer.report.docx_redline import render_docx_redline

    clean_set, clean_author = xml_safe_optional(contract_set), author and xml_text(author)
    lang = check_lang(lang)
    result = render_docx_redline(
        xml_safe(review), source, lang, clean_set, author=clean_author, date=date, source_name=source_name
    )
    return replace(result, data=strip_loading_links(result.data))  # e.g. the vendor's remote template
