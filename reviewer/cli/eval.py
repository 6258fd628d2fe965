"""``reviewer eval contractnli|cuad|labels``: each evaluation lives in ``reviewer.eval.<name>`` and
exposes ``add_arguments(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import importlib

EVALUATIONS = {
    "contractnli": "ContractNLI: the nda playbook against labelled NDAs (dev.json)",
    "cuad": "CUAD: the commercial playbook against master_clauses.csv and contracts/",
    "labels": "your own labels: a CSV of document,check,status[,allowed]",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="measure the review engine on labelled contracts")
    ev = p.add_subparsers(dest="eval_command", metavar="DATASET", required=True)
    for name, help_text in EVALUATIONS.items():
        module = importlib.import_module(f"reviewer.eval.{name}")
        sp = ev.add_parser(name, help=help_text)
        module.add_arguments(sp)
        sp.set_defaults(func=module.run)
