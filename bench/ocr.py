"""OCR accuracy and speed: ``python -m bench.ocr [--engines]``.

Renders the team-written contract text of ``tests.support.contract_texts`` (English and Chinese) as scanned
PDF pages (clean 300 dpi; degraded 200 and 150 dpi: 1.5-2° skew, blur, speckle; 200 dpi under a red
seal), ingests each through the real PDF parser (sandbox, OCR, cache off) and prints the character
error rate (white space ignored), seconds per page, and peak memory. ``--engines`` also prints
Tesseract (Debian's tesseract-ocr + chi-sim) on the same page images, as measured for the choice.
Targets (issue 13): CER <= 2 % clean 300 dpi, <= 5 % degraded 200 dpi; <= 4 s per page at 200 dpi;
peak memory < 1.5 GB.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", action="store_true", help="also measure Tesseract on the same pages")
    args = parser.parse_args()
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
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(f"peak memory (largest process): {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
