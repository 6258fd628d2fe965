"""The parser interface and the registry of parsers, keyed by media type.

A parser turns a file's bytes into ``RawBlock``s per page; ``structure`` turns those into a
``Document`` with offsets and sections. Which parser reads a file is decided by its content;
the extension only has to agree. A new format is one module that subclasses ``Parser``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import ClassVar

from reviewer.errors import (
    EmptyFileError,
    EncryptedFileError,
    FormatMismatchError,
    LegacyFormatError,
    UnsupportedFormatError,
)
from reviewer.models import BlockKind, IngestWarning, PageError
from reviewer.settings import Settings


@dataclass
class RawBlock:
    text: str
    page: int  # 1-based
    kind: BlockKind = "paragraph"
    level: int | None = None  # heading level from the file's own styles
    number: str | None = None  # list or heading number rendered by the file's numbering
    continues: bool = False  # carries on a sentence from the page before: never a heading
    confidence: float | None = None  # read by OCR, with this mean confidence
    bbox: tuple[float, float, float, float] | None = None  # OCR: left, top, right, bottom in points


@dataclass
class ParsedDocument:
    media_type: str
    page_count: int
    blocks: list[RawBlock] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)
    pages_without_text: list[int] = field(default_factory=list)
    ocr_confidence: dict[int, float] = field(default_factory=dict)  # page -> mean confidence of its OCR
    metadata: dict[str, str] = field(default_factory=dict)


class Parser(ABC):
    media_type: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    label: ClassVar[str]

    @classmethod
    @abstractmethod
    def sniff(cls, head: bytes) -> bool:
        """True when ``head`` (the first bytes of a file) is this format."""

    @abstractmethod
    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        """Parse the whole file; raise a ``BadInputError`` for a file that cannot be read."""


_REGISTRY: dict[str, type[Parser]] = {}


def register(cls: type[Parser]) -> type[Parser]:
    _REGISTRY[cls.media_type] = cls
    return cls


def registered_parsers() -> dict[str, type[Parser]]:
    _load_builtin_parsers()
    return dict(_REGISTRY)


def _load_builtin_parsers() -> None:
    # Imported here so that each format's library loads only when parsing starts.
    from reviewer.ingest import docx, pdf, text  # noqa: F401


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_EXTENSIONS = {".doc", ".docm", ".dotm", ".dot", ".rtf", ".wpd", ".pages", ".odt"}


def detect_parser(data: bytes, name: str) -> Parser:
    """Pick the parser by content, and refuse a file whose extension says something else."""
    ext = PurePath(name).suffix.lower()
    if not data or not data.strip():
        raise EmptyFileError("the file is empty; export the contract again and upload the new file", file=name)
    head = data[:4096]
    if head.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedFileError(
            "the Word file is password-protected; remove the password in Word and upload again", file=name
        )
    if ext in LEGACY_EXTENSIONS or head.startswith(OLE_MAGIC):
        what = (
            "a macro-enabled Word file (.docm)"
            if ext in {".docm", ".dotm"}
            else f"a legacy {ext or 'binary'} file"
        )
        raise LegacyFormatError(
            f"{what} is not accepted; open it in Word or LibreOffice and save it as .docx or PDF",
            file=name,
        )
    parsers = registered_parsers()
    by_content = next((cls for cls in parsers.values() if cls.sniff(head)), None)
    by_extension = next((cls for cls in parsers.values() if ext in cls.extensions), None)
    if by_content is None:
        if by_extension is not None:
            raise FormatMismatchError(
                f"the file is named {ext} but its content is not a {by_extension.label} file; "
                "check that it is the right file and export it again",
                file=name,
            )
        raise UnsupportedFormatError("unsupported file type; upload a PDF, DOCX, TXT or Markdown file", file=name)
    if by_extension is not None and by_extension is not by_content:
        raise FormatMismatchError(
            f"the file is named {ext} but its content is a {by_content.label} file; "
            f"rename it to {by_content.extensions[0]} or upload the right file",
            file=name,
        )
    if by_extension is None and ext not in {"", ".dat", ".bin"}:
        raise UnsupportedFormatError(
            f"{ext} files are not supported; upload a PDF, DOCX, TXT or Markdown file", file=name
        )
    return by_content()
