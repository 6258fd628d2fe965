"""``reviewer eval contractnli|cuad|labels``: the arguments of each evaluation here; its work in
``reviewer.eval.<name>.run(args, progress) -> int``, imported only when it runs (so every other
command starts fast). Progress goes to stderr."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from reviewer.cli.progress import StderrProgress, add_progress_arguments
from reviewer.settings import TIERS


def _contractnli_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a ContractNLI JSON file (documents and labels)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N documents")
    parser.add_argument("--playbook", default="nda", help="playbook name or path (default nda)")
    parser.add_argument("--tier", choices=TIERS, default="internal", help="data tier (default internal)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="keep the ingested sets here (default: a temporary folder)"
    )


def _cuad_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the CUAD folder: master_clauses.csv and contracts/*.txt")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, help="only the first N contracts (by file name)")
    parser.add_argument(
        "--categories", help="comma-separated CUAD categories or check ids to score (default: all covered)"
    )
    parser.add_argument("--playbook", default="commercial", help="playbook name or path (default commercial)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="ingest into this folder and keep it (a second run reuses it); default: a temporary folder",
    )


def _labels_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Score a playbook against your own labels. Each document is ingested through the real pipeline "
        "into a temporary data folder that is removed afterwards (use --use-data-dir to ingest into your "
        "configured REVIEWER_DATA_DIR instead, where stored sets are reused), then reviewed with the "
        "deterministic judge."
    )
    parser.add_argument("path", type=Path, metavar="LABELS.csv", help="CSV with document,check,status[,allowed]")
    parser.add_argument("--docs", type=Path, required=True, metavar="DIR", help="folder holding the documents")
    parser.add_argument("--playbook", default="ai-vendor", help="playbook name or path (default ai-vendor)")
    parser.add_argument("--tier", choices=TIERS, default="internal", help="data tier (default internal)")
    parser.add_argument(
        "--use-data-dir",
        "--library",  # its first name, kept working
        action="store_true",
        help="use the configured data folder (stored sets are reused), not a temporary one",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-evidence", action="store_true", help="print the evidence quoted for wrong rows")


EVALUATIONS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "contractnli": ("ContractNLI: the nda playbook against labelled NDAs (dev.json)", _contractnli_arguments),
    "cuad": ("CUAD: the commercial playbook against master_clauses.csv and contracts/", _cuad_arguments),
    "labels": ("your own labels: a CSV of document,check,status[,allowed]", _labels_arguments),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="measure the review engine on labelled contracts")
    ev = p.add_subparsers(dest="eval_command", metavar="DATASET", required=True)
    for name, (help_text, add_arguments) in EVALUATIONS.items():
        sp = ev.add_parser(name, help=help_text)
        add_arguments(sp)
        add_progress_arguments(sp)
        sp.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"reviewer.eval.{args.eval_command}")
    with StderrProgress.for_args(args) as progress:
        return int(module.run(args, progress))
