"""DOCX: body paragraphs and tables in document order, heading styles, rendered list numbering,
headers and footers; tracked changes, comments and hidden runs are reported to the reviewer.

The zip is checked before python-docx opens it: a macro-enabled package is refused and an
unpacked size out of proportion to the file (a zip bomb) is refused.
"""

from __future__ import annotations

import io
import zipfile

from reviewer.docx_links import external_links
from reviewer.errors import (
    CorruptFileError,
    FormatMismatchError,
    LegacyFormatError,
    NoTextError,
    ReviewerError,
    ZipBombError,
)
from reviewer.ingest.base import ParsedDocument, Parser, register
from reviewer.ingest.docx.images import read_page_images
from reviewer.ingest.docx.reader import DocxReader
from reviewer.ingest.sandbox import looks_out_of_memory
from reviewer.models import IngestWarning
from reviewer.settings import Settings


def _check_package(data: bytes, name: str, settings: Settings) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(
            "the Word file is damaged (not a valid .docx package); save it again from Word", file=name
        ) from exc
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise FormatMismatchError(
                "the file is a zip package but not a Word document; upload the .docx or a PDF", file=name
            )
        unpacked = sum(i.file_size for i in infos)
        ratio = unpacked / max(len(data), 1)
        if unpacked > settings.max_docx_unpacked_mb * 1024 * 1024 or ratio > settings.max_docx_ratio:
            raise ZipBombError(
                f"the Word file unpacks to {unpacked / 1024 / 1024:.0f} MB ({ratio:.0f} times its size), "
                "which is out of proportion and unsafe to open; ask the sender for a normal .docx or a PDF",
                file=name,
            )
        if "[Content_Types].xml" in names:
            content_types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in content_types or "word/vbaProject.bin" in names:
                raise LegacyFormatError(
                    "macro-enabled Word files (.docm) are not accepted; save it as .docx without macros",
                    file=name,
                )


@register
class DocxParser(Parser):
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extensions = (".docx",)
    label = "Word (.docx)"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and (b"word/" in head or b"[Content_Types].xml" in head)

    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        _check_package(data, name, settings)
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise CorruptFileError(
                f"the Word file cannot be opened ({exc}); save it again from Word", file=name
            ) from exc
        except Exception as exc:  # lxml syntax errors and the like
            if looks_out_of_memory(exc):  # lxml stopped by the sandbox's memory cap: say so, not "damaged"
                raise MemoryError(str(exc)) from exc
            raise CorruptFileError(
                f"the Word file is damaged ({type(exc).__name__}); save it again from Word", file=name
            ) from exc
        reader = DocxReader(document)
        try:
            parsed = reader.read(self.media_type)
        except ReviewerError:
            raise
        except Exception as exc:  # a part that python-docx opened but that makes no sense
            raise CorruptFileError(
                f"the Word file is damaged ({type(exc).__name__}); save it again from Word", file=name
            ) from exc
        parsed.warnings.extend(_link_warnings(data))
        read = read_page_images(document, reader.images, parsed, name, settings)
        if reader.images and not any(b.text.strip() for b in parsed.blocks):
            tried = (
                f"OCR found no readable text in its {len(reader.images)} page picture(s) (blank, or not text)"
                if read
                else "its page pictures could not be read by OCR"
            )
            raise NoTextError(
                f"the Word file has no text, only pictures of pages, and {tried}; "
                "scan it again more clearly or upload the Word original",
                file=name,
            )
        return parsed


def _link_warnings(data: bytes) -> list[IngestWarning]:
    """Each external link of the package, loading ones first: Word fetches those when it opens the file."""
    out = []
    for link in sorted(external_links(data), key=lambda x: not x.loads):
        what = "Word fetches it when the file is opened" if link.loads else "it opens only when clicked"
        out.append(
            IngestWarning(
                kind="external_link",
                message=f"external {link.kind} link to {link.target[:200]} ({what}); "
                + ("the files this tool writes leave it out" if link.loads else "check where it points"),
                text=link.target[:500],
            )
        )
    return out
