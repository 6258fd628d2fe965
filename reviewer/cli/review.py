"""``reviewer review`` and ``reviewer playbooks list|validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli.lazy import lazy_module
from reviewer.cli.output import print_json, shorten, table
from reviewer.cli.progress import StderrProgress, add_progress_arguments
from reviewer.cli.report import report_format, write_report
from reviewer.errors import ExitCode, UsageError
from reviewer.models import Review
from reviewer.settings import TIERS
from reviewer.store.files import write_output

if TYPE_CHECKING:
    from reviewer import api
else:
    api = lazy_module("reviewer.api")

JURISDICTIONS = ("cn", "eu", "us")
FAIL_ON = ("walk-away", "must-have")


def _jurisdictions(value: str) -> list[str]:
    items = [v.strip().lower() for v in value.split(",") if v.strip()]
    if "all" in items:
        return list(JURISDICTIONS)
    bad = [v for v in items if v not in JURISDICTIONS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown jurisdiction {', '.join(bad)}; use cn, eu, us or all")
    return items


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="review files or a stored set against a playbook",
        epilog=f"exit {int(ExitCode.FINDINGS)} with --fail-on when an open finding reaches the threshold",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="PDF, DOCX, TXT or Markdown files")
    p.add_argument("--set", dest="set_id", metavar="ID", help="review a stored contract set instead of files")
    p.add_argument("--playbook", default="ai-vendor", help="playbook name or path (default ai-vendor)")
    p.add_argument(
        "--tier", choices=TIERS, default="internal", help="the data tier you will share (default internal)"
    )
    p.add_argument("--jurisdiction", type=_jurisdictions, default=[], help="cn,eu,us or all (default: all checks)")
    p.add_argument("--llm", choices=["ollama"], help="let a local LLM adjudicate unclear findings")
    p.add_argument(
        "--format",
        type=report_format,
        help="with -o: json (the default), or a report format: html, md, docx; alone: print it",
    )
    p.add_argument("--json", action="store_true", help="print the review JSON on stdout")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of a rendered report")
    p.add_argument("-o", "--output", type=Path, help="write to this file (default: a summary on screen)")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help=f"exit {int(ExitCode.FINDINGS)} when an open finding is a walk-away point (walk-away) "
        "or a must-have or walk-away point (must-have)",
    )
    add_progress_arguments(p)
    p.set_defaults(func=cmd_review)

    pb = sub.add_parser("playbooks", help="list or validate playbooks")
    pb_sub = pb.add_subparsers(dest="playbooks_command", metavar="ACTION", required=True)
    ls = pb_sub.add_parser("list", help="list the playbooks available")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_playbooks_list)
    val = pb_sub.add_parser("validate", help="validate a playbook file or folder")
    val.add_argument("path", type=Path, help="a playbook YAML file or a folder of them")
    val.add_argument("--json", action="store_true", help="print JSON")
    val.set_defaults(func=cmd_playbooks_validate)


def cmd_review(args: argparse.Namespace) -> int:
    if not args.files and not args.set_id:
        raise UsageError("give files to review or --set ID")
    with StderrProgress.for_args(args) as progress:
        progress.starting(args.files)
        result = api.review(
            set_id=args.set_id,
            paths=args.files or None,
            playbook=args.playbook,
            tier=args.tier,
            jurisdictions=args.jurisdiction,
            llm=args.llm,
            progress=progress,
        )
    fmt = "json" if args.json else args.format
    if fmt is not None and fmt != "json":
        write_report(result, fmt, args.output, lang=args.lang)
    elif args.output:
        write_output(args.output, result.model_dump_json(indent=2).encode("utf-8"))
        print(f"review {result.id} written to {args.output}", file=sys.stderr)
    elif fmt == "json":
        print_json(result)
    else:
        print(describe(result))
    return fail_on(result, args.fail_on)


def fail_on(result: Review, threshold: str | None) -> int:
    """``ExitCode.FINDINGS`` when an open finding reaches ``threshold`` (``FAIL_ON``), else 0."""
    if threshold is None:
        return ExitCode.OK
    hits = [
        f
        for f in result.findings
        if f.status != "satisfied" and (f.walk_away or (threshold == "must-have" and f.must_have))
    ]
    if hits:
        print(f"{len(hits)} open {threshold} finding(s): {', '.join(f.check_id for f in hits)}", file=sys.stderr)
        return ExitCode.FINDINGS
    return ExitCode.OK


def describe(result: Review) -> str:
    counts = result.summary.counts
    lines = [
        f"review {result.id}  {result.contract_set.name}  "
        f"playbook {result.playbook.name} {result.playbook.version}"
        f"  tier {result.tier}  {','.join(result.jurisdictions) or 'all jurisdictions'}",
        "  ".join(f"{k}: {v}" for k, v in counts.items()) + f"   overall risk: {result.summary.overall}",
    ]
    rows = []
    for f in result.findings:
        cite = ""
        if f.evidence:
            e = f.evidence[0]
            cite = f"{e.file_name} p.{e.page} §{e.section or '-'}: {shorten(e.quote, 70)}"
        rows.append([f.status, f.severity, f.check_id, cite])
    lines.append(table(rows, ["status", "severity", "check", "evidence"]))
    for err in result.errors:
        lines.append(f"  ! check {err.check_id} failed: {err.message}")
    return "\n".join(lines)


def cmd_playbooks_list(args: argparse.Namespace) -> int:
    entries = api.playbooks()
    if args.json:
        print_json(
            [
                {
                    "name": e.name,
                    "path": str(e.path),
                    "shipped": e.shipped,
                    "version": e.playbook.version if e.playbook else None,
                    "checks": len(e.playbook.checks) if e.playbook else 0,
                    "error": e.error,
                }
                for e in entries.values()
            ]
        )
        return 0
    rows = [
        [
            e.name,
            e.playbook.version if e.playbook else "-",
            str(len(e.playbook.checks)) if e.playbook else "-",
            "shipped" if e.shipped else str(e.path),
            e.playbook.title if e.playbook else f"INVALID: {shorten(e.error or '', 80)}",
        ]
        for e in entries.values()
    ]
    print(table(rows, ["name", "version", "checks", "source", "title"]))
    return ExitCode.OK if all(e.playbook for e in entries.values()) else ExitCode.BAD_INPUT


def cmd_playbooks_validate(args: argparse.Namespace) -> int:
    book = api.validate_playbook(args.path)
    if args.json:
        print_json(
            {"path": str(args.path), "name": book.name, "version": book.version, "checks": len(book.checks)}
        )
        return 0
    print(f"{args.path}: valid playbook {book.name} {book.version} with {len(book.checks)} checks")
    for problem in book.zh_problems:
        print(f"error: {problem}", file=sys.stderr)
    if book.zh_problems:
        print(
            "the Chinese blocks are incomplete: reviews with this playbook will be in English only",
            file=sys.stderr,
        )
        return ExitCode.BAD_INPUT
    return 0
