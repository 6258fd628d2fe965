"""Scores of document-level judgements with evidence: accuracy, macro-F1, per-label and per-key
figures, and evidence recall (the share of gold evidence spans that the cited evidence overlaps).

Used by ``reviewer eval contractnli`` (judgements from real reviews) and by the learned judge's
trainer (cross-validated and in-sample judgements), so both print the same figures the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reviewer.eval.metrics import accuracy, class_scores, confusion, format_confusion, macro_f1, overlap

NLI_LABELS = ("satisfied", "missing", "conflicting")
CONTRACTNLI_NAMES = {"satisfied": "Entailment", "missing": "NotMentioned", "conflicting": "Contradiction"}


@dataclass
class Judgement:
    document: str
    key: str  # the hypothesis (or check) judged
    gold: str
    predicted: str
    gold_spans: list[tuple[int, int]] = field(default_factory=list)
    cited: list[tuple[int, int]] = field(default_factory=list)


def _overlaps(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(overlap(span, o) > 0 for o in others)


def summarize(judgements: Sequence[Judgement], labels: Sequence[str] = NLI_LABELS) -> dict[str, object]:
    gold = [j.gold for j in judgements]
    pred = [j.predicted for j in judgements]
    by_key: dict[str, list[Judgement]] = defaultdict(list)
    for j in judgements:
        by_key[j.key].append(j)
    spans = [(s, j.cited) for j in judgements if j.gold != "missing" for s in j.gold_spans]
    cited = [(c, j.gold_spans) for j in judgements for c in j.cited]
    answered = [j for j in judgements if j.predicted != "missing"]
    per_label = {}
    for label in labels:
        scores = class_scores(gold, pred, label)
        per_label[label] = {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "support": scores.support,
        }
    return {
        "judgements": len(judgements),
        "documents": len({j.document for j in judgements}),
        "accuracy": round(accuracy(gold, pred), 4),
        "macro_f1": round(macro_f1(gold, pred, labels), 4),
        "per_label": per_label,
        "evidence_recall": round(sum(_overlaps(s, c) for s, c in spans) / len(spans), 4) if spans else None,
        "evidence_precision": round(sum(_overlaps(c, g) for c, g in cited) / len(cited), 4) if cited else None,
        "gold_evidence_spans": len(spans),
        "cited_per_answer": round(sum(len(j.cited) for j in answered) / len(answered), 2) if answered else 0.0,
        "per_key": {
            key: {
                "accuracy": round(accuracy([j.gold for j in js], [j.predicted for j in js]), 4),
                "n": len(js),
            }
            for key, js in sorted(by_key.items(), key=lambda kv: _natural(kv[0]))
        },
        "confusion": confusion(gold, pred, list(labels)),
    }


def _natural(key: str) -> tuple[str, int]:
    head, _, tail = key.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (key, -1)


def format_summary(summary: dict[str, object], *, title: str, key_titles: dict[str, str] | None = None) -> str:
    key_titles = key_titles or {}
    per_label: dict[str, dict[str, float]] = summary["per_label"]  # type: ignore[assignment]
    recall, precision = summary["evidence_recall"], summary["evidence_precision"]
    lines = [
        title,
        f"  documents {summary['documents']}, judgements {summary['judgements']}",
        f"  accuracy            {summary['accuracy']:.3f}",
        f"  macro-F1            {summary['macro_f1']:.3f}",
    ]
    for label, s in per_label.items():
        name = f"{label} ({CONTRACTNLI_NAMES[label]})" if label in CONTRACTNLI_NAMES else label
        lines.append(
            f"  {name:<28} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (n={s['support']})"
        )
    lines.append(
        "  evidence recall     "
        + (f"{recall:.3f} of {summary['gold_evidence_spans']} gold spans" if recall is not None else "n/a")
    )
    if precision is not None:
        lines.append(
            f"  evidence precision  {precision:.3f} ({summary['cited_per_answer']} passages cited per answer)"
        )
    lines.append("  per check:")
    per_key: dict[str, dict[str, float]] = summary["per_key"]  # type: ignore[assignment]
    for key, s in per_key.items():
        lines.append(f"    {key:<8} {s['accuracy']:.3f}  {key_titles.get(key, '')}")
    lines.append("  confusion (rows gold, columns predicted):")
    lines.extend("    " + row for row in format_confusion(summary["confusion"]).splitlines())  # type: ignore[arg-type]
    return "\n".join(lines)
