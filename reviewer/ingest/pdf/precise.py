"""The careful reader (pdfplumber, the PDF library of record): character by character, it takes
out text a human cannot see (white or background-coloured fill, font size under 2 pt, outside the
page box) and reports it, and it finds ruled tables and reads them row by row.

Only pages the fast reader's screen flags come here.
"""

from __future__ import annotations

import io
from typing import Any

from reviewer.ingest.pdf.layout import Line, PageContent, clean_text, sort_lines
from reviewer.ingest.pdf.tables import TABLE_SETTINGS, Box, inside
from reviewer.models import IngestWarning

MIN_VISIBLE_SIZE = 2.0
WHITE_THRESHOLD = 0.92
BACKGROUND_DISTANCE = 0.08


def open_document(data: bytes) -> Any:
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


def _rgb(color: Any) -> tuple[float, float, float] | None:
    """A pdfplumber colour as RGB in 0..1, or None when unknown (patterns, missing)."""
    if color is None:
        return (0.0, 0.0, 0.0)
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, list | tuple) or not all(isinstance(c, int | float) for c in color):
        return None
    if len(color) == 1:
        return (float(color[0]),) * 3
    if len(color) == 3:
        return (float(color[0]), float(color[1]), float(color[2]))
    if len(color) == 4:
        c, m, y, k = (float(v) for v in color)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _distance(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


class _PageInspector:
    """Decides, character by character, whether a human can see it on the page. ``invisible``
    holds the boxes (PDF space) of text drawn in the invisible rendering mode with no scan under
    it, which pdfplumber cannot tell from its characters."""

    def __init__(self, page: Any, invisible: list[tuple[float, float, float, float]]) -> None:
        x0, top, x1, bottom = (float(v) for v in page.bbox)
        self.box = (x0, top, x1, bottom)
        height = float(page.height)
        self.invisible = [(left, height - t, right, height - b) for left, b, right, t in invisible]
        self.fills: list[tuple[float, float, float, float, tuple[float, float, float]]] = []
        for rect in page.rects:
            if not rect.get("fill"):
                continue
            rgb = _rgb(rect.get("non_stroking_color"))
            if rgb is None:
                continue
            self.fills.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"], rgb))

    def background_at(self, x: float, y: float) -> tuple[float, float, float]:
        for x0, top, x1, bottom, rgb in reversed(self.fills):  # last painted is on top
            if x0 <= x <= x1 and top <= y <= bottom:
                return rgb
        return (1.0, 1.0, 1.0)

    def hidden_reason(self, char: dict[str, Any]) -> str | None:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        if any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in self.invisible):
            return "drawn invisible"
        if float(char.get("size", 10)) < MIN_VISIBLE_SIZE:
            return "font size under 2 pt"
        x0, top, x1, bottom = self.box
        if char["x1"] <= x0 or char["x0"] >= x1 or char["bottom"] <= top or char["top"] >= bottom:
            return "outside the page"
        rgb = _rgb(char.get("non_stroking_color"))
        if rgb is None:
            return None
        if _distance(rgb, self.background_at(cx, cy)) <= BACKGROUND_DISTANCE:
            return "white text" if min(rgb) >= WHITE_THRESHOLD else "text in the background colour"
        return None


def _hidden_warnings(hidden: dict[str, list[dict[str, Any]]], number: int) -> list[IngestWarning]:
    warnings = []
    for reason, chars in hidden.items():
        ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
        text = clean_text("".join(c["text"] for c in ordered)).strip()
        if text:
            warnings.append(
                IngestWarning(
                    kind="hidden_text",
                    page=number,
                    text=text[:2000],
                    message=f"page {number} contains text a human reader cannot see ({reason}); "
                    "it was left out of the review",
                )
            )
    return warnings


def _table_rows(page: Any) -> tuple[list[Line], list[Box]]:
    """Ruled tables (at least 2 rows and 2 columns) as one line per row, and their boxes."""
    rows: list[Line] = []
    boxes: list[Box] = []
    for table in page.find_tables(TABLE_SETTINGS):
        cells = table.extract()
        if len(cells) < 2 or max((len(r) for r in cells), default=0) < 2:
            continue  # a page border or a framed paragraph, not a table
        boxes.append(table.bbox)
        for row, values in zip(table.rows, cells, strict=False):
            text = " | ".join(clean_text(" ".join((v or "").split())) for v in values if v and v.strip())
            if text:
                x0, top, _, bottom = row.bbox
                rows.append(Line(text=text, top=top, bottom=bottom, x0=x0, kind="table"))
    return rows, boxes


def read_page(
    page: Any, number: int, *, tables: bool, invisible: list[tuple[float, float, float, float]] | None = None
) -> PageContent:
    """One page: visible lines and table rows in reading order, and warnings for hidden text."""
    inspector = _PageInspector(page, invisible or [])
    hidden: dict[str, list[dict[str, Any]]] = {}

    def visible(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        reason = inspector.hidden_reason(obj)
        if reason is None:
            return True
        hidden.setdefault(reason, []).append(obj)
        return False

    filtered = page.filter(visible)
    rows, boxes = _table_rows(filtered) if tables else ([], [])
    lines = [
        Line(text=clean_text(raw["text"]), top=float(raw["top"]), bottom=float(raw["bottom"]), x0=float(raw["x0"]))
        for raw in filtered.extract_text_lines(layout=False, strip=True, return_chars=False)
        if not inside(float(raw["top"]), float(raw["bottom"]), float(raw["x0"]), boxes)
    ]
    return PageContent(
        number=number,
        height=float(page.height),
        lines=sort_lines(lines + rows),
        warnings=_hidden_warnings(hidden, number),
        has_images=bool(page.images),
    )
