"""Chunks that follow the contract's structure: split at sections first, then long sections with
langchain's recursive splitter (sentence ends in English and Chinese: 。；： . ; :). Every chunk
keeps its provenance: set, document, file, pages, section, offsets and a content-derived id.

Sizes are in English characters, the unit ``REVIEWER_CHUNK_SIZE`` has always used, measured the
way the embedding model sees text: all-MiniLM-L6-v2 keeps 256 tokens, about 4.5 English characters
each but one Chinese character each, so a Chinese character counts as ``CJK_WEIGHT`` characters.
A 1,200-character Chinese chunk would be embedded from its first ~250 characters only; sized this
way a Chinese chunk is ~240 characters and the model sees all of it (bench/retrieval_lang.py).

Running headers and footers are never inside a chunk: they cut the text around them, so a page's
"Confidential - Page 3" does not end up in the passages a review reads.
"""

from __future__ import annotations

import hashlib
import itertools
import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from reviewer.ingest.locate import OffsetIndex
from reviewer.models import Chunk, Document

SEPARATORS = ["\n\n", "\n", "。", "；", "！", "？", ". ", "; ", "：", ": ", ", ", "，", " ", ""]
# A segment this short, on one line and without a sentence end, is a bare heading: it joins the
# segment after it.
HEADING_ONLY = 160
SENTENCE_END = re.compile(r"[.;:!?。；：！？][\"”’)）]?$")
FURNITURE = ("header", "footer")
CJK_WEIGHT = 5  # English characters per Chinese character, in model tokens (~4.5 : 1)
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def text_length(text: str, cjk_weight: int = CJK_WEIGHT) -> int:
    """The length of ``text`` in English characters' worth of model tokens."""
    return len(text) + (cjk_weight - 1) * len(_CJK.findall(text))


def chunk_id(set_id: str, document_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha256(f"{set_id}\x1f{document_id}\x1f{start}\x1f{end}\x1f{text}".encode())
    return digest.hexdigest()[:40]


def _is_bare_heading(text: str) -> bool:
    body = text.strip()
    return len(body) < HEADING_ONLY and "\n" not in body and not SENTENCE_END.search(body)


def _segments(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, anchor) ranges between consecutive section starts, with running headers and
    footers cut out; the anchor is the offset whose section the chunk cites."""
    furniture = {(b.start, b.end) for b in doc.blocks if b.kind in FURNITURE}
    cuts = sorted({0, len(doc.text), *(s.start for s in doc.sections), *itertools.chain(*furniture)})
    merged: list[tuple[int, int, int]] = []
    pending: tuple[int, int] | None = None  # a bare heading waiting for its body
    for start, end in itertools.pairwise(cuts):
        if (start, end) in furniture:
            if pending is not None:  # the heading's body is on the next page: it stands alone
                merged.append((pending[0], pending[0] + len(doc.text[pending[0] : start].rstrip()), pending[1]))
                pending = None
            continue
        if not doc.text[start:end].strip():
            continue
        anchor = start
        if pending is not None:
            start, pending = pending[0], None
        if _is_bare_heading(doc.text[anchor:end]):
            pending = (start, anchor)
            continue
        merged.append((start, end, anchor))
    if pending is not None:
        merged.append((pending[0], len(doc.text), pending[1]))
    return merged


def _pieces(
    doc: Document, splitter: RecursiveCharacterTextSplitter, seg_start: int, seg_end: int, size: int, weight: int
) -> list[tuple[int, str]]:
    """The segment as one piece, or split; a bare heading line stays with the text after it."""
    segment = doc.text[seg_start:seg_end]
    if text_length(segment.strip(), weight) <= size:
        lead = len(segment) - len(segment.lstrip())
        return [(seg_start + lead, segment.strip())]
    first_line, newline, _ = segment.partition("\n")
    head = len(first_line) + len(newline) if newline and _is_bare_heading(first_line) else 0
    pieces = [
        (seg_start + head + int(d.metadata["start_index"]), d.page_content)
        for d in splitter.create_documents([segment[head:]])
    ]
    if head and pieces:
        at, text = pieces[0]
        pieces[0] = (seg_start, doc.text[seg_start : at + len(text)])
    return pieces


def chunk_document(
    doc: Document, set_id: str, *, size: int = 1200, overlap: int = 150, cjk_weight: int = CJK_WEIGHT
) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        length_function=lambda text: text_length(text, cjk_weight),
        separators=SEPARATORS,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    locate = OffsetIndex(doc)
    chunks: list[Chunk] = []
    for seg_start, seg_end, anchor in _segments(doc):
        for start, text in _pieces(doc, splitter, seg_start, seg_end, size, cjk_weight):
            if not text.strip():
                continue
            end = start + len(text)
            if doc.text[start:end] != text:  # the splitter lost the offset: find it again
                found = doc.text.find(text, max(seg_start, start - size))
                if found < 0:
                    continue
                start, end = found, found + len(text)
            section = locate.section(max(start, anchor) if anchor < end else start)
            chunks.append(
                Chunk(
                    id=chunk_id(set_id, doc.id, start, end, text),
                    set_id=set_id,
                    document_id=doc.id,
                    file_name=doc.file_name,
                    text=text,
                    start=start,
                    end=end,
                    pages=locate.pages(start, end),
                    section=section.number if section else None,
                    section_title=locate.title(section) if section else None,
                    index=len(chunks),
                )
            )
    return chunks
