"""Vectors of texts embedded once: kept in memory and, given a file, on disk (one ``.npz`` per model).

The one cache of embeddings. Playbook queries are the same for every contract (``judge/retrieval``,
``eval/cuad``); training embeds the same sentences on every run (``judge/train``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np

from reviewer.store.files import write_private

Embed = Callable[[list[str]], np.ndarray]


class VectorCache:
    """``embed`` with a memory of every text it has embedded. A damaged cache file is rebuilt; a
    read-only one leaves the cache in memory only."""

    def __init__(self, embed: Embed, model_id: str, path: Path | None = None) -> None:
        self._embed = embed
        self.model_id = model_id
        self.path = path
        self._vectors: dict[str, np.ndarray] | None = None

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x1f{text}".encode()).hexdigest()[:32]

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            if self.path is not None and self.path.is_file():
                try:
                    with np.load(self.path, allow_pickle=False) as data:
                        self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
                except (OSError, ValueError, KeyError):
                    self._vectors = {}
        return self._vectors

    def embed(self, texts: list[str]) -> np.ndarray:
        """The vectors of ``texts``, one row each, embedding only those not seen before."""
        vectors = self._load()
        keys = [self._key(t) for t in texts]
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in vectors}
        if todo:
            for key, vector in zip(todo, self._embed(list(todo.values())), strict=True):
                vectors[key] = np.asarray(vector, dtype=np.float32)
            self._save()
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([vectors[k] for k in keys])

    def _save(self) -> None:
        if self.path is None or not self._vectors:
            return
        keys = list(self._vectors)
        buffer = io.BytesIO()
        np.savez(buffer, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        try:
            write_private(self.path, buffer.getvalue())
        except OSError:
            self.path = None


def model_file_name(model_id: str) -> str:
    """A file name part for ``model_id`` (``ollama:nomic/embed`` -> ``ollama_nomic_embed``)."""
    return "".join(c if c.isalnum() or c in "_.-" else "_" for c in model_id)
