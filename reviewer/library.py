"""Ingestion as a service: files -> parsed documents -> chunks -> vectors -> a stored contract set.

Everything is parsed before anything is written; a set is written atomically, and a failure after
vectors were added removes them again, so a failed ingest leaves no partial set behind.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from reviewer.errors import NotFoundError, ReviewerError, StoreError
from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import check_size, parse_bytes, sha256_bytes
from reviewer.models import (
    Chunk,
    ContractSet,
    Document,
    IngestResult,
    Progress,
    ProgressCallback,
    SearchHit,
    SetSummary,
    no_progress,
)
from reviewer.settings import Settings
from reviewer.store.embedding import Embedder, get_embedder
from reviewer.store.files import SetFiles, set_id_for, summarize
from reviewer.store.vectors import VectorStore

EMBED_BATCH = 64


class Library:
    """The contract sets stored on this machine (files on disk plus their vectors)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.files = SetFiles(settings.sets_dir)
        self._embedder = embedder
        self._vectors: VectorStore | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def vectors(self) -> VectorStore:
        if self._vectors is None:
            self._vectors = VectorStore(self.settings, self.embedder)
        return self._vectors

    # --- ingest ------------------------------------------------------------------------------

    def ingest(
        self,
        files: Sequence[tuple[str, bytes]],
        *,
        name: str | None = None,
        owner: str | None = None,
        progress: ProgressCallback = no_progress,
    ) -> IngestResult:
        started = time.perf_counter()
        if not files:
            raise NotFoundError("no files given; name at least one PDF, DOCX, TXT or Markdown file")
        for file_name, data in files:
            check_size(len(data), file_name, self.settings)
        unique: dict[str, tuple[str, bytes]] = {}
        for file_name, data in files:
            unique.setdefault(sha256_bytes(data), (file_name, data))
        set_id = set_id_for(list(unique))
        if self.files.exists(set_id):
            summary = self.files.summary(set_id)
            if self.vectors.count(set_id) == summary.chunk_count:
                progress(Progress(stage="done", message="already stored"))
                return IngestResult(contract_set=summary, reused=True, seconds=time.perf_counter() - started)

        stages: dict[str, float] = {}
        t = time.perf_counter()
        documents = self._parse_all(list(unique.values()), progress)
        stages["parse"] = time.perf_counter() - t

        t = time.perf_counter()
        chunks: list[Chunk] = []
        for doc in documents:
            chunks.extend(
                chunk_document(doc, set_id, size=self.settings.chunk_size, overlap=self.settings.chunk_overlap)
            )
        stages["chunk"] = time.perf_counter() - t

        t = time.perf_counter()
        vectors = self._embed(chunks, progress)
        stages["embed"] = time.perf_counter() - t

        contract_set = ContractSet(
            id=set_id,
            name=name or Path(documents[0].file_name).stem,
            owner=owner,
            embedding_model=self.embedder.model_id,
            documents=documents,
            chunks=chunks,
        )
        t = time.perf_counter()
        progress(Progress(stage="store", current=0, total=1, message="storing"))
        try:
            self.vectors.add(chunks, vectors)
            self.files.save(contract_set, {doc_id: pair for doc_id, pair in unique.items()})
        except BaseException as exc:
            try:
                self.vectors.delete_set(set_id)
            finally:
                self.files.cleanup_staging()
            if isinstance(exc, ReviewerError):
                raise
            if isinstance(exc, Exception):
                raise StoreError(f"storing the contract set failed: {exc}") from exc
            raise
        stages["store"] = time.perf_counter() - t
        progress(Progress(stage="done", current=1, total=1, message="stored"))
        return IngestResult(
            contract_set=summarize(contract_set),
            reused=False,
            seconds=time.perf_counter() - started,
            stages=stages,
        )

    def _parse_all(self, files: list[tuple[str, bytes]], progress: ProgressCallback) -> list[Document]:
        documents = []
        for n, (file_name, data) in enumerate(files, start=1):
            progress(Progress(stage="parse", current=n, total=len(files), message=f"reading {file_name}"))
            documents.append(parse_bytes(data, file_name, self.settings))
        return documents

    def _embed(self, chunks: list[Chunk], progress: ProgressCallback) -> np.ndarray:

        parts = []
        for at in range(0, len(chunks), EMBED_BATCH):
            progress(Progress(stage="embed", current=at, total=len(chunks), message="embedding passages"))
            parts.append(self.embedder.embed([c.text for c in chunks[at : at + EMBED_BATCH]]))
        progress(Progress(stage="embed", current=len(chunks), total=len(chunks), message="embedded"))
        if not parts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.concatenate(parts)

    # --- read and delete ---------------------------------------------------------------------

    def all(self) -> list[SetSummary]:
        return self.files.all()

    def resolve(self, set_id: str) -> str:
        return self.files.resolve(set_id)

    def load(self, set_id: str) -> ContractSet:
        return self.files.load(self.resolve(set_id))

    def summary(self, set_id: str) -> SetSummary:
        return self.files.summary(self.resolve(set_id))

    def delete(self, set_id: str) -> dict[str, object]:
        set_id = self.resolve(set_id)
        vectors_removed = self.vectors.delete_set(set_id)
        files_removed = self.files.delete(set_id)
        remaining_vectors = self.vectors.count(set_id)
        return {
            "set_id": set_id,
            "vectors_removed": vectors_removed,
            "files_removed": [str(p) for p in files_removed],
            "vectors_remaining": remaining_vectors,
            "files_remaining": len(self.files.inventory(set_id)),
        }

    def search(self, set_id: str, query: str, k: int = 5) -> list[SearchHit]:
        contract_set = self.load(set_id)
        by_id = {c.id: c for c in contract_set.chunks}
        hits = self.vectors.query(contract_set.id, query, k)[0]
        return [SearchHit(chunk=by_id[i], score=round(s, 4)) for i, s in hits if i in by_id]
