"""``reviewer report``, ``reviewer rider`` (alias ``draft``) and ``reviewer redline``: render a saved
review for people."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli.lazy import lazy_module
from reviewer.errors import ConfigError, NotFoundError, UsageError
from reviewer.models import Review
from reviewer.names import file_name_from
from reviewer.report import FORMATS, check_format
from reviewer.store.files import write_output

if TYPE_CHECKING:
    from reviewer.roundtrip import RoundTrip

if TYPE_CHECKING:
    from reviewer import api
else:
    api = lazy_module("reviewer.api")

LANGS = ("en", "zh")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="render a review as an HTML, Markdown, Word or JSON report")
    p.add_argument("review", type=Path, metavar="REVIEW.json", help="a review saved by `reviewer review -o`")
    p.add_argument("--format", type=report_format, default="html", help=f"{', '.join(FORMATS)} (default html)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the report's own text (default en)")
    p.add_argument("-o", "--output", type=Path, help="write here (default: text formats on screen)")
    p.set_defaults(func=cmd_report)

    d = sub.add_parser(
        "rider",
        aliases=["draft", "addendum"],
        help="the rider for a review: a Word file of draft clauses, one per gap (aliases: draft, addendum)",
    )
    d.add_argument("review", type=Path, metavar="REVIEW.json", help="a review saved by `reviewer review -o`")
    d.add_argument("--lang", choices=LANGS, default="en", help="language of the rider (default en)")
    d.add_argument("-o", "--output", type=Path, help="the .docx to write (default <set>-rider-<lang>.docx)")
    d.set_defaults(func=cmd_rider)

    r = sub.add_parser("redline", help="mark the fixes as tracked changes in the reviewed Word contract")
    r.add_argument("review", type=Path, metavar="REVIEW.json", help="a review saved by `reviewer review -o`")
    r.add_argument("source", type=Path, metavar="SOURCE.docx", help="the contract as uploaded (.docx)")
    r.add_argument("--lang", choices=LANGS, default="en", help="language of the inserted wording (default en)")
    r.add_argument("-o", "--output", type=Path, help="the .docx to write (default <source>-redlined.docx)")
    r.add_argument(
        "--verify",
        action="store_true",
        help="accept every change in memory, review the result and list the must-haves still open",
    )
    r.set_defaults(func=cmd_redline)


def report_format(value: str) -> str:
    """An argparse type: a known report format (or alias), else a usage error."""
    try:
        return check_format(value)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def write_report(review: Review, fmt: str, output: Path | None, lang: str = "en") -> int:
    """Render ``review`` as ``fmt`` to ``output`` (or to the screen for text formats)."""
    fmt = check_format(fmt)
    data = api.render_report(review, fmt, lang)
    if output is None:
        if fmt == "docx":
            raise UsageError("a Word report needs a file: add -o report.docx")
        sys.stdout.write(data.decode("utf-8"))
        return 0
    _write(output, data)
    print(f"{fmt} report of review {review.id} written to {output}", file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> None:
    if path.parent and not path.parent.is_dir():
        raise NotFoundError("the folder to write into does not exist", file=str(path.parent))
    write_output(path, data)


def cmd_report(args: argparse.Namespace) -> int:
    return write_report(api.load_review(args.review), args.format, args.output, args.lang)


def _list_placeholders(placeholders: list[str]) -> None:
    if placeholders:
        print(f"{len(placeholders)} value(s) to confirm before sending:", file=sys.stderr)
        for placeholder in placeholders:
            print(f"  {placeholder}", file=sys.stderr)


def cmd_rider(args: argparse.Namespace) -> int:
    review = api.load_review(args.review)
    output = args.output or Path(f"{file_name_from(review.contract_set.name)}-rider-{args.lang}.docx")
    result = api.rider(review, args.lang)
    _write(output, result.data)
    print(f"rider with {result.clauses} clause(s) fixing the review's gaps written to {output}", file=sys.stderr)
    _list_placeholders(result.placeholders)
    return 0


def cmd_redline(args: argparse.Namespace) -> int:
    review = api.load_review(args.review)
    if not args.source.is_file():
        raise NotFoundError("no such Word file; check the path", file=str(args.source))
    output = args.output or args.source.with_name(f"{args.source.stem}-redlined.docx")
    if output.resolve() == args.source.resolve():
        raise UsageError("write the redline to a new file; the original is kept as it is")
    result = api.redline(review, args.source.read_bytes(), args.lang, verify=args.verify)
    _write(output, result.data)
    placed = result.placement
    print(
        f"redline written to {output}: {len(placed.inline)} fix(es) in place of the quoted words, "
        f"{len(placed.in_section)} added to a related section, {len(placed.addendum)} in an addendum section",
        file=sys.stderr,
    )
    _list_placeholders(result.placeholders)
    if result.round_trip is not None:
        print_round_trip(result.round_trip)
    return 0


def print_round_trip(trip: RoundTrip) -> None:
    """The --verify summary: must-have and walk-away checks open before and after accepting."""
    print(
        f"round trip: {len(trip.before)} must-have/walk-away check(s) not satisfied before, "
        f"{len(trip.after)} after accepting every change"
    )
    for finding in trip.after:
        print(f"  still {finding.status}: {finding.check_id} ({finding.title})")
