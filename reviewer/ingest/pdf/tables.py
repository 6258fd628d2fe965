"""Ruled tables without a character-level parse: the ruling lines come from pypdfium2's path
objects, pdfplumber's own table finder (the algorithm behind ``page.find_tables``, "lines"
strategy) turns them into cells, and each cell's text comes from pypdfium2.

A table needs at least two rows and two columns; a page border or a boxed paragraph is not one.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reviewer.ingest.pdf.layout import Line, clean_text
from reviewer.ingest.structure import join_lines

TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
AXIS_TOLERANCE = 1.0  # a segment this close to horizontal or vertical counts as a ruling line
MIN_EDGE = 3.0
MAX_SEGMENTS = 4096  # a path with more segments than this is a drawing, not rules

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down, as pdfplumber has it)
Matrix = tuple[float, float, float, float, float, float]


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def path_edges(obj: Any, matrix: Matrix, page_top: float) -> list[dict[str, Any]]:
    """The horizontal and vertical straight segments a path object draws, in top-down space."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0 or count > MAX_SEGMENTS:
        return []
    a, b, c, d, e, f = matrix
    edges = []
    start = previous = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, page_top - (b * x.value + d * y.value + f))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            edges.extend(_straight(previous, point))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            edges.extend(_straight(point, start))
            previous = start
    return edges


def _straight(p: tuple[float, float], q: tuple[float, float]) -> list[dict[str, Any]]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= AXIS_TOLERANCE and abs(x1 - x0) >= MIN_EDGE:
        y = (y0 + y1) / 2
        return [_edge(min(x0, x1), y, max(x0, x1), y, "h")]
    if abs(x0 - x1) <= AXIS_TOLERANCE and abs(y1 - y0) >= MIN_EDGE:
        x = (x0 + x1) / 2
        return [_edge(x, min(y0, y1), x, max(y0, y1), "v")]
    return []


class _EdgesOnly:
    """What pdfplumber's ``TableFinder`` reads of a page for the "lines" strategy."""

    def __init__(self, edges: list[dict[str, Any]], bbox: Box) -> None:
        self.edges = edges
        self.bbox = bbox


def _cell_text(textpage: pdfium.PdfTextPage, cell: Box, page_top: float) -> str:
    x0, top, x1, bottom = cell
    raw = textpage.get_text_bounded(left=x0, bottom=page_top - bottom, right=x1, top=page_top - top)
    return join_lines([clean_text(part) for part in raw.replace("\r", "\n").split("\n")])


def find_tables(
    textpage: pdfium.PdfTextPage, edges: list[dict[str, Any]], page_box: Box, page_top: float
) -> tuple[list[Line], list[Box]]:
    """Table rows as lines of kind "table" (cells joined by " | "), and the tables' boxes."""
    from pdfplumber.table import TableFinder

    rows: list[Line] = []
    boxes: list[Box] = []
    for table in TableFinder(_EdgesOnly(edges, page_box), TABLE_SETTINGS).tables:  # type: ignore[arg-type]
        table_rows = table.rows
        if len(table_rows) < 2 or max(len(r.cells) for r in table_rows) < 2:
            continue
        boxes.append(table.bbox)
        for row in table_rows:
            values = [_cell_text(textpage, cell, page_top) for cell in row.cells if cell is not None]
            text = " | ".join(v for v in values if v)
            if text:
                x0, top, _, bottom = row.bbox
                rows.append(Line(text=text, top=top, bottom=bottom, x0=x0, kind="table"))
    return rows, boxes


def inside(top: float, bottom: float, x0: float, boxes: list[Box]) -> bool:
    """True when a line (by its middle and left edge) lies in one of the boxes."""
    middle = (top + bottom) / 2
    return any(bx0 - 1 <= x0 <= bx1 and btop <= middle <= bbottom for bx0, btop, bx1, bbottom in boxes)
