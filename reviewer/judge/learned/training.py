"""Training the learned judge's per-check models from labelled documents, and cross-validating them.

For one check: every sentence of every document gets a feature row (``learned_features``); a
weighted ridge regression learns which sentences are evidence (relevance), another which status
an evidence sentence supports (polarity). Out-of-fold scores (inner cross-validation, so the
document classifier never sees scores of sentences the sentence model was fitted on) are
summarised per document and a regularised logistic regression maps the summary to a status.
Everything is split by document, never by sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reviewer.judge.learned.datasets import GoldLabel, LabelledDocument
from reviewer.judge.learned.features import (
    CheckPatterns,
    FeatureSpec,
    check_features,
    check_fingerprint,
    check_texts,
    document_features,
    hashed_ngrams,
)
from reviewer.judge.learned.judge import CheckModel, Embed
from reviewer.judge.learned.linear import logistic, logistic_binary, predict_proba, ridge
from reviewer.judge.text import split_sentences
from reviewer.models import STATUSES, Status
from reviewer.playbooks.schema import Check


@dataclass(frozen=True)
class TrainingParams:
    l2_sentence: float = 10.0  # ridge penalty of the sentence models
    positive_weight: float = 20.0  # weight of an evidence sentence against a non-evidence one
    polarity_penalty: float = 1.0  # the polarity ridge's penalties, relative to the relevance ridge's
    summary_penalty: float = 1.0  # relative ridge penalty of the summary columns
    l2_document: float = 1.0  # penalty of the document classifier (standardised features)
    # per check, the document classifier's penalty is chosen among these by cross-validation on the
    # training documents' out-of-fold summaries (lowest log-loss); empty: always ``l2_document``
    l2_document_choices: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0)
    selection_folds: int = 5
    inner_folds: int = 4
    min_polarity_documents: int = 2  # a status needs this many documents with evidence to get a polarity column
    relevance_model: str = "ridge"  # or "logistic" (L-BFGS; then l2_logistic is its penalty)
    l2_logistic: float = 1e-3
    evidence_quantile: float = 0.15  # cite further sentences scoring at least this quantile of true evidence
    max_evidence: int = 5  # passages cited per document at most
    missing_margin: float = 0.6  # log-odds by which "missing" must beat the other statuses


@dataclass
class PreparedDocument:
    """A labelled document split into sentences, embedded once for every check."""

    doc_id: str
    texts: list[str]
    offsets: list[tuple[int, int]]
    embeddings: np.ndarray
    lexical: np.ndarray
    labelled: LabelledDocument


def prepare_documents(docs: list[LabelledDocument], embed: Embed, spec: FeatureSpec) -> list[PreparedDocument]:
    split = [split_sentences(d.text) for d in docs]
    texts = [s.text for sentences in split for s in sentences]
    vectors = embed(texts) if texts else np.zeros((0, spec.embedding_dim))
    out, at = [], 0
    for doc, sentences in zip(docs, split, strict=True):
        own = [s.text for s in sentences]
        out.append(
            PreparedDocument(
                doc_id=doc.doc_id,
                texts=own,
                offsets=[(s.start, s.end) for s in sentences],
                embeddings=vectors[at : at + len(own)],
                lexical=hashed_ngrams(own, spec.hash_dims),
                labelled=doc,
            )
        )
        at += len(own)
    return out


@dataclass
class CheckData:
    """One check's training material: per document, sentence features and labels."""

    check: Check
    spec: FeatureSpec
    key: str  # the label key in the data (the check id, or its hypothesis / category)
    docs: list[PreparedDocument]
    features: list[np.ndarray]
    flags: list[np.ndarray]
    sentence_labels: list[np.ndarray]  # index into evidence_statuses, or -1 for a non-evidence sentence
    doc_labels: np.ndarray  # index into statuses
    statuses: list[Status]
    evidence_statuses: list[Status]
    _grams: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def gram(self, i: int, positive_weight: float) -> tuple[np.ndarray, np.ndarray]:
        """X'WX and X'Wt of document ``i`` for the relevance ridge (cached)."""
        if not self._grams:
            for x, labels in zip(self.features, self.sentence_labels, strict=True):
                target = (labels >= 0).astype(np.float64)
                w = np.where(target > 0, positive_weight, 1.0)
                self._grams.append((x.T @ (x * w[:, None]), x.T @ (w * target)))
        return self._grams[i]


def check_data(
    check: Check, key: str, prepared: list[PreparedDocument], embed: Embed, spec: FeatureSpec
) -> CheckData:
    docs = [d for d in prepared if key in d.labelled.labels]
    seen = {d.labelled.labels[key].status for d in docs}
    statuses = [s for s in ("missing", *[s for s in STATUSES if s != "missing"]) if s in seen]
    with_evidence = [d.labelled.labels[key].status for d in docs if d.labelled.labels[key].spans]
    evidence: list[Status] = [s for s in statuses if s != "missing" and with_evidence.count(s) > 0]
    vectors = embed(check_texts(check))
    patterns = CheckPatterns(check)
    features, flags, labels = [], [], []
    for d in docs:
        x, f = check_features(spec, d.texts, d.embeddings, d.lexical, vectors, patterns)
        features.append(x)
        flags.append(f)
        labels.append(_sentence_labels(d, d.labelled.labels[key], evidence))
    return CheckData(
        check=check,
        spec=spec,
        key=key,
        docs=docs,
        features=features,
        flags=flags,
        sentence_labels=labels,
        doc_labels=np.array([statuses.index(d.labelled.labels[key].status) for d in docs], dtype=int),
        statuses=statuses,
        evidence_statuses=evidence,
    )


def _sentence_labels(doc: PreparedDocument, gold: GoldLabel, evidence: list[Status]) -> np.ndarray:
    labels = np.full(len(doc.texts), -1, dtype=int)
    if gold.status not in evidence:
        return labels
    for i, (start, end) in enumerate(doc.offsets):
        if any(min(end, e) > max(start, s) for s, e in gold.spans):
            labels[i] = evidence.index(gold.status)
    return labels


# --- fitting ---------------------------------------------------------------------------------


def _fit_relevance(data: CheckData, docs: np.ndarray, params: TrainingParams) -> np.ndarray:
    width = data.features[0].shape[1]
    if params.relevance_model == "logistic":
        rows = np.vstack([data.features[i] for i in docs])
        target = np.concatenate([(data.sentence_labels[i] >= 0).astype(np.float64) for i in docs])
        weights = np.where(target > 0, params.positive_weight, 1.0)
        return logistic_binary(rows, target, l2=params.l2_logistic, weights=weights)
    gram, rhs = np.zeros((width, width)), np.zeros(width)
    for i in docs:
        g, b = data.gram(int(i), params.positive_weight)
        gram += g
        rhs += b
    return np.linalg.solve(gram + np.diag(_penalties(data, params)), rhs)


def _penalties(data: CheckData, params: TrainingParams) -> np.ndarray:
    """Ridge penalties: the embedding and n-gram columns at ``l2_sentence``, the few summary columns
    (similarities, signals, position) at ``l2_sentence * summary_penalty``, the bias hardly at all."""
    width = data.features[0].shape[1]
    penalty = np.full(width, params.l2_sentence)
    summary = width - data.spec.embedding_dim - data.spec.hash_dims
    penalty[-summary:] *= params.summary_penalty
    penalty[-1] = 1e-6
    return penalty


def _fit_sentences(data: CheckData, docs: np.ndarray, params: TrainingParams) -> tuple[np.ndarray, np.ndarray]:
    width = data.features[0].shape[1]
    relevance = _fit_relevance(data, docs, params)
    polar = _polar_statuses(data, docs, params)
    polarity = np.zeros((width, len(data.evidence_statuses)))
    if len(polar) >= 2:
        rows = np.vstack([data.features[i][data.sentence_labels[i] >= 0] for i in docs])
        classes = np.concatenate([data.sentence_labels[i][data.sentence_labels[i] >= 0] for i in docs])
        onehot = np.eye(len(data.evidence_statuses))[classes]
        targets = onehot - onehot.mean(axis=0, keepdims=True)
        polarity = ridge(rows, targets, l2=_penalties(data, params) * params.polarity_penalty)
    return relevance, polarity


def _polar_statuses(data: CheckData, docs: np.ndarray, params: TrainingParams) -> list[int]:
    counts = [
        sum(1 for i in docs if (data.sentence_labels[i] == k).any()) for k in range(len(data.evidence_statuses))
    ]
    return [k for k, n in enumerate(counts) if n >= params.min_polarity_documents]


def _summaries(
    data: CheckData, docs: np.ndarray, relevance: np.ndarray, polarity: np.ndarray, spec: FeatureSpec
) -> np.ndarray:
    rows = []
    for i in docs:
        x = data.features[i]
        rows.append(document_features(x @ relevance, x @ polarity, data.flags[i], spec.top_k, spec.summary))
    return np.array(rows)


def _standardised(summaries: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    return np.hstack([np.ones((len(summaries), 1)), (summaries - mean) / std])


def _fit_classifier(
    summaries: np.ndarray, labels: np.ndarray, n_classes: int, l2: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The document classifier on standardised summaries: (mean, std, coefficients)."""
    mean = summaries.mean(axis=0)
    std = summaries.std(axis=0)
    std[std < 1e-6] = 1.0
    return mean, std, logistic(_standardised(summaries, mean, std), labels, n_classes, l2=l2)


def choose_l2_document(
    summaries: np.ndarray, labels: np.ndarray, n_classes: int, params: TrainingParams, seed: int
) -> float:
    """The classifier penalty with the lowest cross-validated log-loss on these (training) documents;
    ``params.l2_document`` when there is no choice to make."""
    choices = params.l2_document_choices
    if len(choices) < 2 or n_classes < 2 or len(labels) < 2:
        return params.l2_document
    folds = _folds(len(labels), min(params.selection_folds, len(labels)), seed + 7)
    losses = []
    for l2 in choices:
        truth = np.zeros(len(labels))
        for held in folds:
            fit = np.setdiff1d(np.arange(len(labels)), held)
            mean, std, coef = _fit_classifier(summaries[fit], labels[fit], n_classes, l2)
            probs = predict_proba(_standardised(summaries[held], mean, std), coef)
            truth[held] = probs[np.arange(len(held)), labels[held]]
        losses.append(-np.mean(np.log(np.clip(truth, 1e-12, 1.0))))
    return float(choices[int(np.argmin(losses))])


def _folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[f::k]) for f in range(k) if len(order[f::k])]


def fit_check(
    data: CheckData, docs: np.ndarray, spec: FeatureSpec, params: TrainingParams, seed: int = 0
) -> CheckModel:
    """A model for ``data.check`` from the documents ``docs`` (indexes into ``data.docs``)."""
    docs = np.asarray(docs, dtype=int)
    summaries = np.zeros((len(docs), 0))
    evidence_scores: list[np.ndarray] = []
    inner = _folds(len(docs), min(params.inner_folds, len(docs)), seed + 1)
    for held in inner:
        fit_on = np.delete(docs, held)
        relevance, polarity = _fit_sentences(data, fit_on, params)
        part = _summaries(data, docs[held], relevance, polarity, spec)
        if not summaries.shape[1]:
            summaries = np.zeros((len(docs), part.shape[1]))
        summaries[held] = part
        for i in docs[held]:
            evidence_scores.append((data.features[i] @ relevance)[data.sentence_labels[i] >= 0])
    relevance, polarity = _fit_sentences(data, docs, params)
    labels, n_classes = data.doc_labels[docs], len(data.statuses)
    l2 = choose_l2_document(summaries, labels, n_classes, params, seed)
    mean, std, coef = _fit_classifier(summaries, labels, n_classes, l2)
    scores = np.concatenate(evidence_scores) if evidence_scores else np.zeros(0)
    floor = float(np.quantile(scores, params.evidence_quantile)) if len(scores) else float("inf")
    return CheckModel(
        check_id=data.check.id,
        spec=spec,
        statuses=list(data.statuses),
        evidence_statuses=list(data.evidence_statuses),
        relevance=relevance,
        polarity=polarity,
        doc_mean=mean,
        doc_std=std,
        doc_coef=coef,
        evidence_floor=floor,
        max_evidence=params.max_evidence,
        missing_margin=params.missing_margin,
        info={
            "fingerprint": check_fingerprint(data.check),
            "documents": len(docs),
            "label_key": data.key,
            "l2_document": l2,
        },
    )


@dataclass
class Prediction:
    doc_index: int
    gold: Status
    predicted: Status
    cited: list[tuple[int, int]]  # sentence offsets cited as evidence
    gold_spans: list[tuple[int, int]]
    probabilities: dict[str, float] = field(default_factory=dict)
    candidates: list[tuple[int, int]] = field(default_factory=list)  # what would be cited if not missing


def predict(model: CheckModel, data: CheckData, i: int) -> Prediction:
    """What the judge would say for document ``i`` (the same computation ``LearnedJudge`` makes)."""
    probs, relevance = model.document_probabilities(data.features[i], data.flags[i])
    status = model.statuses[model.decide(probs)]
    candidates = (
        [data.docs[i].offsets[j] for j in model.cited_sentences(relevance, data.docs[i].texts)]
        if len(relevance)
        else []
    )
    gold = data.docs[i].labelled.labels[data.key]
    return Prediction(
        i,
        gold.status,
        status,
        candidates if status != "missing" else [],
        list(gold.spans),
        {s: float(p) for s, p in zip(model.statuses, probs, strict=True)},
        candidates,
    )


def cross_validate(
    data: CheckData, spec: FeatureSpec, params: TrainingParams, folds: int = 5, seed: int = 0
) -> list[Prediction]:
    """Each document predicted by a model trained without it (folds by document)."""
    out: list[Prediction] = []
    everything = np.arange(len(data.docs))
    for held in _folds(len(data.docs), folds, seed):
        model = fit_check(data, np.delete(everything, held), spec, params, seed)
        out.extend(predict(model, data, int(i)) for i in held)
    return sorted(out, key=lambda p: p.doc_index)


def predict_all(model: CheckModel, data: CheckData) -> list[Prediction]:
    return [predict(model, data, i) for i in range(len(data.docs))]
