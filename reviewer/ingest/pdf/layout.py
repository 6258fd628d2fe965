"""From positioned lines to blocks: what both PDF readers (pypdfium2 and pdfplumber) hand over.

Each page is a list of ``Line``s with their vertical position. Lines that repeat at the top or
bottom of many pages (running headers, "Page 3 of 12") are marked ``header``/``footer`` so that they
neither start sections nor end up inside chunks; the rest are joined into paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from reviewer.ingest.base import RawBlock
from reviewer.ingest.ocr.case import restore_commas
from reviewer.ingest.structure import CJK, detect_heading, is_title_line, join_lines, opens_block
from reviewer.models import BlockKind, IngestWarning

# OCR pages: a line further below the one before than this many times the page's usual line pitch
# starts a paragraph (OCR boxes are taller than the glyphs, so the gap between them says little).
PARAGRAPH_PITCH = 1.2
# The top and bottom share of a page where running headers and footers live.
MARGIN_BAND = 0.12
# A line in the band is a running header/footer when it repeats on this share of the pages.
REPEAT_SHARE = 0.5

_CJK_CHARS = rf"[{CJK}\u3000-\u303f\uff00-\uffef]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK_CHARS})[ \t\u00a0\u3000]+(?={_CJK_CHARS})")
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u00a0": " ",
        "\u00ad": "",  # soft hyphen
        "\x02": "-",  # pdfium's mark for a hyphen at the end of a line
        "\ufeff": "",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*(?:(?:/|of)\s*\d{1,4})?\s*[-–—)\]]?$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?$",
    re.IGNORECASE,
)


_CJK_PAIR = re.compile(rf"{_CJK_CHARS}(?={_CJK_CHARS})")


def clean_text(text: str) -> str:
    """Ligatures spelled out, control characters dropped, letter-spaced CJK closed up."""
    text = _CONTROL.sub("", text.translate(_LIGATURES))
    spaced = len(_SPACE_BETWEEN_CJK.findall(text))
    if spaced >= 3 and spaced > len(_CJK_PAIR.findall(text)):
        # "合 同 终 止": a reader inserted spaces for wide character spacing; a single space
        # between CJK words ("第一条 定义") is the author's and stays.
        text = _SPACE_BETWEEN_CJK.sub("", text)
    return text


@dataclass
class Line:
    text: str
    top: float  # distance from the top of the page, in points
    bottom: float
    x0: float = 0.0
    kind: BlockKind = "paragraph"  # "table" for a table row; "header"/"footer" once marked
    x1: float | None = None  # OCR lines: the right edge
    confidence: float | None = None  # OCR lines: the engine's confidence


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    has_images: bool = False
    paths: int = 0  # vector shapes on the page
    ocr_confidence: float | None = None  # the lines were read by OCR from the page image

    @property
    def has_text(self) -> bool:
        return any(line.text.strip() for line in self.lines)


def _repeat_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _band_lines(page: PageContent) -> list[tuple[Line, str]]:
    """Lines in the top or bottom band of the page, with which band they are in."""
    out = []
    for line in page.lines:
        if line.kind != "paragraph":
            continue
        if line.bottom <= page.height * MARGIN_BAND:
            out.append((line, "header"))
        elif line.top >= page.height * (1 - MARGIN_BAND):
            out.append((line, "footer"))
    return out


def mark_running_lines(pages: list[PageContent]) -> None:
    """Mark page numbers and lines repeated in the margins of many pages as header/footer."""
    with_text = [p for p in pages if p.has_text]
    counts: Counter[tuple[str, str]] = Counter()
    for page in with_text:
        counts.update({(band, _repeat_key(line.text)) for line, band in _band_lines(page)})
    needed = max(2, round(REPEAT_SHARE * len(with_text)))
    for page in with_text:
        for line, band in _band_lines(page):
            repeated = counts[(band, _repeat_key(line.text))] >= needed
            if repeated or _PAGE_NUMBER.match(line.text.strip()):
                line.kind = band  # type: ignore[assignment]


def last_text_line(page: PageContent) -> str | None:
    """The page's last line of running text (None when the page ends with a table or has none)."""
    body = [line for line in page.lines if line.kind in ("paragraph", "table") and line.text.strip()]
    return body[-1].text if body and body[-1].kind == "paragraph" else None


def stops_mid_sentence(line: str) -> bool:
    """A line that ends on a lower-case word, a comma or a Chinese character: the sentence goes on
    (titles end on a capital, sentences on a full stop)."""
    text = line.strip()
    if not text:
        return False
    last = text[-1]
    return last.islower() or last in ",，、" or bool(re.match(rf"[{CJK}]", last))


def page_blocks(page: PageContent, carried: str | None = None) -> list[RawBlock]:
    """Join a page's lines into paragraphs; table rows, headers and footers stay one block each.
    ``carried`` is the last line of text of the page before: when it stops mid-sentence, the first
    paragraph here continues it and is no heading, whatever its first words look like."""
    blocks: list[RawBlock] = []
    current: list[Line] = []
    previous: Line | None = None
    title_before = False
    continues = False
    pitch = line_pitch(page) if page.ocr_confidence is not None else None

    def flush() -> None:
        nonlocal continues
        if current:
            text = join_lines([ln.text.strip() for ln in current])
            if page.ocr_confidence is not None:  # read by OCR
                text = restore_commas(text)
            blocks.append(RawBlock(text=text, page=page.number, continues=continues, **ocr_provenance(current)))
            current.clear()
        continues = False

    for line in page.lines:
        text = line.text.strip()
        if not text:
            continue
        if line.kind != "paragraph":
            flush()
            blocks.append(RawBlock(text=text, page=page.number, kind=line.kind, **ocr_provenance([line])))
            previous, title_before = None, False
            carried = None if line.kind == "table" else carried
            continue
        if previous is not None and current:
            height = max(previous.bottom - previous.top, 1.0)
            if pitch is not None:
                apart = _middle(line) - _middle(previous) > PARAGRAPH_PITCH * pitch
            else:
                apart = line.top - previous.bottom > 0.6 * height
            if title_before or apart or opens_block(text, previous.text):
                flush()
        if carried is not None:  # the first line of running text on the page
            continues = not opens_block(text, carried) and (
                detect_heading(text) is not None or stops_mid_sentence(carried)
            )
            carried = None
        current.append(line)
        title_before = is_title_line(text) and not continues
        previous = line
    flush()
    return blocks


def line_pitch(page: PageContent) -> float | None:
    """The usual distance from one line's middle to the next one's on a page (the lower quartile, so
    that the extra space between paragraphs does not count); None with too few lines to tell."""
    body = [ln for ln in page.lines if ln.kind == "paragraph" and ln.text.strip()]
    steps = sorted(_middle(b) - _middle(a) for a, b in pairwise(body) if b.top > a.bottom - 1)
    if len(steps) < 3:
        return None
    return steps[len(steps) // 4]


def _middle(line: Line) -> float:
    return (line.top + line.bottom) / 2


def ocr_provenance(lines: list[Line]) -> dict[str, Any]:
    """The confidence (weighted by characters) and the box of lines read by OCR; nothing otherwise."""
    read = [ln for ln in lines if ln.confidence is not None]
    if not read:
        return {}
    chars = sum(len(ln.text) for ln in read) or 1
    confidence = sum((ln.confidence or 0.0) * len(ln.text) for ln in read) / chars
    box = (
        min(ln.x0 for ln in read),
        min(ln.top for ln in read),
        max(ln.x1 or ln.x0 for ln in read),
        max(ln.bottom for ln in read),
    )
    return {"confidence": round(confidence, 4), "bbox": tuple(round(v, 1) for v in box)}


def sort_lines(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines on the same baseline left to right (stable for equal positions)."""
    return sorted(lines, key=lambda line: (round(line.top), line.x0))
