"""Pages with no text layer, read by OCR: each is rendered (pypdfium2), handed to ``ingest.ocr``,
and its recognised lines come back as the page's lines (in points, with their confidence), with
the warnings a reviewer must read (scanned, low confidence, turned, a seal over the text, blank)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from reviewer.errors import ParseTimeoutError
from reviewer.ingest.pdf import fast
from reviewer.ingest.pdf.layout import Line, PageContent
from reviewer.models import IngestWarning, WarningKind
from reviewer.settings import Settings

OCR_DPI = 200
MAX_PIXELS = 40_000_000  # a page larger than this at OCR_DPI is rendered smaller (decompression-bomb sized)
TIME_SHARE = 0.8  # OCR stops at this share of the parse time limit, in time to say so
_TURNS = {90: "sideways", 180: "upside down", 270: "sideways"}


def _render(data: bytes, lock: Any) -> Any:
    def render(number: int) -> np.ndarray | None:
        with lock:
            doc = fast.pdfium.PdfDocument(data)
            try:
                page = doc[number - 1]
                width, height = page.get_size()
                scale = min(OCR_DPI / 72, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
                bitmap = page.render(scale=scale)
                image = np.array(bitmap.to_pil().convert("RGB"))
                page.close()
            finally:
                doc.close()
        return image

    return render


def read_scanned(data: bytes, name: str, pages: list[PageContent], settings: Settings, lock: Any) -> list[int]:
    """OCR the pages that have an image or shapes but no text; the page numbers it looked at."""
    from reviewer.ingest import ocr

    wanted = [p.number for p in pages if not p.has_text and (p.has_images or p.paths)]
    if not wanted or not ocr.available():
        return []
    results = run_ocr(_render(data, lock), wanted, name, settings, "scanned pages")
    for number, result in results.items():
        if result is not None:
            _apply(pages[number - 1], result)
    return [n for n, r in results.items() if r is not None]


def run_ocr(render: Any, numbers: list[int], name: str, settings: Settings, what: str) -> dict[int, Any]:
    """``ocr.read_pages`` within the parse time limit (with progress per page): {number: OcrPage}."""
    from reviewer.ingest import ocr
    from reviewer.ingest.progress import page_done

    deadline = None
    if settings.parse_timeout_s > 0:
        deadline = time.monotonic() + TIME_SHARE * settings.parse_timeout_s
    try:
        return ocr.read_pages(
            render, numbers, cache_dir=settings.data_dir / "ocr-cache", deadline=deadline, on_page=page_done
        )
    except ocr.OcrTimeoutError as exc:
        raise ParseTimeoutError(
            f"OCR read {exc.done} of {exc.total} {what} within the time limit of "
            f"{settings.parse_timeout_s:g} s; the pages read are kept, so running it again carries on "
            "(or raise REVIEWER_PARSE_TIMEOUT_S)",
            file=name,
        ) from exc


def _apply(page: PageContent, result: Any) -> None:
    n = page.number
    to_points = page.height / result.height if result.rotation in (0, 180) and result.height else 72 / OCR_DPI
    page.lines = [
        Line(
            text=ln.text,
            top=ln.box[1] * to_points,
            bottom=ln.box[3] * to_points,
            x0=ln.box[0] * to_points,
            x1=ln.box[2] * to_points,
            confidence=ln.confidence,
        )
        for ln in result.lines
    ]
    page.ocr_confidence = result.mean_confidence
    what = "is an image" if page.has_images else "has its text drawn as shapes"
    page.warnings.extend(ocr_warnings(n, result, what))


def ocr_warnings(n: int, result: Any, what: str) -> list[IngestWarning]:
    from reviewer.ingest.ocr import LOW_CONFIDENCE

    if result.blank:
        return [IngestWarning(kind="empty_page", page=n, message=f"page {n} is a blank scan")]
    if result.unreadable:
        message = f"page {n} {what} (scanned, no text layer) and OCR found no readable text on it"
        return [IngestWarning(kind="scanned_page", page=n, message=message)]
    mean = result.mean_confidence or 0.0
    found: list[tuple[WarningKind, str]] = [
        ("ocr_page", f"page {n} is scanned; its text was read by OCR (mean confidence {mean:.0%})")
    ]
    if mean < LOW_CONFIDENCE:
        found.append(("low_confidence", f"page {n} was read by OCR with low confidence ({mean:.0%}); check it"))
    if result.rotation:
        turn = _TURNS[result.rotation]
        found.append(("rotated_page", f"page {n} was scanned {turn}; it was turned upright before reading"))
    if result.seal_over_text:
        found.append(("seal_over_text", f"page {n}: a seal or signature lies over the text, which may be misread"))
    return [IngestWarning(kind=kind, page=n, message=message) for kind, message in found]
