"""Chunks follow the structure, carry their provenance, and have ids derived from content."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.ingest import parse_bytes
from reviewer.ingest.chunking import chunk_document
from reviewer.models import Document
from reviewer.settings import Settings
from tests.support import builders


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = tmp_path_factory.mktemp("chunking")
    pdf = builders.long_contract_pdf(folder / "long.pdf", pages=4)
    return parse_bytes(pdf.read_bytes(), "long.pdf", Settings(data_dir=folder / "data"))


def test_every_chunk_carries_its_provenance(long_doc: Document) -> None:
    chunks = chunk_document(long_doc, "a" * 64)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    first_section = min(s.start for s in long_doc.sections)
    for chunk in chunks:
        assert long_doc.text[chunk.start : chunk.end] == chunk.text
        assert chunk.set_id == "a" * 64 and chunk.document_id == long_doc.id and chunk.file_name == "long.pdf"
        assert chunk.pages == long_doc.pages_between(chunk.start, chunk.end)
        if chunk.end > first_section:  # all but the title above section 1
            assert chunk.section is not None and chunk.section_title
    clause = next(c for c in chunks if c.text.startswith("3.2 "))
    assert clause.section == "3.2" and clause.section_title == "Fees and Payment"


def test_ids_are_stable_and_depend_on_set_and_content(long_doc: Document) -> None:
    first = chunk_document(long_doc, "a" * 64)
    assert [c.id for c in first] == [c.id for c in chunk_document(long_doc, "a" * 64)]
    assert len({c.id for c in first}) == len(first)
    other_set = chunk_document(long_doc, "b" * 64)
    assert not {c.id for c in first} & {c.id for c in other_set}


def test_a_long_section_is_split_under_the_size_at_sentence_ends(settings: Settings) -> None:
    clauses = " ".join(
        f"Vendor shall deliver report number {n} to the steering committee within ten business days; "
        f"the committee shall review report {n} at its next meeting."
        for n in range(40)
    )
    text = f"7. Reporting\n{clauses}\n\n8. Notices\nNotices are given in writing."
    doc = parse_bytes(text.encode(), "long.txt", settings)
    chunks = chunk_document(doc, "a" * 64, size=400, overlap=60)
    reporting = [c for c in chunks if c.section == "7"]
    assert len(reporting) >= 8
    assert reporting[0].text.startswith("7. Reporting\nVendor shall deliver report number 0")  # heading kept
    for chunk in reporting:
        assert len(chunk.text) <= 400 + len("7. Reporting\n")
        assert chunk.text.rstrip()[-1] in ".;", chunk.text[-30:]
    starts = [c.start for c in reporting]
    assert starts == sorted(starts)
    notices = [c for c in chunks if c.section == "8"]
    assert [c.text for c in notices] == ["8. Notices\nNotices are given in writing."]


def test_text_and_markdown(settings: Settings) -> None:
    md = "# Master Agreement\n\n## 1. Scope\nVendor provides the Services.\n\n## 2. Fees\n- monthly\n- in EUR\n"
    doc = parse_bytes(md.encode(), "msa.md", settings)
    assert doc.media_type == "text/markdown"
    assert [(s.number, s.title) for s in doc.sections] == [
        (None, "Master Agreement"),
        ("1", "Scope"),
        ("2", "Fees"),
    ]
    txt = "1. Scope\nVendor provides\nthe Services.\f2. Fees\nCustomer pays.".encode("gb18030")
    doc = parse_bytes(txt, "msa.txt", settings)
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Vendor provides the Services." in doc.text
    assert doc.sections[1].page_start == 2
    cn = "第一条 定义\n本协议中的术语含义如下。".encode("gb18030")
    assert "本协议中的术语含义如下。" in parse_bytes(cn, "cn.txt", settings).text


def test_blank_and_drawn_pages_are_reported(tmp_path: Path, settings: Settings) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "pages.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "1. Scope")
    c.showPage()
    c.showPage()  # a blank page
    for i in range(250):  # text converted to outlines: shapes, no text layer
        c.line(72 + i, 700, 73 + i, 705)
    c.showPage()
    c.save()
    doc = parse_bytes(path.read_bytes(), "pages.pdf", settings)
    kinds = {w.page: (w.kind, w.message) for w in doc.warnings}
    assert kinds[2][0] == "empty_page"
    assert kinds[3][0] == "scanned_page" and "drawn as shapes" in kinds[3][1]
    assert [p.has_text_layer for p in doc.pages] == [True, False, False]


def test_text_that_does_not_decode_is_reported() -> None:
    from reviewer.ingest.pdf import _page_findings
    from reviewer.ingest.pdf.layout import Line, PageContent

    garbled = PageContent(number=4, height=800, lines=[Line("(cid:12)(cid:40)(cid:7) 1.1", 10, 20)])
    [warning] = _page_findings(garbled)
    assert warning.page == 4 and "could not be decoded" in warning.message
    fine = PageContent(number=5, height=800, lines=[Line("1.1 Vendor shall keep records.", 10, 20)])
    assert _page_findings(fine) == []
