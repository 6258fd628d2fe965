"""Reading order of recognised lines: rows joined left to right, two columns read one after the other."""

from __future__ import annotations

from reviewer.ingest.ocr import OcrLine
from reviewer.ingest.ocr.order import reading_order


def _line(text: str, x0: float, top: float, x1: float) -> OcrLine:
    return OcrLine(text=text, box=(x0, top, x1, top + 20), confidence=0.9)


def test_two_columns_are_read_column_by_column_under_a_title() -> None:
    lines = [_line("Title across both", 100, 50, 1500)]
    lines += [_line(f"left {i}", 100, 100 + 40 * i, 700) for i in range(4)]
    lines += [_line(f"right {i}", 850, 100 + 40 * i, 1500) for i in range(4)]
    texts = [ln.text for ln in reading_order(lines)]
    assert texts == ["Title across both"] + [f"left {i}" for i in range(4)] + [f"right {i}" for i in range(4)]


def test_pieces_of_one_row_are_joined_left_to_right() -> None:
    lines = [
        _line("Date: 2026", 900, 100, 1200),
        _line("Signature:", 100, 102, 400),
        _line("第一条", 100, 200, 200),
    ]
    lines.append(_line("定义", 220, 200, 300))
    assert [ln.text for ln in reading_order(lines)] == ["Signature: Date: 2026", "第一条定义"]
