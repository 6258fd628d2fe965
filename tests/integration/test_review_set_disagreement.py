"""A real DOCX MSA and a real PDF DPA that disagree, reviewed through the API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.settings import Settings

MSA = [
    "1. Customer Content",
    "1.1 Provider shall not use Customer Content, prompts or outputs to train or improve any model.",
    "2. Governing Law",
    "2.1 This Agreement is governed by the laws of the State of New York.",
]
DPA = [
    "1. Use of Data",
    "1.1 Provider may use Customer Content to improve and develop its services.",
    "2. Law",
    "2.1 This Addendum is governed by the laws of Ireland.",
]


def _docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(line, styles["BodyText"]) for line in lines])
    return path


@pytest.mark.integration
def test_msa_and_dpa_disagree(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    msa = _docx(tmp_path / "msa.docx", MSA)
    dpa = _pdf(tmp_path / "dpa.pdf", DPA)
    review = api.review(paths=[msa, dpa], playbook="ai-vendor", tier="core-secret", settings=settings)
    training = next(f for f in review.findings if f.topic == "training" and f.headline)
    assert training.status == "conflicting"
    assert training.disagreement and "msa.docx" in training.disagreement and "dpa.pdf" in training.disagreement
    assert {e.file_name for e in training.evidence} == {"msa.docx", "dpa.pdf"}
    law = next(f for f in review.findings if f.topic == "governing-law")
    assert law.status == "conflicting" and law.value == "New York | Ireland"
    out = tmp_path / "review.json"
    assert main(["review", str(msa), str(dpa), "--playbook", "ai-vendor", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.0"
    assert data["summary"]["headline"]["training"] == "conflicting"
    assert all("topic" in f and "headline" in f for f in data["findings"])
