"""Plain text and Markdown. A form feed starts a new page; blank lines and headings split blocks."""

from __future__ import annotations

import codecs
from pathlib import PurePath

from reviewer.errors import CorruptFileError, TooManyPagesError
from reviewer.ingest.base import ParsedDocument, Parser, RawBlock, register
from reviewer.ingest.structure import is_title_line, join_lines, opens_block
from reviewer.settings import Settings

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


@register
class TextParser(Parser):
    media_type = "text/plain"
    extensions = (".txt", ".md", ".markdown", ".text")
    label = "text"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if head.startswith(_BOMS):
            return True
        if b"\x00" in head or head.startswith(b"%PDF") or head.startswith(b"PK\x03\x04"):
            return False
        # The head may end inside a multi-byte character.
        for cut in range(4):
            try:
                head[: len(head) - cut].decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
        try:
            head.decode("gb18030")
            return True
        except UnicodeDecodeError:
            return False

    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        text = decode_text(data)
        if text is None:
            raise CorruptFileError("the text file is not valid UTF-8 or GB18030; save it as UTF-8", file=name)
        markdown = PurePath(name).suffix.lower() in (".md", ".markdown")
        raw_pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
        if len(raw_pages) > settings.max_pages:
            raise TooManyPagesError(
                f"the file has {len(raw_pages)} pages, over the limit of {settings.max_pages}; "
                "split it or raise REVIEWER_MAX_PAGES",
                file=name,
            )
        parsed = ParsedDocument(
            media_type="text/markdown" if markdown else "text/plain", page_count=len(raw_pages)
        )
        for number, page_text in enumerate(raw_pages, start=1):
            parsed.blocks.extend(_blocks(page_text, number, markdown=markdown))
        return parsed


def _blocks(page_text: str, page: int, *, markdown: bool) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(RawBlock(text=join_lines(lines) if not markdown else "\n".join(lines), page=page))
            lines.clear()

    for line in page_text.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if markdown and stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            blocks.append(RawBlock(text=stripped, page=page, kind="heading", level=min(level, 6)))
            continue
        if markdown and stripped[:2] in ("- ", "* ", "+ ", "| "):
            flush()
            blocks.append(RawBlock(text=stripped, page=page, kind="table" if stripped[0] == "|" else "list_item"))
            continue
        if opens_block(stripped, lines[-1] if lines else None):
            flush()
            if is_title_line(stripped):
                blocks.append(RawBlock(text=stripped, page=page))
                continue
        lines.append(stripped)
    flush()
    return blocks
