"""``reviewer eval cuad DIR``: the ``commercial`` playbook against CUAD's labelled contracts.

Every contract goes through the product's own path: ingested (parsed, chunked, embedded with the
configured model and stored in Chroma) into a data folder of its own, then reviewed with
``api.review``. The findings are scored per CUAD category (see ``cuad_score``). Nothing is cached
between runs unless ``--data-dir`` names a folder to keep the ingested contracts in.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reviewer import api
from reviewer.contract_sets import ContractSets
from reviewer.errors import ConfigError, NotFoundError
from reviewer.eval.cuad_data import CuadContract, load_cuad
from reviewer.eval.cuad_score import (
    CategoryScore,
    LawScore,
    Outcome,
    ValueScore,
    category_scores,
    duration_scores,
    evidence_hit_rate,
    law_score,
    macro_f1,
    score_contract,
)
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval.index import DenseSearch, SetIndex
from reviewer.models import Progress, ProgressCallback, no_progress
from reviewer.playbooks.schema import Playbook
from reviewer.review import run_review
from reviewer.settings import Settings, get_settings
from reviewer.store.vector_cache import VectorCache
from reviewer.store.vectors import VectorStore


@dataclass
class CuadReport:
    contracts: int
    categories: list[CategoryScore]
    law: LawScore
    outcomes: list[Outcome] = field(default_factory=list)
    values: list[ValueScore] = field(default_factory=list)
    seconds_total: float = 0.0
    seconds_ingest: float = 0.0
    seconds_review: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return macro_f1(self.categories)

    def as_dict(self) -> dict[str, object]:
        hits, scored = evidence_hit_rate(self.categories)
        return {
            "contracts": self.contracts,
            "categories_covered": len(self.categories),
            "macro_f1": round(self.macro_f1, 4),
            "evidence_hit_rate": round(hits / scored, 4) if scored else None,
            "evidence_scored": scored,
            "governing_law": {
                "accuracy": round(self.law.accuracy, 4),
                "correct": self.law.correct,
                "scored": self.law.scored,
                "value_extracted": self.law.extracted,
                "misses": self.law.misses,
            },
            "duration_values": {
                v.category: {"accuracy": round(v.accuracy, 4), "correct": v.correct, "scored": v.scored}
                for v in self.values
            },
            "per_category": [s.as_dict() for s in self.categories],
            "seconds": {
                "total": round(self.seconds_total, 1),
                "ingest": round(self.seconds_ingest, 1),
                "review": round(self.seconds_review, 1),
                "per_contract": round(self.seconds_total / self.contracts, 2) if self.contracts else None,
            },
            "errors": self.errors,
        }


def run(args: argparse.Namespace, progress: ProgressCallback = no_progress) -> int:
    report = evaluate(
        args.path,
        limit=args.limit,
        categories=args.categories,
        playbook=args.playbook,
        data_dir=args.data_dir,
        progress=progress,
    )
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0


# --- running ---------------------------------------------------------------------------------


def covered_categories(book: Playbook, available: list[str], wanted: str | None) -> dict[str, str]:
    """CUAD category -> check id, for the playbook's checks that name a category in the data."""
    covered = {c.cuad_category: c.id for c in book.checks if c.cuad_category in available}
    if not covered:
        raise ConfigError(f"playbook {book.name} has no check with a cuad_category found in the data")
    if not wanted:
        return covered
    out: dict[str, str] = {}
    for item in (w.strip() for w in wanted.split(",") if w.strip()):
        match = [c for c, i in covered.items() if item.lower() in (str(c).lower(), i)]
        if not match:
            raise NotFoundError(
                f"category {item!r} is not covered by playbook {book.name}; "
                f"covered: {', '.join(sorted(str(c) for c in covered))}"
            )
        out[str(match[0])] = covered[match[0]]
    return out


@contextmanager
def _data_dir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="reviewer-cuad-") as tmp:
        yield Path(tmp)


def _playbook_path(name_or_path: str, settings: Settings) -> str:
    if Path(name_or_path).expanduser().exists():
        return name_or_path
    entry = api.playbooks(settings).get(name_or_path)
    if entry is None or entry.playbook is None:
        raise NotFoundError(f"no valid playbook named {name_or_path!r}")
    return str(entry.path)


class QueryVectors:
    """The playbook's retrieval queries are the same for every contract: embed each once."""

    def __init__(self, contract_sets: ContractSets) -> None:
        self.contract_sets = contract_sets
        embedder = contract_sets.embedder
        self._cache = VectorCache(embedder.embed, embedder.model_id)

    def search_for(self, set_id: str) -> DenseSearch:
        store: VectorStore = self.contract_sets.vectors

        def search(queries: list[str], k: int) -> list[list[tuple[str, float]]]:
            if not queries:
                return []
            return store.query_vectors(set_id, self._cache.embed(queries), k)

        return search


def evaluate(
    folder: Path,
    *,
    limit: int | None = None,
    categories: str | None = None,
    playbook: str = "commercial",
    data_dir: Path | None = None,
    progress: ProgressCallback = no_progress,
) -> CuadReport:
    started = time.perf_counter()
    data = load_cuad(folder)
    contracts = data.contracts[:limit] if limit else data.contracts
    with _data_dir(data_dir) as where:
        settings = get_settings(data_dir=where)
        book = api.validate_playbook(_playbook_path(playbook, settings))
        covered = covered_categories(book, data.categories, categories)
        report = CuadReport(contracts=len(contracts), categories=[], law=LawScore())
        runner = _Runner(ContractSets(settings), book, settings, report)
        for n, contract in enumerate(contracts, start=1):
            try:
                report.outcomes.extend(runner.review(contract, covered))
            except Exception as exc:  # one bad contract is reported and scored as all missing
                report.errors.append(f"{contract.name}: {type(exc).__name__}: {exc}")
                report.outcomes.extend(score_contract(contract, "", {}, covered))
            progress(Progress(stage="document", current=n, total=len(contracts), message=contract.name[:70]))
    report.categories = category_scores(report.outcomes, covered)
    report.law = law_score(report.outcomes)
    durations = [c for c, i in covered.items() if book.check(i).extract == "number"]
    report.values = duration_scores(report.outcomes, durations)
    report.seconds_total = time.perf_counter() - started
    return report


@dataclass
class _Runner:
    """Ingest one contract as a stored contract set, then review it with the rule judge pipeline."""

    contract_sets: ContractSets
    book: Playbook
    settings: Settings
    report: CuadReport
    queries: QueryVectors = field(init=False)

    def __post_init__(self) -> None:
        self.queries = QueryVectors(self.contract_sets)

    def review(self, contract: CuadContract, covered: dict[str, str]) -> list[Outcome]:
        t = time.perf_counter()
        ingested = self.contract_sets.ingest([(contract.text_path.name, contract.text_path.read_bytes())])
        contract_set = self.contract_sets.load(ingested.contract_set.id)
        self.report.seconds_ingest += time.perf_counter() - t
        t = time.perf_counter()
        index = SetIndex(contract_set, dense=self.queries.search_for(contract_set.id))
        judges = build_judges(index, self.book, llm=None, settings=self.settings)
        review = run_review(contract_set, self.book, tier="internal", jurisdictions=[], index=index, judges=judges)
        self.report.seconds_review += time.perf_counter() - t
        self.report.errors.extend(f"{contract.name}: check {e.check_id}: {e.message}" for e in review.errors)
        findings = {f.check_id: f for f in review.findings}
        return score_contract(contract, contract_set.documents[0].text, findings, covered)


# --- printing --------------------------------------------------------------------------------


def format_report(report: CuadReport) -> str:
    from reviewer.cli.output import table

    rows = []
    for s in sorted(report.categories, key=lambda s: s.category):
        ev = f"{s.evidence_hits}/{s.evidence_scored}" if s.evidence_scored else "-"
        f1_text = f"{s.f1:.3f}" if s.defined else "n/a"
        counts = [str(n) for n in (s.support, s.tp, s.fp, s.fn)]
        rows.append([s.category, *counts, f"{s.precision:.3f}", f"{s.recall:.3f}", f1_text, ev])
    hits, scored = evidence_hit_rate(report.categories)
    d = report.as_dict()
    seconds = d["seconds"]
    assert isinstance(seconds, dict)
    lines = [
        f"CUAD: {report.contracts} contracts, {len(report.categories)} categories covered",
        table(rows, ["category", "gold", "tp", "fp", "fn", "precision", "recall", "f1", "evidence"]),
        "",
        f"macro-F1 (clause presence, {sum(s.defined for s in report.categories)} categories): "
        f"{report.macro_f1:.3f}",
        f"evidence hit rate: {hits / scored if scored else 0:.3f} ({hits}/{scored} correctly found clauses "
        "cite a passage that overlaps a gold clause)",
        f"governing law value accuracy: {report.law.accuracy:.3f} ({report.law.correct}/{report.law.scored}; "
        f"a value extracted for {report.law.extracted})",
        *(
            f"{v.category} value accuracy: {v.accuracy:.3f} ({v.correct}/{v.scored} clauses whose answer "
            "gives a duration)"
            for v in report.values
        ),
        f"time: {seconds['total']}s total, {seconds['ingest']}s ingest (parse, chunk, embed, store), "
        f"{seconds['review']}s review, {seconds['per_contract']}s per contract",
    ]
    if report.errors:
        lines.append(f"errors ({len(report.errors)}):")
        lines.extend(f"  {e}" for e in report.errors[:20])
    return "\n".join(lines)
