"""Reading order for recognised lines: pieces of one line joined left to right, and a page set in
two columns read column by column (a line across both, such as a title, closes the columns above it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.ingest.ocr.page import OcrLine

GUTTER_RANGE = (0.3, 0.7)  # where on the page (share of its width) a column gutter is looked for
MIN_COLUMN_LINES = 3
_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u9fff\uff00-\uffef]")


def _same_row(a: OcrLine, b: OcrLine) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap > 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def _join(pieces: list[OcrLine]) -> OcrLine:
    from reviewer.ingest.ocr.page import OcrLine

    pieces.sort(key=lambda ln: ln.box[0])
    text = pieces[0].text
    for piece in pieces[1:]:
        glue = "" if _CJK_END.search(text) and _CJK_START.search(piece.text) else " "
        text = f"{text}{glue}{piece.text}"
    chars = sum(len(p.text) for p in pieces) or 1
    box = (
        min(p.box[0] for p in pieces),
        min(p.box[1] for p in pieces),
        max(p.box[2] for p in pieces),
        max(p.box[3] for p in pieces),
    )
    return OcrLine(text=text, box=box, confidence=sum(p.confidence * len(p.text) for p in pieces) / chars)


def _rows(lines: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom, the pieces that share a row joined into one line."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1], ln.box[0])):
        if rows and _same_row(rows[-1][-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_join(row) if len(row) > 1 else row[0] for row in rows]


def _gutter(lines: list[OcrLine]) -> float | None:
    """The x of a column gutter: few lines cross it and enough lie on each side."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return None
    left = min(ln.box[0] for ln in lines)
    right = max(ln.box[2] for ln in lines)
    best: tuple[int, float] | None = None
    for step in range(41):
        x = left + (right - left) * (GUTTER_RANGE[0] + (GUTTER_RANGE[1] - GUTTER_RANGE[0]) * step / 40)
        crossing = sum(1 for ln in lines if ln.box[0] < x < ln.box[2])
        if best is None or crossing < best[0]:
            best = (crossing, x)
    assert best is not None
    crossing, x = best
    before = sum(1 for ln in lines if ln.box[2] <= x)
    after = sum(1 for ln in lines if ln.box[0] >= x)
    if crossing > 0.2 * len(lines) or before < MIN_COLUMN_LINES or after < MIN_COLUMN_LINES:
        return None
    return x


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    gutter = _gutter(lines)
    if gutter is None:
        return _rows(lines)
    ordered: list[OcrLine] = []
    left: list[OcrLine] = []
    right: list[OcrLine] = []
    for line in sorted(lines, key=lambda ln: ln.box[1]):
        if line.box[2] <= gutter:
            left.append(line)
        elif line.box[0] >= gutter:
            right.append(line)
        else:  # across both columns: what came before it is read first
            ordered += _rows(left) + _rows(right) + [line]
            left, right = [], []
    return ordered + _rows(left) + _rows(right)
