"""``reviewer findings set`` (a reviewer's override), ``reviewer labels list|export|import`` and
``reviewer models list|use|rollback`` (the learned models retrained on this machine)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli.lazy import lazy_module
from reviewer.cli.output import print_json, shorten, table
from reviewer.models import STATUSES
from reviewer.store.files import write_output

if TYPE_CHECKING:
    from reviewer import api
else:
    api = lazy_module("reviewer.api")


def register(sub: argparse._SubParsersAction) -> None:
    findings_sub = _group(sub, "findings", "correct a finding of a review")
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
    s.add_argument("--json", action="store_true", help="print the changed finding as JSON")
    s.set_defaults(func=cmd_set)

    labels_sub = _group(sub, "labels", "the labels your overrides made on this machine")
    ls = labels_sub.add_parser("list", help="list the local labels")
    ls.add_argument("--playbook", help="only the labels of this playbook")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)
    ex = labels_sub.add_parser("export", help="write the local labels as CSV (to pool them with a team)")
    ex.add_argument("-o", "--output", type=Path, help="the CSV file (default: standard output)")
    ex.add_argument("--playbook", help="only the labels of this playbook")
    ex.set_defaults(func=cmd_export)
    im = labels_sub.add_parser("import", help="add a labels CSV; any bad row refuses the whole file")
    im.add_argument("file", type=Path, metavar="FILE", help="a labels CSV written by `labels export`")
    im.set_defaults(func=cmd_import)

    models_sub = _group(sub, "models", "versions of the learned models retrained on this machine")
    actions = {
        "list": ("the shipped models and every local version", cmd_models_list),
        "use": ("put a model version in force (a version from `models list`, or 'shipped')", cmd_models_use),
        "rollback": ("go back to the version in force before", cmd_models_rollback),
    }
    for name, (text, func) in actions.items():
        action = models_sub.add_parser(name, help=text)
        action.add_argument("playbook", metavar="PLAYBOOK", help="the playbook whose models these are")
        if name == "use":
            action.add_argument("version", metavar="VERSION", help="a version from `models list`, or 'shipped'")
        if name == "list":
            action.add_argument("--json", action="store_true", help="print JSON")
        action.set_defaults(func=func)


def _group(sub: argparse._SubParsersAction, name: str, text: str) -> argparse._SubParsersAction:
    return sub.add_parser(name, help=text).add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)


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
    write_output(args.output, text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 1} labels written to {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    count = api.import_labels(args.file)
    print(f"{count} labels imported from {args.file.name}")
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    versions = api.model_versions_list(args.playbook)
    if args.json:
        print_json(versions)
        return 0
    rows = [["*" if v.get("active") else "", str(v["version"]), str(v.get("note", ""))] for v in versions]
    print(table(rows, ["", "version", "note"]))
    return 0


def cmd_models_use(args: argparse.Namespace) -> int:
    print(f"{args.playbook} now uses model version {api.use_model_version(args.playbook, args.version)}")
    return 0


def cmd_models_rollback(args: argparse.Namespace) -> int:
    print(f"{args.playbook} now uses model version {api.rollback_models(args.playbook)}")
    return 0
