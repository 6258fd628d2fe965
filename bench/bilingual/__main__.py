"""Cross-language consistency: ``python -m bench.bilingual [--verbose]``.

Reviews the English and the Chinese version of each contract pair in this folder with the
ai-vendor playbook (rule judge, keyword retrieval; tier core-secret, all jurisdictions), then
prints the share of checks whose status is the same in both versions (all checks, and the headline
check of each topic), every difference, and how each version scores against ``labels.csv``.
Targets (issue 11): at least 95% of all checks equal, 100% of headline checks.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import parse_bytes
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval.index import SetIndex
from reviewer.models import ContractSet, Finding
from reviewer.playbooks import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.review import run_review
from reviewer.settings import Settings

HERE = Path(__file__).parent
LANGS = ("en", "zh")


def _review(path: Path, book: Playbook, settings: Settings) -> dict[str, Finding]:
    document = parse_bytes(path.read_bytes(), path.name, settings)
    chunks = chunk_document(document, path.stem, size=settings.chunk_size, overlap=settings.chunk_overlap)
    cs = ContractSet(id=path.stem, name=path.stem, embedding_model="none", documents=[document], chunks=chunks)
    index = SetIndex(cs)
    judges = build_judges(index, book, llm=None, settings=settings)
    review = run_review(cs, book, tier="core-secret", jurisdictions=["cn", "eu", "us"], index=index, judges=judges)
    return {f.check_id: f for f in review.findings if f.topic != "document-integrity"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print the reasoning of each difference")
    args = parser.parse_args(argv)
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bilingual-")))
    book = load_playbook("ai-vendor", settings)
    headline = {c.topic: c.id for c in book.checks if c.headline}
    pairs = sorted(p.stem for p in (HERE / "en").glob("*.md"))
    same = total = same_head = total_head = 0
    diffs: list[str] = []
    found: dict[tuple[str, str], dict[str, Finding]] = {}
    for pair in pairs:
        en, zh = (
            found.setdefault((pair, lang), _review(HERE / lang / f"{pair}.md", book, settings)) for lang in LANGS
        )
        for check_id in sorted(set(en) & set(zh)):
            equal = en[check_id].status == zh[check_id].status
            same, total = same + equal, total + 1
            if check_id in headline.values():
                same_head, total_head = same_head + equal, total_head + 1
            if not equal:
                line = f"  {pair} {check_id}: en {en[check_id].status}, zh {zh[check_id].status}"
                if args.verbose:
                    line += f"\n    en: {en[check_id].rationale}\n    zh: {zh[check_id].rationale}"
                diffs.append(line)
    print(f"pairs: {len(pairs)}; checks compared: {total}")
    print(f"same status in both languages: {same}/{total} = {same / total:.1%} (target 95%)")
    print(f"headline checks: {same_head}/{total_head} = {same_head / total_head:.1%} (target 100%)")
    print(f"differences ({len(diffs)}):" if diffs else "differences: none")
    print("\n".join(diffs))
    with (HERE / "labels.csv").open(encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    for lang in LANGS:
        right = sum(found[(row["pair"], lang)][headline[row["check"]]].status == row["status"] for row in labels)
        print(f"labels matched ({lang}): {right}/{len(labels)}")
        for row in labels:
            got = found[(row["pair"], lang)][headline[row["check"]]].status
            if got != row["status"]:
                print(f"  {row['pair']} {row['check']}: labelled {row['status']}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
