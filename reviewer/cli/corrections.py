"""``reviewer findings set`` (a reviewer's override) and ``reviewer labels list|export|import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer import api
from reviewer.cli.output import print_json, shorten, table
from reviewer.models import STATUSES


def register(sub: argparse._SubParsersAction) -> None:
    findings = sub.add_parser("findings", help="correct a finding of a review")
    findings_sub = findings.add_subparsers(dest="findings_command", metavar="ACTION", required=True)
    s = findings_sub.add_parser(
        "set", help="change a finding's status, with the deciding sentence(s) and a reason"
    )
    s.add_argument("review", metavar="REVIEW", help="a review JSON file or a stored review id")
    s.add_argument("check", metavar="CHECK", help="the check id of the finding")
    s.add_argument("--status", required=True, help=f"one of {', '.join(STATUSES)}")
    s.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="QUOTE",
        help="a deciding sentence, word for word (repeat)",
    )
    s.add_argument("--reason", required=True, help="why; shown wherever the status is")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_set)

    labels = sub.add_parser("labels", help="the labels your overrides made on this machine")
    labels_sub = labels.add_subparsers(dest="labels_command", metavar="ACTION", required=True)
    ls = labels_sub.add_parser("list", help="list the local labels")
    ls.add_argument("--playbook")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    ex = labels_sub.add_parser("export", help="write the local labels as CSV (to pool them with a team)")
    ex.add_argument("-o", "--output", type=Path, help="the CSV file (default: standard output)")
    ex.add_argument("--playbook")
    ex.set_defaults(func=cmd_export)
    im = labels_sub.add_parser("import", help="add a labels CSV; any bad row refuses the whole file")
    im.add_argument("file", type=Path, metavar="FILE")
    im.set_defaults(func=cmd_import)


def cmd_set(args: argparse.Namespace) -> int:
    review, path = api.find_review(args.review)
    changed = api.override_finding(
        review, args.check, args.status, evidence=args.evidence, reason=args.reason, review_file=path
    )
    finding = next(f for f in changed.findings if f.check_id == args.check)
    if args.json:
        print_json(finding)
        return 0
    assert finding.override is not None
    before, who = finding.override.original_status, finding.override.user
    print(f"{finding.check_id}: {before} -> {finding.status} (changed by {who})")
    for evidence in finding.evidence:
        print(f"  {evidence.file_name} p.{evidence.page}: {shorten(evidence.quote, 120)}")
    print(f"review {changed.id} saved" + (f" and {path} rewritten" if path else ""))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    labels = api.local_labels(args.playbook)
    if args.json:
        print_json([vars(label) for label in labels])
        return 0
    if not labels:
        print("no local labels yet; `reviewer findings set` makes one")
        return 0
    rows = [
        [
            label.playbook,
            label.check,
            label.status,
            label.document or label.document_sha256[:12],
            label.user,
            label.time,
        ]
        for label in labels
    ]
    print(table(rows, ["playbook", "check", "status", "document", "by", "when (UTC)"]))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    text = api.export_labels(args.playbook)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - 1} labels written to {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    count = api.import_labels(args.file)
    print(f"{count} labels imported from {args.file.name}")
    return 0
