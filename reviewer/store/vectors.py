"""The vector store: the only module that imports chromadb.

Embedded ``PersistentClient`` under the data dir by default, or a Chroma server
(``REVIEWER_CHROMA_URL``) for a team. Telemetry is off and the embedding function is always given
explicitly (Chroma's default one would download a model). One collection per embedding model;
every vector carries its contract set id, and every query is filtered by it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import numpy as np

from reviewer.errors import StoreError
from reviewer.models import Chunk
from reviewer.settings import Settings
from reviewer.store.embedding import Embedder
from reviewer.store.files import private_dir

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _client(settings: Settings) -> Any:
    import chromadb

    key = settings.chroma_url or str(settings.chroma_dir)
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        try:
            if settings.chroma_url:
                url = urlparse(
                    settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}"
                )
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=_chroma_settings(),
                )
                client.heartbeat()
            else:
                private_dir(settings.chroma_dir)  # owner-only: it holds the passages too
                client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_chroma_settings())
        except Exception as exc:
            where = settings.chroma_url or settings.chroma_dir
            raise StoreError(f"cannot open the vector store at {where}: {exc}") from exc
        _clients[key] = client
        return client


@lru_cache(maxsize=1)
def _embedding_function_class() -> Any:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    class LocalEmbeddingFunction(EmbeddingFunction[Documents]):
        """Wraps the product's own embedder; Chroma never picks a model itself."""

        def __init__(self, inner: Embedder | None) -> None:
            self.inner = inner

        def __call__(self, input: Documents) -> Embeddings:
            if self.inner is None:
                raise StoreError("no embedding model given to the vector store")
            return list(self.inner.embed(list(input)))

        @staticmethod
        def name() -> str:
            return "reviewer-local"

        def get_config(self) -> dict[str, Any]:
            return {"model_id": self.inner.model_id if self.inner else None}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> LocalEmbeddingFunction:
            # Chroma rebuilds it when it reads a stored collection; the real one is always passed.
            return LocalEmbeddingFunction(None)

        def default_space(self) -> Any:
            return "cosine"

        def is_legacy(self) -> bool:
            return False

    register_embedding_function(LocalEmbeddingFunction)
    return LocalEmbeddingFunction


def _embedding_function(embedder: Embedder) -> Any:
    return _embedding_function_class()(embedder)


def _metadata(chunk: Chunk) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "set_id": chunk.set_id,
        "document_id": chunk.document_id,
        "file_name": chunk.file_name,
        "start": chunk.start,
        "end": chunk.end,
        "page": chunk.pages[0],
        "pages": ",".join(str(p) for p in chunk.pages),
        "index": chunk.index,
    }
    if chunk.section:
        meta["section"] = chunk.section
    if chunk.section_title:
        meta["section_title"] = chunk.section_title
    return meta


class VectorStore:
    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.client = _client(settings)
        self.collection_name = f"chunks-{embedder.model_id}"[:60]
        try:
            self.collection = self.client.get_or_create_collection(
                name=self.collection_name,
                embedding_function=_embedding_function(embedder),
                metadata={"hnsw:space": "cosine", "embedding_model": embedder.model_id},
            )
        except Exception as exc:
            raise StoreError(f"cannot open the collection {self.collection_name}: {exc}") from exc

    def add(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        limit = max(1, min(int(self.client.get_max_batch_size()), 1000))
        for at in range(0, len(chunks), limit):
            part = chunks[at : at + limit]
            self.collection.upsert(  # the text stays in the set's own files: no copy in Chroma
                ids=[c.id for c in part],
                embeddings=vectors[at : at + limit],
                metadatas=[_metadata(c) for c in part],
            )

    def count(self, set_id: str) -> int:
        result = self.collection.get(where={"set_id": set_id}, include=[])
        return len(result["ids"])

    def delete_set(self, set_id: str) -> int:
        before = self.count(set_id)
        if before:
            self.collection.delete(where={"set_id": set_id})
        return before

    def delete_everywhere(self, set_id: str) -> int:
        """Remove the set's vectors from every embedding model's collection (a set re-ingested
        after the model was changed has vectors in two)."""
        removed = self.delete_set(set_id)
        for name in self._chunk_collections():
            if name == self.collection_name:
                continue
            other = self.client.get_collection(name=name)
            found = len(other.get(where={"set_id": set_id}, include=[])["ids"])
            if found:
                other.delete(where={"set_id": set_id})
                removed += found
        return removed

    def _chunk_collections(self) -> list[str]:
        names = []
        for item in self.client.list_collections():
            name = item if isinstance(item, str) else item.name
            if name.startswith("chunks-"):
                names.append(name)
        return names

    def query(self, set_id: str, text: str | list[str], k: int = 8) -> list[list[tuple[str, float]]]:
        """For each query text, the ``k`` nearest chunk ids of the set with cosine similarity."""
        texts = [text] if isinstance(text, str) else text
        if not texts:
            return []
        vectors = self.embedder.embed(texts)
        return self.query_vectors(set_id, vectors, k)

    def query_vectors(self, set_id: str, vectors: np.ndarray, k: int = 8) -> list[list[tuple[str, float]]]:
        available = self.count(set_id)
        if available == 0:
            return [[] for _ in range(len(vectors))]
        result = self.collection.query(
            query_embeddings=[v.tolist() for v in vectors],
            n_results=min(k, available),
            where={"set_id": set_id},
            include=["distances"],
        )
        out: list[list[tuple[str, float]]] = []
        for ids, distances in zip(result["ids"], result["distances"] or [], strict=False):
            out.append([(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=False)])
        return out

    def vectors(self, set_id: str) -> dict[str, np.ndarray]:
        result = self.collection.get(where={"set_id": set_id}, include=["embeddings"])
        return {
            i: np.asarray(v, dtype=np.float32) for i, v in zip(result["ids"], result["embeddings"], strict=False)
        }
