"""The redline's round trip: accept every tracked change in memory, review the result with the same
playbook, tier and jurisdictions, and list the must-have and walk-away checks still not satisfied.

Nothing is stored: the accepted Word file is parsed, chunked and embedded in memory and stands in
for the original document of the reviewed set (the set's other documents, e.g. a PDF DPA, stay).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reviewer.errors import DocumentMismatchError
from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import parse_bytes, sha256_bytes
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval.index import DenseSearch, SetIndex
from reviewer.models import Chunk, ContractSet, Document, Finding, Review
from reviewer.playbooks.loader import load_playbook
from reviewer.report.accept import accept_all
from reviewer.review import run_review
from reviewer.settings import Settings
from reviewer.store.embedding import Embedder


@dataclass
class RoundTrip:
    """Which must-have and walk-away checks are open before the redline and after accepting it."""

    before: list[Finding]
    after: list[Finding]
    accepted: Review
    fixed: list[str] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.after


WORD = "wordprocessingml"


def _flat(text: str) -> str:
    return " ".join(text.split())


def reviewed_version(review: Review, data: bytes, stored: ContractSet | None, settings: Settings) -> str:
    """The name of the reviewed Word document that ``data`` is (the same bytes, or the same text);
    DocumentMismatchError when it is another version, so that no redline is drafted against it."""
    digest = sha256_bytes(data)
    for reviewed in review.contract_set.documents:
        if reviewed.sha256 == digest:
            return reviewed.file_name
    words = [d for d in review.contract_set.documents if WORD in d.media_type]
    if not words:
        raise DocumentMismatchError(
            "the review has no Word document, so there is nothing to redline; draft the rider instead "
            "(reviewer draft), or review the Word version of the contract first"
        )
    text = _flat(parse_bytes(data, words[0].file_name, settings).text)
    if stored is not None:
        for document in stored.documents:
            if WORD in document.media_type and _flat(document.text) == text:
                return document.file_name
    else:
        quotes = [_flat(e.quote) for f in review.findings for e in f.evidence if e.file_name == words[0].file_name]
        if quotes and all(q in text for q in quotes):
            return words[0].file_name
    raise DocumentMismatchError(
        "this Word file's text differs from the contract that was reviewed (another version?); review "
        "this version first, then draft its redline from that review; nothing was written"
    )


def must_open(review: Review) -> list[Finding]:
    """The must-have and walk-away findings of a review that are not satisfied."""
    return [f for f in review.findings if (f.must_have or f.walk_away) and f.status != "satisfied"]


def memory_dense(embedder: Embedder, chunks: list[Chunk]) -> DenseSearch:
    """Cosine nearest chunks, computed in memory (the same scores the vector store gives)."""
    ids = [c.id for c in chunks]
    matrix = _unit(embedder.embed([c.text for c in chunks])) if chunks else np.zeros((0, 1))

    def search(queries: list[str], k: int) -> list[list[tuple[str, float]]]:
        if not ids:
            return [[] for _ in queries]
        scores = _unit(embedder.embed(queries)) @ matrix.T
        out = []
        for row in scores:
            best = np.argsort(-row)[:k]
            out.append([(ids[i], float(row[i])) for i in best])
        return out

    return search


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def accepted_set(contract_set: ContractSet, source_name: str, redlined: bytes, settings: Settings) -> ContractSet:
    """The contract set with ``source_name`` replaced by the redline, every change accepted."""
    document: Document = parse_bytes(accept_all(redlined), source_name, settings)
    others = [d for d in contract_set.documents if d.file_name != source_name]
    chunks = [c for c in contract_set.chunks if any(c.document_id == d.id for d in others)]
    chunks += chunk_document(document, contract_set.id, size=settings.chunk_size, overlap=settings.chunk_overlap)
    return contract_set.model_copy(update={"documents": [*others, document], "chunks": chunks})


def round_trip(
    review: Review,
    contract_set: ContractSet,
    source_name: str,
    redlined: bytes,
    settings: Settings,
    embedder: Embedder | None,
) -> RoundTrip:
    """Review the accepted redline as ``review`` was reviewed (rules and learned judges; no LLM)."""
    accepted = accepted_set(contract_set, source_name, redlined, settings)
    book = load_playbook(review.playbook.name, settings)
    dense = memory_dense(embedder, accepted.chunks) if embedder is not None else None
    index = SetIndex(accepted, dense=dense)
    after = run_review(
        accepted,
        book,
        tier=review.tier,
        jurisdictions=list(review.jurisdictions),
        index=index,
        judges=build_judges(index, book, llm=None, settings=settings),
        settings_snapshot=review.settings,
    )
    before = must_open(review)
    still = must_open(after)
    open_after = {f.check_id for f in still}
    return RoundTrip(before, still, after, [f.check_id for f in before if f.check_id not in open_after])
