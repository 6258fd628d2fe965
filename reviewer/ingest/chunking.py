"""Chunks that follow the contract's structure: split at sections first, then long sections with
langchain's recursive splitter (sentence ends in English and Chinese: 。；： . ; :). Every chunk
keeps its provenance: set, document, file, pages, section, offsets and a content-derived id."""

from __future__ import annotations

import hashlib
import itertools
import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from reviewer.ingest.structure import section_title
from reviewer.models import Chunk, Document

SEPARATORS = ["\n\n", "\n", "。", "；", "！", "？", ". ", "; ", "：", ": ", ", ", "，", " ", ""]
HEADING_ONLY = 160
SENTENCE_END = re.compile(
    r"[.;:!?。；：！？][\"”’)）]?$"
)  # a segment this short is a bare heading: it joins the segment after it


def chunk_id(set_id: str, document_id: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha256(f"{set_id}\x1f{document_id}\x1f{start}\x1f{end}\x1f{text}".encode())
    return digest.hexdigest()[:40]


def _segments(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, anchor) ranges between consecutive section starts; anchor picks the citation."""
    cuts = sorted({0, *(s.start for s in doc.sections), len(doc.text)})
    raw = [(a, b) for a, b in itertools.pairwise(cuts) if doc.text[a:b].strip()]
    merged: list[tuple[int, int, int]] = []
    pending: tuple[int, int] | None = None
    for own_start, end in raw:
        body = doc.text[own_start:end].strip()
        start, anchor = own_start, own_start
        if pending is not None:
            start = pending[0]
            pending = None
        if len(body) < HEADING_ONLY and "\n" not in body and not SENTENCE_END.search(body):
            pending = (start, anchor)
            continue
        merged.append((start, end, anchor))
    if pending is not None:
        merged.append((pending[0], len(doc.text), pending[1]))
    return merged


def chunk_document(doc: Document, set_id: str, *, size: int = 1200, overlap: int = 150) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    chunks: list[Chunk] = []
    for seg_start, seg_end, anchor in _segments(doc):
        segment = doc.text[seg_start:seg_end]
        if len(segment.strip()) <= size:
            lead = len(segment) - len(segment.lstrip())
            pieces = [(seg_start + lead, segment.strip())]
        else:
            pieces = [
                (seg_start + int(d.metadata["start_index"]), d.page_content)
                for d in splitter.create_documents([segment])
            ]
        for start, text in pieces:
            if not text.strip():
                continue
            end = start + len(text)
            if doc.text[start:end] != text:  # the splitter lost the offset: find it again
                found = doc.text.find(text, max(seg_start, start - size))
                if found < 0:
                    continue
                start, end = found, found + len(text)
            cite_at = max(start, anchor) if anchor < end else start
            section = doc.section_at(cite_at)
            chunks.append(
                Chunk(
                    id=chunk_id(set_id, doc.id, start, end, text),
                    set_id=set_id,
                    document_id=doc.id,
                    file_name=doc.file_name,
                    text=text,
                    start=start,
                    end=end,
                    pages=doc.pages_between(start, end),
                    section=section.number if section else None,
                    section_title=section_title(doc, section) if section else None,
                    index=len(chunks),
                )
            )
    return chunks
