"""``reviewer eval labels``: a playbook against your own labelled contracts.

The CSV has the columns ``document,check,status`` and optionally ``allowed``:
- ``document``: a file in ``--docs`` (several files reviewed together as one contract set are
  joined with ``+``, e.g. ``msa.pdf+dpa.docx``);
- ``check``: a check id, or a topic (then the topic's headline finding is scored);
- ``status``: satisfied, partial, missing or conflicting;
- ``allowed``: statuses separated by ``|`` that also count as right (a careful lawyer could defend
  any of them). A prediction in ``allowed`` is right; the confusion matrix and F1 then take the
  gold label to be that prediction.

Every document goes through the real pipeline (parse, chunk, embed, store, review) with the
deterministic judge; by default into a temporary data folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reviewer.errors import BadInputError, NotFoundError
from reviewer.eval.calibration import (
    ReliabilityBin,
    expected_calibration_error,
    false_missing_rate,
    format_reliability,
    reliability,
)
from reviewer.eval.metrics import class_scores, confusion, format_confusion, macro_f1
from reviewer.models import STATUSES, Finding, Progress, ProgressCallback, Review, Tier, no_progress
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings, get_settings

REQUIRED_COLUMNS = ("document", "check", "status")
SET_SEPARATOR = "+"


@dataclass(frozen=True)
class Label:
    line: int
    document: str
    check: str
    status: str
    allowed: tuple[str, ...]


@dataclass
class Scored:
    document: str
    check: str
    check_id: str
    gold: str
    allowed: list[str]
    predicted: str
    right: bool
    evidence: str = ""
    confidence: float = 0.0

    @property
    def present(self) -> bool:
        """Labelled as addressed by the contract: no defensible reading calls it missing."""
        return "missing" not in self.allowed


@dataclass
class LabelsReport:
    playbook: str
    tier: str
    documents: int
    labels: int
    accuracy: float
    strict_accuracy: float  # the primary status only, ignoring `allowed`
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    per_check: dict[str, dict[str, float | str]]
    confusion: dict[str, dict[str, int]]
    false_missing: int
    present_labels: int
    false_missing_rate: float  # labelled present, predicted missing, as a share of present labels
    reliability: list[ReliabilityBin]
    calibration_error: float
    ingest_seconds: float
    review_seconds: float
    seconds: float
    data_dir: str
    rows: list[Scored] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def read_labels(path: Path) -> list[Label]:
    if not path.is_file():
        raise NotFoundError("no such labels file", file=str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise BadInputError(
                f"the CSV needs the columns {', '.join(REQUIRED_COLUMNS)}; missing {', '.join(missing)}",
                file=path.name,
            )
        labels = []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            status = row["status"].lower()
            allowed = tuple(s.strip().lower() for s in row.get("allowed", "").split("|") if s.strip())
            for value in (status, *allowed):
                if value not in STATUSES:
                    raise BadInputError(
                        f"line {line}: status {value!r} is not one of {', '.join(STATUSES)}", file=path.name
                    )
            if not row["document"] or not row["check"]:
                raise BadInputError(f"line {line}: document and check must not be empty", file=path.name)
            labels.append(Label(line, row["document"], row["check"], status, allowed or (status,)))
    if not labels:
        raise BadInputError("the CSV has no labelled rows", file=path.name)
    return labels


def resolve_check(playbook: Playbook, name: str, line: int) -> str:
    """A check id, or the id of a topic's headline check."""
    if any(c.id == name for c in playbook.checks):
        return name
    headline = playbook.headline(name)
    if headline is None:
        raise BadInputError(f"line {line}: {name!r} is neither a check id nor a topic of playbook {playbook.name}")
    return headline.id


def evaluate_labels(
    labels_path: Path,
    docs_dir: Path,
    playbook_name: str,
    *,
    tier: Tier = "internal",
    settings: Settings | None = None,
    use_data_dir: bool = False,
    progress: ProgressCallback = no_progress,
) -> LabelsReport:
    """Ingest, review and score every labelled document (see the module doc)."""
    from reviewer.playbooks.loader import load_playbook

    started = time.perf_counter()
    base = settings or get_settings()
    playbook = load_playbook(playbook_name, base)
    labels = read_labels(labels_path)
    check_ids = {label: resolve_check(playbook, label.check, label.line) for label in labels}
    documents = sorted({label.document for label in labels})
    for document in documents:
        for name in document.split(SET_SEPARATOR):
            if not (docs_dir / name.strip()).is_file():
                raise NotFoundError(f"the labels name {name.strip()!r} but it is not in {docs_dir}")
    temp = None if use_data_dir else Path(tempfile.mkdtemp(prefix="reviewer-eval-"))
    settings = base if temp is None else Settings(**{**base.model_dump(), "data_dir": temp})
    try:
        reviews, ingest_s, review_s = _review_all(documents, docs_dir, playbook, tier, settings, progress)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    rows = [_score(label, check_ids[label], reviews[label.document]) for label in labels]
    return _report(playbook, tier, rows, len(documents), ingest_s, review_s, started, settings, temp is not None)


def _review_all(
    documents: list[str],
    docs_dir: Path,
    playbook: Playbook,
    tier: Tier,
    settings: Settings,
    progress: ProgressCallback = no_progress,
) -> tuple[dict[str, Review], float, float]:
    from reviewer import api

    reviews: dict[str, Review] = {}
    ingest_s = review_s = 0.0
    for n, document in enumerate(documents, start=1):
        progress(Progress(stage="document", current=n - 1, total=len(documents), message=document[:70]))
        paths = [docs_dir / name.strip() for name in document.split(SET_SEPARATOR)]
        t = time.perf_counter()
        result = api.ingest(paths, name=document, settings=settings)
        ingest_s += time.perf_counter() - t
        t = time.perf_counter()
        reviews[document] = api.review(
            set_id=result.contract_set.id,
            playbook=playbook.source or playbook.name,
            tier=tier,
            settings=settings,
            save=False,
        )
        review_s += time.perf_counter() - t
    progress(Progress(stage="document", current=len(documents), total=len(documents), message="scored"))
    return reviews, ingest_s, review_s


def _score(label: Label, check_id: str, review: Review) -> Scored:
    finding: Finding | None = next((f for f in review.findings if f.check_id == check_id), None)
    predicted = finding.status if finding is not None else "missing"
    confidence = finding.confidence if finding is not None else 0.0
    evidence = ""
    if finding is not None and finding.evidence:
        e = finding.evidence[0]
        evidence = f"{e.file_name} p.{e.page}: {' '.join(e.quote.split())[:120]}"
    allowed = sorted(set(label.allowed) | {label.status})
    return Scored(
        label.document,
        label.check,
        check_id,
        label.status,
        allowed,
        predicted,
        predicted in allowed,
        evidence,
        confidence,
    )


def _report(
    playbook: Playbook,
    tier: str,
    rows: list[Scored],
    documents: int,
    ingest_s: float,
    review_s: float,
    started: float,
    settings: Settings,
    temporary: bool,
) -> LabelsReport:
    gold = [r.predicted if r.right else r.gold for r in rows]
    pred = [r.predicted for r in rows]
    labels = [s for s in STATUSES if s in gold or s in pred]
    per_check: dict[str, list[Scored]] = defaultdict(list)
    for r in rows:
        per_check[r.check_id].append(r)
    false_missing, present, false_missing_share = false_missing_rate([r.present for r in rows], pred)
    bins = reliability([r.confidence for r in rows], [r.right for r in rows])
    return LabelsReport(
        playbook=f"{playbook.name} {playbook.version}",
        tier=tier,
        documents=documents,
        labels=len(rows),
        accuracy=round(sum(r.right for r in rows) / len(rows), 4),
        strict_accuracy=round(sum(r.predicted == r.gold for r in rows) / len(rows), 4),
        macro_f1=round(macro_f1(gold, pred, labels), 4),
        per_class={s: {k: round(v, 4) for k, v in asdict(class_scores(gold, pred, s)).items()} for s in labels},
        per_check={
            name: {
                "accuracy": round(sum(r.right for r in rs) / len(rs), 4),
                "n": len(rs),
                "labelled_as": " / ".join(sorted({r.check for r in rs})),
            }
            for name, rs in sorted(per_check.items())
        },
        confusion=confusion(gold, pred, labels),
        false_missing=false_missing,
        present_labels=present,
        false_missing_rate=false_missing_share,
        reliability=bins,
        calibration_error=expected_calibration_error(bins),
        ingest_seconds=round(ingest_s, 2),
        review_seconds=round(review_s, 2),
        seconds=round(time.perf_counter() - started, 2),
        data_dir="temporary (removed)" if temporary else str(settings.data_dir),
        rows=rows,
    )


def format_report(report: LabelsReport, *, verbose: bool = False) -> str:
    from reviewer.cli.output import table

    lines = [
        f"playbook {report.playbook}  tier {report.tier}  {report.documents} documents  {report.labels} labels",
        f"accuracy {report.accuracy:.3f}   macro-F1 {report.macro_f1:.3f}   "
        f"strict accuracy {report.strict_accuracy:.3f} (primary status only, ignoring allowed)",
        f"false missing {report.false_missing_rate:.3f} ({report.false_missing} of {report.present_labels} "
        "labels the contract addresses were reported missing)",
        "",
        table(
            [
                [s, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(int(v["support"]))]
                for s, v in report.per_class.items()
            ],
            ["status", "precision", "recall", "F1", "support"],
        ),
        "",
        table(
            [
                [c, str(v["labelled_as"]), f"{float(v['accuracy']):.2f}", str(v["n"])]
                for c, v in report.per_check.items()
            ],
            ["check", "labelled as", "accuracy", "n"],
        ),
        "",
        "confusion (rows gold, columns predicted; an allowed prediction counts as gold):",
        format_confusion(report.confusion),
        "",
        "reliability of the findings' confidence:",
        *format_reliability(report.reliability),
    ]
    wrong = [r for r in report.rows if not r.right]
    if wrong:
        lines += ["", "wrong:"]
        for r in wrong:
            lines.append(f"  {r.document}  {r.check}: gold {'|'.join(r.allowed)}, predicted {r.predicted}")
            if verbose and r.evidence:
                lines.append(f"      {r.evidence}")
    lines += [
        "",
        f"time: ingest {report.ingest_seconds:.2f} s, review {report.review_seconds:.2f} s, "
        f"total {report.seconds:.2f} s  (data folder: {report.data_dir})",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace, progress: ProgressCallback = no_progress) -> int:
    from reviewer.cli.output import print_json

    report = evaluate_labels(
        args.path, args.docs, args.playbook, tier=args.tier, use_data_dir=args.use_data_dir, progress=progress
    )
    if args.json:
        print_json(report.to_json())
    else:
        print(format_report(report, verbose=args.show_evidence))
    return 0
