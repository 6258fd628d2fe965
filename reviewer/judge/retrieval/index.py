"""Candidate passages for a check: dense (the vector store) and lexical (BM25) fused by rank,
plus every sentence a library signal matches, found by scanning the whole text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reviewer.judge.base import Passage, SignalHit
from reviewer.judge.retrieval.lexical import BM25
from reviewer.judge.retrieval.prefilter import search_windows
from reviewer.judge.rules.clauses import (
    LEAD_IN_REACH,
    ends_lead_in,
    is_negated,
    looks_like_list_item,
    negated_inside,
    states_negation,
)
from reviewer.judge.rules.red_flags import FoldedText, find_red_flags
from reviewer.judge.text import Sentence, is_chinese, split_sentences
from reviewer.models import ContractSet, Document
from reviewer.playbooks.schema import Check, Playbook, library_pattern
from reviewer.store.vector_cache import VectorCache, model_file_name

RRF_K = 60
# A query's vote for a chunk in the other language (an English query and a Chinese chunk) counts
# this much: a tie-breaker. Cross-lingual dense hits of a small multilingual model are loose, and
# English queries outnumber Chinese ones, so at full weight they outvoted the Chinese queries that
# had found the clause (issue 11: Chinese recall@5 90.8% -> 100%, bench/retrieval_lang.py).
CROSS_LINGUAL = 0.02
DenseSearch = Callable[[list[str], int], list[list[tuple[str, float]]]]


@dataclass
class _DocSentences:
    doc: Document
    sentences: list[Sentence]
    starts: list[int] = field(default_factory=list)
    lowered: str = ""

    def __post_init__(self) -> None:
        self.starts = [s.start for s in self.sentences]
        self.lowered = self.doc.text.lower()

    def index_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def around(self, offset: int) -> Sentence | None:
        i = self.index_at(offset)
        return self.sentences[i] if i >= 0 else None

    def lead_in(self, offset: int) -> Sentence | None:
        """The sentence introducing the list the sentence at ``offset`` belongs to ("... will:")."""
        i = self.index_at(offset)
        if i < 0:
            return None
        if not looks_like_list_item(self.sentences[i].text) and not (
            i > 0 and ends_lead_in(self.sentences[i - 1].text)
        ):
            return None
        for j in range(i - 1, max(-1, i - 1 - LEAD_IN_REACH), -1):
            text = self.sentences[j].text
            if ends_lead_in(text):
                return self.sentences[j]
            if not looks_like_list_item(text):
                return None
        return None


@dataclass(frozen=True)
class ClauseContext:
    """A matched sentence with what frames it: its list lead-in and its section heading."""

    sentence: str
    lead_in: str
    section: str

    @property
    def framed(self) -> str:
        """The sentence with its lead-in: where numbers and conditions of a list item are stated."""
        return f"{self.lead_in}\n{self.sentence}" if self.lead_in else self.sentence

    @property
    def everything(self) -> str:
        return f"{self.section}\n{self.framed}" if self.section else self.framed


def dense_queries(check: Check, per_language: int = 0) -> list[str]:
    """The queries sent to the vector store: the first ``per_language`` of each language, or all
    when 0 (the others still go to BM25, which costs nothing)."""
    if per_language <= 0:
        return check.queries.all()
    return [*check.queries.en[:per_language], *check.queries.zh[:per_language]]


class SetIndex:
    """Everything a review searches, built once per contract set."""

    def __init__(self, contract_set: ContractSet, dense: DenseSearch | None = None) -> None:
        self.contract_set = contract_set
        self.dense = dense
        self.docs = {d.id: _DocSentences(d, split_sentences(d.text)) for d in contract_set.documents}
        self.chunks = contract_set.chunks
        self.bm25 = BM25([c.text for c in self.chunks])
        self._chinese = {c.id: is_chinese(c.text) for c in self.chunks}
        self._dense_cache: dict[str, list[tuple[str, float]]] = {}
        self.dense_per_language = 0  # queries per language for the vector store; 0: all
        self.negation = False  # negation-aware scanning (see Playbook.negation)
        self._folded: dict[str, FoldedText] = {}

    def configure(self, playbook: Playbook) -> None:
        """Adopt a playbook's retrieval settings (run_review calls this)."""
        self.dense_per_language = playbook.dense_queries
        self.negation = playbook.negation

    # --- dense and lexical -------------------------------------------------------------------

    def prefetch(self, checks: list[Check], k: int = 8) -> None:
        """Run every check's queries through the vector store in one batch."""
        if self.dense is None:
            return
        queries = sorted(
            {q for c in checks for q in dense_queries(c, self.dense_per_language)} - set(self._dense_cache)
        )
        if not queries:
            return
        for query, hits in zip(queries, self.dense(queries, k), strict=True):
            self._dense_cache[query] = hits

    def passages(self, check: Check, k: int = 6) -> list[Passage]:
        by_id = {c.id: c for c in self.chunks}
        fused: dict[str, float] = {}
        best_dense: dict[str, float] = {}
        queries = check.queries.all()
        # Languages the check has queries in: a chunk in a language it has none in takes every vote.
        has = {is_chinese(q) for q in queries}
        if self.dense is not None:
            self.prefetch([check], k=max(k, 8))
            for q in dense_queries(check, self.dense_per_language):
                zh = is_chinese(q)
                for rank, (chunk_id, sim) in enumerate(self._dense_cache.get(q, [])):
                    weight = self._vote(chunk_id, zh, has)
                    fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (RRF_K + rank)
                    best_dense[chunk_id] = max(best_dense.get(chunk_id, -1.0), sim)
        for q in queries:
            zh = is_chinese(q)
            for rank, (i, _) in enumerate(self.bm25.top(q, max(k, 8))):
                chunk_id = self.chunks[i].id
                weight = self._vote(chunk_id, zh, has)
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (RRF_K + rank)
        ranked = sorted(fused.items(), key=lambda x: -x[1])[:k]
        out = []
        for chunk_id, score in ranked:
            c = by_id.get(chunk_id)
            if c is None:
                continue
            out.append(
                Passage(
                    document_id=c.document_id,
                    file_name=c.file_name,
                    start=c.start,
                    end=c.end,
                    text=c.text,
                    score=best_dense.get(chunk_id, score),
                    chunk_id=c.id,
                    dense=best_dense.get(chunk_id),
                )
            )
        return out

    def _vote(self, chunk_id: str, query_zh: bool, languages: set[bool]) -> float:
        """The weight of a query's vote for a chunk: full in the chunk's language, or when the check
        has no query in it; ``CROSS_LINGUAL`` otherwise."""
        chunk_zh = self._chinese.get(chunk_id, False)
        return 1.0 if chunk_zh == query_zh or chunk_zh not in languages else CROSS_LINGUAL

    # --- signals -----------------------------------------------------------------------------

    def compiled(self, pattern: str) -> re.Pattern[str]:
        return library_pattern(pattern)

    def scan(self, patterns: dict[str, list[str]]) -> list[SignalHit]:
        """Every sentence matched by any pattern, by kind ("met", "weakened", ...)."""
        hits: list[SignalHit] = []
        for doc_id, ds in self.docs.items():
            text = ds.doc.text
            for kind, plist in patterns.items():
                for pattern in plist:
                    seen: set[int] = set()
                    for first in self._matches(pattern, text, ds.lowered):
                        for m, sentence in self._sentence_matches(pattern, text, first, ds):
                            if m.start() in seen:
                                continue
                            seen.add(m.start())
                            hits.append(
                                SignalHit(
                                    kind=kind,
                                    pattern=pattern,
                                    document_id=doc_id,
                                    start=sentence.start,
                                    end=max(sentence.end, m.end()),
                                    match_start=m.start(),
                                    match_end=m.end(),
                                )
                            )
        return hits

    def _sentence_matches(
        self, pattern: str, text: str, m: re.Match[str], ds: _DocSentences
    ) -> list[tuple[re.Match[str], Sentence]]:
        """The unnegated match ``m`` (see ``_first_unnegated``), and, when a match runs on past the
        end of its sentence (a heading without a full stop, "13. 安全事件通知", before the clause it
        heads), the pattern searched again from the next sentence: the match the run-on one swallowed
        is that sentence's own."""
        out: list[tuple[re.Match[str], Sentence]] = []
        current: re.Match[str] | None = m
        for _ in range(4):  # a few sentences at most: each step starts after a sentence end
            if current is None:
                break
            sentence = ds.around(current.start())
            found = self._first_unnegated(pattern, text, current, ds)
            if found is not None:
                out.append(found)
            if sentence is None:
                break
            last = found[0] if found is not None else current
            if last.end() <= sentence.end and current.end() <= sentence.end:
                break
            current = self.compiled(pattern).search(text, sentence.end, min(len(text), sentence.end + 2000))
        return out

    def _first_unnegated(
        self, pattern: str, text: str, m: re.Match[str], ds: _DocSentences
    ) -> tuple[re.Match[str], Sentence] | None:
        """``m`` if no negation governs it, else a later match starting in the same sentence that
        none governs ("does not sell data, and data will never be used to train")."""
        compiled = self.compiled(pattern)
        current: re.Match[str] | None = m
        sentence = ds.around(m.start())
        if not self.negation:
            return (m, sentence) if sentence is not None else None
        check_inside = not states_negation(pattern)
        while current is not None and sentence is not None:
            negated = is_negated(text, sentence.start, current.start()) or (
                check_inside and negated_inside(current.group(0))
            )
            if not negated:
                return current, sentence
            current = compiled.search(text, current.start() + 1, min(len(text), sentence.end + 800))
            if current is not None and current.start() >= sentence.end:
                return None
        return None

    def _matches(self, pattern: str, text: str, lowered: str) -> list[re.Match[str]]:
        """Every match of ``pattern``, searched only where its required words occur."""
        compiled = self.compiled(pattern)
        windows = search_windows(pattern, lowered)
        if windows is None:
            return list(compiled.finditer(text))
        seen: dict[int, re.Match[str]] = {}
        for start, end in windows:
            for m in compiled.finditer(text, start, end):
                seen.setdefault(m.start(), m)
        return [seen[k] for k in sorted(seen)]

    def scan_check(self, check: Check) -> list[SignalHit]:
        return self.scan(check.signal_patterns())

    def red_flags(self, check: Check) -> list[SignalHit]:
        """The check's own red flags in the contract's words (``judge/rules/red_flags.py``)."""
        if not self._folded:
            self._folded = {doc_id: FoldedText.of(d.doc.text) for doc_id, d in self.docs.items()}
        return [
            h
            for doc_id, d in self.docs.items()
            for h in find_red_flags(check, doc_id, self._folded[doc_id], d.sentences)
        ]

    def sentence_text(self, doc_id: str, start: int, end: int) -> str:
        return self.docs[doc_id].doc.text[start:end]

    def clause_context(self, doc_id: str, start: int, end: int) -> ClauseContext:
        ds = self.docs[doc_id]
        lead = ds.lead_in(start)
        section = ds.doc.section_at(start)
        return ClauseContext(
            sentence=ds.doc.text[start:end],
            lead_in=lead.text if lead is not None else "",
            section=section.label if section is not None else "",
        )


# Playbook queries are the same for every contract: their vectors, per data folder and model.
_QUERY_CACHES: dict[tuple[str, str], tuple[object, VectorCache]] = {}


def dense_search_for(vectors: object, set_id: str) -> DenseSearch:
    """Adapt ``VectorStore.query_vectors`` to the ``DenseSearch`` signature, with cached query vectors."""
    embedder = getattr(vectors, "embedder", None)
    settings = getattr(vectors, "settings", None)
    if embedder is None or not hasattr(vectors, "query_vectors"):

        def plain(queries: list[str], k: int) -> list[list[tuple[str, float]]]:
            return vectors.query(set_id, queries, k)  # type: ignore[attr-defined]

        return plain
    cache_dir = Path(settings.data_dir) / "cache" if settings is not None else None
    model = str(getattr(embedder, "model_id", "model"))
    key = (str(cache_dir), model)
    if key not in _QUERY_CACHES or _QUERY_CACHES[key][0] is not embedder:
        path = cache_dir / f"query-vectors-{model_file_name(model)}.npz" if cache_dir else None
        _QUERY_CACHES[key] = (embedder, VectorCache(embedder.embed, model, path))
    cache = _QUERY_CACHES[key][1]

    def search(queries: list[str], k: int) -> list[list[tuple[str, float]]]:
        if not queries:
            return []
        return vectors.query_vectors(set_id, cache.embed(queries), k)

    return search


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))
