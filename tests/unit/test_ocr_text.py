"""What makes a scan read like its text: capitals the engine scrambled restored, tilted pages set
straight before reading, paragraphs told apart by the page's own line pitch, and a numbered clause
on its first line not taken for a title line."""

from __future__ import annotations

import numpy as np
import pytest

from reviewer.ingest.ocr.case import restore, restore_capitals, restore_commas
from reviewer.ingest.ocr.page import _skew
from reviewer.ingest.pdf.layout import Line, PageContent, page_blocks
from reviewer.ingest.structure import is_title_line


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("6. feES And PaYmenT", "6. FEES AND PAYMENT"),
        ("4. CUSTOmeR DATA AND GEnEraTIOnS", "4. CUSTOMER DATA AND GENERATIONS"),
        ("3. use of the services", "3. USE OF THE SERVICES"),
        ("5. privacy And security", "5. PRIVACY AND SECURITY"),
    ],
)
def test_a_heading_set_in_capitals_gets_its_capitals_back(read: str, meant: str) -> None:
    assert restore_capitals(read) == meant


@pytest.mark.parametrize(
    "line",
    [
        "5.1 Privacy. Our Privacy Notice describes how we handle personal",
        "the iPhone app and McDonald data",
        "12. months after termination, Vendor deletes the logs,",
        "Term And Termination",
    ],
)
def test_ordinary_lines_keep_their_case(line: str) -> None:
    assert restore_capitals(line) == line


def test_a_tilted_page_is_measured_to_a_quarter_degree() -> None:
    pytest.importorskip("cv2")
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    for row in range(150, 1450, 45):
        draw.rectangle([150, row, 1050, row + 18], fill=0)
    for tilt in (0.0, 1.0, -1.5):
        turned = np.array(image.rotate(tilt, fillcolor=255))
        assert _skew(turned) == pytest.approx(tilt, abs=0.26)


def _ocr_page(tops: list[float], texts: list[str]) -> PageContent:
    lines = [
        Line(text=t, top=top, bottom=top + 14 + (i % 3), x0=72, x1=500, confidence=0.95)
        for i, (t, top) in enumerate(zip(texts, tops, strict=True))
    ]
    return PageContent(number=1, height=842, lines=lines, ocr_confidence=0.95)


def test_ocr_paragraphs_are_split_where_the_line_pitch_widens() -> None:
    texts = [
        "Vendor keeps logs for",
        "thirty days and then",
        "deletes them.",
        "Customer may ask for",
        "a copy at any time.",
    ]
    tops = [100, 118, 136, 161, 179]  # 18 pt within a paragraph, 25 pt between two: the OCR boxes touch
    blocks = page_blocks(_ocr_page(tops, texts))
    assert [b.text for b in blocks] == [
        "Vendor keeps logs for thirty days and then deletes them.",
        "Customer may ask for a copy at any time.",
    ]


def test_a_numbered_clause_is_no_title_line_though_it_starts_with_one() -> None:
    assert not is_title_line("3.1 License. Subject to this Agreement, Inkwell grants you a non-exclusive,")
    assert is_title_line("3.1 License")
    assert is_title_line("5. Deletion")


@pytest.mark.parametrize("ocr", [True, False], ids=["ocr page", "text page"])
def test_a_run_in_heading_wrapped_onto_the_next_line_stays_one_paragraph(ocr: bool) -> None:
    # "6.1 Notification. Meridian will …" reads like a title by its capitals; the full stop after
    # "Notification" and the sentence after it say it is a clause, whose next line continues it.
    texts = [
        "6.1 Notification. Meridian will notify Customer of a Security Incident without",
        "undue delay and in any event within 72 hours after Meridian becomes aware of it.",
    ]
    page = _ocr_page([100, 118], texts) if ocr else _ocr_page([100, 114], texts)
    if not ocr:
        page.ocr_confidence = None
        for line in page.lines:
            line.confidence = None
    blocks = page_blocks(page)
    assert [b.text for b in blocks] == [" ".join(texts)]
    assert not is_title_line(texts[0])
    assert is_title_line("5. U.S. Data Transfers")
    assert is_title_line("12. Data Location")


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("a license to use, copy. modify and publish", "a license to use, copy, modify and publish"),
        (
            "inspections. conducted by the Customer. after notice",
            "inspections, conducted by the Customer, after notice",
        ),
        ("the services, etc. and more", "the services, etc. and more"),
        ("Acme Corp. and its affiliates", "Acme Corp. and its affiliates"),
        ("e.g. the logs; i.e. the data", "e.g. the logs; i.e. the data"),
        ("U.S. customers. The term", "U.S. customers. The term"),
    ],
)
def test_a_comma_read_as_a_full_stop_inside_a_sentence_is_a_comma_again(read: str, meant: str) -> None:
    assert restore_commas(read) == meant


def test_an_ocr_paragraph_gets_its_commas_back_across_a_line_end() -> None:
    texts = ["Inkwell grants you a license to use, copy.", "modify and publish the Generations."]
    blocks = page_blocks(_ocr_page([100, 118], texts))
    assert [b.text for b in blocks] == [
        "Inkwell grants you a license to use, copy, modify and publish the Generations."
    ]


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("retained for twelve (l2) months", "retained for twelve (12) months"),
        ("within sixty (6o) days", "within sixty (60) days"),
        ("within 3o business days", "within 30 business days"),
        ("the GPT-4o and o3 models", "the GPT-4o and o3 models"),
        ("Schedule IO", "Schedule IO"),
    ],
)
def test_digits_read_as_letters_are_restored_in_a_number_of_days(read: str, meant: str) -> None:
    assert restore(read) == meant


def test_a_sentence_carried_over_a_page_break_reads_as_one_sentence() -> None:
    from reviewer.ingest.base import ParsedDocument
    from reviewer.ingest.structure import assemble

    def page(number: int, texts: list[str]) -> PageContent:
        lines = [Line(text=t, top=100 + 40 * i, bottom=112 + 40 * i) for i, t in enumerate(texts)]
        return PageContent(number=number, height=842, lines=lines)

    first = page(1, ["6.1 Vendor will notify Customer of a Security Incident without"])
    second = page(2, ["undue delay and in any event within 72 hours.", "6.2 Content of notice."])
    blocks = page_blocks(first) + page_blocks(second, carried=first.lines[-1].text)
    parsed = ParsedDocument(media_type="application/pdf", page_count=2, blocks=blocks)
    doc = assemble(doc_id="d", file_name="a.pdf", size_bytes=1, parsed=parsed)
    assert "Incident without undue delay and in any event within 72 hours." in doc.text
    assert [b.page for b in doc.blocks] == [1, 2, 2]
