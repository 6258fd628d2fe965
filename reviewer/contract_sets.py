"""Ingestion as a service: files -> parsed documents -> chunks -> vectors -> a stored contract set.

Everything is parsed before anything is written; a set is written atomically, and a failure after
vectors were added removes them again, so a failed ingest leaves no partial set behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np

from reviewer.errors import NotFoundError, ReviewerError, StoreError
from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import check_chunks, check_size, parse_bytes, sha256_bytes
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
from reviewer.names import check_set_name
from reviewer.settings import Settings
from reviewer.store.embedding import Embedder, LazyEmbedder
from reviewer.store.files import SetFiles, set_id_for, summarize
from reviewer.store.vectors import VectorStore

EMBED_BATCH = 64
T = TypeVar("T")


@contextmanager
def warmed_up(*steps: Callable[[], object]) -> Iterator[None]:
    """Run slow set-up steps (loading the model, opening Chroma) in the background while the
    caller goes on; they are always finished before the caller leaves (a half-loaded native
    library at interpreter exit aborts the process). An error in a step is dropped here: the same
    step, done again in the foreground, reports it."""

    def run(step: Callable[[], object]) -> None:
        try:
            step()
        except BaseException:
            pass

    threads = [threading.Thread(target=run, args=(step,), name="reviewer-warm-up", daemon=True) for step in steps]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.join()


class ContractSets:
    """The contract sets stored on this machine (files on disk plus their vectors)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.files = SetFiles(settings.sets_dir)
        self._embedder = embedder
        self._vectors: VectorStore | None = None
        self._vectors_lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = LazyEmbedder(self.settings)
        return self._embedder

    @property
    def vectors(self) -> VectorStore:
        with self._vectors_lock:
            if self._vectors is None:
                self._vectors = VectorStore(self.settings, self.embedder)
            return self._vectors

    def _load_model(self) -> None:
        if isinstance(self.embedder, LazyEmbedder):
            self.embedder.loaded  # noqa: B018 - loads it

    # --- ingest ------------------------------------------------------------------------------

    def ingest(
        self,
        files: Sequence[tuple[str, bytes]],
        *,
        name: str | None = None,
        owner: str | None = None,
        progress: ProgressCallback = no_progress,
    ) -> IngestResult:
        """Store files as one contract set, or find them already stored (same bytes, same set)."""
        started = time.perf_counter()
        name = check_set_name(name)
        if not files:
            raise NotFoundError("no files given; name at least one PDF, DOCX, TXT or Markdown file")
        for file_name, data in files:
            check_size(len(data), file_name, self.settings)
        unique: dict[str, tuple[str, bytes]] = {}
        for file_name, data in files:
            unique.setdefault(sha256_bytes(data), (file_name, data))
        set_id = set_id_for(list(unique))
        stored = self._already_stored(set_id, progress)
        if stored is not None:
            stored.seconds = time.perf_counter() - started
            return stored
        stages: dict[str, float] = {}
        contract_set = self._build(set_id, list(unique.values()), name, owner, stages, progress)
        # Every file parsed: from here on the set will be written. The model loads and the store
        # opens while the first steps run.
        with warmed_up(self._load_model, lambda: self.vectors):
            try:
                with self.files.lock(set_id):
                    stored = self._already_stored(set_id, progress)  # another process may have stored it
                    if stored is not None:
                        stored.seconds = time.perf_counter() - started
                        return stored
                    vectors = self._timed(stages, "embed", lambda: self._embed(contract_set.chunks, progress))
                    progress(Progress(stage="store", current=0, total=1, message="storing"))
                    self._timed(stages, "store", lambda: self._store(contract_set, vectors, unique))
            except BaseException:
                if not self.files.exists(set_id):
                    self.files.drop_lock(set_id)  # a failed set leaves not even its lock file
                raise
        progress(Progress(stage="done", current=1, total=1, message="stored"))
        return IngestResult(
            contract_set=summarize(contract_set),
            reused=False,
            seconds=time.perf_counter() - started,
            stages=stages,
        )

    @staticmethod
    def _timed(stages: dict[str, float], stage: str, work: Callable[[], T]) -> T:
        t = time.perf_counter()
        result = work()
        stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - t
        return result

    def _build(
        self,
        set_id: str,
        files: list[tuple[str, bytes]],
        name: str | None,
        owner: str | None,
        stages: dict[str, float],
        progress: ProgressCallback,
    ) -> ContractSet:
        """Parse every file (nothing is written until all of them parsed) and chunk them."""
        documents = self._timed(stages, "parse", lambda: self._parse_all(files, progress))
        chunks: list[Chunk] = []
        for doc in documents:
            doc_chunks = self._timed(
                stages,
                "chunk",
                lambda doc=doc: chunk_document(  # type: ignore[misc]
                    doc, set_id, size=self.settings.chunk_size, overlap=self.settings.chunk_overlap
                ),
            )
            check_chunks(len(doc_chunks), doc.file_name, self.settings)
            chunks.extend(doc_chunks)
        return ContractSet(
            id=set_id,
            name=name or Path(documents[0].file_name).stem,
            owner=owner,
            embedding_model=self.embedder.model_id,
            documents=documents,
            chunks=chunks,
        )

    def _already_stored(self, set_id: str, progress: ProgressCallback) -> IngestResult | None:
        """The stored set when these files were ingested before; its vectors are put back first
        when the vector store lost them or holds them for another embedding model only."""
        if not self.files.exists(set_id):
            return None
        try:
            summary = self.files.summary(set_id)
        except (ReviewerError, ValueError):
            return None  # a damaged stored set: ingest again, which replaces it
        stages: dict[str, float] = {}
        t = time.perf_counter()
        count = self.vectors.count(set_id)
        stages["check"] = time.perf_counter() - t
        if count != summary.chunk_count or summary.embedding_model != self.embedder.model_id:
            with self.files.lock(set_id):
                summary = self._repair(set_id, count, stages, progress)
        progress(Progress(stage="done", message="already stored"))
        return IngestResult(contract_set=summary, reused=True, stages=stages)

    def _repair(self, set_id: str, count: int, stages: dict[str, float], progress: ProgressCallback) -> SetSummary:
        """Embed a stored set's chunks again (the vector store lost them, or has them only for
        another model) and record the model now used."""
        contract_set = self.files.load(set_id)
        if count != len(contract_set.chunks):
            vectors = self._timed(stages, "embed", lambda: self._embed(contract_set.chunks, progress))
            self._timed(stages, "store", lambda: self._restore_vectors(contract_set, vectors))
        if contract_set.embedding_model != self.embedder.model_id:
            contract_set.embedding_model = self.embedder.model_id
            self.files.rewrite(contract_set)
        return summarize(contract_set)

    def _restore_vectors(self, contract_set: ContractSet, vectors: np.ndarray) -> None:
        try:
            self.vectors.delete_set(contract_set.id)
            self.vectors.add(contract_set.chunks, vectors)
        except ReviewerError:
            raise
        except Exception as exc:
            raise StoreError(f"storing the vectors of set {contract_set.id[:12]} failed: {exc}") from exc

    def _store(
        self, contract_set: ContractSet, vectors: np.ndarray, originals: dict[str, tuple[str, bytes]]
    ) -> None:
        """Vectors, then files; a failure in either takes the vectors out again."""
        try:
            self.vectors.add(contract_set.chunks, vectors)
            self.files.save(contract_set, originals)
        except BaseException as exc:
            try:
                self.vectors.delete_set(contract_set.id)
            finally:
                self.files.cleanup_staging()
            if isinstance(exc, ReviewerError) or not isinstance(exc, Exception):
                raise
            raise StoreError(f"storing the contract set failed: {exc}") from exc

    def _parse_all(self, files: list[tuple[str, bytes]], progress: ProgressCallback) -> list[Document]:
        documents = []
        for n, (file_name, data) in enumerate(files, start=1):
            progress(Progress(stage="parse", current=n, total=len(files), message=f"reading {file_name}"))
            documents.append(parse_bytes(data, file_name, self.settings, progress))
            pages = len(documents[-1].pages)
            progress(
                Progress(stage="parse", current=n, total=len(files), message=f"{file_name}: {pages} pages read")
            )
        return documents

    def _embed(self, chunks: list[Chunk], progress: ProgressCallback) -> np.ndarray:
        """All chunks, shortest first (less padding), in batches that report progress."""
        if not chunks:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        rows: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(chunks)
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].text))
        for at in range(0, len(order), EMBED_BATCH):
            progress(Progress(stage="embed", current=at, total=len(chunks), message="embedding passages"))
            batch = order[at : at + EMBED_BATCH]
            for i, vector in zip(batch, self.embedder.embed([chunks[i].text for i in batch]), strict=True):
                rows[i] = vector
        progress(Progress(stage="embed", current=len(chunks), total=len(chunks), message="embedded"))
        return np.vstack(rows).astype(np.float32, copy=False)

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
        """Remove the set's vectors (for every embedding model), originals, reviews and reports."""
        set_id = self.resolve(set_id)
        with self.files.lock(set_id):
            vectors_removed = self.vectors.delete_everywhere(set_id)
            files_removed = self.files.delete(set_id)
            remaining_vectors = self.vectors.count(set_id)
        self.files.drop_lock(set_id)
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
