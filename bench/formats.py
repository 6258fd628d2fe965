"""The same labelled contracts read from PDF and from their source text: ``python -m bench.formats``.

Real vendor terms often arrive as PDFs, while the labelled corpus (``labels/corpus``, documents in
``../shared/eval/corpus/docs``) is Markdown. This benchmark prints each labelled document (the team
hold-out left out) as a text PDF the way vendors typeset their terms (reportlab: wrapped lines,
numbered run-in headings in bold, "**6.1 Notification.** Meridian will …", tables as rows, a running
footer), and scores ``reviewer eval labels`` on both versions with the same labels: accuracy and the
false-missing rate of each, and the share of labels whose verdict is the same on both. What the
PDF's layout costs is the difference. Tier ``internal``.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from tests.support.corpus_labels import CORPUS_DOCS, labels_without_holdout

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TABLE_RULE = re.compile(r"\|?[\s:|-]+\|?")


def _inline(text: str) -> str:
    """Markdown emphasis and links as reportlab markup (bold kept, link targets dropped)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = escape(text)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text).replace("**", "")


def markdown_pdf(markdown: str, path: Path) -> Path:
    """``markdown`` typeset as a text PDF (A4, 10 pt, headings bold, list items indented)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from tests.support.pdf_builders import _register_cjk_font

    chinese = bool(_CJK.search(markdown))
    font = _register_cjk_font() if chinese else "Helvetica"
    bold = font if chinese else "Helvetica-Bold"
    base = getSampleStyleSheet()["BodyText"]
    body = ParagraphStyle("body", parent=base, fontName=font, fontSize=10, leading=13, spaceAfter=5)
    if chinese:
        body.wordWrap = "CJK"
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, leading=15, spaceBefore=6)
    item = ParagraphStyle("item", parent=body, leftIndent=18, firstLineIndent=-10)
    story: list[object] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.fullmatch(line) or re.fullmatch(r"[-=_*]{3,}", line):
            continue
        if line.startswith("#"):
            story.append(Paragraph(_inline(line.lstrip("#").strip()), heading))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            story.append(Paragraph(_inline("   ".join(c for c in cells if c)), body))
        elif re.match(r"[-*+]\s", line):
            story.append(Paragraph("• " + _inline(line[2:].strip()), item))
        else:
            story.append(Paragraph(_inline(line), body))
    story.append(Spacer(1, 6))

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - 72, 30, f"Page {doc.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--playbook", default="ai-vendor", choices=("ai-vendor", "gdpr-art28"))
    parser.add_argument("--docs", type=Path, default=CORPUS_DOCS, help="the labelled documents' folder")
    parser.add_argument("--keep", type=Path, help="write the PDFs here (default: a temporary folder)")
    args = parser.parse_args()

    from reviewer.eval.labels import evaluate_labels
    from reviewer.settings import get_settings

    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        folder = Path(tmp)
        pdf_dir = args.keep or folder / "pdf"
        pdf_dir.mkdir(parents=True, exist_ok=True)
        md_labels = labels_without_holdout(args.playbook, folder / "markdown.csv")
        with md_labels.open(encoding="utf-8", newline="") as handle:
            names = sorted({r["document"] for r in csv.DictReader(handle)})
        rename = {}
        for name in names:
            target = pdf_dir / (Path(name).stem + ".pdf")
            markdown_pdf((args.docs / name).read_text(encoding="utf-8"), target)
            rename[name] = target.name
        pdf_labels = labels_without_holdout(args.playbook, folder / "pdf.csv", rename)
        settings = get_settings()
        reports = {
            "markdown": evaluate_labels(md_labels, args.docs, args.playbook, settings=settings),
            "pdf": evaluate_labels(pdf_labels, pdf_dir, args.playbook, settings=settings),
        }
    print(
        f"{args.playbook}: {len(names)} labelled documents (hold-out left out), each as Markdown and as a text PDF"
    )
    for kind, report in reports.items():
        print(
            f"  {kind:<9} accuracy {report.accuracy:.3f}  false missing {report.false_missing_rate:.3f} "
            f"({report.false_missing}/{report.present_labels})  {report.ingest_seconds:.0f} s ingest"
        )
    md_rows, pdf_rows = reports["markdown"].rows, reports["pdf"].rows
    same = sum(a.predicted == b.predicted for a, b in zip(md_rows, pdf_rows, strict=True))
    print(f"  same verdict on both: {same}/{len(md_rows)} = {same / max(1, len(md_rows)):.1%}")
    for a, b in zip(md_rows, pdf_rows, strict=True):
        if a.predicted != b.predicted:
            print(f"    {a.document:<44}{a.check:<18}{a.predicted} -> {b.predicted} (gold {a.gold})")


if __name__ == "__main__":
    main()
