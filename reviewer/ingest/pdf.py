"""PDF: pypdfium2 opens and counts (fast, and tells corrupt from encrypted); pdfplumber reads the
characters, so that text a human cannot see (white or background-coloured fill, tiny fonts, text
outside the page box) is taken out of the text and reported instead."""

from __future__ import annotations

import io
import logging
from typing import Any

from reviewer.errors import CorruptFileError, EncryptedFileError, NoTextError, TooManyPagesError
from reviewer.ingest.base import ParsedDocument, Parser, RawBlock, register
from reviewer.ingest.structure import detect_heading, is_title_line, join_lines
from reviewer.models import IngestWarning, PageError
from reviewer.settings import Settings

log = logging.getLogger(__name__)

MIN_VISIBLE_SIZE = 2.0
WHITE_THRESHOLD = 0.92
BACKGROUND_DISTANCE = 0.08


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
    """Decides, character by character, whether a human can see it on the page."""

    def __init__(self, page: Any) -> None:
        self.width = float(page.width)
        self.height = float(page.height)
        x0, top, x1, bottom = (float(v) for v in page.bbox)
        self.box = (x0, top, x1, bottom)
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
        if float(char.get("size", 10)) < MIN_VISIBLE_SIZE:
            return "font size under 2 pt"
        x0, top, x1, bottom = self.box
        if char["x1"] <= x0 or char["x0"] >= x1 or char["bottom"] <= top or char["top"] >= bottom:
            return "outside the page"
        rgb = _rgb(char.get("non_stroking_color"))
        if rgb is None:
            return None
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        background = self.background_at(cx, cy)
        if _distance(rgb, background) <= BACKGROUND_DISTANCE:
            if min(rgb) >= WHITE_THRESHOLD:
                return "white text"
            return "text in the background colour"
        return None


@register
class PdfParser(Parser):
    media_type = "application/pdf"
    extensions = (".pdf",)
    label = "PDF"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        page_count = _open_check(data, name, settings)
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        parsed = ParsedDocument(media_type=self.media_type, page_count=page_count)
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except PDFPasswordIncorrect as exc:
            raise EncryptedFileError(_ENCRYPTED, file=name) from exc
        except Exception as exc:
            raise CorruptFileError(
                f"the PDF cannot be read ({type(exc).__name__}); {_EXPORT_AGAIN}", file=name
            ) from exc
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    _parse_page(page, number, parsed)
                except Exception as exc:  # one bad page makes the document partial, not failed
                    log.warning("page %s of %s failed: %s", number, name, exc)
                    parsed.errors.append(PageError(page=number, message=f"page could not be read: {exc}"))
                    parsed.warnings.append(
                        IngestWarning(kind="page_error", page=number, message="this page could not be read")
                    )
                finally:
                    page.close()
        if not any(b.text.strip() for b in parsed.blocks):
            raise NoTextError(
                "the PDF has no text layer (it looks scanned); run OCR on it "
                "(for example ocrmypdf) or upload the Word original",
                file=name,
            )
        return parsed


_ENCRYPTED = "the PDF is password-protected; remove the password (print to PDF or ask the vendor) and upload again"
_EXPORT_AGAIN = "export it again from the original or ask the vendor for a new copy"


def _open_check(data: bytes, name: str, settings: Settings) -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(_ENCRYPTED, file=name) from exc
        raise CorruptFileError(f"the PDF is damaged and cannot be opened; {_EXPORT_AGAIN}", file=name) from exc
    try:
        count = len(doc)
    finally:
        doc.close()
    if count == 0:
        raise CorruptFileError(f"the PDF has no pages; {_EXPORT_AGAIN}", file=name)
    if count > settings.max_pages:
        raise TooManyPagesError(
            f"the PDF has {count} pages, over the limit of {settings.max_pages}; "
            "split it or raise REVIEWER_MAX_PAGES",
            file=name,
        )
    return count


def _parse_page(page: Any, number: int, parsed: ParsedDocument) -> None:
    inspector = _PageInspector(page)
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
    lines = filtered.extract_text_lines(layout=False, strip=True, return_chars=False)
    for reason, chars in hidden.items():
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))).strip()
        if text:
            parsed.warnings.append(
                IngestWarning(
                    kind="hidden_text",
                    page=number,
                    text=text[:2000],
                    message=f"page {number} contains text a human reader cannot see ({reason})",
                )
            )
    if not lines:
        if page.images:
            parsed.pages_without_text.append(number)
            parsed.warnings.append(
                IngestWarning(
                    kind="scanned_page",
                    page=number,
                    message=f"page {number} is an image with no text layer (scanned); its text is not reviewed",
                )
            )
        return
    parsed.blocks.extend(_paragraphs(lines, number))


def _paragraphs(lines: list[dict[str, Any]], page: int) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    current: list[str] = []
    previous: dict[str, Any] | None = None
    title_before = False
    for line in lines:
        text = line["text"]
        if previous is not None and current:
            height = max(float(previous["bottom"]) - float(previous["top"]), 1.0)
            gap = float(line["top"]) - float(previous["bottom"])
            if title_before or gap > 0.6 * height or detect_heading(text) is not None:
                blocks.append(RawBlock(text=join_lines(current), page=page))
                current = []
        current.append(text)
        title_before = is_title_line(text)
        previous = line
    if current:
        blocks.append(RawBlock(text=join_lines(current), page=page))
    return blocks
