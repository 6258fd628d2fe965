"""The whole path with real components: ingest (real ONNX model, real Chroma in tmp_path), review,
then the report straight from ``reviewer review --format``, the rider and the redline from the API."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.settings import Settings
from tests.support.report_data import PLAYBOOK, W, vendor_docx, vendor_dpa_pdf

pytestmark = pytest.mark.integration


def test_review_renders_html_directly_and_drafts_from_the_stored_set(settings: Settings, tmp_path: Path) -> None:
    source = vendor_docx(tmp_path / "cloud-ai-services.docx")
    dpa = vendor_dpa_pdf(tmp_path / "acme-dpa.pdf")
    out = tmp_path / "report.html"
    args = ["review", str(source), str(dpa), "--playbook", str(PLAYBOOK), "--tier", "core-secret",
            "--format", "html", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    html = out.read_text(encoding="utf-8")
    assert "Provider may store and process Customer Content in any country" in html
    assert "http://" not in html and "https://" not in html

    review = api.review(paths=[source, dpa], playbook=str(PLAYBOOK), tier="core-secret", settings=settings)
    rider = api.rider(review, "en", settings)
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(rider.data)).paragraphs)
    assert "Northwind Analytics Ltd (“Customer”)" in body, "names come from the stored contract set"
    redlined = api.render_redline(review, source.read_bytes(), "zh", settings)
    tree = docx.Document(io.BytesIO(redlined)).element.body
    assert tree.findall(f".//{W}ins") and tree.findall(f".//{W}del")
