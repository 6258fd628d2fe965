"""Turning offsets into cited evidence, and checking that a quote is really in the contract."""

from __future__ import annotations

import re
import unicodedata

from reviewer.ingest.structure import section_title
from reviewer.models import ContractSet, Document, Evidence


def evidence_at(
    doc: Document, start: int, end: int, *, chunk_id: str | None = None, signal: str | None = None
) -> Evidence:
    section = doc.section_at(start)
    pages = doc.pages_between(start, end)
    return Evidence(
        document_id=doc.id,
        file_name=doc.file_name,
        page=pages[0],
        pages=pages,
        section=section.number if section else None,
        section_title=section_title(doc, section) if section else None,
        quote=doc.text[start:end],
        start=start,
        end=end,
        chunk_id=chunk_id,
        signal=signal,
        paged=not (doc.media_type.startswith("text/") and len(doc.pages) == 1),
        ocr_confidence=min(
            (
                b.ocr_confidence
                for b in doc.blocks
                if b.ocr_confidence is not None and b.start < end and b.end > start
            ),
            default=None,
        ),
    )


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def locate_quote(contract_set: ContractSet, quote: str, document_id: str | None = None) -> Evidence | None:
    """Find ``quote`` verbatim (modulo white space and quote marks) in the set; None if it is not there."""
    wanted = _normalise(quote)
    if len(wanted) < 8:
        return None
    for doc in contract_set.documents:
        if document_id and doc.id != document_id:
            continue
        at = doc.text.find(quote)
        if at >= 0:
            return evidence_at(doc, at, at + len(quote))
        # Map a white-space-insensitive match back to offsets in the original text.
        pattern = r"\s+".join(re.escape(part) for part in wanted.split(" "))
        pattern = pattern.replace('\\"', '["“”]').replace("'", "['‘’]")
        match = re.search(pattern, unicodedata.normalize("NFKC", doc.text))
        if match and len(unicodedata.normalize("NFKC", doc.text)) == len(doc.text):
            return evidence_at(doc, match.start(), match.end())
    return None
