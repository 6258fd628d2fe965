"""Scanned PDFs read by the real OCR engine (RapidOCR), from pages rendered here from known text."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np
import pytest

from reviewer import errors
from reviewer.ingest import ocr
from reviewer.ingest.pipeline import parse_bytes, parse_file
from reviewer.judge.evidence import evidence_at
from reviewer.models import Progress
from reviewer.settings import Settings
from tests.support import builders
from tests.support.scan_builders import (
    Degrade,
    cjk_font_path,
    contract_lines,
    render_page,
    render_pages,
    scan_docx,
    scan_pdf,
    scanned_contract_pdf,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not ocr.available(), reason="the OCR engine (rapidocr-onnxruntime, opencv) is not installed"
    ),
]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def test_a_degraded_english_scan_is_read_with_its_sections(tmp_path: Path, settings: Settings) -> None:
    pdf = scanned_contract_pdf(tmp_path / "msa.pdf", "en", 200, Degrade(skew=1.5, blur=1.0, speckle=0.001))
    doc = parse_file(pdf, settings)
    assert "This Agreement is governed by the laws of" in doc.text  # word spaces kept
    assert [w.kind for w in doc.warnings] == ["ocr_page"]
    assert doc.pages[0].has_text_layer is False and doc.pages[0].ocr_confidence > 0.9
    block = next(b for b in doc.blocks if "governed by" in b.text)
    assert block.ocr_confidence is not None and block.bbox is not None
    assert evidence_at(doc, block.start, block.end).ocr_confidence == block.ocr_confidence


@pytest.mark.skipif(cjk_font_path() is None, reason="no CJK font (apt install fonts-wqy-microhei)")
def test_a_chinese_scan_under_a_red_seal_keeps_its_articles(tmp_path: Path, settings: Settings) -> None:
    pdf = scanned_contract_pdf(tmp_path / "合同.pdf", "zh", 200, Degrade(seal=True, skew=1.0))
    doc = parse_file(pdf, settings)
    assert [s.number for s in doc.sections][:3] == ["第一条", "第二条", "第三条"]
    assert "本协议适用中华人民共和国法律" in _squeeze(doc.text)
    assert {w.kind for w in doc.warnings} == {"ocr_page", "seal_over_text"}


def test_an_upside_down_page_is_turned_and_reported(tmp_path: Path, settings: Settings) -> None:
    image, _ = render_page(contract_lines("en"), "en", 150, Degrade(rotate=180))
    doc = parse_file(scan_pdf(tmp_path / "flipped.pdf", [image], 150), settings)
    assert "Vendor" in doc.text
    assert any(w.kind == "rotated_page" and "upside down" in w.message for w in doc.warnings)


def test_a_page_read_once_is_not_read_again(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = scanned_contract_pdf(tmp_path / "a.pdf", "en", 150)
    first = parse_file(pdf, settings)

    def no_engine(*_: object) -> None:
        raise AssertionError("the engine ran for a cached page")

    monkeypatch.setattr("reviewer.ingest.ocr.engine.recognise", no_engine)
    settings.parse_timeout_s = 0  # in this process, so that the patch applies
    assert parse_file(pdf, settings).text == first.text


def test_a_blank_scan_is_refused_saying_what_was_tried(tmp_path: Path, settings: Settings) -> None:
    from PIL import Image

    blank = Image.new("RGB", (1240, 1754), "white")
    with pytest.raises(errors.NoTextError, match="OCR found no readable text on its 2 scanned page"):
        parse_file(scan_pdf(tmp_path / "blank.pdf", [blank, blank], 150), settings)


def test_a_huge_page_image_is_rendered_within_the_pixel_cap(tmp_path: Path, settings: Settings) -> None:
    from PIL import Image

    huge = Image.new("RGB", (12000, 12000), "white")  # 144 megapixels, a page 60 inches wide at 200 dpi
    with pytest.raises(errors.NoTextError):
        parse_file(scan_pdf(tmp_path / "huge.pdf", [huge], 200), settings)


def test_a_scan_pasted_into_word_is_read_with_a_warning_that_its_text_came_from_an_image(
    tmp_path: Path, settings: Settings
) -> None:
    pages = render_pages(contract_lines("en") * 2, "en", 150, Degrade(skew=1.0))
    assert len(pages) == 2
    path = scan_docx(tmp_path / "signed.docx", [image for image, _ in pages], before="Signed copy", logo=True)
    events: list[Progress] = []
    doc = parse_bytes(path.read_bytes(), path.name, settings, events.append)
    assert doc.text.startswith("Signed copy")
    assert _squeeze("This Agreement is governed by the laws of Ireland.") in _squeeze(doc.text)
    assert [s.number for s in doc.sections][:2] == ["1", "1.1"]
    image_pages = [w.page for w in doc.warnings if w.kind == "ocr_page"]
    assert len(image_pages) == 2 and all("the text comes from an image" in w.message for w in doc.warnings)
    block = next(b for b in doc.blocks if "governed by" in b.text)
    assert block.ocr_confidence is not None and block.page in image_pages
    assert [(e.stage, e.current) for e in events] == [("ocr", 0), ("ocr", 1), ("ocr", 2)]


def test_a_word_file_of_blank_page_pictures_is_refused_saying_what_was_tried(
    tmp_path: Path, settings: Settings
) -> None:
    from PIL import Image

    blank = Image.new("RGB", (1240, 1754), "white")
    path = scan_docx(tmp_path / "blank.docx", [blank, blank])
    with pytest.raises(errors.NoTextError, match="OCR found no readable text in its 2 page picture"):
        parse_file(path, settings)


def test_a_parse_forked_from_another_thread_is_not_held_up_by_this_threads_ocr_engine(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OCR engine using two cores, made in this thread; then a parse from another thread forks
    the sandbox. The child must not free this thread's engine: freed there, it waited for the
    parent's onnxruntime threads for ever (every such child hung until the parse timed out)."""
    monkeypatch.setattr("reviewer.ingest.ocr.engine._threads", 2)
    image, _ = render_page(contract_lines("en")[:6], "en", 150)
    assert ocr.engine.recognise(np.asarray(image.convert("RGB")))  # made here, and its threads ran
    pdf = builders.english_pdf(tmp_path / "msa.pdf").read_bytes()
    limited = Settings(data_dir=tmp_path / "data", parse_timeout_s=60)
    outcome: dict[str, object] = {}

    def parse() -> None:
        try:
            outcome["doc"] = parse_bytes(pdf, "msa.pdf", limited)
        except errors.ReviewerError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
    assert "error" not in outcome, outcome.get("error")
    assert "doc" in outcome
