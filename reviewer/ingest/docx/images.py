"""Scanned pages pasted into a Word file (a signed contract scanned, then put into Word as
pictures): a picture that stands alone in its paragraph and is the size of a page is read by OCR,
its text placed where the picture is, and a warning says that the text came from an image.
Logos, signatures and other small pictures are left alone."""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewer.ingest.base import ParsedDocument, RawBlock
from reviewer.ingest.pdf.layout import Line, PageContent, page_blocks
from reviewer.ingest.pdf.scan import MAX_PIXELS, ocr_warnings, run_ocr
from reviewer.models import IngestWarning
from reviewer.settings import Settings

log = logging.getLogger(__name__)
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_INCH = 914_400
PAGE_INCHES = (4.0, 5.0)  # a picture at least this wide and tall (as shown) is a page, not a logo
REFUSE_PIXELS = 2 * MAX_PIXELS  # a picture larger than this is not decoded at all (decompression bomb)
FROM_IMAGE = "is an image in the Word file (a scanned page pasted in)"


@dataclass
class PageImage:
    at: int  # how many blocks came before it: its text goes there
    page: int
    rid: str  # the picture's relationship id in the document part


def page_picture(p: Any) -> str | None:
    """The relationship id of a page-sized picture in paragraph ``p``, if it has one."""
    for drawing in p.iter(f"{_W}drawing"):
        extent = drawing.find(f".//{_WP}extent")
        blip = drawing.find(f".//{_A}blip")
        if extent is None or blip is None or not blip.get(f"{_R}embed"):
            continue
        try:
            inches = (int(extent.get("cx", "0")) / EMU_PER_INCH, int(extent.get("cy", "0")) / EMU_PER_INCH)
        except ValueError:
            continue
        if inches[0] >= PAGE_INCHES[0] and inches[1] >= PAGE_INCHES[1]:
            return str(blip.get(f"{_R}embed"))
    return None


def _decode(blob: bytes) -> tuple[np.ndarray | None, str]:
    """The picture as an RGB array (at most MAX_PIXELS), or None and why not."""
    from PIL import Image

    try:
        with warnings.catch_warnings():  # the size is checked here, below PIL's own (warning) limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return _decode_checked(Image.open(io.BytesIO(blob)))
    except Image.DecompressionBombError:
        return None, "it is too large to read safely"
    except (OSError, ValueError) as exc:
        return None, f"the picture could not be decoded ({type(exc).__name__})"


def _decode_checked(opened: Any) -> tuple[np.ndarray | None, str]:
    with opened as image:  # so far only the header is read
        width, height = image.size
        if width * height > REFUSE_PIXELS:
            return None, f"it is {width} x {height} pixels, too large to read safely"
        if width * height > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
            target = (int(width * scale), int(height * scale))
            image.draft("RGB", target)  # JPEG: decoded smaller to begin with
            smaller = image.convert("RGB")
            smaller.thumbnail(target)
            return np.array(smaller), ""
        return np.array(image.convert("RGB")), ""


def read_page_images(
    document: Any, images: list[PageImage], parsed: ParsedDocument, name: str, settings: Settings
) -> int:
    """OCR the page pictures and put their text among ``parsed.blocks``; how many were read."""
    from reviewer.ingest import ocr

    if not images:
        return 0
    if not ocr.available():
        for image in images:
            message = f"page {image.page} {FROM_IMAGE}; its text is not reviewed (the OCR engine is not installed)"
            parsed.warnings.append(IngestWarning(kind="scanned_page", page=image.page, message=message))
        return 0
    problems: dict[int, str] = {}

    def render(number: int) -> np.ndarray | None:
        try:
            blob = document.part.related_parts[images[number - 1].rid].blob
        except (KeyError, AttributeError):
            problems[number] = "the picture is missing from the file"
            return None
        array, why = _decode(blob)
        if array is None:
            problems[number] = why
        return array

    results = run_ocr(render, list(range(1, len(images) + 1)), name, settings, "page images")
    placed: list[tuple[int, list[RawBlock]]] = []
    for number, image in enumerate(images, start=1):
        result = results.get(number)
        if result is None:
            message = f"page {image.page} {FROM_IMAGE} and was not read: {problems.get(number, 'no picture')}"
            parsed.warnings.append(IngestWarning(kind="scanned_page", page=image.page, message=message))
            continue
        for warning in ocr_warnings(image.page, result, FROM_IMAGE):
            if warning.kind == "ocr_page":
                mean = result.mean_confidence or 0.0
                warning.message = (
                    f"page {image.page}: the text comes from an image (a scanned page pasted into the Word "
                    f"file), read by OCR (mean confidence {mean:.0%}); check its quotes against the picture"
                )
            parsed.warnings.append(warning)
        parsed.pages_without_text.append(image.page)
        if result.mean_confidence is not None:
            parsed.ocr_confidence[image.page] = round(result.mean_confidence, 4)
        placed.append((image.at, _blocks(image.page, result)))
    for at, blocks in reversed(placed):  # from the end, so that earlier positions stay right
        parsed.blocks[at:at] = blocks
    return len(placed)


def _blocks(page: int, result: Any) -> list[RawBlock]:
    """Recognised lines as paragraphs, exactly as on a scanned PDF page (boxes in pixels, so none kept)."""
    lines = [
        Line(text=ln.text, top=ln.box[1], bottom=ln.box[3], x0=ln.box[0], x1=ln.box[2], confidence=ln.confidence)
        for ln in result.lines
    ]
    content = PageContent(
        number=page, height=float(result.height), lines=lines, ocr_confidence=result.mean_confidence
    )
    blocks = page_blocks(content)
    for block in blocks:
        block.bbox = None
    return blocks
