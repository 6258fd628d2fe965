"""The ``reviewer`` command: parse arguments, call ``reviewer.api``, print, map errors to exit codes.

Each command group lives in its own module with a ``register(subparsers)`` function; adding a
group is one module and one line in ``COMMAND_MODULES``. Exit codes come from the one table in
``reviewer.errors`` (``EXIT_CODES``) and are listed in ``reviewer --help``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.errors import EXIT_CODE_MEANINGS, ExitCode, ReviewerError, exit_code_for

COMMAND_MODULES = [
    "reviewer.cli.sets",
    "reviewer.cli.review",
    "reviewer.cli.eval",
    "reviewer.cli.report",
    "reviewer.cli.trust",
    "reviewer.cli.train",
    "reviewer.cli.corrections",
    "reviewer.cli.completion",
]


def exit_codes_epilog() -> str:
    return "exit codes:\n" + "\n".join(f"  {int(code):<3} {text}" for code, text in EXIT_CODE_MEANINGS.items())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Local-first review of AI vendor contracts. Nothing leaves this machine.",
        epilog=exit_codes_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens; tracebacks of bugs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) and usage errors (2)
        return exc.code if isinstance(exc.code, int) else ExitCode.USAGE
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return int(args.func(args) or 0)
    except ReviewerError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.verbose:
            logging.exception("internal error")
        print(
            f"internal error: {type(exc).__name__}: {exc} (a bug; run with -v for the traceback and report it)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
