"""The fast reader (pypdfium2): lines of text with their position, and a screen of the page's
objects that says when the page needs the careful, character-level reader (pdfplumber).

A page goes to pdfplumber when any text object on it may be invisible to a human (fill near the
colour under it, an effective size under 2 pt, or outside the page box). Everything else is read
here, an order of magnitude faster; ruled tables too (see ``tables``).
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reviewer.ingest.pdf import reading_order, tables
from reviewer.ingest.pdf.layout import Line, PageContent, clean_text, sort_lines

MIN_VISIBLE_SIZE = 2.0
BACKGROUND_DISTANCE = 0.08
MAX_FORM_DEPTH = 8
RULE_THICKNESS = 3.0  # a shape thinner than this and longer than RULE_LENGTH is a ruling line
RULE_LENGTH = 10.0
GRID_SEGMENTS = 8  # one path drawing this many segments over an area may be a whole grid

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF space
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_LINE = re.compile(r"[^\r\n]+")


@dataclass
class PageScan:
    """What the page's objects say about it."""

    suspicious: list[str] = field(default_factory=list)  # why text may be hidden
    horizontal_rules: int = 0
    vertical_rules: int = 0
    grid_paths: int = 0
    images: int = 0
    paths: int = 0
    fills: list[tuple[Rect, tuple[float, float, float]]] = field(default_factory=list)
    path_objects: list[tuple[Any, Matrix]] = field(default_factory=list)  # valid while the page is open
    invisible: list[Rect] = field(default_factory=list)  # text drawn in the invisible rendering mode

    @property
    def table_candidate(self) -> bool:
        return (self.horizontal_rules >= 2 and self.vertical_rules >= 2) or self.grid_paths > 0

    @property
    def needs_precise_reader(self) -> bool:
        return bool(self.suspicious)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform(rect: Rect, m: Matrix) -> Rect:
    if m == IDENTITY:
        return rect
    left, bottom, right, top = rect
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return (min(xs), min(ys), max(xs), max(ys))


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _bounds(obj: Any) -> Rect | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    return (left.value, bottom.value, right.value, top.value)


def _fill_rgb(obj: Any) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


class _Screen:
    """Walks the page's objects in paint order (into form XObjects) and fills a ``PageScan``."""

    def __init__(self, box: Rect) -> None:
        self.box = box
        self.scan = PageScan()

    def walk(self, handle: Any, *, form: bool, outer: Matrix, depth: int = 0) -> None:
        count = pdfium_c.FPDFFormObj_CountObjects(handle) if form else pdfium_c.FPDFPage_CountObjects(handle)
        for i in range(count):
            obj = pdfium_c.FPDFFormObj_GetObject(handle, i) if form else pdfium_c.FPDFPage_GetObject(handle, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth >= MAX_FORM_DEPTH:
                    self.scan.suspicious.append("deeply nested forms")
                    continue
                self.walk(obj, form=True, outer=_compose(_matrix(obj), outer), depth=depth + 1)
                continue
            bounds = _bounds(obj)
            if bounds is None:
                continue
            rect = _transform(bounds, outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                self._text(obj, rect, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self.scan.path_objects.append((obj, outer))
                self._path(obj, rect)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                self.scan.images += 1

    def _text(self, obj: Any, rect: Rect, outer: Matrix) -> None:
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            self.scan.invisible.append(rect)  # an OCR layer if there is a scan under it
            return
        size = ctypes.c_float()
        if pdfium_c.FPDFTextObj_GetFontSize(obj, size):
            effective = size.value * _scale(_matrix(obj)) * _scale(outer)
            if 0 < effective < MIN_VISIBLE_SIZE:
                self.scan.suspicious.append("font size under 2 pt")
                return
        left, bottom, right, top = rect
        bl, bb, br, bt = self.box
        if right < bl or left > br or top < bb or bottom > bt:
            self.scan.suspicious.append("outside the page")
            return
        rgb = _fill_rgb(obj)
        if rgb is not None:
            background = self._background_at((left + right) / 2, (bottom + top) / 2)
            if max(abs(x - y) for x, y in zip(rgb, background, strict=True)) <= BACKGROUND_DISTANCE:
                self.scan.suspicious.append("text in the background colour")

    def _background_at(self, x: float, y: float) -> tuple[float, float, float]:
        for (left, bottom, right, top), rgb in reversed(self.scan.fills):  # the last painted is on top
            if left <= x <= right and bottom <= y <= top:
                return rgb
        return (1.0, 1.0, 1.0)

    def _path(self, obj: Any, rect: Rect) -> None:
        self.scan.paths += 1
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, ctypes.byref(stroke))
        left, bottom, right, top = rect
        width, height = right - left, top - bottom
        if fill_mode.value and width > RULE_THICKNESS and height > RULE_THICKNESS:
            rgb = _fill_rgb(obj)
            if rgb is not None:
                self.scan.fills.append((rect, rgb))
        if height <= RULE_THICKNESS and width >= RULE_LENGTH:
            self.scan.horizontal_rules += 1
        elif width <= RULE_THICKNESS and height >= RULE_LENGTH:
            self.scan.vertical_rules += 1
        elif (
            stroke.value
            and width >= RULE_LENGTH
            and height >= RULE_LENGTH
            and pdfium_c.FPDFPath_CountSegments(obj) >= GRID_SEGMENTS
        ):
            self.scan.grid_paths += 1


def page_box(page: pdfium.PdfPage) -> Rect:
    """The visible page area (crop box) in PDF space."""
    left, bottom, right, top = page.get_cropbox()
    return (float(left), float(bottom), float(right), float(top))


def scan_page(page: pdfium.PdfPage) -> PageScan:
    screen = _Screen(page_box(page))
    screen.walk(page, form=False, outer=IDENTITY)
    scan = screen.scan
    if scan.invisible and not scan.images:
        scan.suspicious.append("invisible text")  # no scan under it: not OCR, just hidden
    else:
        scan.invisible.clear()
    return scan


def read_page(page: pdfium.PdfPage, number: int, scan: PageScan) -> PageContent:
    """A page the screen found clean: its lines, with ruled tables read row by row."""
    textpage = page.get_textpage()
    try:
        lines = read_lines(page, textpage)
        if scan.table_candidate:
            left, bottom, right, top = page_box(page)
            edges = [
                edge
                for obj, outer in scan.path_objects
                for edge in tables.path_edges(obj, _compose(_matrix(obj), outer), top)
            ]
            rows, boxes = tables.find_tables(textpage, edges, (left, 0.0, right, top - bottom), top)
            lines = sort_lines([ln for ln in lines if not tables.inside(ln.top, ln.bottom, ln.x0, boxes)] + rows)
    finally:
        textpage.close()
    return PageContent(
        number=number, height=float(page.get_height()), lines=lines, has_images=scan.images > 0, paths=scan.paths
    )


def read_lines(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Line]:
    """The page's text as lines (pdfium's own line breaks), each with its vertical position; a
    line drawn out of order is put back in reading order (see ``reading_order``)."""
    text = textpage.get_text_range()
    if not text.strip():
        return []
    _, _, _, page_top = page_box(page)
    spans: list[reading_order.Span] = []
    for match in _LINE.finditer(text):
        raw = match.group()
        if not raw.strip():
            continue
        first = match.start() + (len(raw) - len(raw.lstrip()))
        last = match.start() + len(raw.rstrip()) - 1
        indexes = [pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, i) for i in (first, last)]
        box = _line_box(textpage, indexes)
        if box is None:
            continue
        left, bottom, top = box
        spans.append(
            reading_order.Span(raw, match.start(), indexes[0], indexes[1], page_top - top, page_top - bottom, left)
        )
    lines = []
    for group in reading_order.same_baseline_groups(spans):
        if len(group) > 1 or not reading_order.in_order(textpage, group[0]):
            group.sort(key=lambda s: s.x0)
            raw_text = reading_order.rebuild(textpage, group)
        else:
            raw_text = reading_order.without_generated_cjk_spaces(textpage, group[0])
        line_text = clean_text(raw_text).strip()
        if line_text:
            top, bottom = min(s.top for s in group), max(s.bottom for s in group)
            lines.append(Line(text=line_text, top=top, bottom=bottom, x0=min(s.x0 for s in group)))
    return sort_lines(lines)


def _line_box(textpage: pdfium.PdfTextPage, indexes: list[int]) -> tuple[float, float, float] | None:
    """Left, bottom and top of a line, from the font boxes of its first and last characters."""
    boxes = []
    for index in set(indexes):
        if index < 0:
            continue
        try:
            boxes.append(textpage.get_charbox(index, loose=True))
        except pdfium.PdfiumError:
            continue
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[3] for b in boxes))
