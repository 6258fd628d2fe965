"""Redline round trip: ``python -m bench.redline [--tiers public,internal,core-secret] [--only NAME]``.

For each team-written vendor contract (bench/redline_corpus.py, built as DOCX in code) and each data
tier: ingest and review it (ai-vendor playbook, jurisdictions cn and eu), draft the redline, accept
every change in memory, review the result the same way and print how many must-have and walk-away
checks were not satisfied before and after. Target (issue 12): 0 after, for every tier.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import get_args

from bench.redline_corpus import CONTRACTS, Contract, build_docx, from_markdown


def main(argv: list[str] | None = None) -> int:
    from reviewer.models import Tier

    parser = argparse.ArgumentParser(prog="python -m bench.redline", description=__doc__)
    parser.add_argument("--tiers", default=",".join(get_args(Tier)))
    parser.add_argument("--jurisdictions", default="cn,eu")
    parser.add_argument("--only", default="", help="only contracts whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="name the checks still open")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help="instead of the team's contracts, every .md file of this folder built as a Word file "
        "(e.g. ../shared/eval/ai-vendor/docs, the development documents)",
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-redline-"))
    os.environ["REVIEWER_DATA_DIR"] = str(work / "data")
    try:
        return _run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, args: argparse.Namespace) -> int:
    from reviewer import api
    from reviewer.settings import get_settings

    settings = get_settings()
    regions = {"en": "the European Union", "zh": "中华人民共和国境内"}  # the user's position (settings)
    tiers = [t for t in args.tiers.split(",") if t]
    jurisdictions = [j for j in args.jurisdictions.split(",") if j]
    print(f"{'contract':<18} {'lang':<4} {'quality':<7} {'tier':<12} {'before':>6} {'after':>5} {'s':>5}")
    totals = [0, 0]
    failing = 0
    contracts: list[Contract] = (
        [from_markdown(p.stem, p.read_text(encoding="utf-8")) for p in sorted(args.markdown.glob("*.md"))]
        if args.markdown
        else CONTRACTS
    )
    for contract in contracts:
        if args.only and args.only not in contract.name:
            continue
        path = work / f"{contract.name}.docx"
        path.write_bytes(build_docx(contract))
        for tier in tiers:
            started = time.perf_counter()
            positions = settings.model_copy(update={"storage_region": regions[contract.lang]})
            review = api.review(paths=[path], playbook="ai-vendor", tier=tier, jurisdictions=jurisdictions,
                                settings=positions, save=False)  # fmt: skip
            result = api.redline(review, path.read_bytes(), contract.lang, positions, verify=True)
            trip = result.round_trip
            assert trip is not None
            before, after = len(trip.before), len(trip.after)
            totals[0] += before
            totals[1] += after
            failing += bool(after)
            seconds = time.perf_counter() - started
            print(
                f"{contract.name:<18} {contract.lang:<4} {contract.quality:<7} {tier:<12} {before:>6} {after:>5} {seconds:>5.1f}"
            )
            if args.verbose and after:
                for finding in trip.after:
                    quote = finding.evidence[0].quote[:90] if finding.evidence else ""
                    print(f"    still {finding.status:<11} {finding.check_id:<32} {quote}")
    print(f"total before {totals[0]}, after {totals[1]}; runs with checks left open: {failing}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
