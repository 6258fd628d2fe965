"""PDF: pypdfium2 opens, counts and reads most pages (fast, and tells corrupt from encrypted);
pdfplumber, the library of record, reads the pages whose objects suggest hidden text or a ruled
table, character by character. Running headers and footers are marked, pages without a text layer
are reported, and a PDF with no text at all is refused.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from reviewer.errors import CorruptFileError, EncryptedFileError, NoTextError, TooManyPagesError
from reviewer.ingest.base import ParsedDocument, Parser, register
from reviewer.ingest.pdf import fast, precise, scan
from reviewer.ingest.pdf.layout import PageContent, last_text_line, mark_running_lines, page_blocks
from reviewer.models import IngestWarning, PageError
from reviewer.settings import Settings

log = logging.getLogger(__name__)

_ENCRYPTED = "the PDF is password-protected; remove the password (print to PDF or ask the vendor) and upload again"
_EXPORT_AGAIN = "export it again from the original or ask the vendor for a new copy"
_UNDECODABLE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
UNDECODABLE_SHARE = 0.2
PDFIUM_LOCK = threading.Lock()
VECTOR_ONLY_PATHS = 200  # a page with no text but this many shapes has its text drawn as outlines


@register
class PdfParser(Parser):
    media_type = "application/pdf"
    extensions = (".pdf",)
    label = "PDF"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        pages, errors = read_pages(data, name, settings)
        parsed = ParsedDocument(media_type=self.media_type, page_count=len(pages), errors=errors)
        parsed.warnings.extend(
            IngestWarning(kind="page_error", page=e.page, message=f"page {e.page} could not be read")
            for e in errors
        )
        with_ocr = set(scan.read_scanned(data, name, pages, settings, PDFIUM_LOCK))
        mark_running_lines(pages)
        carried: str | None = None
        for page in pages:
            parsed.warnings.extend(page.warnings)
            if page.number not in with_ocr:
                parsed.warnings.extend(_page_findings(page))
            if not page.has_text or page.number in with_ocr:
                parsed.pages_without_text.append(page.number)
            if page.ocr_confidence is not None:
                parsed.ocr_confidence[page.number] = round(page.ocr_confidence, 4)
            parsed.blocks.extend(page_blocks(page, carried))
            carried = last_text_line(page)
        if not any(b.text.strip() for b in parsed.blocks):
            if with_ocr:
                raise NoTextError(
                    f"the PDF has no text layer, and OCR found no readable text on its {len(with_ocr)} scanned "
                    "page(s) (blank, or not text); scan it again more clearly or upload the Word original",
                    file=name,
                )
            raise NoTextError(
                "the PDF has no text layer (it looks scanned) and the OCR engine is not installed; "
                "install it (make install) or upload the Word original",
                file=name,
            )
        return parsed


def _page_findings(page: PageContent) -> list[IngestWarning]:
    """What a reviewer must be told about a page: no text layer, or text that did not decode."""
    n = page.number
    if not page.has_text:
        if page.has_images:
            message = f"page {n} is an image with no text layer (scanned); its text is not reviewed"
        elif page.paths >= VECTOR_ONLY_PATHS:
            message = f"page {n} has its text drawn as shapes, with no text layer; its text is not reviewed"
        else:
            return [IngestWarning(kind="empty_page", page=n, message=f"page {n} is blank")]
        return [IngestWarning(kind="scanned_page", page=n, message=message)]
    text = "".join(line.text for line in page.lines)
    bad = sum(len(m.group()) for m in _UNDECODABLE.finditer(text))
    if bad > UNDECODABLE_SHARE * len(text):
        return [
            IngestWarning(
                kind="page_error",
                page=n,
                message=f"page {n}: the text could not be decoded (its font has no Unicode map); "
                "what is read from it may be garbled",
            )
        ]
    return []


def _open(data: bytes, name: str, settings: Settings) -> Any:
    try:
        doc = fast.pdfium.PdfDocument(data)
    except fast.pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(_ENCRYPTED, file=name) from exc
        raise CorruptFileError(f"the PDF is damaged and cannot be opened; {_EXPORT_AGAIN}", file=name) from exc
    count = len(doc)
    if count == 0:
        doc.close()
        raise CorruptFileError(f"the PDF has no pages; {_EXPORT_AGAIN}", file=name)
    if count > settings.max_pages:
        doc.close()
        raise TooManyPagesError(
            f"the PDF has {count} pages, over the limit of {settings.max_pages}; "
            "split it or raise REVIEWER_MAX_PAGES",
            file=name,
        )
    return doc


def read_pages(data: bytes, name: str, settings: Settings) -> tuple[list[PageContent], list[PageError]]:
    """Every page's lines: the fast reader where it can, the careful one where it must."""
    pages: list[PageContent] = []
    careful: dict[int, fast.PageScan] = {}
    errors: list[PageError] = []
    with PDFIUM_LOCK:  # pdfium is not thread-safe; the app may ingest two uploads at once
        _read_fast(data, name, settings, pages, careful, errors)
    if careful:
        _read_carefully(data, name, pages, careful, errors)
    return pages, errors


def _read_fast(
    data: bytes,
    name: str,
    settings: Settings,
    pages: list[PageContent],
    careful: dict[int, fast.PageScan],
    errors: list[PageError],
) -> None:
    doc = _open(data, name, settings)
    try:
        for number in range(1, len(doc) + 1):
            content = PageContent(number=number, height=0.0)
            try:
                page = doc[number - 1]
                try:
                    scan = fast.scan_page(page)
                    if scan.needs_precise_reader:
                        careful[number] = scan
                        content = PageContent(number=number, height=float(page.get_height()))
                    else:
                        content = fast.read_page(page, number, scan)
                    scan.path_objects.clear()  # handles into the page, which closes now
                finally:
                    page.close()
            except Exception as exc:  # one bad page makes the document partial, not failed
                log.warning("page %s of %s failed: %s", number, name, exc)
                errors.append(PageError(page=number, message=f"page could not be read: {exc}"))
            pages.append(content)
    finally:
        doc.close()


def _read_carefully(
    data: bytes, name: str, pages: list[PageContent], careful: dict[int, fast.PageScan], errors: list[PageError]
) -> None:
    try:
        pdf = precise.open_document(data)
    except Exception as exc:
        raise CorruptFileError(
            f"the PDF cannot be read ({type(exc).__name__}); {_EXPORT_AGAIN}", file=name
        ) from exc
    with pdf:
        for number, scan in careful.items():
            page = pdf.pages[number - 1]
            try:
                content = precise.read_page(page, number, tables=scan.table_candidate, invisible=scan.invisible)
                content.paths = scan.paths
                pages[number - 1] = content
            except Exception as exc:
                log.warning("page %s of %s failed: %s", number, name, exc)
                errors.append(PageError(page=number, message=f"page could not be read: {exc}"))
            finally:
                page.close()
