"""Section numbers and headings, and the assembly of a ``Document`` with character offsets.

Recognised: "12.3", "5.1.2 Deletion", "5. Deletion", "Article 5", "Section 7.2", "Schedule 2",
"Annex A", "第五条", "第三章", "一、", Markdown headings, and a DOCX file's heading styles.
"""

from __future__ import annotations

import re

from reviewer.ingest.base import ParsedDocument, RawBlock
from reviewer.ingest.locate import OffsetIndex, enclosing_title
from reviewer.ingest.sections import Heading, SectionSequence, build_sections
from reviewer.models import Block, Document, Page, Section

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CN_NUM = "一二三四五六七八九十百千零〇两"

_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.+?)\s*#*\s*$")
_KEYWORD = re.compile(
    r"^(?P<kw>article|section|clause|part|chapter|schedule|annex|appendix|exhibit|attachment|addendum)"
    r"\s+(?P<id>\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6}|[A-Z]{1,2}(?:\d{1,2})?)\b\s*[.:)\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"^§\s*(?P<id>\d{1,3}[a-z]?)(?!\d|\.\d)\s*[.:)\-–—]?\s*(?P<rest>.*)$")  # "§ 5 Deletion"
_DOTTED = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){1,4})\.?\s+(?P<rest>\S.*)$")
_SINGLE = re.compile(r"^(?P<num>\d{1,3})(?P<punct>[.)])?\s+(?P<rest>\S.*)$")
_CN_ARTICLE = re.compile(
    rf"^(?P<num>第\s*[{_CN_NUM}\d]{{1,6}}\s*(?P<unit>[条章节部分款编]))(?P<sep>[\s:：、.．]*)(?P<rest>.*)$"
)
# After "第三条" with no separator, these words make it a reference ("第三条规定的…"), not a heading.
_CN_REFERENCE = re.compile(r"^(?:规定|所述|所列|约定|所指|项下|中的|的|之|或|和|及|至|第)")
# After "10.5", a unit makes it a quantity ("10.5 GB of storage"), not a section number.
_UNIT = re.compile(r"^(?:[KMGT]B|USD|EUR|GBP|CNY|RMB|%|percent|per|x)\b", re.IGNORECASE)
_CN_ENUM = re.compile(rf"^(?P<num>[{_CN_NUM}]{{1,3}})[、．.]\s*(?P<rest>\S.*)$")
_TITLE_LEAD = re.compile(r"^(?P<title>[A-Z][A-Za-z0-9 ,&/'’()\-]{2,60}?)[.:]\s+(?=[A-Z\"“(])")
_SENTENCE_END = re.compile(r"[.;:!?。；：！？][\"”’)）]?$")

_LEVEL_BY_KEYWORD = {
    "part": 1,
    "chapter": 1,
    "article": 1,
    "schedule": 1,
    "annex": 1,
    "appendix": 1,
    "exhibit": 1,
    "attachment": 1,
    "addendum": 1,
    "section": 2,
    "clause": 2,
}
_LEVEL_BY_CN_UNIT = {"编": 1, "部分": 1, "章": 1, "节": 2, "条": 2, "款": 3}


_SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "with", "or", "a", "an", "by", "at", "its", "de"}


# A word ending a sentence inside the text ("Customer Data. Customer retains …"): a run-in heading
# followed by its clause, not a title ("U.S. Data Transfers" and "Acme Inc. Terms" are titles).
_RUN_ON = re.compile(r"[a-z]{3}\.\s+[A-Z]")


def looks_like_title(text: str) -> bool:
    """Short, and in title case (or short CJK): "Data Location", "CONFIDENTIALITY", "数据删除"."""
    text = text.strip().rstrip(".:：")
    if not text or _SENTENCE_END.search(text) or _RUN_ON.search(text):
        return False
    if re.search(rf"[{CJK}]", text):
        return len(text) <= 30
    words = [w for w in re.split(r"\s+", text) if w]
    if len(words) > 10 or len(text) > 80:
        return False
    significant = [w for w in words if w.lower().strip("(),") not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if not w[0].isalpha() or w[0].isupper())
    return capitalised / len(significant) >= 0.6


def _title_from(rest: str, *, is_heading: bool) -> str | None:
    rest = rest.strip().strip("*_").strip()
    if not rest:
        return None
    if is_heading or looks_like_title(rest):
        return rest.rstrip(".:：")[:120] or None
    lead = _TITLE_LEAD.match(rest)
    if lead and len(lead.group("title").split()) <= 8:
        return lead.group("title").strip()
    return None


Match = tuple[bool, "Heading | None"]  # (the pattern matched, the heading it makes if any)


def _by_file_numbering(line: str, number: str, is_heading: bool, style_level: int | None) -> Heading | None:
    """A paragraph numbered by Word's list numbering: "2.1", "第三条", or a styled heading."""
    if line.startswith(number):
        line = line[len(number) :].strip()
    clean = number.rstrip(".")
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){0,4}", clean):
        return Heading(clean, _title_from(line, is_heading=is_heading), clean.count(".") + 1)
    cn = _CN_ARTICLE.match(number)
    if cn:
        level = _LEVEL_BY_CN_UNIT.get(cn.group("unit"), 2)
        return Heading(re.sub(r"\s+", "", cn.group("num")), _title_from(line, is_heading=is_heading), level)
    return Heading(None, line[:120] or None, style_level or 1) if is_heading else None


def _cites_rather_than_heads(rest: str, is_heading: bool) -> bool:
    """Whether the words after a section number carry on a sentence that cites the section."""
    return bool(rest) and (rest[0].islower() or rest[0] in ",;") and not is_heading


def _keyword(line: str, is_heading: bool) -> Match:
    m = _KEYWORD.match(line)
    if not m or not m.group("kw")[0].isupper():
        return False, None
    kw, ident, rest = m.group("kw").capitalize(), m.group("id"), m.group("rest")
    if not (ident.isupper() or ident[0].isdigit()):
        return True, None  # "Schedule of Fees", "Annex to the DPA"
    if _cites_rather_than_heads(rest, is_heading):
        return True, None  # "Section 5 of the Agreement applies": a sentence citing a section
    level = _LEVEL_BY_KEYWORD[kw.lower()]
    if kw.lower() == "section" and "." in ident:
        level = ident.count(".") + 2
    return True, Heading(f"{kw} {ident}", _title_from(rest, is_heading=is_heading), level)


def _paragraph(line: str, is_heading: bool) -> Match:
    """German-style numbering: "§ 5 Place of Processing"."""
    m = _PARAGRAPH.match(line)
    if not m:
        return False, None
    rest = m.group("rest")
    if _cites_rather_than_heads(rest, is_heading):
        return True, None  # "§ 5 applies": a sentence citing a paragraph
    return True, Heading(f"§ {m.group('id')}", _title_from(rest, is_heading=is_heading) if rest else None, 1)


def _dotted(line: str, is_heading: bool) -> Match:
    m = _DOTTED.match(line)
    if not m:
        return False, None
    num, rest = m.group("num"), m.group("rest")
    if _UNIT.match(rest) and not is_heading:
        return True, None  # "10.5 GB of storage"
    if rest[0].isupper() or re.match(rf"[{CJK}(\"“]", rest) or is_heading:
        return True, Heading(num, _title_from(rest, is_heading=is_heading), num.count(".") + 1)
    return True, None


def _single(line: str, is_heading: bool) -> Match:
    m = _SINGLE.match(line)
    if not m:
        return False, None
    rest = m.group("rest")
    starts_title = rest[0].isupper() or bool(re.match(rf"[{CJK}]", rest))
    if (not starts_title and not is_heading) or int(m.group("num")) > 200:
        return True, None
    if m.group("punct") or is_heading or (len(rest) <= 80 and not _SENTENCE_END.search(rest)):
        return True, Heading(m.group("num"), _title_from(rest, is_heading=is_heading), 1)
    return True, None


def _chinese(line: str, is_heading: bool) -> Match:
    m = _CN_ARTICLE.match(line)
    if m:
        if not m.group("sep") and _CN_REFERENCE.match(m.group("rest")) and not is_heading:
            return True, None  # "第三条规定的…" refers to the article
        level = _LEVEL_BY_CN_UNIT.get(m.group("unit"), 2)
        number = re.sub(r"\s+", "", m.group("num"))
        return True, Heading(number, _title_from(m.group("rest"), is_heading=is_heading), level)
    m = _CN_ENUM.match(line)
    if m:
        return True, Heading(m.group("num"), _title_from(m.group("rest"), is_heading=is_heading), 1)
    return False, None


def detect_heading(text: str, *, style_level: int | None = None, number: str | None = None) -> Heading | None:
    """Recognise a section heading at the start of a block of text, or return None."""
    line = text.strip().split("\n", 1)[0].strip()
    if not line:
        return None
    is_heading = style_level is not None
    md = _MD_HEADING.match(line)
    if md:
        inner = detect_heading(md.group("rest"), style_level=len(md.group("hashes")))
        if inner is not None:
            return inner
        return Heading(None, md.group("rest").strip("*_ ") or None, len(md.group("hashes")))
    line = line.strip("*_ ").strip() or line
    if number:  # rendered by the file's own list numbering
        return _by_file_numbering(line, number, is_heading, style_level)
    for matcher in (_keyword, _paragraph, _dotted, _single, _chinese):
        matched, heading = matcher(line, is_heading)
        if matched:
            return heading
    return Heading(None, line[:120], style_level or 1) if is_heading else None


def is_title_line(text: str) -> bool:
    """A heading line that stands alone ("5. Deletion", "Article 5", "第五条 数据删除")."""
    line = text.strip()
    if len(line) > 100 or _SENTENCE_END.search(line):
        return False
    heading = detect_heading(line)
    if heading is None:
        return False
    if heading.title:
        after = line[line.find(heading.title) + len(heading.title) :] if heading.title in line else ""
        if after.strip(" .:：*_"):  # "3.1 License. Subject to this Agreement, …": a clause, not a title line
            return False
        return looks_like_title(heading.title)
    return len(line) <= 24


def opens_block(line: str, previous: str | None) -> bool:
    """A line that starts a new block: a heading, unless the line before it stops mid-sentence
    (a wrapped clause whose next line happens to begin "Schedule 2." or "12.3 The")."""
    if detect_heading(line) is None:
        return False
    if previous is None:
        return True
    before = previous.strip()
    return not before or bool(_SENTENCE_END.search(before)) or looks_like_title(before)


def _is_cjk(ch: str) -> bool:
    return bool(re.match(rf"[{CJK}\u3000-\u303f\uff00-\uffef]", ch))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph: no space next to a CJK character, one otherwise."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        elif _is_cjk(out[-1]) or _is_cjk(line[0]):
            out += line  # Chinese wraps anywhere, also between "第38" and "项": no space
        else:
            out += " " + line
    return out


class _Layout:
    """Lays blocks out one after the other into a text, keeping offsets, pages and headings."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.pages: list[Page] = []
        self.headings: list[tuple[int, Heading, int]] = []  # (offset, heading, page)
        self.sequence = SectionSequence()
        self.offset = 0

    def add(self, raw: RawBlock, page: int) -> int:
        """Append a block; returns the characters it added (0 for an empty block)."""
        text = raw.text.strip()
        if not text:
            return 0
        if self.parts:
            sep = "\n" if self.blocks and self.blocks[-1].page == page else "\n\n"
            if raw.continues and self.blocks and self.blocks[-1].kind == "paragraph" and sep == "\n\n":
                # a sentence carried on from the page before reads as one sentence
                sep = "" if _is_cjk(self.blocks[-1].text[-1]) and _is_cjk(text[0]) else " "
            self.parts.append(sep)
            self.offset += len(sep)
        start = self.offset
        self.parts.append(text)
        self.offset += len(text)
        heading = None
        if raw.kind in ("heading", "paragraph", "list_item") and not raw.continues:
            heading = detect_heading(text, style_level=raw.level, number=raw.number)
            if heading is not None:
                heading = self.sequence.admit(heading, styled=raw.level is not None)
        if heading is not None:
            self.headings.append((start, heading, page))
        kind = "heading" if heading is not None and raw.kind == "heading" else raw.kind
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                page=page,
                start=start,
                end=self.offset,
                level=raw.level,
                ocr_confidence=raw.confidence,
                bbox=list(raw.bbox) if raw.bbox else None,
            )
        )
        return len(text)

    def page(self, number: int, raws: list[RawBlock], has_text_layer: bool, ocr: float | None = None) -> None:
        page_start: int | None = None
        char_count = 0
        for raw in raws:
            added = self.add(raw, number)
            if added and page_start is None:
                page_start = self.offset - added  # where the page's first block starts
            char_count += added
        start = self.offset if page_start is None else page_start
        self.pages.append(
            Page(
                number=number,
                start=start,
                end=self.offset,
                has_text_layer=has_text_layer,
                char_count=char_count,
                ocr_confidence=ocr,
            )
        )


def assemble(*, doc_id: str, file_name: str, size_bytes: int, parsed: ParsedDocument) -> Document:
    """Lay the blocks out into one text with offsets, and find the sections."""
    by_page: dict[int, list[RawBlock]] = {}
    for raw in parsed.blocks:
        by_page.setdefault(raw.page, []).append(raw)
    no_text = set(parsed.pages_without_text)
    layout = _Layout()
    for number in range(1, parsed.page_count + 1):
        layout.page(
            number,
            by_page.get(number, []),
            has_text_layer=number not in no_text,
            ocr=parsed.ocr_confidence.get(number),
        )
    text = "".join(layout.parts)
    doc = Document(
        id=doc_id,
        file_name=file_name,
        media_type=parsed.media_type,
        size_bytes=size_bytes,
        text=text,
        pages=layout.pages,
        blocks=layout.blocks,
        sections=build_sections(layout.headings, len(text), layout.pages),
        warnings=list(parsed.warnings),
        errors=list(parsed.errors),
        metadata=dict(parsed.metadata),
    )
    index = OffsetIndex(doc)
    for block in doc.blocks:
        if block.kind in ("header", "footer"):
            continue  # running page furniture belongs to no section
        sec = index.section(block.start)
        if sec is not None:
            block.section, block.section_title = sec.number, index.title(sec)
    return doc


def section_title(doc: Document, section: Section) -> str | None:
    """The section's own title, or the title of the nearest enclosing section that has one."""
    return enclosing_title(doc.sections, section)
