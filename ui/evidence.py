"""The evidence quote inside its surrounding text, as safe HTML with the quote highlighted."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from reviewer.models import ContractSet, Evidence
from ui.i18n import _

WINDOW = 320  # characters of context on each side of the quote


@dataclass(frozen=True)
class Passage:
    before: str
    quote: str
    after: str
    located: bool  # False when the quote could not be found in the stored text (shown alone)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _locate(text: str, evidence: Evidence) -> tuple[int, int] | None:
    """The quote's offsets: the stored ones when they match, else where the quote occurs."""
    start, end = evidence.start, evidence.end
    if 0 <= start < end <= len(text) and _squash(text[start:end]) == _squash(evidence.quote):
        return start, end
    words = [re.escape(w) for w in evidence.quote.split()]
    if not words:
        return None
    match = re.search(r"\s+".join(words), text)
    return (match.start(), match.end()) if match else None


def _first_boundary(text: str, limit: int = 200) -> int:
    """Where a clean cut is near the start of ``text``: a line break, a sentence end, a space."""
    for mark in ("\n", ". ", " "):
        at = text.find(mark, 0, limit)
        if at >= 0:
            return at + len(mark)
    return 0


def _trim_before(text: str) -> str:
    if len(text) < WINDOW:
        return text
    return "… " + text[_first_boundary(text) :].lstrip()


def _trim_after(text: str) -> str:
    if len(text) < WINDOW:
        return text
    cut = len(text) - _first_boundary(text[::-1])
    return text[:cut].rstrip() + " …"


def passage_for(contract_set: ContractSet | None, evidence: Evidence) -> Passage:
    if contract_set is None:
        return Passage("", evidence.quote, "", located=False)
    try:
        text = contract_set.document(evidence.document_id).text
    except KeyError:
        return Passage("", evidence.quote, "", located=False)
    span = _locate(text, evidence)
    if span is None:
        return Passage("", evidence.quote, "", located=False)
    start, end = span
    before = _trim_before(text[max(0, start - WINDOW) : start])
    after = _trim_after(text[end : end + WINDOW])
    return Passage(before, text[start:end], after, located=True)


def passage_html(passage: Passage) -> str:
    return (
        '<div class="cr-passage">'
        f"{html.escape(passage.before)}<mark>{html.escape(passage.quote)}</mark>{html.escape(passage.after)}"
        "</div>"
    )


def citation(evidence: Evidence) -> str:
    pages = evidence.pages or [evidence.page]
    where = _("page {n}", n=pages[0]) if len(pages) == 1 else _("pages {a}–{b}", a=pages[0], b=pages[-1])
    parts = [evidence.file_name, where]
    section = " ".join(p for p in (evidence.section, evidence.section_title) if p)
    if section:
        parts.append(_("section {section}", section=section) if evidence.section else section)
    return " · ".join(parts)


def short_citation(evidence: Evidence) -> str:
    """``MSA.pdf p.4 §12.3``: the citation in a table cell."""
    section = f" §{evidence.section}" if evidence.section else ""
    return f"{evidence.file_name} " + _("p.{n}", n=evidence.page) + section
