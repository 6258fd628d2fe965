"""One file in, one ``Document`` out, with the size limit checked before anything is parsed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reviewer.errors import FileTooLargeError, NotFoundError, TooManyPagesError
from reviewer.ingest.base import detect_parser
from reviewer.ingest.sandbox import run_parser
from reviewer.ingest.structure import assemble
from reviewer.models import Document, Progress, ProgressCallback
from reviewer.settings import Settings


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(size: int, name: str, settings: Settings) -> None:
    if size > settings.max_file_bytes:
        raise FileTooLargeError(
            f"the file is {size / 1024 / 1024:.1f} MB, over the limit of {settings.max_file_mb:g} MB; "
            "split it or raise REVIEWER_MAX_FILE_MB",
            file=name,
        )


def parse_bytes(data: bytes, name: str, settings: Settings, progress: ProgressCallback | None = None) -> Document:
    """``progress`` hears of every scanned page read by OCR (stage ``ocr``: "OCR page 3 of 12")."""
    check_size(len(data), name, settings)
    parser = detect_parser(data, name)

    def on_page(done: int, total: int) -> None:
        if progress is not None:
            message = f"{name}: OCR page {done} of {total}" if done else f"{name}: OCR of {total} scanned pages"
            progress(Progress(stage="ocr", current=done, total=total, message=message))

    parsed = run_parser(parser, data, name, settings, on_page)  # a child process with time and memory limits
    if parsed.page_count > settings.max_pages:  # PDFs are refused before parsing; others here
        raise TooManyPagesError(
            f"the file has {parsed.page_count} pages, over the limit of {settings.max_pages}; "
            "split it or raise REVIEWER_MAX_PAGES",
            file=name,
        )
    document = assemble(doc_id=sha256_bytes(data), file_name=name, size_bytes=len(data), parsed=parsed)
    _at_most(len(document.text), settings.max_document_chars, "characters of text", "DOCUMENT_CHARS", name)
    return document


def check_chunks(count: int, name: str, settings: Settings) -> None:
    _at_most(count, settings.max_document_chunks, "passages to index", "DOCUMENT_CHUNKS", name)


def _at_most(count: int, limit: int, what: str, setting: str, name: str) -> None:
    """Text and passages per document: embedding time grows with them, whatever the pages."""
    if count > limit:
        raise FileTooLargeError(
            f"the file has {count:,} {what}, over the limit of {limit:,}; "
            f"split it or raise REVIEWER_MAX_{setting}",
            file=name,
        )


def parse_file(path: Path, settings: Settings) -> Document:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise NotFoundError("no such file; check the path", file=str(path)) from exc
    check_size(size, path.name, settings)
    return parse_bytes(path.read_bytes(), path.name, settings)
