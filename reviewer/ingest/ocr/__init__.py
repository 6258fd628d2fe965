"""OCR for pages that have no text layer, behind one small interface: ``read_pages`` takes page
images (RGB arrays) and gives back, per page, recognised lines in reading order with their box
and confidence, the rotation that set the page upright, and what a reviewer must be told (blank,
low confidence, a seal over the text). Which engine reads them is ``engine``'s business alone.
"""

from __future__ import annotations

from reviewer.ingest.ocr.batch import OcrTimeoutError, read_pages
from reviewer.ingest.ocr.engine import NAME as ENGINE_NAME
from reviewer.ingest.ocr.engine import available
from reviewer.ingest.ocr.page import LOW_CONFIDENCE, OcrLine, OcrPage, read_image

__all__ = [
    "ENGINE_NAME",
    "LOW_CONFIDENCE",
    "OcrLine",
    "OcrPage",
    "OcrTimeoutError",
    "available",
    "read_image",
    "read_pages",
]
