"""Fixtures for the report tests: a vendor contract with gaps of every kind, written for these tests.

``vendor_docx`` builds the contract; ``tests/data/report-playbook.yaml`` is the playbook it is
reviewed against; ``tests/data/report-review.json`` is a review of it frozen for the golden files
(regenerate with ``python -m tests.support.report_data`` and look at the diff).
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"
PLAYBOOK = DATA / "report-playbook.yaml"
REVIEW_JSON = DATA / "report-review.json"

PREAMBLE = (
    'This Cloud AI Services Agreement (the "Agreement") is entered into as of 1 March 2026 between '
    'Northwind Analytics Ltd ("Customer") and Acme Cognitive Inc. ("Provider").'
)

VENDOR_SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "1",
        "Definitions",
        [
            '1.1 "Customer Content" means all prompts, files and other data that Customer submits to the '
            "Services, and all output the Services return to Customer.",
            '1.2 "Security Incident" means any unauthorised access to Customer Content.',
        ],
    ),
    (
        "2",
        "Processing Locations",
        [
            "2.1 Provider may store and process Customer Content in any country in which Provider or its "
            "affiliates maintain facilities.",
        ],
    ),
    (
        "3",
        "Use of Customer Content",
        [
            "3.1 Provider may use Customer Content to improve and develop the Services, unless Customer opts "
            "out by written notice.",
            "3.2 Provider personnel may review prompts to investigate abuse.",
        ],
    ),
    (
        "4",
        "Security",
        [
            "4.1 Provider maintains administrative, physical and technical safeguards for Customer Content.",
            "4.2 Provider shall notify Customer of a Security Incident without undue delay.",
        ],
    ),
    (
        "5",
        "Term and Termination",
        [
            "5.1 Either party may terminate this Agreement on ninety (90) days' written notice.",
            "5.2 Upon termination Provider will delete Customer Content in accordance with its standard "
            "retention schedule.",
        ],
    ),
    (
        "6",
        "Confidentiality",
        [
            "6.1 Each party shall keep the other party's Confidential Information in confidence and use it "
            "only to perform this Agreement.",
        ],
    ),
    (
        "7",
        "Notices",
        [
            "7.1 Notices under this Agreement shall be in writing and sent to the addresses in the Order Form.",
        ],
    ),
    (
        "8",
        "Governing Law",
        [
            "8.1 This Agreement is governed by the laws of the State of California.",
        ],
    ),
]


def vendor_docx(path: Path) -> Path:
    """The vendor contract as a Word file with real headings, one run split mid-sentence."""
    import docx

    document = docx.Document()
    document.add_heading("Cloud AI Services Agreement", level=0)
    document.add_paragraph(PREAMBLE)
    for number, heading, clauses in VENDOR_SECTIONS:
        document.add_heading(f"{number}. {heading}", level=1)
        for clause in clauses:
            paragraph = document.add_paragraph()
            if clause.startswith("3.1"):  # formatting splits the sentence into runs, as Word does
                head, tail = clause.split("to improve", 1)
                paragraph.add_run(head)
                paragraph.add_run("to improve").bold = True
                paragraph.add_run(tail)
            else:
                run = paragraph.add_run(clause)
                if clause.startswith("2.1"):
                    document.add_comment(
                        run, "Check with IT where this really is.", author="J. Smith", initials="JS"
                    )
    document.save(str(path))
    return path


DPA_SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "1",
        "Scope",
        [
            "1.1 This Data Processing Addendum applies to Personal Data that Provider processes for Customer "
            "under the Agreement.",
        ],
    ),
    (
        "2",
        "Customer Instructions",
        [
            "2.1 Provider shall process Personal Data only on Customer's documented instructions.",
            "2.2 Provider shall not use Customer Content to train or improve any artificial intelligence model.",
        ],
    ),
]


def vendor_dpa_pdf(path: Path) -> Path:
    """A two-page data processing addendum as a PDF (it contradicts the agreement on training)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story: list = [Paragraph("Data Processing Addendum", styles["Title"])]
    for number, heading, clauses in DPA_SECTIONS:
        story.append(Paragraph(f"{number}. {heading}", styles["Heading2"]))
        story.extend(Paragraph(clause, styles["BodyText"]) for clause in clauses)
        if number == "1":
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


# --- helpers for the report tests ------------------------------------------------------------

GOLDEN = Path(__file__).parents[1] / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare ``text`` with ``tests/golden/<name>``; ``pytest --update-golden`` rewrites it."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update:
            raise AssertionError(f"{path} did not exist and was written; look at it, then run the tests again")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; look at the diff, then pytest --update-golden"


def _run_text(run) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for child in run:
        if child.tag in (f"{W}t", f"{W}delText"):
            parts.append(child.text or "")
        elif child.tag == f"{W}tab":
            parts.append("\t")
        elif child.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def marked_text(paragraph) -> str:  # type: ignore[no-untyped-def]
    """A paragraph's text with tracked changes shown as {-deleted-} and {+inserted+}, checkboxes as [ ]."""
    out = []
    for child in paragraph:
        if child.tag == f"{W}r":
            out.append(_run_text(child))
        elif child.tag in (f"{W}del", f"{W}ins"):
            text = "".join(_run_text(r) for r in child.iter(f"{W}r"))
            out.append(("{-%s-}" if child.tag == f"{W}del" else "{+%s+}") % text)
        elif child.tag == f"{W}sdt":
            box = child.find(f"{W}sdtPr/{W14}checkbox")
            out.append("[ ]" if box is not None else "".join(_run_text(r) for r in child.iter(f"{W}r")))
        elif child.tag in (f"{W}hyperlink", f"{W}smartTag"):
            out.append("".join(_run_text(r) for r in child.iter(f"{W}r")))
    return "".join(out)


def docx_dump(data: bytes) -> str:
    """A Word file as reviewable text: [style] paragraphs, tables as rows, tracked changes, comments."""
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines = [f"title: {document.core_properties.title}"]
    for child in document.element.body:
        if child.tag == f"{W}p":
            paragraph = Paragraph(child, document)
            inserted_mark = child.find(f"{W}pPr/{W}rPr/{W}ins") is not None
            prefix = "+" if inserted_mark else ""
            lines.append(f"{prefix}[{paragraph.style.name}] {marked_text(child)}".rstrip())
        elif child.tag == f"{W}tbl":
            for row in Table(child, document).rows:
                cells = [" / ".join(marked_text(p._p) for p in cell.paragraphs) for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    for comment in document.comments:
        lines.append(f"comment {comment.comment_id} by {comment.author}: {comment.text}")
    return "\n".join(lines) + "\n"


def fixture_review():  # type: ignore[no-untyped-def]
    from reviewer.api import load_review

    return load_review(REVIEW_JSON)


def set_of(files: list[tuple[str, bytes]], name: str = "contract"):  # type: ignore[no-untyped-def]
    """Files parsed into a contract set (no embedding, no store)."""
    import tempfile

    from reviewer.ingest.pipeline import parse_bytes
    from reviewer.models import ContractSet
    from reviewer.settings import Settings

    settings = Settings(data_dir=Path(tempfile.gettempdir()) / "reviewer-test-unused")
    documents = [parse_bytes(data, file_name, settings) for file_name, data in files]
    return ContractSet(id=f"set-{name}", name=name, embedding_model="none", documents=documents, chunks=[])


def fixture_set(folder: Path):  # type: ignore[no-untyped-def]
    """The fixture contract parsed into a contract set, and the Word file's bytes."""
    source = vendor_docx(folder / "cloud-ai-services.docx").read_bytes()
    dpa = vendor_dpa_pdf(folder / "acme-dpa.pdf").read_bytes()
    files = [("cloud-ai-services.docx", source), ("acme-dpa.pdf", dpa)]
    return set_of(files, "cloud-ai-services"), source


def regenerate(folder: Path) -> None:  # pragma: no cover - a maintenance command
    """Review the fixture contract for real and freeze the result (fixed id, date and timing)."""
    from datetime import UTC, datetime

    from reviewer import api
    from reviewer.settings import Settings

    settings = Settings(data_dir=folder / "data")
    source = vendor_docx(folder / "cloud-ai-services.docx")
    dpa = vendor_dpa_pdf(folder / "acme-dpa.pdf")
    review = api.review(
        paths=[source, dpa],
        playbook=str(PLAYBOOK),
        tier="core-secret",
        jurisdictions=["eu"],
        settings=settings,
        save=False,
    )
    frozen = review.model_copy(
        update={"id": "fixture-review-0001", "created_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "seconds": 0.5}
    )
    REVIEW_JSON.write_text(frozen.model_dump_json(indent=2) + "\n", encoding="utf-8")
    print(f"wrote {REVIEW_JSON}: {frozen.summary.counts}")


if __name__ == "__main__":  # pragma: no cover
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp))
