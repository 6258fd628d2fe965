"""The learned judge: small per-check models, trained on labelled contracts, that score sentences.

A check opts in with ``model: NAME`` in the clause library. ``NAME`` is a shipped model
(``reviewer/judge/learned/models/NAME.npz``) or a path to an ``.npz`` file (absolute, or relative to the
playbook's folder). A model scores every sentence of each document for relevance to the check and
for polarity (which status its wording supports), summarises the scores per document, and a small
logistic classifier turns the summary into a status; the top-scoring sentences are the evidence.
See docs/learned-judge.md; ``python -m reviewer.judge.learned.train`` retrains the models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np

from reviewer.errors import ConfigError
from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.evidence import evidence_at
from reviewer.judge.learned.features import (
    CheckPatterns,
    FeatureSpec,
    check_features,
    check_fingerprint,
    check_texts,
    document_features,
    hashed_ngrams,
    lead_in,
)
from reviewer.judge.learned.linear import predict_proba
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.text import Sentence
from reviewer.models import STATUS_PRECEDENCE, STATUSES, Evidence, Status
from reviewer.playbooks.schema import Check, Playbook
from reviewer.settings import Settings
from reviewer.store.vector_cache import VectorCache

FORMAT = "reviewer-learned-judge/1"
MODELS_DIR = Path(__file__).parent / "models"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*$")
_ARRAYS = ("relevance", "polarity", "doc_mean", "doc_std", "doc_coef")

Embed = Callable[[list[str]], np.ndarray]


class ModelFileError(ConfigError):
    """A learned model file that is missing, unreadable or inconsistent."""


@dataclass
class CheckModel:
    """Everything needed to judge one check; saved as one ``.npz`` file."""

    check_id: str
    spec: FeatureSpec
    statuses: list[Status]  # the document classes, in the order of ``doc_coef``'s columns
    evidence_statuses: list[Status]  # the polarity columns (empty when only one status has evidence)
    relevance: np.ndarray  # (sentence width,)
    polarity: np.ndarray  # (sentence width, len(evidence_statuses))
    doc_mean: np.ndarray  # document feature scaling
    doc_std: np.ndarray
    doc_coef: np.ndarray  # (1 + document features, len(statuses))
    evidence_floor: float = -np.inf  # sentences scoring below this are not cited (the top one always is)
    max_evidence: int = 5  # passages cited per document at most
    missing_margin: float = 0.0  # log-odds by which "missing" must win: say "missing" only when sure
    info: dict[str, Any] = field(default_factory=dict)  # fingerprint, training data, figures

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "check_id": self.check_id,
            "spec": self.spec.to_dict(),
            "statuses": self.statuses,
            "evidence_statuses": self.evidence_statuses,
            "evidence_floor": float(self.evidence_floor),
            "max_evidence": self.max_evidence,
            "missing_margin": self.missing_margin,
            "info": self.info,
        }
        arrays = {name: np.asarray(getattr(self, name), dtype=np.float32) for name in _ARRAYS}
        with path.open("wb") as fh:
            np.savez_compressed(fh, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)  # type: ignore[arg-type]
        return path

    # --- scoring -----------------------------------------------------------------------------

    def decide(self, probabilities: np.ndarray) -> int:
        """The index of the status to report: the most probable, except that "missing" has to win
        by ``missing_margin`` (a missing finding cites nothing, so it should be a confident one)."""
        scores = np.log(np.clip(probabilities, 1e-12, 1.0))
        if "missing" in self.statuses:
            scores[self.statuses.index("missing")] -= self.missing_margin
        return int(np.argmax(scores))

    def cited_sentences(self, relevance: np.ndarray, texts: list[str]) -> list[int]:
        """The sentences cited as evidence: the most relevant, then others above the floor, each with
        the lead-in of the list it belongs to ("The Receiving Party shall:")."""
        order = np.argsort(-relevance, kind="stable")[: self.max_evidence]
        chosen = [int(i) for rank, i in enumerate(order) if rank == 0 or relevance[i] >= self.evidence_floor]
        out: list[int] = []
        for i in chosen:
            lead = lead_in(texts, i)
            out.extend(j for j in (lead, i) if j is not None and j not in out)
        return out

    def sentence_scores(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Relevance (n,) and polarity (n, len(evidence_statuses)) of each sentence."""
        return features @ self.relevance, features @ self.polarity

    def document_probabilities(self, features: np.ndarray, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The probability of each status for one document, and each sentence's relevance."""
        relevance, polarity = self.sentence_scores(features)
        summary = document_features(relevance, polarity, flags, self.spec.top_k, self.spec.summary)
        scaled = np.concatenate([[1.0], (summary - self.doc_mean) / self.doc_std])
        return predict_proba(scaled[None, :], self.doc_coef)[0], relevance


def load_model(path: Path | str) -> CheckModel:
    """Read and check a model file; a bad file raises ``ModelFileError`` naming the file and the fault."""
    path = Path(path)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns if path.is_file() else -1)


@lru_cache(maxsize=128)
def _load_cached(path_text: str, _mtime: int) -> CheckModel:
    path = Path(path_text)
    retrain = "retrain it with `python -m reviewer.judge.learned.train` (see docs/learned-judge.md)"
    if not path.is_file():
        raise ModelFileError(f"learned model file not found: {path}; {retrain}")
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {name: np.asarray(data[name], dtype=np.float64) for name in _ARRAYS}
    except Exception as exc:  # zip, key, JSON and value errors all mean the same to a user
        raise ModelFileError(
            f"learned model file {path} cannot be read ({type(exc).__name__}: {exc}); {retrain}"
        ) from exc
    try:
        return _validated(meta, arrays)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"learned model file {path} is inconsistent ({exc}); {retrain}") from exc


def _validated(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> CheckModel:
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT!r}")
    spec = FeatureSpec.from_dict(meta["spec"])
    statuses = [s for s in meta["statuses"] if s in STATUSES]
    evidence = [s for s in meta["evidence_statuses"] if s in STATUSES]
    if len(statuses) != len(meta["statuses"]) or len(evidence) != len(meta["evidence_statuses"]) or not statuses:
        raise ValueError(f"unknown statuses {meta['statuses']} / {meta['evidence_statuses']}")
    width = spec.sentence_width()
    n_doc = spec.document_width(len(evidence))
    expected = {
        "relevance": (width,),
        "polarity": (width, len(evidence)),
        "doc_mean": (n_doc,),
        "doc_std": (n_doc,),
        "doc_coef": (n_doc + 1, len(statuses)),
    }
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise ValueError(f"{name} has shape {arrays[name].shape}, expected {shape}")
        if not np.all(np.isfinite(arrays[name])):
            raise ValueError(f"{name} holds values that are not finite")
    if np.any(arrays["doc_std"] <= 0):
        raise ValueError("doc_std must be positive")
    return CheckModel(
        check_id=str(meta["check_id"]),
        spec=spec,
        statuses=cast(list[Status], statuses),
        evidence_statuses=cast(list[Status], evidence),
        evidence_floor=float(meta.get("evidence_floor", -np.inf)),
        max_evidence=int(meta.get("max_evidence", 5)),
        missing_margin=float(meta.get("missing_margin", 0.0)),
        info=dict(meta.get("info", {})),
        **arrays,
    )


def model_path(name: str, playbook: Playbook | None = None) -> Path:
    """Where the model a check names lives: a path to an ``.npz`` file, or a shipped model's name."""
    if name.endswith(".npz"):
        path = Path(name).expanduser()
        if not path.is_absolute() and playbook is not None and playbook.source:
            source = Path(playbook.source)
            path = (source if source.is_dir() else source.parent) / path
        return path
    if not _NAME.match(name):
        raise ModelFileError(
            f"model name {name!r}: use a shipped model name such as 'nda/nda-1' or a path to an .npz file"
        )
    return _retrained_here(name) or MODELS_DIR / f"{name}.npz"


def _retrained_here(name: str) -> Path | None:
    """The file of a shipped model's name in the version retrained on this machine, if one is in force."""
    from reviewer.judge.learned.model_versions import active_file
    from reviewer.settings import get_settings

    playbook, _, base = name.rpartition("/")
    return active_file(get_settings(), playbook, base) if playbook else None


_CHECK_VECTORS: dict[str, VectorCache] = {}  # embedding model -> the check texts it has embedded


def cached_check_vectors(embedding_model: str, texts: tuple[str, ...], embed: Embed) -> np.ndarray:
    """The embedded queries and standard position of a check, kept across reviews in this process."""
    if embedding_model not in _CHECK_VECTORS:
        _CHECK_VECTORS[embedding_model] = VectorCache(embed, embedding_model)
    return _CHECK_VECTORS[embedding_model].embed(list(texts))


def default_embedders(settings: Settings) -> Callable[[str], Embed]:
    """The embedding model a learned model was trained with: the configured one or the built-in MiniLM."""

    def embedder_for(model_id: str) -> Embed:
        from reviewer.store.embedding import get_embedder

        configured = get_embedder(settings)
        if configured.model_id == model_id:
            return configured.embed
        builtin = get_embedder(Settings(**{**settings.model_dump(), "embedding_model": "minilm"}))
        if builtin.model_id == model_id:
            return builtin.embed
        raise ModelFileError(
            f"the learned model needs the embedding model {model_id!r}, which is not available here; "
            "retrain it with `python -m reviewer.judge.learned.train`"
        )

    return embedder_for


class LearnedJudge:
    """Judges every check that names a ``model``; passes other checks' verdicts through unchanged."""

    name = "model"

    def __init__(self, index: SetIndex, playbook: Playbook | None, embedder_for: Callable[[str], Embed]) -> None:
        self.index = index
        self.playbook = playbook
        self.embedder_for = embedder_for
        self._embeddings: dict[tuple[str, str], np.ndarray] = {}  # (document, embedding model) -> rows
        self._lexical: dict[tuple[str, int], np.ndarray] = {}
        self._model_files: dict[str, Path] = {}  # a check's model name -> its file, found once per review

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        check = context.check
        if not check.model:
            if prior is None:
                raise ConfigError(
                    f"check {check.id}: no model to judge it and no verdict before the learned judge"
                )
            return prior
        try:
            if check.model not in self._model_files:
                self._model_files[check.model] = model_path(check.model, self.playbook)
            model = load_model(self._model_files[check.model])
        except ModelFileError as exc:
            if prior is None:
                raise
            prior.notes.append(f"learned model not used: {exc.message}")
            return prior
        return self._verdict(check, model, prior)

    # --- features, cached per document -------------------------------------------------------

    def units(self, doc_id: str) -> list[Sentence]:
        """The scored units of a document: its sentences, as the set index splits them."""
        return self.index.docs[doc_id].sentences

    def sentence_matrix(self, doc_id: str, check: Check, model: CheckModel) -> tuple[np.ndarray, np.ndarray]:
        """Features and signal flags of every sentence of a document, for one check."""
        spec = model.spec
        texts = [s.text for s in self.units(doc_id)]
        embed = self.embedder_for(spec.embedding_model)
        key = (doc_id, spec.embedding_model)
        if key not in self._embeddings:
            self._embeddings[key] = embed(texts) if texts else np.zeros((0, spec.embedding_dim))
        if (doc_id, spec.hash_dims) not in self._lexical:
            self._lexical[(doc_id, spec.hash_dims)] = hashed_ngrams(texts, spec.hash_dims)
        vectors = cached_check_vectors(spec.embedding_model, tuple(check_texts(check)), embed)
        embeddings = self._embeddings[key]
        if embeddings.shape[1:] != (spec.embedding_dim,):
            raise ModelFileError(
                f"{spec.embedding_model} gives vectors of shape {embeddings.shape[1:]}; "
                f"the model expects {spec.embedding_dim} dimensions"
            )
        features, flags = check_features(
            spec,
            texts,
            embeddings,
            self._lexical[(doc_id, spec.hash_dims)],
            vectors,
            CheckPatterns(check),
        )
        return features, flags

    # --- the verdict -------------------------------------------------------------------------

    def _verdict(self, check: Check, model: CheckModel, prior: Verdict | None) -> Verdict:
        docs = self.index.contract_set.documents
        scored: dict[str, tuple[Status, float, np.ndarray]] = {}
        for doc in docs:
            features, flags = self.sentence_matrix(doc.id, check, model)
            probs, relevance = model.document_probabilities(features, flags)
            best = model.decide(probs)
            scored[doc.id] = (model.statuses[best], float(probs[best]), relevance)
        overall = max((s for s, _, _ in scored.values()), key=lambda s: STATUS_PRECEDENCE[s])
        lead = max((d for d in scored if scored[d][0] == overall), key=lambda d: scored[d][1])
        evidence = [] if overall == "missing" else self._evidence(model, scored, overall)
        names = {d.id: d.file_name for d in docs}
        says = {names[d]: s for d, (s, _, _) in scored.items()}
        distinct = {s for s in says.values() if s != "missing"}
        disagreement = None
        if len(distinct) > 1:
            disagreement = "The documents disagree (" + "; ".join(f"{n}: {s}" for n, s in says.items()) + ")."
        notes = self._notes(check, model, prior, overall, scored[lead][2], lead)
        return Verdict(
            status=overall,
            confidence=round(min(max(scored[lead][1], 0.0), 1.0), 2),
            rationale=_rationale(check, overall, scored[lead][1]) + (f" {disagreement}" if disagreement else ""),
            evidence=evidence,
            judge="model",
            notes=notes,
            document_statuses=says,
            disagreement=disagreement,
        )

    def _evidence(
        self, model: CheckModel, scored: dict[str, tuple[Status, float, np.ndarray]], status: Status
    ) -> list[Evidence]:
        out: list[Evidence] = []
        for doc in self.index.contract_set.documents:
            doc_status, _, relevance = scored[doc.id]
            if doc_status != status or not len(relevance):
                continue
            sentences = self.units(doc.id)
            for i in model.cited_sentences(relevance, [s.text for s in sentences]):
                s = sentences[i]
                out.append(evidence_at(doc, s.start, s.end, signal=f"model score {relevance[i]:.2f}"))
        return out

    def _notes(
        self,
        check: Check,
        model: CheckModel,
        prior: Verdict | None,
        status: Status,
        relevance: np.ndarray,
        doc_id: str,
    ) -> list[str]:
        notes = []
        if prior is not None and prior.status != status:
            notes.append(f"the library's signals alone say {prior.status}")
        if model.info.get("fingerprint") not in (None, check_fingerprint(check)):
            notes.append("the check's queries or signals changed since its model was trained; retrain the model")
        if status == "missing" and len(relevance):
            doc = self.index.contract_set.document(doc_id)
            s = self.units(doc_id)[int(np.argmax(relevance))]
            notes.append(f"closest passage: {doc.file_name} p.{doc.page_at(s.start)}")
        return notes


def _rationale(check: Check, status: Status, probability: float) -> str:
    point = check.standard_position.rstrip(".")
    odds = f"(learned model, p={probability:.2f})"
    if status == "satisfied":
        return f"The agreement provides this: {point} {odds}."
    if status == "conflicting":
        return f"The agreement says the opposite of: {point} {odds}."
    if status == "partial":
        return f"The agreement addresses this only in part: {point} {odds}."
    return f"The agreement does not address this: {point} {odds}."
