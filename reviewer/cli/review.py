"""``reviewer review`` and ``reviewer playbooks list|validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer import api
from reviewer.cli.output import print_json, shorten, table
from reviewer.errors import ConfigError
from reviewer.models import Review
from reviewer.settings import TIERS
from reviewer.store.files import write_output

JURISDICTIONS = ("cn", "eu", "us")


def _jurisdictions(value: str) -> list[str]:
    items = [v.strip().lower() for v in value.split(",") if v.strip()]
    if "all" in items:
        return list(JURISDICTIONS)
    bad = [v for v in items if v not in JURISDICTIONS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown jurisdiction {', '.join(bad)}; use cn, eu, us or all")
    return items


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="review files or a stored set against a playbook")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--set", dest="set_id", metavar="ID", help="review a stored contract set instead of files")
    p.add_argument("--playbook", default="ai-vendor", help="playbook name or path (default ai-vendor)")
    p.add_argument(
        "--tier", choices=TIERS, default="internal", help="the data tier you will share (default internal)"
    )
    p.add_argument("--jurisdiction", type=_jurisdictions, default=[], help="cn,eu,us or all (default: all checks)")
    p.add_argument("--llm", choices=["ollama"], help="let a local LLM adjudicate unclear findings")
    p.add_argument("--format", default="json", help="json (default), or a report format: html, md, docx")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of a rendered report")
    p.add_argument("-o", "--output", type=Path, help="write to this file (default: a summary on screen)")
    p.set_defaults(func=cmd_review)

    pb = sub.add_parser("playbooks", help="list or validate playbooks")
    pb_sub = pb.add_subparsers(dest="playbooks_command", metavar="ACTION", required=True)
    ls = pb_sub.add_parser("list", help="list the playbooks available")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_playbooks_list)
    val = pb_sub.add_parser("validate", help="validate a playbook file or folder")
    val.add_argument("path", type=Path)
    val.set_defaults(func=cmd_playbooks_validate)


def cmd_review(args: argparse.Namespace) -> int:
    if not args.files and not args.set_id:
        raise ConfigError("give files to review or --set ID")
    result = api.review(
        set_id=args.set_id,
        paths=args.files or None,
        playbook=args.playbook,
        tier=args.tier,
        jurisdictions=args.jurisdiction,
        llm=args.llm,
    )
    if args.format != "json":
        from reviewer.cli.report import write_report

        return write_report(result, args.format, args.output, lang=args.lang)
    if args.output:
        write_output(args.output, result.model_dump_json(indent=2).encode("utf-8"))
        print(f"review {result.id} written to {args.output}", file=sys.stderr)
    else:
        print(describe(result))
    return 0


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
    return 0 if all(e.playbook for e in entries.values()) else 2


def cmd_playbooks_validate(args: argparse.Namespace) -> int:
    book = api.validate_playbook(args.path)
    print(f"{args.path}: valid playbook {book.name} {book.version} with {len(book.checks)} checks")
    for problem in book.zh_problems:
        print(f"error: {problem}", file=sys.stderr)
    if book.zh_problems:
        print(
            "the Chinese blocks are incomplete: reviews with this playbook will be in English only",
            file=sys.stderr,
        )
        return 2
    return 0
