"""Retrain (and cross-validate) the learned judge's models of a playbook from labelled data.

    python -m reviewer.judge.learned.train nda --data /work/shared/eval/contractnli/dev.json [--cv 5] [--no-write]

For each check of the playbook that names a ``model`` and whose label key (its ``hypothesis``, its
``cuad_category``, or its id) occurs in the data, it prints cross-validated figures (folds by
document: each document judged by a model trained without it), fits the model on all documents,
prints the in-sample figures, and writes ``reviewer/judge/learned/models/<model>.npz`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from reviewer.errors import ReviewerError
from reviewer.judge.learned.datasets import labelled_documents, parse_texts, read_contractnli
from reviewer.judge.learned.features import FeatureSpec
from reviewer.judge.learned.judge import MODELS_DIR, CheckModel, Embed, model_path
from reviewer.judge.learned.training import (
    Prediction,
    TrainingParams,
    check_data,
    cross_validate,
    fit_check,
    predict_all,
    prepare_documents,
)
from reviewer.models import utcnow
from reviewer.playbooks.loader import load_playbook
from reviewer.playbooks.schema import Check
from reviewer.settings import Settings, get_settings
from reviewer.store.vector_cache import VectorCache

FORMATS = ("contractnli",)


def label_key(check: Check) -> str:
    return check.hypothesis or check.cuad_category or check.id


def cached_embedder(embed: Embed, model_id: str, cache: Path | None) -> Embed:
    """``embed`` with an on-disk cache of vectors by text (training embeds the same sentences often)."""
    return embed if cache is None else VectorCache(embed, model_id, cache).embed


def _to_judgements(key: str, preds: list[Prediction], doc_ids: list[str]) -> list[object]:
    from reviewer.eval.nli_scores import Judgement

    return [Judgement(doc_ids[p.doc_index], key, p.gold, p.predicted, p.gold_spans, p.cited) for p in preds]


def train(args: argparse.Namespace, settings: Settings) -> dict[str, object]:
    started = time.perf_counter()
    playbook = load_playbook(args.playbook, settings)
    data = read_contractnli(args.data, limit=args.limit)
    docs = labelled_documents(data, parse_texts(data, settings))
    from reviewer.store.embedding import get_embedder

    embedder = get_embedder(Settings(**{**settings.model_dump(), "embedding_model": "minilm"}))
    embed = cached_embedder(embedder.embed, embedder.model_id, args.embedding_cache)
    spec = FeatureSpec(
        embedding_model=embedder.model_id,
        embedding_dim=embedder.dim,
        hash_dims=args.hash_dims,
        top_k=args.top_k,
        summary=args.summary,
    )
    params = TrainingParams(
        l2_sentence=args.l2_sentence,
        positive_weight=args.positive_weight,
        l2_document=args.l2_document,
        l2_document_choices=tuple(args.l2_document_choices),
        evidence_quantile=args.evidence_quantile,
        max_evidence=args.max_evidence,
        missing_margin=args.missing_margin,
        relevance_model=args.relevance_model,
        summary_penalty=args.summary_penalty,
        polarity_penalty=args.polarity_penalty,
        l2_logistic=args.l2_logistic,
    )
    prepared = prepare_documents(docs, embed, spec)
    checks = [c for c in playbook.checks if c.model and any(label_key(c) in d.labels for d in docs)]
    seeds = [args.seed + r for r in range(max(args.repeats, 1))] if args.cv > 1 else []
    cv: dict[int, list[object]] = {seed: [] for seed in seeds}
    insample: list[object] = []
    written = []
    for check in checks:
        key = label_key(check)
        cdata = check_data(check, key, prepared, embed, spec)
        doc_ids = [d.doc_id for d in cdata.docs]
        for seed in seeds:
            cv[seed].extend(_to_judgements(key, cross_validate(cdata, spec, params, args.cv, seed), doc_ids))
        model = fit_check(cdata, np.arange(len(cdata.docs)), spec, params, seed=args.seed)
        insample.extend(_to_judgements(key, predict_all(model, cdata), doc_ids))
        if args.write:
            written.append(str(_write(model, check, playbook, args, data.sha256)))
    return {
        "playbook": playbook.name,
        "data": str(data.path),
        "checks": len(checks),
        "cv": cv.get(args.seed, []),
        "cv_repeats": cv,
        "insample": insample,
        "written": written,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _write(model: CheckModel, check: Check, playbook: object, args: argparse.Namespace, sha: str) -> Path:
    model.info.update(
        {
            "trained_on": Path(args.data).name,
            "trained_on_sha256": sha,
            "trained_at": utcnow().isoformat(),
            "command": f"python -m reviewer.judge.learned.train {args.playbook} --data {args.data}",
        }
    )
    assert check.model is not None
    path = args.out / f"{check.model}.npz" if args.out else model_path(check.model, playbook)  # type: ignore[arg-type]
    return model.save(path)


def _headline(summary: dict[str, object]) -> dict[str, float]:
    per_label: dict[str, dict[str, float]] = summary["per_label"]  # type: ignore[assignment]
    return {
        "accuracy": summary["accuracy"],  # type: ignore[dict-item]
        "macro_f1": summary["macro_f1"],  # type: ignore[dict-item]
        "conflicting_f1": per_label.get("conflicting", {}).get("f1", 0.0),
        "evidence_recall": summary["evidence_recall"] or 0.0,  # type: ignore[dict-item]
    }


def _repeats_table(repeats: dict[int, dict[str, object]], folds: int) -> str:
    rows = {seed: _headline(s) for seed, s in repeats.items()}
    names = ["accuracy", "macro_f1", "conflicting_f1", "evidence_recall"]
    lines = [f"cross-validation repeated with {len(rows)} fold seeds ({folds} folds each):"]
    lines.append("  seed  " + "  ".join(f"{n:>15}" for n in names))
    for seed, row in rows.items():
        lines.append(f"  {seed:>4}  " + "  ".join(f"{row[n]:>15.3f}" for n in names))
    mean = {n: sum(r[n] for r in rows.values()) / len(rows) for n in names}
    lines.append("  mean  " + "  ".join(f"{mean[n]:>15.3f}" for n in names))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reviewer train", description=__doc__.split("\n\n")[0])
    p.add_argument("playbook", help="playbook name or path (its checks with `model:` are trained)")
    p.add_argument("--data", required=True, type=Path, help="labelled data (ContractNLI JSON)")
    p.add_argument("--format", choices=FORMATS, default="contractnli")
    p.add_argument("--cv", type=int, default=5, help="cross-validation folds by document (0: none)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeats", type=int, default=1, help="repeat the cross-validation with this many fold seeds")
    p.add_argument("--limit", type=int, default=None, help="use only the first N documents")
    p.add_argument("--no-write", dest="write", action="store_false", help="do not write model files")
    p.add_argument("--out", type=Path, default=None, help=f"write models here instead of {MODELS_DIR}")
    p.add_argument("--embedding-cache", type=Path, default=None, help="an .npz file caching sentence vectors")
    p.add_argument("--hash-dims", type=int, default=512)
    p.add_argument("--l2-sentence", type=float, default=TrainingParams.l2_sentence)
    p.add_argument("--positive-weight", type=float, default=TrainingParams.positive_weight)
    p.add_argument("--l2-document", type=float, default=TrainingParams.l2_document)
    p.add_argument(
        "--l2-document-choices",
        type=float,
        nargs="*",
        default=list(TrainingParams.l2_document_choices),
        help="penalties the classifier's is chosen among per check, by inner cross-validation "
        "(none: always --l2-document)",
    )
    p.add_argument("--summary", type=int, choices=(1, 2), default=2, help="document summary version")
    p.add_argument("--evidence-quantile", type=float, default=TrainingParams.evidence_quantile)
    p.add_argument("--max-evidence", type=int, default=TrainingParams.max_evidence)
    p.add_argument("--missing-margin", type=float, default=TrainingParams.missing_margin)
    p.add_argument("--top-k", type=int, default=3, help="sentences summarised per document")
    p.add_argument("--relevance-model", choices=("ridge", "logistic"), default=TrainingParams.relevance_model)
    p.add_argument("--polarity-penalty", type=float, default=TrainingParams.polarity_penalty)
    p.add_argument("--summary-penalty", type=float, default=TrainingParams.summary_penalty)
    p.add_argument("--l2-logistic", type=float, default=TrainingParams.l2_logistic)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = train(args, get_settings())
    except ReviewerError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return exc.exit_code
    from reviewer.eval.nli_scores import summarize

    figures: dict[str, dict[str, object]] = {
        name: summarize(result[name])  # type: ignore[arg-type]
        for name in ("cv", "insample")
        if result[name]
    }
    repeats = {seed: summarize(js) for seed, js in result["cv_repeats"].items()}  # type: ignore[attr-defined]
    if args.json:
        rest = {k: v for k, v in result.items() if k not in ("cv", "insample", "cv_repeats")}
        extra = {"cv_repeats": {str(s): _headline(r) for s, r in repeats.items()}} if len(repeats) > 1 else {}
        print(json.dumps({**rest, **figures, **extra}, indent=2))
    else:
        print(_describe(result, figures, repeats, args))
    return 0


def _describe(
    result: dict[str, object],
    figures: dict[str, dict[str, object]],
    repeats: dict[int, dict[str, object]],
    args: argparse.Namespace,
) -> str:
    from reviewer.eval.nli_scores import format_summary

    lines = [
        f"{result['playbook']}: {result['checks']} checks trained on {result['data']} in {result['seconds']} s"
    ]
    if "cv" in figures:
        title = f"cross-validated ({args.cv} folds by document, seed {args.seed})"
        lines.append(format_summary(figures["cv"], title=title))
    if len(repeats) > 1:
        lines.append(_repeats_table(repeats, args.cv))
    title = "in-sample (the model trained on all documents, judging them)"
    lines.append(format_summary(figures["insample"], title=title))
    lines.extend(f"wrote {path}" for path in result["written"])  # type: ignore[attr-defined]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
