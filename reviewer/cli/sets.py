"""``reviewer ingest``, ``reviewer sets list|show|delete`` and ``reviewer search``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli.lazy import lazy_module
from reviewer.cli.output import print_json, shorten, table
from reviewer.cli.progress import StderrProgress, add_progress_arguments
from reviewer.errors import BadInputError
from reviewer.models import IngestResult, SetSummary

if TYPE_CHECKING:
    from reviewer import api
else:
    api = lazy_module("reviewer.api")

SET_ID_HELP = "a contract set id, or a unique prefix of one (see `reviewer sets list`)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="parse, chunk and store files as one contract set")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="PDF, DOCX, TXT or Markdown files")
    p.add_argument("--name", help="a name for the contract set (default: the first file's name)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_progress_arguments(p)
    p.set_defaults(func=cmd_ingest)

    sets = sub.add_parser("sets", help="list, show or delete stored contract sets")
    sets_sub = sets.add_subparsers(dest="sets_command", metavar="ACTION", required=True)
    ls = sets_sub.add_parser("list", help="list stored contract sets")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)
    show = sets_sub.add_parser("show", help="show one contract set")
    show.add_argument("set_id", metavar="ID", help=SET_ID_HELP)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_show)
    delete = sets_sub.add_parser("delete", help="delete a set: vectors, stored originals, reviews, reports")
    delete.add_argument("set_id", metavar="ID", help=SET_ID_HELP)
    delete.add_argument("--json", action="store_true", help="print the deletion receipt as JSON")
    keep = delete.add_mutually_exclusive_group()
    keep.add_argument("--keep-labels", action="store_true", help="keep the set's labels as hashes (no text)")
    keep.add_argument("--drop-labels", action="store_true", help="delete the set's labels too")
    delete.set_defaults(func=cmd_delete)

    s = sub.add_parser("search", help="search a contract set; prints passages with their citations")
    s.add_argument("set_id", metavar="ID", help=SET_ID_HELP)
    s.add_argument("query", help="what to look for, in English or Chinese")
    s.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_search)


def _describe(summary: SetSummary) -> str:
    lines = [f"set {summary.id}  {summary.name}  ({summary.created_at:%Y-%m-%d %H:%M} UTC)"]
    rows = [
        [d.file_name, str(d.pages), str(d.sections), str(d.chunks), str(len(d.warnings))]
        for d in summary.documents
    ]
    lines.append(table(rows, ["document", "pages", "sections", "chunks", "warnings"]))
    for d in summary.documents:
        for w in d.warnings:
            where = f"p.{w.page} " if w.page else ""
            extra = f": {shorten(w.text, 100)}" if w.text else ""
            lines.append(f"  ! {d.file_name} {where}{w.message}{extra}")
    return "\n".join(lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    with StderrProgress.for_args(args) as progress:
        progress.starting(args.files)
        result: IngestResult = api.ingest(args.files, name=args.name, progress=progress)
    if args.json:
        print_json(result)
        return 0
    print(_describe(result.contract_set))
    if not result.reused:
        note = f"ingested in {result.seconds:.1f} s"
    elif "embed" in result.stages:
        note = f"already stored; vectors for {result.contract_set.embedding_model} were missing and are rebuilt"
    else:
        note = "already stored; nothing recomputed"
    print(note)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    sets = api.list_sets()
    if args.json:
        print_json([s.model_dump(mode="json") for s in sets])
        return 0
    if not sets:
        print("no contract sets stored yet; `reviewer ingest FILE...` adds one")
        return 0
    rows = [
        [s.id[:12], s.name, f"{s.created_at:%Y-%m-%d %H:%M}", str(len(s.documents)), str(s.chunk_count)]
        for s in sets
    ]
    print(table(rows, ["id", "name", "created (UTC)", "documents", "chunks"]))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    summary = api.set_summary(args.set_id)
    if args.json:
        print_json(summary)
    else:
        print(_describe(summary))
    return 0


def _keep_labels(args: argparse.Namespace) -> bool:
    """Whether to keep the set's local labels (as hashes): from the flags, else asked on a terminal."""
    if args.keep_labels or args.drop_labels:
        return bool(args.keep_labels)
    count = api.set_label_count(args.set_id)
    if not count:
        return False
    if not sys.stdin.isatty():
        raise BadInputError(
            f"the set has {count} local labels (your overrides); say --keep-labels (hashes only) or --drop-labels"
        )
    answer = input(f"The set has {count} local labels. Keep them as hashes, without text? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def cmd_delete(args: argparse.Namespace) -> int:
    receipt = api.delete_set(args.set_id, keep_labels=_keep_labels(args))
    if args.json:
        print_json(receipt)
        return 0
    print(
        f"deleted set {receipt['set_id']}: {receipt['vectors_removed']} vectors and "
        f"{len(receipt['files_removed'])} files removed"  # type: ignore[arg-type]
    )
    labels = receipt.get("labels") or {}
    if isinstance(labels, dict) and labels.get("count"):
        print(f"{labels['count']} local labels: kept {labels['kept']}")
    print(f"deletion verified; receipt kept at {receipt.get('receipt_path')}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    hits = api.search(args.set_id, args.query, k=args.k)
    if args.json:
        print_json([h.model_dump(mode="json") for h in hits])
        return 0
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        pages = ",".join(str(p) for p in c.pages)
        section = " ".join(x for x in (c.section, c.section_title) if x) or "no section"
        print(f"{n}. {c.file_name} p.{pages} §{section}  (score {hit.score:.3f})")
        print(f"   {shorten(c.text, 300)}")
    if not hits:
        print("no passages found")
    return 0
