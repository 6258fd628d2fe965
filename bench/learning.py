"""The learning curve of the reviewer's corrections: ``python -m bench.learning``.

Simulates a user who corrects the findings of k = 0, 2, 5, 10 documents of the team's labelled
corpus (their corrections become local labels) and measures accuracy on other documents, for
several random orders. Per order the 30 non-hold-out documents of ``labels/corpus/<playbook>.csv``
are shuffled into three groups of ten: the "shipped" corpus the gate starts from, the documents
the user corrects (the first k of them), and the documents accuracy is measured on (the same ten for
every k). The hold-out is never read.

What is learned is the playbook's relevance gate (``reviewer train PLAYBOOK --with-local-labels``
retrains the same model): it turns a rule "missing" into "partial" when it finds the check's
sentence. The rules' verdicts do not change with labels, so they are computed once per document
(a real review of each, gate off, cached in ``--cache``) and the gate is applied to them here; the
same simulation of the 5-fold cross-validation is printed beside the product's own figure as a
check that the simulation matches the product.

Writes a PNG of the curve with ``--plot FILE`` when matplotlib is installed (``pip install
.[bench]``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from reviewer.eval.labels import evaluate_labels, resolve_check
from reviewer.judge.learned.features import check_fingerprint
from reviewer.judge.learned.label_corpus import LabelSource, labelled_corpus
from reviewer.judge.learned.relevance import using_model
from reviewer.judge.learned.train import cached_embedder
from reviewer.judge.learned.train_relevance import (
    CORPUS_DOCS,
    LABELS_DIR,
    Params,
    Unit,
    best_scores,
    build_units,
    cross_validate,
    fit_gate,
    read_holdout,
)
from reviewer.playbooks.loader import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from reviewer.store.embedding import get_embedder

Key = tuple[str, str]  # (document, check id)


def rule_rows(playbook: Playbook, labels: Path, docs: Path, holdout: frozenset[str], cache: Path) -> list[dict]:
    """Every non-hold-out label scored by the rules alone (the gate off), cached by the hash of the
    labels and of the playbook's checks (a changed signal reviews again)."""
    checks = "|".join(check_fingerprint(c) for c in playbook.checks)
    digest = hashlib.sha256(labels.read_bytes() + checks.encode()).hexdigest()[:16]
    cached = cache / f"rules-{playbook.name}-{digest}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    with labels.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = [r for r in reader if r["document"] not in holdout], reader.fieldnames or []
    kept = cache / f"labels-{playbook.name}-no-holdout.csv"
    with kept.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    settings = Settings(data_dir=cache / "data")
    with using_model(playbook.name, cache / "absent.npz"):
        report = evaluate_labels(kept, docs, playbook.name, settings=settings, use_data_dir=True)
    out = [r.__dict__ for r in report.rows]
    cached.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def with_gate(rows: list[dict], fires: dict[Key, bool]) -> tuple[float, float, int]:
    """(accuracy, false-missing rate, labels) of ``rows`` once the gate's ``fires`` are applied: a
    rule "missing" whose check the gate finds becomes "partial", as ``RelevanceJudge`` does."""
    right, false_missing, present = 0, 0, 0
    for r in rows:
        predicted = (
            "partial"
            if r["predicted"] == "missing" and fires.get((r["document"], r["check_id"]))
            else r["predicted"]
        )
        right += predicted in r["allowed"]
        if "missing" not in r["allowed"]:
            present += 1
            false_missing += predicted == "missing"
    return right / max(len(rows), 1), false_missing / max(present, 1), len(rows)


def fires_of(units: list[Unit], names: list[str], weights: np.ndarray, threshold: float) -> dict[Key, bool]:
    scores = best_scores(units, weights)
    return {(names[u.doc], u.check): bool(s >= threshold) for u, s in zip(units, scores, strict=True)}


def curve(
    units: list[Unit], names: list[str], rows: list[dict], ks: Sequence[int], orders: int, params: Params
) -> dict[int, list[tuple[float, float]]]:
    """k -> [(accuracy, false-missing rate) on the measured documents, one per order]."""
    n = len(names)
    group = n // 3
    out: dict[int, list[tuple[float, float]]] = {k: [] for k in ks}
    for order in range(orders):
        perm = np.random.default_rng(1000 + order).permutation(n)
        base, pool, measured = perm[:group], perm[group : 2 * group], perm[2 * group :]
        measured_names = {names[i] for i in measured}
        scored = [r for r in rows if r["document"] in measured_names]
        judged = [u for u in units if u.doc in set(measured.tolist())]
        for k in ks:
            weights, threshold = fit_gate(units, np.concatenate([base, pool[:k]]), params, order)
            accuracy, false_missing, _ = with_gate(scored, fires_of(judged, names, weights, threshold))
            out[k].append((accuracy, false_missing))
    return out


def plot(result: dict[int, list[tuple[float, float]]], playbook: str, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    ks = sorted(result)
    figure, axis = plt.subplots(figsize=(5, 3.2), dpi=100)
    for which, label in ((0, "accuracy"), (1, "false missing")):
        means = [np.mean([p[which] for p in result[k]]) for k in ks]
        spread = [np.std([p[which] for p in result[k]]) for k in ks]
        axis.errorbar(ks, means, yerr=spread, marker="o", capsize=3, label=label)
    axis.set_xlabel("documents corrected by the user (k)")
    axis.set_ylim(0, 1)
    axis.set_title(f"{playbook}: accuracy on other documents")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.learning", description=__doc__.split("\n\n")[0])
    p.add_argument("--playbook", default="ai-vendor", help="a playbook with relevance_model: (ai-vendor)")
    p.add_argument("--ks", default="0,2,5,10", help="numbers of corrected documents")
    p.add_argument("--orders", type=int, default=3, help="random orders of the documents")
    p.add_argument("--docs", type=Path, default=CORPUS_DOCS, help="the labelled documents' folder")
    p.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "reviewer-bench-learning", help="reused"
    )
    p.add_argument("--plot", type=Path, default=None, help="write the curve as a PNG (needs matplotlib)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=args.cache / "data")
    playbook = load_playbook(args.playbook, settings)
    labels = LABELS_DIR / f"{playbook.name}.csv"
    holdout = read_holdout(LABELS_DIR / "holdout.txt")
    docs = labelled_corpus(LabelSource(playbook.name, labels, args.docs), playbook, settings, skip=holdout)
    names = [d.doc_id.split("/", 1)[1] for d in docs]
    embedder = get_embedder(Settings(data_dir=args.cache / "data", embedding_model="minilm"))
    embed = cached_embedder(embedder.embed, embedder.model_id, args.cache / f"vectors-{playbook.name}.npz")
    units = build_units(docs, playbook, embed)
    rows = rule_rows(playbook, labels, args.docs, holdout, args.cache)
    for r in rows:
        r["check_id"] = resolve_check(playbook, r["check"], 0) if "check_id" not in r else r["check_id"]
    params = Params()

    cv, _ = cross_validate(units, len(docs), params, 5, 0)
    cv_fires = {(names[g.doc], g.check): g.fires for g in cv}
    rules_only = with_gate(rows, {})
    simulated = with_gate(rows, cv_fires)
    ks = [int(k) for k in args.ks.split(",")]
    result = curve(units, names, rows, ks, args.orders, params)
    figures = {
        "playbook": playbook.name,
        "documents": len(docs),
        "labels": len(rows),
        "rules_only": {"accuracy": round(rules_only[0], 3), "false_missing": round(rules_only[1], 3)},
        "simulated_5fold_cv": {"accuracy": round(simulated[0], 3), "false_missing": round(simulated[1], 3)},
        "curve": {
            str(k): {
                "accuracy_mean": round(float(np.mean([a for a, _ in v])), 3),
                "accuracy_per_order": [round(a, 3) for a, _ in v],
                "false_missing_mean": round(float(np.mean([f for _, f in v])), 3),
            }
            for k, v in result.items()
        },
    }
    if args.plot:
        figures["plot"] = str(args.plot) if plot(result, playbook.name, args.plot) else "matplotlib not installed"
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{playbook.name}: {len(docs)} documents, {len(rows)} labels (hold-out not read)")
    print(f"  rules alone: accuracy {rules_only[0]:.3f}, false missing {rules_only[1]:.3f}")
    print(
        f"  simulation check, 5-fold CV by document: accuracy {simulated[0]:.3f}, false missing {simulated[1]:.3f}"
        " (the product's own review of the same folds: docs/eval-corpus.md)"
    )
    print(f"  learning curve, {args.orders} orders; start from 10 documents, measure on 10 others:")
    for k, v in result.items():
        accs = ", ".join(f"{a:.3f}" for a, _ in v)
        print(
            f"    k={k:>2}: accuracy {np.mean([a for a, _ in v]):.3f} ({accs}), "
            f"false missing {np.mean([f for _, f in v]):.3f}"
        )
    if args.plot:
        print(f"  plot: {figures['plot']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
