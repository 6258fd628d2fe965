"""The vendor's sentences that cause each open finding, so that the redline can replace them.

A sentence causes a partial or conflicting finding when the review quoted it as evidence (except
for parts of a complete clause it did find), or when one of the check's contradicting, weakening or
carve-out signals matches it in the Word document being redlined (the same scan the judge runs).
A drafting template may also name the vendor wording its clause contradicts (``replaces``), which
finds sentences the judge does not cite ("at Provider's discretion", "continued use ... accepts").
"""

from __future__ import annotations

from reviewer.errors import ReviewerError
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.text import split_sentences
from reviewer.models import ContractSet, Document, Finding, Review
from reviewer.playbooks.loader import load_playbook
from reviewer.playbooks.schema import Playbook, library_pattern

OPEN = ("partial", "conflicting")
CAUSING_SIGNALS = ("contradicted", "weakened", "carve_out")


def source_document(contract_set: ContractSet | None, source_name: str | None) -> Document | None:
    """The Word document of the set the redline marks up."""
    if contract_set is None:
        return None
    words = [d for d in contract_set.documents if "wordprocessingml" in d.media_type]
    named = [d for d in words if d.file_name == source_name]
    chosen = named or words
    return chosen[0] if chosen else None


def _playbook(review: Review) -> Playbook | None:
    try:
        return load_playbook(review.playbook.name)
    except ReviewerError:
        return None  # a playbook no longer installed: the review's own evidence still counts


def causing_sentences(review: Review, document: Document | None) -> dict[str, list[str]]:
    """For each partial or conflicting finding, by check id: the sentences to rewrite or delete."""
    causes: dict[str, list[str]] = {}
    for finding in review.findings:
        if finding.status in OPEN:
            causes[finding.check_id] = _cited(finding, document)
    book = _playbook(review) if document is not None else None
    if book is None or document is None:
        return causes
    single = ContractSet(
        id="redline", name=document.file_name, embedding_model="none", documents=[document], chunks=[]
    )
    index = SetIndex(single)
    index.configure(book)
    for check in book.checks:
        if check.id not in causes:
            continue
        for hit in index.scan_check(check):
            if hit.kind in CAUSING_SIGNALS:
                sentence = document.text[hit.start : hit.end].strip()
                if sentence and sentence not in causes[check.id]:
                    causes[check.id].append(sentence)
    return causes


def protected_sentences(review: Review, document: Document | None) -> list[str]:
    """Sentences that satisfy a check: never deleted, even when another check finds them wanting."""
    return [q for f in review.findings if f.status == "satisfied" for q in _cited(f, document)]


def _flat(text: str) -> str:
    return " ".join(text.split())


def is_protected(sentence: str, protected: list[str]) -> bool:
    flat = _flat(sentence)
    return any(flat in _flat(p) or _flat(p) in flat for p in protected)


def overridden(document: Document | None, patterns: tuple[str, ...]) -> list[str]:
    """The document's sentences that a clause's ``replaces`` patterns find (case-insensitive)."""
    if document is None or not patterns:
        return []
    compiled = [library_pattern(p) for p in patterns]
    found = []
    for sentence in split_sentences(document.text):
        text = document.text[sentence.start : sentence.end].strip()
        if any(p.search(text) for p in compiled) and text not in found:
            found.append(text)
    return found


def _cited(finding: Finding, document: Document | None) -> list[str]:
    quotes = []
    for evidence in finding.evidence:
        if (evidence.signal or "").startswith("element"):
            continue  # a part of the clause the contract does have
        if document is not None and evidence.file_name != document.file_name:
            continue
        if evidence.quote.strip() and evidence.quote.strip() not in quotes:
            quotes.append(evidence.quote.strip())
    return quotes
