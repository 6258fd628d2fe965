"""``reviewer train PLAYBOOK --data FILE``: retrain a playbook's learned models, printing figures
cross-validated by document (``reviewer.judge.learned.train`` does the work; its options pass through)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="retrain a playbook's learned models; prints cross-validated figures",
        description="Retrain the learned models of PLAYBOOK (its checks with `model:`) from labelled data, "
        "printing figures cross-validated by document. `reviewer train PLAYBOOK -h` lists the options.",
    )
    p.add_argument("playbook", help="playbook name or path")
    p.add_argument("args", nargs=argparse.REMAINDER, help="--data FILE and the trainer's other options")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reviewer.judge.learned.train import main

    return main([args.playbook, *args.args])
