"""Fixtures for the report tests: a vendor contract with gaps of every kind, written for these tests.

``vendor_docx`` builds the contract; ``tests/data/report-playbook.yaml`` is the playbook it is
reviewed against; ``tests/data/report-review.json`` is a review of it frozen for the golden files
(regenerate with ``python -m tests.report_data`` and look at the diff).
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
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
