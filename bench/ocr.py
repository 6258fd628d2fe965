"""OCR accuracy and speed: ``python -m bench.ocr [--engines]``.

Renders the team-written contract text of ``tests.support.contract_texts`` (English and Chinese) as scanned
PDF pages (clean 300 dpi; degraded 200 and 150 dpi: 1.5-2° skew, blur, speckle; 200 dpi under a red
seal), ingests each through the real PDF parser (sandbox, OCR, cache off) and prints the character
error rate (white space ignored), seconds per page, and peak memory. ``--engines`` also prints
Tesseract (Debian's tesseract-ocr + chi-sim) on the same page images, as measured for the choice.
Targets (issue 13): CER <= 2 % clean 300 dpi, <= 5 % degraded 200 dpi; <= 4 s per page at 200 dpi;
peak memory < 1.5 GB.

Verdict agreement (``--verdicts quick|all``, ``none`` to skip): the team-written contracts the tests
use (``tests/support/contract_texts``, and the Markdown documents of ``tests/data/ai-vendor-extra-en``
and ``-zh``: ``quick`` takes two of each language, ``all`` every one) are printed as scans (200 dpi,
1° skew, blur, speckle: as many pages as they fill), and each scan and its source text are ingested
and reviewed with the ``ai-vendor`` playbook (tier ``internal``) through the product's own API; the
figure is the share of headline checks (one per topic) whose status is the same on both. Target
(issue 13): >= 95 %. ``--ocr-cache DIR`` keeps the recognised pages between runs (only the OCR is
cached: the scan is still parsed, sectioned, chunked, embedded and reviewed every time).
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

CASES = [
    ("clean 300 dpi", 300, {}),
    ("degraded 200 dpi", 200, {"skew": 1.5, "blur": 1.0, "speckle": 0.002}),
    ("degraded 150 dpi", 150, {"skew": 2.0, "blur": 1.0, "speckle": 0.002}),
    ("red seal 200 dpi", 200, {"seal": True}),
]


def cer(truth: str, text: str) -> float:
    from rapidfuzz.distance import Levenshtein

    a, b = re.sub(r"\s+", "", truth), re.sub(r"\s+", "", text)
    return Levenshtein.distance(a, b) / max(1, len(a))


def tesseract(image: object, lang: str) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG")  # type: ignore[attr-defined]
    langs = "eng" if lang == "en" else "chi_sim+eng"
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", langs], input=buf.getvalue(), capture_output=True)
    return out.stdout.decode("utf-8", "replace")


ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "tests/data/ai-vendor-extra-en/docs", ROOT / "tests/data/ai-vendor-extra-zh/docs"]
QUICK = 2  # documents per language with --verdicts quick
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _sources(folder: Path, which: str) -> list[tuple[str, str, str]]:
    """(name, language, source text) of the contracts to compare; the team contracts as plain text."""
    from tests.support.scan_builders import contract_lines

    found = [(f"team-contract-{lang}.txt", lang, "\n\n".join(contract_lines(lang))) for lang in ("en", "zh")]
    for docs in DOCS:
        paths = sorted(docs.glob("*.md"))
        for path in paths[:QUICK] if which == "quick" else paths:
            text = path.read_text(encoding="utf-8")
            found.append((path.name, "zh" if _CJK.search(text) else "en", text))
    return found


def verdict_agreement(folder: Path, which: str, ocr_cache: Path | None) -> None:
    """Review each contract's scan and its source text; print where the headline verdicts differ."""
    import os

    from reviewer import api
    from reviewer.settings import Settings
    from tests.support.scan_builders import Degrade, markdown_paragraphs, render_pages, scan_pdf

    data = folder / "verdicts"
    data.mkdir()
    if ocr_cache is not None:
        ocr_cache.mkdir(parents=True, exist_ok=True)
        os.symlink(ocr_cache.resolve(), data / "ocr-cache")
    settings = Settings(data_dir=data, parse_timeout_s=1800)  # agreement is measured here, not the time limit
    degrade = Degrade(skew=1.0, blur=1.0, speckle=0.001)
    same = total = pages_read = 0
    ocr_s = 0.0
    print(f"\nverdict agreement, ai-vendor headline checks, scans at 200 dpi ({which})")
    for name, lang, text in _sources(folder, which):
        source = folder / name
        source.write_text(text, encoding="utf-8")
        paragraphs = markdown_paragraphs(text) if name.endswith(".md") else text.split("\n\n")
        pages = render_pages(paragraphs, lang, 200, degrade)
        pdf = scan_pdf(folder / f"{source.stem}.pdf", [image for image, _ in pages], 200)

        def headline(path: Path) -> dict[str, str]:
            set_id = api.ingest([path], name=path.name, settings=settings).contract_set.id
            review = api.review(set_id=set_id, playbook="ai-vendor", settings=settings, save=False)
            return review.summary.headline

        t = time.perf_counter()
        scanned = headline(pdf)
        ocr_s += time.perf_counter() - t
        pages_read += len(pages)
        original = headline(source)
        differ = sorted(t for t in original if scanned.get(t) != original[t])
        same += len(original) - len(differ)
        total += len(original)
        detail = ", ".join(f"{t}: {original[t]} -> {scanned.get(t)}" for t in differ)
        print(
            f"  {name:<40}{lang:<4}{len(pages):>3} pp {len(original) - len(differ):>3}/{len(original)}  {detail}"
        )
    print(f"headline verdicts equal on scan and text: {same}/{total} = {same / max(1, total):.1%} (target 95 %)")
    print(
        f"scans: {pages_read} pages ingested in {ocr_s:.0f} s ({ocr_s / max(1, pages_read):.1f} s per page, with embedding)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", action="store_true", help="also measure Tesseract on the same pages")
    parser.add_argument("--verdicts", choices=("none", "quick", "all"), default="quick")
    parser.add_argument("--no-cer", action="store_true", help="skip the character error rate pages")
    parser.add_argument("--ocr-cache", type=Path, help="keep recognised pages here between runs")
    args = parser.parse_args()
    if args.no_cer:
        with tempfile.TemporaryDirectory() as tmp:
            verdict_agreement(Path(tmp), args.verdicts, args.ocr_cache)
        return
    from reviewer.ingest.pipeline import parse_file
    from reviewer.settings import Settings
    from tests.support.scan_builders import Degrade, contract_lines, render_page, scan_pdf

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings(data_dir=folder / "data")
        print(f"{'page':<22}{'lang':<6}{'CER':>8}{'s/page':>9}   warnings")
        for label, dpi, degrade in CASES:
            for lang in ("en", "zh"):
                image, truth = render_page(contract_lines(lang), lang, dpi, Degrade(**degrade))  # type: ignore[arg-type]
                pdf = scan_pdf(folder / f"{lang}-{dpi}-{len(degrade)}.pdf", [image], dpi)
                settings.data_dir = folder / f"data-{label}-{lang}"  # a fresh cache: every page is read
                t = time.perf_counter()
                doc = parse_file(pdf, settings)
                seconds = time.perf_counter() - t
                kinds = ",".join(w.kind for w in doc.warnings)
                print(f"{label:<22}{lang:<6}{cer(truth, doc.text):>8.2%}{seconds:>9.1f}   {kinds}", flush=True)
                if args.engines:
                    t = time.perf_counter()
                    text = tesseract(image, lang)
                    print(f"{'  tesseract':<22}{lang:<6}{cer(truth, text):>8.2%}{time.perf_counter() - t:>9.1f}")
        t = time.perf_counter()
        parse_file(pdf, settings)
        print(f"re-ingest of a page read before (cache): {time.perf_counter() - t:.2f} s")
        if args.verdicts != "none":
            verdict_agreement(folder, args.verdicts, args.ocr_cache)
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(f"peak memory (largest process): {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
