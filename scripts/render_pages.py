"""Render the reports to PDF and PNG pages so that a person can look at them.

    .venv/bin/python scripts/render_pages.py [--review REVIEW.json --source SOURCE.docx] [--out DIR]

Writes, for English and Chinese: the HTML report, the DOCX report, the DOCX rider and (with
``--source``, or the test fixture contract by default) the redlined DOCX; converts the DOCX files
with LibreOffice headless and the HTML with Chromium's print to PDF (LibreOffice when there is no
Chromium), then every PDF page to PNG with pdftoppm. The output folder is outside the repository
(default /tmp/report-pages); nothing here is kept in git. Needs Debian's libreoffice-writer,
poppler-utils and optionally chromium: ``apt-get install libreoffice-writer-nogui poppler-utils
chromium fonts-wqy-microhei``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from reviewer.models import ContractSet

TIMEOUT_S = 180


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} is not installed; apt-get install libreoffice-writer-nogui poppler-utils")
    return path


def soffice_pdf(path: Path, out: Path, profile: Path, converter: str, suffix: str) -> Path:
    """Convert with LibreOffice headless (its own profile, so parallel runs do not collide)."""
    subprocess.run(
        [need("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", converter,
         "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=TIMEOUT_S,
    )  # fmt: skip
    return (out / f"{path.stem}.pdf").rename(out / f"{path.stem}-{suffix}.pdf")


def docx_to_pdf(docx: Path, out: Path, profile: Path) -> Path:
    return soffice_pdf(docx, out, profile, "pdf", "docx")


def html_to_pdf(html: Path, out: Path, profile: Path) -> Path:
    """Chromium's print to PDF (what a user's browser does); LibreOffice when there is no Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return soffice_pdf(html, out, profile, "pdf:writer_web_pdf_Export", "html")
    pdf = out / f"{html.stem}-html.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-sync",
            "--metrics-recording-only",
            f"--user-data-dir={profile / 'chromium'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_S,
    )
    return pdf


def pdf_to_pngs(pdf: Path, out: Path, dpi: int) -> list[Path]:
    prefix = out / pdf.stem
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=TIMEOUT_S
    )
    return sorted(out.glob(f"{pdf.stem}-*.png"))


def render_all(review_path: Path, contract: ContractSet | None, source: Path, out: Path, dpi: int) -> list[Path]:
    """Every output in both languages, then PDF and PNG pages of each."""
    from reviewer import api, report

    review = api.load_review(review_path)
    files: list[Path] = []
    for lang in ("en", "zh"):
        for fmt in ("html", "docx"):
            path = out / f"report-{lang}.{fmt}"
            path.write_bytes(report.render_report(review, fmt, lang))
            files.append(path)
        rider = out / f"rider-{lang}.docx"
        rider.write_bytes(report.render_rider(review, lang, contract).data)
        redline = out / f"redline-{lang}.docx"
        redline.write_bytes(report.render_redline(review, source.read_bytes(), lang, contract).data)
        files.extend([rider, redline])
    pngs: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp)
        for path in files:
            pdf = html_to_pdf(path, out, profile) if path.suffix == ".html" else docx_to_pdf(path, out, profile)
            pngs.extend(pdf_to_pngs(pdf, out, dpi))
    return pngs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--review", type=Path, default=ROOT / "tests" / "data" / "report-review.json")
    parser.add_argument("--source", type=Path, help="the reviewed .docx to redline (default: the test fixture)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/report-pages"))
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(ROOT):
        parser.error("write the pages outside the repository (PNG files stay out of git)")
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    contract = None
    source = args.source
    if source is None:  # the test fixture: the contract the frozen review was made of
        from tests.support.report_data import fixture_set

        contract, data = fixture_set(args.out)
        source = args.out / "cloud-ai-services.docx"
        source.write_bytes(data)
    pngs = render_all(args.review, contract, source, args.out, args.dpi)
    for png in pngs:
        print(png)
    print(f"{len(pngs)} pages in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
