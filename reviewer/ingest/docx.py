"""DOCX: body paragraphs and tables in document order, heading styles, rendered list numbering,
headers and footers; tracked changes, comments and hidden runs are reported to the reviewer.

The zip is checked before python-docx opens it: a macro-enabled package is refused and an
unpacked size out of proportion to the file (a zip bomb) is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from reviewer.errors import CorruptFileError, FormatMismatchError, LegacyFormatError, ZipBombError
from reviewer.ingest.base import ParsedDocument, Parser, RawBlock, register
from reviewer.models import IngestWarning
from reviewer.settings import Settings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
MAX_CHANGE_WARNINGS = 200


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
                "which is out of proportion; it was refused as unsafe. Save it again from Word",
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
            raise CorruptFileError(
                f"the Word file is damaged ({type(exc).__name__}); save it again from Word", file=name
            ) from exc
        return _DocxReader(document).read(self.media_type)


@dataclass
class _Numbering:
    """Renders list numbers ("1.", "2.1", "(a)") the way Word shows them."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)  # (numId, lvl)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(f"{W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            abstract_id = _val(num.find(f"{W}abstractNumId")) or ""
            for ilvl, spec in abstract.get(abstract_id, {}).items():
                numbering.formats[(num_id, ilvl)] = spec
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and (num_id, ilvl) in numbering.formats:
                    fmt, text, _ = numbering.formats[(num_id, ilvl)]
                    numbering.formats[(num_id, ilvl)] = (fmt, text, int(_val(start) or "1"))
        return numbering

    def render(self, num_id: str, ilvl: int) -> str | None:
        if (num_id, ilvl) not in self.formats or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = self.formats[(num_id, ilvl)]
        counters[ilvl] = (counters[ilvl] or start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return None

        def level_value(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            f, _, s = self.formats.get((num_id, lvl), ("decimal", "", 1))
            return _format_number(counters[lvl] or s, f)

        return re.sub(r"%(\d)", level_value, text).strip()


def _val(element: Any) -> str | None:
    return None if element is None else element.get(f"{W}val")


_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
        return _chinese(n)
    return str(n)


class _DocxReader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = _Numbering.load(document)
        self.blocks: list[RawBlock] = []
        self.warnings: list[IngestWarning] = []
        self.page = 1
        body = document.element.body
        self.rendered_breaks = body.find(f".//{W}lastRenderedPageBreak") is not None
        self.hidden: list[str] = []

    def read(self, media_type: str) -> ParsedDocument:
        body = self.document.element.body
        self._walk(body)
        self._headers_and_footers()
        self._tracked_changes(body)
        self._comments()
        if self.hidden:
            self.warnings.append(
                IngestWarning(
                    kind="hidden_text",
                    text=" … ".join(self.hidden)[:2000],
                    message="the document contains text formatted as hidden or invisible (not shown to a reader)",
                )
            )
        return ParsedDocument(
            media_type=media_type,
            page_count=self.page,
            blocks=self.blocks,
            warnings=self.warnings,
        )

    def _walk(self, container: Any) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._walk(content)

    def _style_of(self, p: Any) -> tuple[str, Any]:
        style_id = _val(p.find(f"{W}pPr/{W}pStyle"))
        if not style_id:
            return "", None
        try:
            style = self.document.styles.element.get_by_id(style_id)
        except Exception:
            style = None
        name = style.name_val if style is not None and style.name_val else style_id
        return name, style

    def _numbering_of(self, p: Any, style: Any) -> str | None:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None and style is not None:
            num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            return None
        num_id = _val(num_pr.find(f"{W}numId"))
        ilvl = int(_val(num_pr.find(f"{W}ilvl")) or "0")
        return self.numbering.render(num_id, ilvl) if num_id else None

    def _text(self, p: Any) -> tuple[str, int]:
        """The paragraph's visible text (insertions in, deletions out) and page breaks after it."""
        parts: list[str] = []
        breaks_after = 0
        for el in p.iter():
            tag = el.tag
            if tag == f"{W}t":
                run = el.getparent()
                if run is not None and self._run_hidden(run):
                    if el.text:
                        self.hidden.append(el.text)
                    continue
                parts.append(el.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag == f"{W}br":
                if el.get(f"{W}type") == "page" and not self.rendered_breaks:
                    if "".join(parts).strip():
                        breaks_after += 1
                    else:
                        self.page += 1
                else:
                    parts.append("\n")
            elif tag == f"{W}lastRenderedPageBreak" and self.rendered_breaks:
                if "".join(parts).strip():
                    breaks_after += 1
                else:
                    self.page += 1
        if not self.rendered_breaks and p.find(f"{W}pPr/{W}pageBreakBefore") is not None:
            self.page += 1
        return "".join(parts).replace("\t", " "), breaks_after

    def _run_hidden(self, run: Any) -> bool:
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            return False
        vanish = rpr.find(f"{W}vanish")
        if vanish is not None and _val(vanish) not in ("0", "false"):
            return True
        color = _val(rpr.find(f"{W}color"))
        size = _val(rpr.find(f"{W}sz"))
        if color and color.upper() in ("FFFFFF", "FEFEFE") and rpr.find(f"{W}shd") is None:
            return True
        return bool(size and size.isdigit() and int(size) < 4)  # half-points: under 2 pt

    def _paragraph(self, p: Any, *, kind: str = "paragraph") -> None:
        style_name, style = self._style_of(p)
        text, breaks_after = self._text(p)
        number = self._numbering_of(p, style)
        level: int | None = None
        heading = _HEADING_STYLE.match(style_name.strip())
        outline = _val(p.find(f"{W}pPr/{W}outlineLvl"))
        if heading:
            level = int(heading.group(1))
        elif style_name.lower() == "title":
            level = 1
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        if text.strip():
            block_kind: Any = "heading" if level else ("list_item" if number else kind)
            shown = f"{number} {text.strip()}" if number else text
            self.blocks.append(RawBlock(text=shown, page=self.page, kind=block_kind, level=level, number=number))
        self.page += breaks_after

    def _table(self, tbl: Any) -> None:
        for row in tbl.findall(f"{W}tr"):
            cells: list[str] = []
            for cell in row.findall(f"{W}tc"):
                texts = [self._text(p)[0].strip() for p in cell.iter(f"{W}p")]
                value = " ".join(t for t in texts if t)
                if value and (not cells or cells[-1] != value):
                    cells.append(value)
            if cells:
                self.blocks.append(RawBlock(text=" | ".join(cells), page=self.page, kind="table"))

    def _headers_and_footers(self) -> None:
        seen: set[str] = set()
        for section in self.document.sections:
            for part, kind, page in ((section.header, "header", 1), (section.footer, "footer", self.page)):
                if part is None or part.is_linked_to_previous:
                    continue
                for paragraph in part.paragraphs:
                    text = paragraph.text.strip()
                    if text and (kind, text) not in seen:
                        seen.add((kind, text))  # type: ignore[arg-type]
                        self.blocks.append(RawBlock(text=text, page=page, kind=kind))  # type: ignore[arg-type]

    def _tracked_changes(self, body: Any) -> None:
        changes = []
        for tag, label in ((f"{W}ins", "insertion"), (f"{W}del", "deletion")):
            for el in body.iter(tag):
                text_tag = f"{W}t" if label == "insertion" else f"{W}delText"
                text = "".join(t.text or "" for t in el.iter(text_tag)).strip()
                if text:
                    changes.append((label, el.get(f"{W}author") or "unknown author", text))
        for label, author, text in changes[:MAX_CHANGE_WARNINGS]:
            self.warnings.append(
                IngestWarning(
                    kind="tracked_changes",
                    text=text[:1000],
                    message=f"unaccepted tracked {label} by {author}: the text reviewed "
                    "assumes all tracked changes are accepted",
                )
            )

    def _comments(self) -> None:
        try:
            comments = list(self.document.comments)
        except Exception:
            return
        for comment in comments[:MAX_CHANGE_WARNINGS]:
            text = " ".join(p.text for p in comment.paragraphs).strip()
            author = getattr(comment, "author", None) or "unknown author"
            self.warnings.append(
                IngestWarning(
                    kind="comments", text=text[:1000], message=f"comment left in the document by {author}"
                )
            )
