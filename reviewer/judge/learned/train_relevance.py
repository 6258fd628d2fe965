"""``reviewer train ai-vendor`` / ``gdpr-art28``: train a playbook's learned relevance gate from the
labelled corpus (``labels/corpus/<playbook>.csv``, the hold-out left out and never read), print
figures cross-validated by document, and write the model file.

Positives: the sentences overlapping a label's quote for that check; negatives: every other
sentence of the same document (for that check). The threshold is chosen inside the training
documents only (inner folds by document: the probability that best separates the documents that
address a check from those labelled silent, on out-of-fold scores). With ``--review-cv`` every
held-out fold is also reviewed through the whole product path (ingest, rules, gate), with its
fold's model and without any, and ``reviewer eval labels``' figures are printed for both.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewer.errors import NotFoundError, ReviewerError
from reviewer.judge.learned.datasets import LabelledDocument
from reviewer.judge.learned.features import CheckPatterns, check_fingerprint, check_texts
from reviewer.judge.learned.judge import MODELS_DIR, Embed
from reviewer.judge.learned.label_corpus import LabelSource, labelled_corpus
from reviewer.judge.learned.linear import logistic_binary
from reviewer.judge.learned.relevance import RelevanceModel, relevance_features, sigmoid
from reviewer.judge.learned.train import cached_embedder
from reviewer.judge.learned.training import _folds
from reviewer.judge.text import split_sentences
from reviewer.models import utcnow
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[3]
LABELS_DIR = ROOT / "labels" / "corpus"
CORPUS_DOCS = ROOT.parent / "shared" / "eval" / "corpus" / "docs"


@dataclass
class Unit:
    """One labelled (document, check): its sentences' features and which overlap the gold quotes."""

    doc: int  # index of the document (folds are by document)
    check: str
    present: bool  # labelled anything but missing
    features: np.ndarray
    positive: np.ndarray  # bool per sentence
    offsets: list[tuple[int, int]]


def read_holdout(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def build_units(docs: list[LabelledDocument], playbook: Playbook, embed: Embed) -> list[Unit]:
    checks = {c.id: c for c in playbook.checks}
    split = [split_sentences(d.text) for d in docs]
    vectors = embed([s.text for sentences in split for s in sentences])
    check_vectors = {cid: embed(check_texts(c)) for cid, c in checks.items()}
    units, at = [], 0
    for n, (doc, sentences) in enumerate(zip(docs, split, strict=True)):
        texts = [s.text for s in sentences]
        own = vectors[at : at + len(texts)]
        at += len(texts)
        for cid, gold in sorted(doc.labels.items()):
            check = checks[cid]
            x = relevance_features(check, texts, own, check_vectors[cid], CheckPatterns(check))
            hit = np.array([any(min(s.end, e) > max(s.start, b) for b, e in gold.spans) for s in sentences], bool)
            offsets = [(s.start, s.end) for s in sentences]
            units.append(Unit(n, cid, gold.status != "missing", x, hit, offsets))
    return units


@dataclass(frozen=True)
class Params:
    positive_weight: float = 10.0
    l2: float = 1e-3
    inner_folds: int = 4


def fit_weights(units: list[Unit], params: Params) -> np.ndarray:
    x = np.vstack([u.features for u in units])
    t = np.concatenate([u.positive for u in units]).astype(np.float64)
    w = np.where(t > 0, params.positive_weight, 1.0)
    return logistic_binary(x, t, l2=params.l2, weights=w)


def best_scores(units: list[Unit], weights: np.ndarray) -> np.ndarray:
    return np.array([float(sigmoid(u.features @ weights).max()) if len(u.features) else 0.0 for u in units])


def choose_threshold(scores: np.ndarray, present: np.ndarray) -> float:
    """The cut on a document's best sentence score that classifies presence best: candidates are the
    midpoints between neighbouring scores; ties go to the lowest (the one that says "missing" least)."""
    values = np.unique(scores)
    grid = np.clip((values[1:] + values[:-1]) / 2 if len(values) > 1 else np.array([0.5]), 1e-4, 1 - 1e-4)
    right = [np.mean((scores >= t) == present) for t in grid]
    return float(grid[int(np.argmax(right))])


def fit_gate(units: list[Unit], docs: np.ndarray, params: Params, seed: int) -> tuple[np.ndarray, float]:
    """Weights on the units of ``docs`` and a threshold chosen by inner folds over those documents."""
    mine = [u for u in units if u.doc in set(docs.tolist())]
    scores, present = np.zeros(len(mine)), np.array([u.present for u in mine])
    for held in _folds(len(docs), min(params.inner_folds, len(docs)), seed + 1):
        out = set(docs[held].tolist())
        w = fit_weights([u for u in mine if u.doc not in out], params)
        idx = [i for i, u in enumerate(mine) if u.doc in out]
        scores[idx] = best_scores([mine[i] for i in idx], w)
    return fit_weights(mine, params), choose_threshold(scores, present)


@dataclass
class GateResult:
    check: str
    doc: int
    present: bool
    score: float
    fires: bool
    evidence_hit: bool  # the best sentence overlaps a gold quote


@dataclass
class Fold:
    held: list[int]  # the documents judged by this fold's gate
    weights: np.ndarray
    threshold: float


def cross_validate(
    units: list[Unit], n_docs: int, params: Params, folds: int, seed: int
) -> tuple[list[GateResult], list[Fold]]:
    """Each document's units judged by a gate fitted (threshold included) without it."""
    out: list[GateResult] = []
    fitted: list[Fold] = []
    everything = np.arange(n_docs)
    for held in _folds(n_docs, folds, seed):
        weights, threshold = fit_gate(units, np.setdiff1d(everything, held), params, seed)
        fitted.append(Fold(held.tolist(), weights, threshold))
        for u in (u for u in units if u.doc in set(held.tolist())):
            s = sigmoid(u.features @ weights) if len(u.features) else np.zeros(0)
            best = float(s.max()) if len(s) else 0.0
            hit = bool(len(s) and u.positive[int(np.argmax(s))])
            out.append(GateResult(u.check, u.doc, u.present, best, best >= threshold, hit))
    return out, fitted


def gate_figures(results: list[GateResult]) -> dict[str, float]:
    present = [r for r in results if r.present]
    silent = [r for r in results if not r.present]
    return {
        "labels": len(results),
        "presence_accuracy": round(float(np.mean([r.fires == r.present for r in results])), 3),
        "present_not_found": round(sum(not r.fires for r in present) / max(len(present), 1), 3),
        "silent_found": round(sum(r.fires for r in silent) / max(len(silent), 1), 3),
        "evidence_hit_on_present": round(sum(r.evidence_hit for r in present) / max(len(present), 1), 3),
    }


def presence_accuracy(units: list[Unit], weights: np.ndarray, threshold: float) -> float:
    """The share of ``units`` whose presence the gate gets right (it fires exactly when the check is
    addressed): the figure the local-labels retraining compares before and after."""
    if not units:
        return 0.0
    fires = best_scores(units, weights) >= threshold
    return round(float(np.mean(fires == np.array([u.present for u in units]))), 4)


def local_cv(
    units: list[Unit], base_docs: np.ndarray, local_docs: np.ndarray, params: Params, folds: int, seed: int
) -> float:
    """Presence accuracy on the local documents' units, each fold of them judged by a gate fitted on
    the base documents and the other local folds (thresholds chosen inside, as everywhere)."""
    right, total = 0, 0
    for held in _folds(len(local_docs), min(folds, len(local_docs)), seed):
        out = set(local_docs[held].tolist())
        weights, threshold = fit_gate(
            units, np.concatenate([base_docs, np.array(sorted(set(local_docs.tolist()) - out), int)]), params, seed
        )
        judged = [u for u in units if u.doc in out]
        right += round(presence_accuracy(judged, weights, threshold) * len(judged))
        total += len(judged)
    return round(right / max(total, 1), 4)


def retrain_with_local_labels(
    args: argparse.Namespace,
    playbook: Playbook,
    source: LabelSource,
    holdout: frozenset[str],
    corpus: tuple[list[LabelledDocument], list[Unit]],
    embed: Embed,
    params: Params,
    template: RelevanceModel,
    settings: Settings,
) -> dict[str, object]:
    """Retrain the gate on the shipped corpus plus this machine's labels (``reviewer labels``) and
    install it as a new model version only if it is not worse on the shipped hold-out and better on
    the local labels (``retrain_gate.decide``); the model in force is the "before" of both figures."""
    from reviewer.corrections import training_folder
    from reviewer.eval.labels import read_labels
    from reviewer.judge.learned import model_versions
    from reviewer.judge.learned.relevance import load_relevance, relevance_path
    from reviewer.judge.learned.retrain_gate import Figures, decide

    docs, units = corpus
    in_force = load_relevance(relevance_path(playbook))
    with tempfile.TemporaryDirectory(prefix="reviewer-local-labels-") as tmp:
        labels_csv, docs_dir, rows = training_folder(settings, playbook.name, Path(tmp))
        local = labelled_corpus(LabelSource("local", labels_csv, docs_dir), playbook, settings) if rows else []
        everything = {label.document for label in read_labels(source.labels)}
        held_docs = labelled_corpus(source, playbook, settings, skip=frozenset(everything - holdout))
        local_units = build_units(local, playbook, embed) if local else []
        for u in local_units:
            u.doc += len(docs)
        held_units = build_units(held_docs, playbook, embed) if held_docs else []
        pooled = units + local_units
        base_idx, local_idx = np.arange(len(docs)), np.arange(len(docs), len(docs) + len(local))
        before = Figures(
            holdout=presence_accuracy(held_units, in_force.weights, in_force.threshold),
            local=presence_accuracy(local_units, in_force.weights, in_force.threshold),
            local_labels=len(local_units),
        )
        after_local = local_cv(pooled, base_idx, local_idx, params, args.cv or 5, args.seed) if local else 0.0
        weights, threshold = fit_gate(pooled, np.concatenate([base_idx, local_idx]), params, args.seed)
        after = Figures(
            holdout=presence_accuracy(held_units, weights, threshold),
            local=after_local,
            local_labels=len(local_units),
        )
        install, why = decide(before, after)
        out: dict[str, object] = {
            "local_documents": len(local),
            "local_labels": len(local_units),
            "holdout_labels": len(held_units),
            "before": before.__dict__,
            "after": after.__dict__,
            "measure": "presence accuracy of the gate (local: cross-validated by document); "
            "before = the model in force",
            "installed": None,
            "why": why,
        }
        if install:
            model = RelevanceModel(**{**template.__dict__, "weights": weights, "threshold": threshold})
            model.info = {
                "trained_on": f"{source.labels.name} + {rows} local labels",
                "documents": len(docs) + len(local),
                "trained_at": utcnow().isoformat(),
                "command": f"reviewer train {playbook.name} --with-local-labels",
                "fingerprints": {c.id: check_fingerprint(c) for c in playbook.checks},
            }
            path = model.save(Path(tmp) / "relevance.npz")
            out["installed"] = model_versions.install(
                settings,
                playbook.name,
                {"relevance": path},
                figures={"before": before.__dict__, "after": after.__dict__},
                note=why,
                loader=load_relevance,
            )
    return out


def review_cv(
    args: argparse.Namespace,
    playbook: Playbook,
    docs: list[LabelledDocument],
    fitted: list[Fold],
    model_of: RelevanceModel,
    settings: Settings,
) -> dict[str, dict[str, object]]:
    """``reviewer eval labels`` on each fold's held-out documents, with the fold's gate and without."""
    from reviewer.eval.labels import evaluate_labels
    from reviewer.judge.learned.relevance import using_model

    with args.labels.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), reader.fieldnames or []
    name_of = {n: d.doc_id.split("/", 1)[1] for n, d in enumerate(docs)}
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="reviewer-train-"))
    run_settings = Settings(**{**settings.model_dump(), "data_dir": data_dir})
    scored: dict[str, list[dict[str, object]]] = {"rules": [], "gate": []}
    with tempfile.TemporaryDirectory(prefix="reviewer-fold-") as tmp:
        for k, fold in enumerate(fitted):
            names = {name_of[n] for n in fold.held}
            labels = Path(tmp) / f"fold{k}.csv"
            with labels.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=fields)
                writer.writeheader()
                writer.writerows(r for r in rows if r["document"] in names)
            fold_model = RelevanceModel(
                **{**model_of.__dict__, "weights": fold.weights, "threshold": fold.threshold}
            )
            path = fold_model.save(Path(tmp) / f"fold{k}.npz")
            for kind, model_file in (("rules", Path(tmp) / "absent.npz"), ("gate", path)):
                with using_model(playbook.name, model_file):
                    report = evaluate_labels(
                        labels, args.docs, playbook.name, settings=run_settings, use_data_dir=True
                    )
                scored[kind].extend(r.__dict__ for r in report.rows)
    return {kind: labels_figures(rows_) for kind, rows_ in scored.items()}


def labels_figures(rows: list[dict[str, object]]) -> dict[str, object]:
    present = [r for r in rows if "missing" not in r["allowed"]]  # type: ignore[operator]
    false_missing = sum(1 for r in present if r["predicted"] == "missing")
    return {
        "labels": len(rows),
        "accuracy": round(sum(bool(r["right"]) for r in rows) / max(len(rows), 1), 3),
        "presence_accuracy": round(
            sum((r["predicted"] != "missing") == (r["gold"] != "missing") for r in rows) / max(len(rows), 1), 3
        ),
        "recall_present": round(1 - false_missing / max(len(present), 1), 3),
        "false_missing": false_missing,
        "present_labels": len(present),
        "false_missing_rate": round(false_missing / max(len(present), 1), 3),
    }


def require_documents(docs: Path) -> None:
    """Training reads the labelled corpus's documents, which are not shipped with the product."""
    if not docs.is_dir():
        raise NotFoundError(
            f"the labelled corpus's documents are not here: {docs}. Training the relevance gate, and "
            "retraining it with your labels, reads them (the public vendor documents that "
            "labels/corpus/README.md lists; they are not shipped with the product). Put them in "
            "that folder or give their folder with --docs DIR; see docs/corrections.md"
        )


def train(args: argparse.Namespace, settings: Settings) -> dict[str, object]:
    from reviewer.playbooks.loader import load_playbook
    from reviewer.store.embedding import get_embedder

    started = time.perf_counter()
    playbook = load_playbook(args.playbook, settings)
    args.labels = args.labels or LABELS_DIR / f"{playbook.name}.csv"
    require_documents(Path(args.docs))
    holdout = read_holdout(args.holdout)
    source = LabelSource(playbook.name, args.labels, args.docs)
    docs = labelled_corpus(source, playbook, settings, skip=holdout)
    embedder = get_embedder(Settings(**{**settings.model_dump(), "embedding_model": "minilm"}))
    embed = cached_embedder(embedder.embed, embedder.model_id, args.embedding_cache)
    units = build_units(docs, playbook, embed)
    params = Params(positive_weight=args.positive_weight, l2=args.l2)
    checks = sorted({u.check for u in units})
    template = RelevanceModel(
        playbook=playbook.name,
        embedding_model=embedder.model_id,
        embedding_dim=embedder.dim,
        weights=np.zeros(0),
        threshold=0.5,
        checks=checks,
    )
    result: dict[str, object] = {"playbook": playbook.name, "documents": len(docs), "labels": len(units)}
    if args.with_local_labels:
        result["local_labels"] = retrain_with_local_labels(
            args, playbook, source, holdout, (docs, units), embed, params, template, settings
        )
        result["seconds"] = round(time.perf_counter() - started, 1)
        return result
    if args.cv > 1:
        cv, fitted = cross_validate(units, len(docs), params, args.cv, args.seed)
        result["cv_gate"] = gate_figures(cv)
        if args.review_cv:
            result["cv_review"] = review_cv(args, playbook, docs, fitted, template, settings)
    weights, threshold = fit_gate(units, np.arange(len(docs)), params, args.seed)
    model = RelevanceModel(**{**template.__dict__, "weights": weights, "threshold": threshold})
    insample = [
        GateResult(u.check, u.doc, u.present, b, b >= threshold, False)
        for u, b in zip(units, best_scores(units, weights), strict=True)
    ]
    result["insample_gate"] = gate_figures(insample)
    result["threshold"] = round(threshold, 4)
    if args.write:
        model.info = {
            "version": utcnow().strftime("%Y%m%dT%H%M%SZ"),
            "fingerprints": {c.id: check_fingerprint(c) for c in playbook.checks if c.id in checks},
            "trained_on": args.labels.name,
            "trained_on_sha256": hashlib.sha256(args.labels.read_bytes()).hexdigest(),
            "holdout_left_out": sorted(holdout),
            "documents": len(docs),
            "trained_at": utcnow().isoformat(),
            "command": f"reviewer train {playbook.name}",
            "cv": result.get("cv_gate"),
            "params": params.__dict__,
        }
        out = args.out or MODELS_DIR / playbook.name
        result["written"] = str(model.save(out / "relevance.npz"))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reviewer train", description=__doc__.split("\n\n")[0])
    p.add_argument("playbook", help="ai-vendor or gdpr-art28 (a playbook with relevance_model:)")
    p.add_argument("--labels", type=Path, default=None, help="labels CSV (default labels/corpus/<playbook>.csv)")
    p.add_argument("--docs", type=Path, default=CORPUS_DOCS, help="the labelled documents' folder")
    p.add_argument("--holdout", type=Path, default=LABELS_DIR / "holdout.txt", help="documents never read")
    p.add_argument("--cv", type=int, default=5, help="cross-validation folds by document (0: none)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--review-cv", action="store_true", help="also review every fold through the product")
    p.add_argument("--data-dir", type=Path, default=None, help="ingest here for --review-cv (kept, reused)")
    p.add_argument("--positive-weight", type=float, default=Params.positive_weight)
    p.add_argument("--l2", type=float, default=Params.l2)
    p.add_argument("--no-write", dest="write", action="store_false", help="do not write the model file")
    p.add_argument(
        "--out", type=Path, default=None, help=f"write <out>/relevance.npz, not {MODELS_DIR}/<playbook>"
    )
    p.add_argument(
        "--with-local-labels",
        action="store_true",
        help="retrain on the shipped corpus + this machine's labels (`reviewer labels list`); install the "
        "new model as a version only if not worse on the shipped hold-out and better on the local labels",
    )
    p.add_argument("--embedding-cache", type=Path, default=None, help="an .npz file caching sentence vectors")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = train(args, get_settings())
    except ReviewerError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return exc.exit_code
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if "local_labels" in result:
        local = dict(result["local_labels"])  # type: ignore[call-overload]
        print(
            f"{result['playbook']}: relevance gate retrained on {result['documents']} corpus documents + "
            f"{local['local_documents']} of yours ({local['local_labels']} local labels), {result['seconds']} s"
        )
        print(f"  {local['measure']}")
        print(f"  before: {local['before']}")
        print(f"  after:  {local['after']}")
        print(f"  {local['why']}" + (f" (version {local['installed']})" if local["installed"] else ""))
        return 0
    print(
        f"{result['playbook']}: relevance gate on {result['documents']} documents, {result['labels']} labels "
        f"(hold-out left out), {result['seconds']} s; threshold {result['threshold']}"
    )
    if "cv_gate" in result:
        print(f"cross-validated ({args.cv} folds by document, thresholds chosen inside the training folds):")
        print(f"  gate alone: {result['cv_gate']}")
    for kind, figures in dict(result.get("cv_review", {})).items():  # type: ignore[call-overload]
        what = "rules only (before)" if kind == "rules" else "rules + gate (after)"
        print(f"  review, {what}: {figures}")
    print(f"in-sample (the final model on its own training documents): {result['insample_gate']}")
    if "written" in result:
        print(f"wrote {result['written']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
