"""``reviewer train PLAYBOOK``: retrain a playbook's learned models, printing figures cross-validated
by document. A playbook with a ``relevance_model`` (ai-vendor, gdpr-art28) trains its relevance gate
from the labelled corpus (``reviewer.judge.learned.train_relevance``); the others (nda) their per-check
models from ``--data FILE`` (``reviewer.judge.learned.train``). Options pass through."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="retrain a playbook's learned models; prints cross-validated figures",
        description="Retrain the learned models of PLAYBOOK (its relevance gate, or its checks with `model:`) "
        "from labelled data, printing figures cross-validated by document. `reviewer train PLAYBOOK -h` "
        "lists the options.",
    )
    p.add_argument("playbook", help="playbook name or path")
    p.add_argument("args", nargs=argparse.REMAINDER, help="the trainer's options (nda: --data FILE)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reviewer.playbooks.loader import load_playbook

    if load_playbook(args.playbook).relevance_model:
        from reviewer.judge.learned.train_relevance import main as train_relevance

        return train_relevance([args.playbook, *args.args])
    from reviewer.judge.learned.train import main

    return main([args.playbook, *args.args])
