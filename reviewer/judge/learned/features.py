"""Features of the learned judge: one row per sentence for a check, one row per document.

Sentence features: the sentence's embedding, hashed word n-grams, its similarity to the check's
queries and standard position, the check's own signals (met / weakened / contradicted) in it and in
the sentence before it (a list's lead-in), and where it sits in the document. Document features
summarise the sentence scores: the top relevance scores, the polarity of the most relevant
sentences, and whether any signal fired anywhere.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import asdict, dataclass

import numpy as np

from reviewer.judge.text import tokens
from reviewer.playbooks.schema import Check, library_pattern

SIGNAL_KINDS = ("met", "weakened", "contradicted")
POLARITY_STATS = {1: 2, 2: 5}  # numbers per polarity column in each document summary version
SPREAD_K = 5  # summary 2: the sentences whose polarity spread is summarised


@dataclass(frozen=True)
class FeatureSpec:
    """How sentence features are made; stored in each model file so inference matches training."""

    embedding_model: str
    embedding_dim: int
    hash_dims: int = 512
    top_k: int = 3
    summary: int = 2  # document summary version (``document_features``); files without one are version 1

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> FeatureSpec:
        return cls(
            embedding_model=str(raw["embedding_model"]),
            embedding_dim=int(raw["embedding_dim"]),  # type: ignore[call-overload]
            hash_dims=int(raw.get("hash_dims", 512)),  # type: ignore[call-overload]
            top_k=int(raw.get("top_k", 3)),  # type: ignore[call-overload]
            summary=int(raw.get("summary", 1)),  # type: ignore[call-overload]
        )

    def sentence_width(self) -> int:
        return self.embedding_dim + self.hash_dims + 3 + 2 * len(SIGNAL_KINDS) + 1 + 1

    def document_width(self, evidence_statuses: int) -> int:
        """How many numbers ``document_features`` gives for a check with this many polarity columns."""
        per_status = POLARITY_STATS[self.summary]
        return 3 + per_status * evidence_statuses + len(SIGNAL_KINDS)


def check_texts(check: Check) -> list[str]:
    """What a sentence is compared with: the check's queries and its standard position."""
    return [*check.queries.all(), check.standard_position]


def check_fingerprint(check: Check) -> str:
    """Changes when the check's queries, standard position or signals change."""
    s = check.signals
    parts = [*check_texts(check), *s.met.all(), "|", *s.weakened.all(), "|", *s.contradicted.all()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


class CheckPatterns:
    """The check's signals, compiled once."""

    def __init__(self, check: Check) -> None:
        self.kinds = [[library_pattern(p) for p in getattr(check.signals, kind).all()] for kind in SIGNAL_KINDS]

    def flags(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(SIGNAL_KINDS)))
        for col, patterns in enumerate(self.kinds):
            for row, text in enumerate(texts):
                if any(p.search(text) for p in patterns):
                    out[row, col] = 1.0
        return out


_LIST_ITEM = re.compile(
    r"^\s*(?:\(?[a-z0-9]{1,4}[.)]|\(?[ivxlc]{1,6}[.)]|\d+(?:\.\d+)+\.?|[-•*])\s", re.IGNORECASE
)
_LEAD_IN_END = re.compile(
    r"[:：]\s*$|[:：]\s*\(?(?:[a-z]|[0-9]{1,2}(?:\.[0-9]{1,2})*|[ivx]{1,5})[.)]?\s", re.IGNORECASE
)


def lead_in(texts: list[str], i: int, reach: int = 8) -> int | None:
    """The sentence introducing the list that sentence ``i`` is an item of, if there is one."""
    if i > 0 and _LEAD_IN_END.search(texts[i - 1]):
        return i - 1
    if not _LIST_ITEM.match(texts[i]):
        return None
    for j in range(i - 1, max(-1, i - 1 - reach), -1):
        if _LEAD_IN_END.search(texts[j]):
            return j
        if not _LIST_ITEM.match(texts[j]):
            return None
    return None


def _bucket(gram: str, dims: int) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little") % dims


def hashed_ngrams(texts: list[str], dims: int) -> np.ndarray:
    """Word unigrams and bigrams (stemmed; character bigrams for Chinese) hashed into ``dims`` buckets."""
    out = np.zeros((len(texts), dims))
    if not dims:
        return out
    for row, text in enumerate(texts):
        toks = tokens(text)
        grams = toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)]
        for gram in set(grams):
            out[row, _bucket(gram, dims)] = 1.0
        norm = np.sqrt(out[row].sum())
        if norm:
            out[row] /= norm
    return out


def sentence_features(
    spec: FeatureSpec,
    texts: list[str],
    embeddings: np.ndarray,
    lexical: np.ndarray,
    check_vectors: np.ndarray,
    flags: np.ndarray,
) -> np.ndarray:
    """One row per sentence of one document; the last column is a constant 1 (the bias).

    ``check_vectors`` embeds the check's texts (``check_texts``); ``flags`` is ``CheckPatterns.flags``.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, spec.sentence_width()))
    sims = embeddings @ check_vectors.T  # the check's queries, then its standard position
    queries, standard = sims[:, :-1], sims[:, -1:]
    before = np.vstack([np.zeros((1, flags.shape[1])), flags[:-1]])
    where = np.linspace(0.0, 1.0, n)[:, None] if n > 1 else np.zeros((1, 1))
    return np.hstack(
        [
            embeddings,
            lexical,
            queries.max(axis=1, keepdims=True),
            queries.mean(axis=1, keepdims=True),
            standard,
            flags,
            before,
            where,
            np.ones((n, 1)),
        ]
    )


def document_features(
    relevance: np.ndarray, polarity: np.ndarray, flags: np.ndarray, top_k: int, summary: int = 1
) -> np.ndarray:
    """A document's summary: top relevance, polarity of the top sentences, signals anywhere.

    ``polarity`` has one column per evidence status (none when only one status has evidence);
    ``flags`` is the per-sentence signal matrix. No bias column (the classifier adds it). Summary 2
    adds, per polarity column, the relevance-weighted mean, the highest and the lowest polarity of
    the ``SPREAD_K`` most relevant sentences: one sentence that says the opposite of the others (a
    carve-out, an exception) then shows even when it is not the most relevant one.
    """
    if summary not in POLARITY_STATS:
        raise ValueError(f"unknown document summary version {summary}")
    if len(relevance) == 0:
        width = 3 + POLARITY_STATS[summary] * polarity.shape[1] + len(SIGNAL_KINDS)
        return np.zeros(width)
    order = np.argsort(-relevance, kind="stable")
    top = order[:top_k]
    second = relevance[order[1]] if len(order) > 1 else relevance[order[0]]
    parts = [relevance[order[0]], second, relevance[top].mean()]
    spread = order[:SPREAD_K]
    weights = np.exp(relevance[spread] - relevance[spread].max())
    weights /= weights.sum()
    for col in range(polarity.shape[1]):
        parts += [polarity[order[0], col], polarity[top, col].mean()]
        if summary >= 2:
            column = polarity[spread, col]
            parts += [float(weights @ column), column.max(), column.min()]
    parts += list(flags.max(axis=0)) if len(flags) else [0.0] * len(SIGNAL_KINDS)
    return np.asarray(parts, dtype=np.float64)


def check_features(
    spec: FeatureSpec,
    texts: list[str],
    embeddings: np.ndarray,
    lexical: np.ndarray,
    check_vectors: np.ndarray,
    patterns: CheckPatterns,
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence features of one document for one check, and the check's signal flags per sentence."""
    flags = patterns.flags(texts)
    return sentence_features(spec, texts, embeddings, lexical, check_vectors, flags), flags
