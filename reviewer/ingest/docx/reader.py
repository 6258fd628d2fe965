"""Reads an opened Word document: body paragraphs and tables in document order, heading styles,
rendered list numbering, headers and footers; tracked changes, comments and hidden runs are
reported to the reviewer with the page they are on.

The text read is the document with every tracked change accepted (insertions in, deletions and
moved-away text out); each change is also reported so the reviewer knows the text is not final.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewer.ingest.base import ParsedDocument, RawBlock
from reviewer.ingest.docx.images import PageImage, page_picture
from reviewer.ingest.docx.layout import PageEstimator, StyleCascade, Visibility, hex_rgb, shading
from reviewer.ingest.docx.numbering import Numbering, W, val
from reviewer.models import BlockKind, IngestWarning

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
MAX_CHANGE_WARNINGS = 200
# Never read as text: deleted and moved-away runs, field codes, the fallback copy of text boxes.
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr", MC_FALLBACK}
_CHANGES = {
    f"{W}ins": "insertion",
    f"{W}del": "deletion",
    f"{W}moveFrom": "move (moved away)",
    f"{W}moveTo": "move (moved here)",
}

Rgb = tuple[float, float, float]


@dataclass
class _Change:
    label: str
    author: str
    text: str
    page: int


class DocxReader:
    def __init__(self, document: Any) -> None:
        self.document = document
        body = document.element.body
        self.body = body
        self.numbering = Numbering.load(document)
        self.cascade = StyleCascade(document.styles.element)
        background = document.element.find(f"{W}background")
        self.visibility = Visibility(
            self.cascade, hex_rgb(background.get(f"{W}color")) if background is not None else None
        )
        self.rendered_breaks = body.find(f".//{W}lastRenderedPageBreak") is not None
        self.estimator = None if self.rendered_breaks else PageEstimator(body, self.cascade)
        self.blocks: list[RawBlock] = []
        self.warnings: list[IngestWarning] = []
        self.hidden: dict[str, list[tuple[int, str]]] = {}  # reason -> (page, text)
        self.changes: list[_Change] = []
        self.comment_pages: dict[str, int] = {}
        self.page = 1
        self.images: list[PageImage] = []  # page-sized pictures (scans pasted in), read by OCR later
        self.page_full = False  # the page holds a page-sized picture: what follows starts a new one

    def read(self, media_type: str) -> ParsedDocument:
        self._walk(self.body)
        self._headers_and_footers()
        self._report_hidden()
        self._report_changes()
        self._comments()
        return ParsedDocument(
            media_type=media_type,
            page_count=self.page,
            blocks=self.blocks,
            warnings=self.warnings,
            metadata={"page_numbers": "rendered" if self.rendered_breaks else "estimated"},
        )

    # --- body ----------------------------------------------------------------------------------

    def _walk(self, container: Any) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
                if content is not None:
                    self._walk(content)

    def _new_page(self) -> None:
        self.page += 1
        if self.estimator is not None:
            self.estimator.new_page()

    def _style(self, p: Any) -> tuple[str | None, str]:
        style_id = val(p.find(f"{W}pPr/{W}pStyle"))
        style = self.cascade.styles.get(style_id) if style_id else None
        name = val(style.find(f"{W}name")) if style is not None else None
        return style_id, name or style_id or ""

    def _numbering_of(self, p: Any, style_id: str | None) -> str | None:
        num_pr = self.cascade.paragraph_property(p, style_id, "numPr")
        if num_pr is None:
            return None
        num_id = val(num_pr.find(f"{W}numId"))
        ilvl = int(val(num_pr.find(f"{W}ilvl")) or "0")
        return self.numbering.render(num_id, ilvl) if num_id else None

    def _level(self, p: Any, style_id: str | None, style_name: str) -> int | None:
        heading = _HEADING_STYLE.match(style_name.strip())
        if heading:
            return int(heading.group(1))
        if style_name.lower() == "title":
            return 1
        outline = val(self.cascade.paragraph_property(p, style_id, "outlineLvl"))
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return None

    def _paragraph(self, p: Any, *, background: Rgb | None = None) -> None:
        style_id, style_name = self._style(p)
        if not self.rendered_breaks and self.blocks:
            before = self.cascade.paragraph_property(p, style_id, "pageBreakBefore")
            if before is not None and val(before) not in ("0", "false"):
                self._new_page()
        text, breaks_after = self._text(p, style_id, shading(p.find(f"{W}pPr")) or background)
        number = self._numbering_of(p, style_id)
        level = self._level(p, style_id, style_name)
        within = 0
        picture = None if text.strip() else page_picture(p)
        if picture is not None:
            if self.estimator is not None and (
                self.page_full or (self.blocks and self.blocks[-1].page == self.page)
            ):
                self._new_page()  # a scanned page pasted in fills a page of its own
            self.images.append(PageImage(at=len(self.blocks), page=self.page, rid=picture))
            self.page_full = self.estimator is not None
        if text.strip():
            if self.page_full:
                self._new_page()
                self.page_full = False
            if self.estimator is not None:
                before_pages, within = self.estimator.place(self.estimator.paragraph_height(p, style_id, text))
                self.page += before_pages
            kind: BlockKind = "heading" if level else ("list_item" if number else "paragraph")
            shown = f"{number} {text.strip()}" if number else text
            self.blocks.append(RawBlock(text=shown, page=self.page, kind=kind, level=level, number=number))
        self.page += within
        for _ in range(breaks_after):
            self._new_page()

    def _text(self, p: Any, style_id: str | None, background: Rgb | None) -> tuple[str, int]:
        """The paragraph's visible text (tracked changes accepted) and page breaks after it."""
        parts: list[str] = []
        breaks = [0]
        self._collect(p, style_id, background, parts, breaks)
        return "".join(parts).replace("\t", " "), breaks[0]

    def _collect(
        self, el: Any, style_id: str | None, background: Rgb | None, parts: list[str], breaks: list[int]
    ) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _CHANGES:
                self._record_change(child)
            if tag in _SKIP:
                continue
            if tag == f"{W}r":
                self._run(child, style_id, background, parts, breaks)
            elif tag == f"{W}commentReference" or tag == f"{W}commentRangeStart":
                self.comment_pages.setdefault(child.get(f"{W}id", ""), self.page)
            else:
                self._collect(child, style_id, background, parts, breaks)

    def _run(
        self, run: Any, style_id: str | None, background: Rgb | None, parts: list[str], breaks: list[int]
    ) -> None:
        reason = self.visibility.hidden_reason(run, style_id, background)
        for el in run.iterchildren():
            tag = el.tag
            if tag == f"{W}t":
                if reason is None:
                    parts.append(el.text or "")
                elif (el.text or "").strip():
                    self.hidden.setdefault(reason, []).append((self.page, el.text or ""))
            elif tag == f"{W}tab":
                parts.append(" ")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{W}br", f"{W}cr"):
                if tag == f"{W}br" and el.get(f"{W}type") == "page" and not self.rendered_breaks:
                    self._page_break("".join(parts), breaks)
                else:
                    parts.append("\n")
            elif tag == f"{W}lastRenderedPageBreak":
                self._page_break("".join(parts), breaks)
            elif tag == f"{W}commentReference":
                self.comment_pages.setdefault(el.get(f"{W}id", ""), self.page)
            elif tag not in _SKIP and tag != f"{W}t":
                self._collect(el, style_id, background, parts, breaks)  # text boxes and the like

    def _page_break(self, so_far: str, breaks: list[int]) -> None:
        if so_far.strip():
            breaks[0] += 1  # the paragraph starts on this page; what follows is on the next
        else:
            self._new_page()

    def _record_change(self, el: Any) -> None:
        label = _CHANGES[el.tag]
        text_tag = f"{W}delText" if label == "deletion" else f"{W}t"
        text = "".join(t.text or "" for t in el.iter(text_tag)).strip()
        if text:
            self.changes.append(_Change(label, el.get(f"{W}author") or "unknown author", text, self.page))

    def _table(self, tbl: Any) -> None:
        for row in tbl.findall(f"{W}tr"):
            cells: list[str] = []
            tallest = 0.0
            cell_elements = row.findall(f"{W}tc")
            for cell in cell_elements:
                background = shading(cell.find(f"{W}tcPr"))
                texts = []
                height = 0.0
                for p in cell.iter(f"{W}p"):
                    style_id, _ = self._style(p)
                    text = self._text(p, style_id, shading(p.find(f"{W}pPr")) or background)[0].strip()
                    texts.append(text)
                    if self.estimator is not None:
                        width = self.estimator.width / max(len(cell_elements), 1)
                        height += self.estimator.paragraph_height(p, style_id, text, width)
                tallest = max(tallest, height)
                value = " ".join(t for t in texts if t)
                if value and (not cells or cells[-1] != value):
                    cells.append(value)
            within = 0
            if self.estimator is not None:
                before_pages, within = self.estimator.place(tallest)
                self.page += before_pages
            if cells:
                self.blocks.append(RawBlock(text=" | ".join(cells), page=self.page, kind="table"))
            self.page += within

    # --- around the body -----------------------------------------------------------------------

    def _headers_and_footers(self) -> None:
        seen: set[tuple[str, str]] = set()
        headers: list[RawBlock] = []
        for section in self.document.sections:
            parts = [(section.header, "header"), (section.footer, "footer")]
            if section.different_first_page_header_footer:
                parts += [(section.first_page_header, "header"), (section.first_page_footer, "footer")]
            for part, kind in parts:
                if part is None or part.is_linked_to_previous:
                    continue
                for paragraph in part.paragraphs:
                    text = paragraph.text.strip()
                    if text and (kind, text) not in seen:
                        seen.add((kind, text))
                        if kind == "header":
                            headers.append(RawBlock(text=text, page=1, kind="header"))
                        else:
                            self.blocks.append(RawBlock(text=text, page=self.page, kind="footer"))
        self.blocks[:0] = headers  # a header is the first thing on its page

    def _report_hidden(self) -> None:
        for reason, found in self.hidden.items():
            self.warnings.append(
                IngestWarning(
                    kind="hidden_text",
                    page=found[0][0],
                    text=" … ".join(text.strip() for _, text in found)[:2000],
                    message=f"the document contains text a reader does not see ({reason}); "
                    "it was left out of the review",
                )
            )

    def _report_changes(self) -> None:
        for change in self.changes[:MAX_CHANGE_WARNINGS]:
            self.warnings.append(
                IngestWarning(
                    kind="tracked_changes",
                    page=change.page,
                    text=change.text[:1000],
                    message=f"unaccepted tracked {change.label} by {change.author}: the text reviewed "
                    "assumes all tracked changes are accepted",
                )
            )

    def _comments(self) -> None:
        try:
            comments = list(self.document.comments)
        except Exception:  # a damaged comments part: the body is still worth reading
            return
        for comment in comments[:MAX_CHANGE_WARNINGS]:
            text = " ".join(p.text for p in comment.paragraphs).strip()
            author = getattr(comment, "author", None) or "unknown author"
            self.warnings.append(
                IngestWarning(
                    kind="comments",
                    page=self.comment_pages.get(str(comment.comment_id)),
                    text=text[:1000],
                    message=f"comment left in the document by {author}",
                )
            )
