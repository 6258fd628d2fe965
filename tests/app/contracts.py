"""Two versions of a vendor's data processing terms, written for the app tests.

Against ``tests/data/mini-playbook.yaml``: version 1 lets the vendor train on customer data
(conflicting) and promises breach notice only "without undue delay" (partial); version 2 fixes
the training clause, so comparing the two shows one check getting better.
"""

from __future__ import annotations

from pathlib import Path

TRAINING_V1 = (
    "3.1 Vendor may use Customer Data and prompts to train and improve its machine learning models "
    "and the Service."
)
TRAINING_V2 = "3.1 Vendor shall not use Customer Data or prompts to train or improve any machine learning model."
BREACH = "5.2 Vendor shall notify Customer of any breach affecting Customer Data without undue delay."


def vendor_sections(training: str) -> list[tuple[str, str, list[str]]]:
    return [
        ("1", "Definitions", ['1.1 "Customer Data" means all files, prompts and records Customer submits.']),
        (
            "2",
            "Hosting",
            ["2.1 The Service is hosted by Vendor and its sub-processors listed at the Vendor's website."],
        ),
        ("3", "Use of Customer Data", [training, "3.2 Vendor keeps Customer Data confidential."]),
        ("4", "Term", ["4.1 This Agreement runs for twelve (12) months and renews automatically."]),
        ("5", "Security", ["5.1 Vendor maintains reasonable security measures.", BREACH]),
    ]


def vendor_docx(path: Path, *, version: int = 1, title: str = "Data Processing Terms") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for number, heading, clauses in vendor_sections(TRAINING_V1 if version == 1 else TRAINING_V2):
        document.add_heading(f"{number}. {heading}", level=1)
        for clause in clauses:
            document.add_paragraph(clause)
    document.save(str(path))
    return path


def hostile_docx(path: Path, payload: str) -> Path:
    """The version-1 terms with ``payload`` in a white run (hidden text a reader does not see)."""
    import docx
    from docx.shared import RGBColor

    vendor_docx(path)
    document = docx.Document(str(path))
    paragraph = document.add_paragraph("6.1 Vendor keeps records of processing.")
    run = paragraph.add_run(" " + payload)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.save(str(path))
    return path
