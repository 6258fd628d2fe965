"""Calibrating when a check may be called missing: for every labelled row the rule signals leave
silent, how relevant the best retrieved passage is (dense cosine, lexical coverage), and what each
threshold would cost in false "missing" and in silence wrongly reported as partial.

``python -m reviewer.eval.missing_gate LABELS.csv --docs DIR [--playbook ai-vendor]`` prints the
rows and a grid of thresholds; ``reviewer/judge/rules/relevance.py`` holds the thresholds chosen from it.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reviewer.eval.labels import SET_SEPARATOR, read_labels, resolve_check
from reviewer.judge.base import CheckContext
from reviewer.judge.retrieval.index import SetIndex, dense_search_for
from reviewer.judge.rules.judge import RuleJudge
from reviewer.judge.rules.relevance import lexical_coverage
from reviewer.playbooks import load_playbook
from reviewer.settings import Settings, get_settings


@dataclass(frozen=True)
class SilentRow:
    """A labelled row on which no signal of the check fired in any document."""

    document: str
    check: str
    present: bool  # labelled anything but missing (and missing not allowed)
    dense: float
    lexical: float


def silent_rows(
    labels_path: Path, docs_dir: Path, playbook_name: str, *, library_dir: bool = False
) -> list[SilentRow]:
    from reviewer.contract_sets import ContractSets

    playbook = load_playbook(playbook_name)
    labels = read_labels(labels_path)
    temp = None if library_dir else Path(tempfile.mkdtemp(prefix="reviewer-gate-"))
    settings = get_settings() if temp is None else Settings(**{**get_settings().model_dump(), "data_dir": temp})
    out: list[SilentRow] = []
    try:
        library = ContractSets(settings)
        for document in sorted({label.document for label in labels}):
            files = [(n.strip(), (docs_dir / n.strip()).read_bytes()) for n in document.split(SET_SEPARATOR)]
            cs = library.load(library.ingest(files).contract_set.id)
            index = SetIndex(cs, dense=dense_search_for(library.vectors, cs.id))
            index.configure(playbook)
            judge = RuleJudge(index)
            for label in (lb for lb in labels if lb.document == document):
                check = playbook.check(resolve_check(playbook, label.check, label.line))
                passages = index.passages(check)
                verdict = judge.judge(CheckContext(check, "internal", [], [], index.scan_check(check)))
                if verdict.status != "missing":
                    continue
                dense = max((p.dense for p in passages if p.dense is not None), default=0.0)
                lexical = max(
                    (lexical_coverage(check, s) for p in passages for s in _sentences(p.text)), default=0.0
                )
                present = label.status != "missing" and "missing" not in label.allowed
                out.append(SilentRow(document, label.check, present, round(dense, 3), round(lexical, 3)))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return out


def _sentences(text: str) -> list[str]:
    from reviewer.judge.text import split_sentences

    return [s.text for s in split_sentences(text)]


def grid(rows: list[SilentRow]) -> list[str]:
    """For each pair of thresholds: present rows still called missing, silent rows called partial."""
    lines = ["dense  lexical  still-missing(present)  wrongly-partial(silent)"]
    for dense in (0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 1.1):
        for lexical in (0.6, 0.7, 0.8, 0.9, 1.01):
            gate = [r.dense >= dense or r.lexical >= lexical for r in rows]
            kept = sum(1 for r, g in zip(rows, gate, strict=True) if r.present and not g)
            wrong = sum(1 for r, g in zip(rows, gate, strict=True) if not r.present and g)
            lines.append(f"{dense:5.2f}  {lexical:7.2f}  {kept:22d}  {wrong:23d}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--playbook", default="ai-vendor")
    parser.add_argument(
        "--library", action="store_true", help="use the configured data folder (stored sets reused)"
    )
    args = parser.parse_args(argv)
    rows = silent_rows(args.labels, args.docs, args.playbook, library_dir=args.library)
    for r in rows:
        print(
            f"{'present' if r.present else 'silent':8} dense {r.dense:.3f} lexical {r.lexical:.2f}  "
            f"{r.document} {r.check}"
        )
    print("\n".join(grid(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
