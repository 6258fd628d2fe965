"""WordprocessingML tracked changes: split runs at character offsets, mark runs deleted (``w:del``),
add inserted runs and paragraphs (``w:ins``), each with an author and a date, and anchor comments.

Works on the lxml elements python-docx exposes. A paragraph's visible text is the text of its runs,
including runs inside hyperlinks, smart tags and earlier insertions; earlier deletions are not text.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W_R, W_T, W_TAB, W_BR, W_CR, W_RPR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:rPr")
_CONTAINERS = {qn("w:hyperlink"), qn("w:smartTag"), qn("w:ins"), qn("w:customXml"), qn("w:fldSimple")}
_TEXT_TAGS = {W_T: None, W_TAB: "\t", W_BR: "\n", W_CR: "\n", qn("w:noBreakHyphen"): "-"}

Element = Any  # an lxml element from python-docx


@dataclass
class Revisions:
    """Hands out revision ids and stamps author and date on tracked changes."""

    author: str
    date: datetime
    next_id: int = 1

    @classmethod
    def for_document(cls, body: Element, author: str, date: datetime) -> Revisions:
        ids = [int(v) for v in body.xpath("//@w:id") if str(v).isdigit()]
        return cls(author, date, max(ids, default=0) + 1)

    def mark(self, tag: str) -> Element:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.next_id += 1
        return element


def runs_of(paragraph: Element) -> Iterator[Element]:
    """The paragraph's runs in order, looking inside hyperlinks, smart tags and insertions."""
    for child in paragraph:
        if child.tag == W_R:
            yield child
        elif child.tag in _CONTAINERS:
            yield from runs_of(child)


def run_text(run: Element) -> str:
    parts = []
    for child in run:
        if child.tag == W_T:
            parts.append(child.text or "")
        elif child.tag in _TEXT_TAGS:
            parts.append(_TEXT_TAGS[child.tag] or "")
    return "".join(parts)


def paragraph_text(paragraph: Element) -> str:
    return "".join(run_text(r) for r in runs_of(paragraph))


def _is_plain(run: Element) -> bool:
    return all(child.tag == W_RPR or child.tag in _TEXT_TAGS for child in run)


def _set_run_text(run: Element, text: str) -> None:
    """Replace a plain run's content with ``text`` (tabs and line breaks as their own elements)."""
    for child in [c for c in run if c.tag != W_RPR]:
        run.remove(child)
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = "".join(buffer)
            run.append(t)
            buffer.clear()

    for ch in text:
        if ch in "\t\n":
            flush()
            run.append(OxmlElement("w:tab" if ch == "\t" else "w:br"))
        else:
            buffer.append(ch)
    flush()


def split_run(run: Element, at: int) -> Element:
    """Split a plain run at character ``at``; returns the new second half (inserted after it)."""
    text = run_text(run)
    second = copy.deepcopy(run)
    _set_run_text(run, text[:at])
    _set_run_text(second, text[at:])
    run.addnext(second)
    return second


def _boundary_at(paragraph: Element, offset: int) -> None:
    """Make a run boundary at character ``offset`` of the paragraph (splitting a plain run)."""
    position = 0
    for run in list(runs_of(paragraph)):
        length = len(run_text(run))
        if _is_plain(run) and position < offset < position + length:
            split_run(run, offset - position)
            return
        position += length


def runs_between(paragraph: Element, start: int, end: int) -> list[Element]:
    """The runs covering characters [start, end) of the paragraph, split so they cover it exactly."""
    _boundary_at(paragraph, start)
    _boundary_at(paragraph, end)
    chosen, position = [], 0
    for run in runs_of(paragraph):
        length = len(run_text(run))
        if length and position >= start and position + length <= end:
            chosen.append(run)
        position += length
    return chosen


def mark_deleted(runs: list[Element], revisions: Revisions) -> list[Element]:
    """Wrap runs in ``w:del`` (one per run of neighbours), their text becoming ``w:delText``."""
    wrappers: list[Element] = []
    for run in runs:
        for t in run.findall(W_T):
            t.tag = qn("w:delText")
        previous = run.getprevious()
        if wrappers and previous is wrappers[-1]:
            wrappers[-1].append(run)
            continue
        wrapper = revisions.mark("w:del")
        run.addprevious(wrapper)
        wrapper.append(run)
        wrappers.append(wrapper)
    return wrappers


def delete_paragraph_mark(paragraph: Element, revisions: Revisions) -> None:
    """Mark the paragraph's own mark deleted: accepted, what is left of it runs on into the next one."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    mark_rpr = ppr.find(W_RPR)
    if mark_rpr is None:
        mark_rpr = OxmlElement("w:rPr")
        ppr.append(mark_rpr)
    mark_rpr.append(revisions.mark("w:del"))


def new_run(text: str, rpr: Element | None = None) -> Element:
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    _set_run_text(run, text)
    return run


def inserted_runs(text: str, revisions: Revisions, rpr: Element | None = None, bold: bool = False) -> Element:
    """A ``w:ins`` holding one run of ``text``."""
    wrapper = revisions.mark("w:ins")
    run = new_run(text, rpr)
    if bold:
        props = run.find(W_RPR)
        if props is None:
            props = OxmlElement("w:rPr")
            run.insert(0, props)
        props.append(OxmlElement("w:b"))
    wrapper.append(run)
    return wrapper


def inserted_paragraph(
    text: str, revisions: Revisions, *, like: Element | None = None, bold: bool = False
) -> Element:
    """A new paragraph whose text and paragraph mark are tracked insertions, styled like ``like``."""
    paragraph = OxmlElement("w:p")
    ppr = None
    if like is not None and like.find(qn("w:pPr")) is not None:
        ppr = copy.deepcopy(like.find(qn("w:pPr")))
        for old in ppr.findall(qn("w:rPr")) + ppr.findall(qn("w:numPr")) + ppr.findall(qn("w:sectPr")):
            ppr.remove(old)
        style = ppr.find(qn("w:pStyle"))
        if style is not None and "list" in (style.get(qn("w:val")) or "").lower():
            ppr.remove(style)  # a list style would number the new paragraph as an item of the list
    if ppr is None:
        ppr = OxmlElement("w:pPr")
    mark_rpr = OxmlElement("w:rPr")
    mark_rpr.append(revisions.mark("w:ins"))
    ppr.append(mark_rpr)
    paragraph.append(ppr)
    first_run = next(iter(runs_of(like)), None) if like is not None else None
    rpr = first_run.find(W_RPR) if first_run is not None else None
    paragraph.append(inserted_runs(text, revisions, rpr, bold=bold))
    return paragraph


def anchor_comment(first: Element, last: Element, comment_id: int) -> None:
    """Comment range markers around the elements ``first``..``last`` (siblings or paragraphs)."""
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), str(comment_id))
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), str(comment_id))
    reference_run = OxmlElement("w:r")
    reference = OxmlElement("w:commentReference")
    reference.set(qn("w:id"), str(comment_id))
    reference_run.append(reference)
    if first.tag == qn("w:p"):
        ppr = first.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        last.append(end)
        last.append(reference_run)
    else:
        first.addprevious(start)
        last.addnext(end)
        end.addnext(reference_run)
