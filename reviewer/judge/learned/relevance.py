"""The learned relevance gate: "missing" only when no sentence of the contract is about the check.

One small model per playbook (its ``relevance_model:``, e.g.
``reviewer/judge/learned/models/ai-vendor/relevance.npz``), shared by its checks: a logistic regression
over features that relate a sentence to a check (its embedding weighted by the check's query
centroid, the cosines to the check's queries and standard position, the share of a query's content
words it holds, the check's signals in it, and the same for its neighbours). It is trained on
labelled contracts (positives: sentences overlapping a label's quote for that check; negatives: the
other sentences of the same document) by ``reviewer train ai-vendor`` / ``gdpr-art28``
(``reviewer/judge/learned/train_relevance.py``), its threshold chosen by cross-validation inside the
training documents.

In a review, ``RelevanceJudge`` runs after the rule judge and looks only at findings the rules call
*missing*: if a sentence scores at or above the threshold, the finding becomes *partial*, quotes that
sentence and says it needs a lawyer's read (``verdicts.unclear``, as the lexical gate of
``relevance.py`` does). A missing or broken model file leaves the rule verdict and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.judge.base import CheckContext, Passage, Verdict
from reviewer.judge.learned.features import CheckPatterns, check_fingerprint, check_texts
from reviewer.judge.learned.judge import Embed, ModelFileError, cached_check_vectors, model_path
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.relevance import Relevant, lexical_coverage
from reviewer.judge.text import Sentence
from reviewer.judge.verdicts import unclear
from reviewer.playbooks.schema import Check, Playbook
from reviewer.store.vector_cache import VectorCache, model_file_name

FORMAT = "reviewer-relevance-gate/1"
SENTENCE_VECTORS = "sentence-vectors"  # a stored set's file of its sentences' vectors, one per embedding model
SUMMARY_FEATURES = 14  # the columns after the weighted embedding (see ``relevance_features``)


def relevance_width(embedding_dim: int) -> int:
    return embedding_dim + SUMMARY_FEATURES


def _shifted(column: np.ndarray, by: int) -> np.ndarray:
    """``column`` moved by ``by`` rows (1: the previous sentence's value), zeros at the edge."""
    out = np.zeros_like(column)
    if by > 0:
        out[by:] = column[:-by]
    else:
        out[:by] = column[-by:]
    return out


def relevance_features(
    check: Check, texts: list[str], embeddings: np.ndarray, check_vectors: np.ndarray, patterns: CheckPatterns
) -> np.ndarray:
    """One row per sentence of one document for one check; the last column is the bias.

    ``check_vectors`` embeds ``check_texts(check)`` (its queries, then its standard position)."""
    n, dim = len(texts), embeddings.shape[1] if embeddings.ndim == 2 else 0
    if n == 0:
        return np.zeros((0, relevance_width(dim)))
    queries = check_vectors[:-1] if len(check_vectors) > 1 else check_vectors
    centroid = queries.mean(axis=0)
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    sims = embeddings @ queries.T
    best, mean = sims.max(axis=1), sims.mean(axis=1)
    standard = embeddings @ check_vectors[-1]
    lexical = np.array([lexical_coverage(check, t) for t in texts])
    flags = patterns.flags(texts)
    length = np.log1p(np.array([len(t) for t in texts], dtype=np.float64)) / 8.0
    return np.hstack(
        [
            embeddings * centroid[None, :] * np.sqrt(dim),
            np.column_stack(
                [
                    best,
                    mean,
                    standard,
                    lexical,
                    flags,
                    _shifted(best, 1),
                    _shifted(best, -1),
                    _shifted(lexical, 1),
                    _shifted(lexical, -1),
                    flags.max(axis=1),
                    length,
                    np.ones(n),
                ]
            ),
        ]
    )


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass
class RelevanceModel:
    """A playbook's relevance gate: sentence weights and the calibrated threshold."""

    playbook: str
    embedding_model: str
    embedding_dim: int
    weights: np.ndarray  # (relevance_width(embedding_dim),)
    threshold: float  # a sentence scoring at least this probability is about the check
    checks: list[str]  # the checks it was trained on (others keep the rule verdict)
    info: dict[str, Any] = field(default_factory=dict)

    def scores(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(features @ self.weights) if len(features) else np.zeros(0)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "playbook": self.playbook,
            "embedding_model": self.embedding_model,
            "embedding_dim": self.embedding_dim,
            "threshold": float(self.threshold),
            "checks": self.checks,
            "info": self.info,
        }
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                meta=np.array(json.dumps(meta, sort_keys=True)),
                weights=np.asarray(self.weights, dtype=np.float32),
            )
        return path


def load_relevance(path: Path | str) -> RelevanceModel:
    """Read and check a relevance model file; ``ModelFileError`` naming the file and the fault."""
    path = Path(path)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns if path.is_file() else -1)


@lru_cache(maxsize=16)
def _load_cached(path_text: str, _mtime: int) -> RelevanceModel:
    path = Path(path_text)
    retrain = "retrain it with `reviewer train PLAYBOOK` (see docs/learned-judge.md)"
    if not path.is_file():
        raise ModelFileError(f"relevance model file not found: {path}; {retrain}")
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            weights = np.asarray(data["weights"], dtype=np.float64)
        if meta.get("format") != FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT!r}")
        dim = int(meta["embedding_dim"])
        if weights.shape != (relevance_width(dim),) or not np.all(np.isfinite(weights)):
            raise ValueError(f"weights of shape {weights.shape}, expected ({relevance_width(dim)},), all finite")
        threshold = float(meta["threshold"])
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold {threshold} is not a probability")
        return RelevanceModel(
            playbook=str(meta["playbook"]),
            embedding_model=str(meta["embedding_model"]),
            embedding_dim=dim,
            weights=weights,
            threshold=threshold,
            checks=[str(c) for c in meta["checks"]],
            info=dict(meta.get("info", {})),
        )
    except Exception as exc:  # zip, key, JSON, shape and value errors all mean the same to a user
        raise ModelFileError(
            f"relevance model file {path} cannot be used ({type(exc).__name__}: {exc}); {retrain}"
        ) from exc


_IN_USE: dict[str, Path] = {}  # playbook name -> model file, while ``using_model`` is in force


@contextmanager
def using_model(playbook: str, path: Path) -> Iterator[None]:
    """Review ``playbook`` with the relevance model in ``path`` (cross-validation: a fold's model)."""
    before = _IN_USE.get(playbook)
    _IN_USE[playbook] = path
    try:
        yield
    finally:
        if before is None:
            _IN_USE.pop(playbook, None)
        else:
            _IN_USE[playbook] = before


def relevance_path(playbook: Playbook) -> Path:
    """Where the playbook's relevance model is (its ``relevance_model``): a retrained version in
    force, else the shipped file, or a path to an ``.npz`` file."""
    if playbook.name in _IN_USE:
        return _IN_USE[playbook.name]
    if not playbook.relevance_model:
        raise ModelFileError(f"playbook {playbook.name} names no relevance_model")
    return model_path(playbook.relevance_model, playbook)


class RelevanceJudge:
    """Turns a rule "missing" into "partial, needs a lawyer's read" when the learned model finds a
    sentence about the check; passes every other verdict through."""

    name = "relevance"

    def __init__(
        self,
        index: SetIndex,
        playbook: Playbook,
        embedder_for: Callable[[str], Embed],
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir``: the stored set's folder, where its sentences' vectors are kept between
        reviews (``sentence-vectors-<model>.npz``, deleted with the set); None keeps them in memory."""
        self.index = index
        self.playbook = playbook
        self.embedder_for = embedder_for
        self.cache_dir = cache_dir
        self._embeddings: dict[tuple[str, str], np.ndarray] = {}
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._sentence_caches: dict[str, VectorCache] = {}
        self._model_file: Path | None = None  # found once per review: finding it reads the settings

    def _sentence_embedder(self, embedding_model: str) -> Embed:
        embed = self.embedder_for(embedding_model)
        if self.cache_dir is None:
            return embed
        if embedding_model not in self._sentence_caches:
            path = self.cache_dir / f"{SENTENCE_VECTORS}-{model_file_name(embedding_model)}.npz"
            self._sentence_caches[embedding_model] = VectorCache(embed, embedding_model, path)
        return self._sentence_caches[embedding_model].embed

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        if prior is None:
            raise ModelFileError(f"check {context.check.id}: the relevance gate needs the rule verdict before it")
        try:
            if self._model_file is None:
                self._model_file = relevance_path(self.playbook)
            model = load_relevance(self._model_file)
        except ModelFileError as exc:
            if prior.status == "missing":
                prior.notes.append(f"learned model not used: {exc.message}")
            return prior
        check = context.check
        if prior.status != "missing" or check.id not in model.checks:
            return prior
        best = self.best_sentence(check, model)
        if best is None or best[2] < model.threshold:
            return prior
        doc_id, sentence, score = best
        doc = self.index.contract_set.document(doc_id)
        passage = Passage(doc_id, doc.file_name, sentence.start, sentence.end, sentence.text, score=score)
        verdict = unclear(self.index.contract_set, Relevant(passage, sentence, None, 0.0))
        verdict.confidence = round(min(0.9, max(0.3, score)), 2)
        verdict.judge = "model"  # a learned model decided it (the review JSON knows rules, model, llm)
        verdict.notes = [*verdict.notes, *prior.notes]
        if model.info.get("fingerprints", {}).get(check.id) not in (None, check_fingerprint(check)):
            verdict.notes.append(
                "the check's queries or signals changed since its model was trained; retrain the model"
            )
        return verdict

    def best_sentence(self, check: Check, model: RelevanceModel) -> tuple[str, Sentence, float] | None:
        """The sentence of the set scoring highest for ``check``: (document id, sentence, probability)."""
        key = (model.embedding_model, check.id)
        if key not in self._vectors:  # kept across reviews in this process
            embed = self.embedder_for(model.embedding_model)
            self._vectors[key] = cached_check_vectors(model.embedding_model, tuple(check_texts(check)), embed)
        patterns = CheckPatterns(check)
        best: tuple[str, Sentence, float] | None = None
        for doc in self.index.contract_set.documents:
            sentences = self.index.docs[doc.id].sentences
            if not sentences:
                continue
            texts = [s.text for s in sentences]
            if (doc.id, model.embedding_model) not in self._embeddings:
                embed_sentences = self._sentence_embedder(model.embedding_model)
                self._embeddings[(doc.id, model.embedding_model)] = embed_sentences(texts)
            vectors = self._embeddings[(doc.id, model.embedding_model)]
            scores = model.scores(relevance_features(check, texts, vectors, self._vectors[key], patterns))
            i = int(np.argmax(scores))
            if best is None or scores[i] > best[2]:
                best = (doc.id, sentences[i], float(scores[i]))
        return best
