"""The ``reviewer`` command: parse arguments, call ``reviewer.api``, print, map errors to exit codes.

Each command group lives in its own module with a ``register(subparsers)`` function; adding a
group is one module and one line in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.errors import ReviewerError

COMMAND_MODULES = [
    "reviewer.cli.sets",
    "reviewer.cli.review",
    "reviewer.cli.eval",
    "reviewer.cli.report",
    "reviewer.cli.trust",
    "reviewer.cli.train",
    "reviewer.cli.corrections",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Local-first review of AI vendor contracts. Nothing leaves this machine.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return int(args.func(args) or 0)
    except ReviewerError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
