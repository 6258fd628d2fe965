"""The evidence quote inside its surrounding text, as safe HTML with the quote highlighted.

A quote is highlighted to the end of its sentence or list item (Chinese sentences end in 。！？；,
possibly followed by a closing quote or bracket), and quotes of one document that are near each
other are shown in one passage, each highlighted, so a short document appears once."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from reviewer.judge.text import split_sentences
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


def _whole_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the end of its last sentence, and to the start of its first one when the
    quote starts inside a Chinese sentence (mid-clause, right after a character, not a space)."""
    sentences = split_sentences(text[max(0, start - 2 * WINDOW) : end + 2 * WINDOW])
    offset = max(0, start - 2 * WINDOW)
    for s in sentences:
        first, last = s.start + offset, s.end + offset
        if first < end <= last:
            end = last
        if first < start < last and not text[start - 1].isspace() and not text[start - 1].isascii():
            start = first
    return start, end


def _first_boundary(text: str, limit: int = 200) -> int:
    """Where a clean cut is near the start of ``text``: a line break, a sentence end, a space."""
    for mark in ("\n", ". ", "。", "；", " "):
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
    start, end = _whole_sentence(text, *span)
    before = _trim_before(text[max(0, start - WINDOW) : start])
    after = _trim_after(text[end : end + WINDOW])
    return Passage(before, text[start:end], after, located=True)


@dataclass(frozen=True)
class Shown:
    """One passage as shown: the citations of its quotes, and its text in (words, highlighted) runs."""

    cites: list[str]
    runs: list[tuple[str, bool]]
    located: bool


def _group(text: str, evidence: list[Evidence]) -> list[tuple[list[Evidence], list[tuple[int, int]]]]:
    spans = sorted(
        ((_whole_sentence(text, *span), e) for e in evidence if (span := _locate(text, e)) is not None),
        key=lambda item: item[0],
    )
    groups: list[tuple[list[Evidence], list[tuple[int, int]]]] = []
    for span, e in spans:
        if groups and span[0] - groups[-1][1][-1][1] <= 2 * WINDOW:
            groups[-1][0].append(e)
            last = groups[-1][1][-1]
            if span[0] < last[1]:  # overlapping quotes: one highlight
                groups[-1][1][-1] = (last[0], max(last[1], span[1]))
            else:
                groups[-1][1].append(span)
        else:
            groups.append(([e], [span]))
    return groups


def shown_passages(contract_set: ContractSet | None, evidence: list[Evidence]) -> list[Shown]:
    """The passages to show for a finding's evidence: one per document region, quotes highlighted."""
    shown: list[Shown] = []
    alone = list(evidence)
    for doc in contract_set.documents if contract_set is not None else []:
        mine = [e for e in evidence if e.document_id == doc.id]
        for members, spans in _group(doc.text, mine):
            runs = [(_trim_before(doc.text[max(0, spans[0][0] - WINDOW) : spans[0][0]]), False)]
            for n, (start, end) in enumerate(spans):
                if n:
                    runs.append((doc.text[spans[n - 1][1] : start], False))
                runs.append((doc.text[start:end], True))
            runs.append((_trim_after(doc.text[spans[-1][1] : spans[-1][1] + WINDOW]), False))
            shown.append(Shown(list(dict.fromkeys(citation(e) for e in members)), runs, located=True))
            alone = [e for e in alone if e not in members]
    shown.extend(Shown([citation(e)], [(e.quote, True)], located=False) for e in alone)
    return shown


def shown_html(shown: Shown) -> str:
    body = "".join(f"<mark>{html.escape(t)}</mark>" if marked else html.escape(t) for t, marked in shown.runs)
    return f'<div class="cr-passage">{body}</div>'


def passage_html(passage: Passage) -> str:
    return (
        '<div class="cr-passage">'
        f"{html.escape(passage.before)}<mark>{html.escape(passage.quote)}</mark>{html.escape(passage.after)}"
        "</div>"
    )


def citation(evidence: Evidence) -> str:
    pages = evidence.pages or [evidence.page]
    where = _("page {n}", n=pages[0]) if len(pages) == 1 else _("pages {a}–{b}", a=pages[0], b=pages[-1])
    parts = [evidence.file_name, where] if evidence.paged else [evidence.file_name]
    section = " ".join(p for p in (evidence.section, evidence.section_title) if p)
    if section:
        parts.append(_("section {section}", section=section) if evidence.section else section)
    return " · ".join(parts)


def short_citation(evidence: Evidence) -> str:
    """``MSA.pdf p.4 §12.3``: the citation in a table cell."""
    section = f" §{evidence.section}" if evidence.section else ""
    page = " " + _("p.{n}", n=evidence.page) if evidence.paged else ""
    return evidence.file_name + page + section
