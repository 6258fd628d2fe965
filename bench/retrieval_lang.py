"""Evidence recall in the top passages, English and Chinese: ``python -m bench.retrieval_lang``.

Ingests the labelled AI-vendor documents of ``tests/data/ai-vendor-extra-en`` and ``-zh`` (real
MiniLM embedder, Chroma in a temporary folder) twice: with chunks sized in characters (a Chinese
character counted as one, as before issue 11) and in model tokens (a Chinese character counted as
``CJK_WEIGHT``). For every label that quotes its evidence, a hit is a top-k passage containing the
quote (white space ignored); recall@k is printed for dense search alone and for the fused dense +
BM25 ranking the review uses. Target (issue 11): Chinese within 3 points of English.
"""

from __future__ import annotations

import argparse
import csv
import functools
import re
import tempfile
from pathlib import Path

from reviewer import contract_sets as library_module
from reviewer.contract_sets import ContractSets
from reviewer.eval.labels import resolve_check
from reviewer.ingest.chunking import CJK_WEIGHT, chunk_document
from reviewer.judge.retrieval.index import SetIndex, dense_queries, dense_search_for
from reviewer.playbooks import load_playbook
from reviewer.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _recall(lang: str, weight: int, k: int) -> tuple[float, float, int]:
    folder = DATA / f"ai-vendor-extra-{lang}"
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix=f"recall-{lang}-")))
    library_module.chunk_document = functools.partial(chunk_document, cjk_weight=weight)
    library = ContractSets(settings)
    book = load_playbook("ai-vendor", settings)
    with (folder / "labels.csv").open(encoding="utf-8") as fh:
        labels = [row for row in csv.DictReader(fh) if row.get("quote")]
    dense_hits = fused_hits = 0
    for name in sorted({row["document"] for row in labels}):
        path = folder / "docs" / name
        set_id = library.ingest([(name, path.read_bytes())]).contract_set.id
        contract_set = library.load(set_id)
        search = dense_search_for(library.vectors, set_id)
        index = SetIndex(contract_set, dense=search)
        index.configure(book)
        by_id = {c.id: c for c in contract_set.chunks}
        for n, row in enumerate(r for r in labels if r["document"] == name):
            check = book.check(resolve_check(book, row["check"], n))
            quote = _squash(row["quote"])
            dense = [cid for hits in search(dense_queries(check, 0), k) for cid, _ in hits]
            dense_hits += any(quote in _squash(by_id[c].text) for c in dense if c in by_id)
            fused_hits += any(quote in _squash(p.text) for p in index.passages(check, k=k))
    return dense_hits / len(labels), fused_hits / len(labels), len(labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    for label, weight in (("characters (before)", 1), ("model tokens", CJK_WEIGHT)):
        print(f"chunks sized in {label}:")
        for lang in ("en", "zh"):
            dense, fused, n = _recall(lang, weight, args.k)
            print(f"  {lang}: recall@{args.k} dense {dense:.1%}, dense+BM25 {fused:.1%} ({n} labelled quotes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
