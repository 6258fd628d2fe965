"""``reviewer eval contractnli PATH.json``: the ``nda`` playbook against labelled NDAs.

Every document goes through the product's own path: its text is ingested as a TXT file (parser,
chunking, the configured embedding model, Chroma) into a temporary data folder, then reviewed with
``api.review`` and the deterministic judges (rules, then the learned models the checks name; no
LLM). Each finding answers the hypothesis its check declares (Entailment = satisfied,
NotMentioned = missing, Contradiction = conflicting; a "partial" counts as satisfied). Cited
evidence is mapped from the ingested text back to the JSON's text (the parser normalises white
space) and scored against the gold evidence spans.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reviewer import api
from reviewer.cli.output import print_json
from reviewer.errors import UsageError
from reviewer.eval.nli_scores import Judgement, format_summary, summarize
from reviewer.judge.align import OffsetMap
from reviewer.judge.learned.datasets import ContractNLIData, ContractNLIDocument, read_contractnli, txt_name
from reviewer.judge.learned.judge import ModelFileError, load_model, model_path
from reviewer.models import Progress, ProgressCallback, Review, no_progress
from reviewer.playbooks.loader import load_playbook
from reviewer.playbooks.schema import Check, Playbook
from reviewer.settings import Settings, get_settings


@dataclass
class Timing:
    ingest: float = 0.0
    review: float = 0.0
    per_document: list[float] = field(default_factory=list)


def run(args: argparse.Namespace, progress: ProgressCallback = no_progress) -> int:
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    data = read_contractnli(args.path, limit=args.limit)
    started = time.perf_counter()
    if args.data_dir is not None:
        report = evaluate(data, _settings(args.data_dir), args, progress)
    else:
        with tempfile.TemporaryDirectory(prefix="reviewer-eval-") as tmp:
            report = evaluate(data, _settings(Path(tmp)), args, progress)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        print_json(report)
    else:
        print(describe(report))
    return 0


def _settings(data_dir: Path) -> Settings:
    """The user's settings, with a private data folder and an embedded vector store."""
    base = get_settings()
    return Settings(**{**base.model_dump(), "data_dir": data_dir, "chroma_url": None})


def evaluate(
    data: ContractNLIData, settings: Settings, args: argparse.Namespace, progress: ProgressCallback = no_progress
) -> dict[str, object]:
    playbook = load_playbook(args.playbook, settings)
    by_hypothesis = {c.hypothesis: c for c in playbook.checks if c.hypothesis}
    unanswered = sorted(h for h in data.hypotheses if h not in by_hypothesis)
    judgements: list[Judgement] = []
    errors: list[str] = []
    timing = Timing()
    judges: set[str] = set()
    for n, doc in enumerate(data.documents, start=1):
        t0 = time.perf_counter()
        review, text = _review(doc, settings, args, timing)
        judges.add(review.judge)
        judgements.extend(_judgements(doc, review, text, by_hypothesis))
        errors.extend(f"{doc.doc_id}: {e.check_id}: {e.message}" for e in review.errors)
        timing.per_document.append(time.perf_counter() - t0)
        progress(
            Progress(
                stage="document",
                current=n,
                total=len(data.documents),
                message=f"{doc.file_name}: {timing.per_document[-1]:.1f} s",
            )
        )
    summary = summarize(judgements)
    docs = len(data.documents)
    return {
        "dataset": str(data.path),
        "playbook": f"{playbook.name} {playbook.version}",
        "judges": " / ".join(sorted(judges)) + " (deterministic, no LLM)",
        **summary,
        "unanswered_hypotheses": unanswered,
        "errors": errors,
        "training_note": training_note(playbook, data, settings),
        "timing": {
            "ingest_seconds": round(timing.ingest, 2),
            "review_seconds": round(timing.review, 2),
            "seconds_per_document": round(sum(timing.per_document) / docs, 2) if docs else 0.0,
        },
    }


def _review(
    doc: ContractNLIDocument, settings: Settings, args: argparse.Namespace, timing: Timing
) -> tuple[Review, str]:
    t0 = time.perf_counter()
    ingested = api.ingest_bytes(
        [(txt_name(doc.file_name), doc.original.encode("utf-8"))], name=doc.doc_id, settings=settings
    )
    timing.ingest += time.perf_counter() - t0
    t0 = time.perf_counter()
    set_id = ingested.contract_set.id
    review = api.review(set_id=set_id, playbook=args.playbook, tier=args.tier, settings=settings, save=False)
    timing.review += time.perf_counter() - t0
    text = api.get_set(set_id, settings).documents[0].text
    return review, text


def _judgements(doc: ContractNLIDocument, review: Review, text: str, checks: dict[str, Check]) -> list[Judgement]:
    mapping = OffsetMap(text, doc.original)
    found = {f.hypothesis: f for f in review.findings if f.hypothesis}
    out = []
    for key in doc.choices:
        if key not in checks:
            continue
        finding = found.get(key)
        predicted = "missing" if finding is None else finding.status
        cited = [] if finding is None else [mapping.span(e.start, e.end) for e in finding.evidence]
        out.append(
            Judgement(
                document=doc.doc_id,
                key=key,
                gold=doc.status(key),
                predicted="satisfied" if predicted == "partial" else predicted,
                gold_spans=doc.gold_spans(key),
                cited=[c for c in cited if c is not None],
            )
        )
    return out


def training_note(playbook: Playbook, data: ContractNLIData, settings: Settings) -> str | None:
    """Say so when the learned models were trained on the very file being evaluated."""
    trained_here = []
    for check in playbook.checks:
        if not check.model:
            continue
        try:
            info = load_model(model_path(check.model, playbook)).info
        except ModelFileError:
            continue
        if info.get("trained_on_sha256") == data.sha256:
            trained_here.append(check.id)
    if not trained_here:
        return None
    return (
        f"the learned models of {len(trained_here)} checks were trained on this file: these are in-sample "
        "figures. Cross-validated figures (by document): python -m reviewer.judge.learned.train "
        f"{playbook.name} --data {data.path} --no-write (see docs/eval-contractnli.md)"
    )


def describe(report: dict[str, object]) -> str:
    timing: dict[str, float] = report["timing"]  # type: ignore[assignment]
    lines = [
        format_summary(
            report,
            title=f"ContractNLI: {report['dataset']}, playbook {report['playbook']}, judges: {report['judges']}",
        ),
        f"  time                {report['seconds']:.1f} s in all (ingest {timing['ingest_seconds']:.1f} s, "
        f"review {timing['review_seconds']:.1f} s; {timing['seconds_per_document']:.2f} s per document)",
    ]
    if report["unanswered_hypotheses"]:
        lines.append(f"  no check answers: {', '.join(report['unanswered_hypotheses'])}")  # type: ignore[arg-type]
    errors: list[str] = report["errors"]  # type: ignore[assignment]
    if errors:
        lines.append(f"  {len(errors)} check errors, first: {errors[0]}")
    if report["training_note"]:
        lines.append(f"  NOTE: {report['training_note']}")
    return "\n".join(lines)
