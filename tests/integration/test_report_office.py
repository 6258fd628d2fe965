"""LibreOffice opens the Word outputs and shows the tracked changes (skipped when it is not installed:
``apt-get install libreoffice-writer-nogui poppler-utils``)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer.report import render_redline, render_report, render_rider
from tests.support.report_data import fixture_review, fixture_set

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice"),
]


def _pdf_text(docx_path: Path, tmp_path: Path) -> str:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / f"{docx_path.stem}.pdf"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_libreoffice_shows_deleted_and_inserted_text(tmp_path: Path) -> None:
    contract, source = fixture_set(tmp_path)
    result = render_redline(fixture_review(), source, "en", contract, date=datetime(2026, 3, 3, tzinfo=UTC))
    path = tmp_path / "redlined.docx"
    path.write_bytes(result.data)
    text = " ".join(_pdf_text(path, tmp_path).split())
    assert "in any country in which Provider" in text, "the deletion is shown, not applied"
    assert "Provider shall not use Customer Content" in text, "the insertion is shown"
    assert "Data Protection and AI Use Addendum" in text


def test_libreoffice_opens_the_report_and_the_rider(tmp_path: Path) -> None:
    contract, _ = fixture_set(tmp_path)
    review = fixture_review()
    report, rider = tmp_path / "report.docx", tmp_path / "rider.docx"
    report.write_bytes(render_report(review, "docx", "zh"))
    rider.write_bytes(render_rider(review, "en", contract).data)
    assert "谈判清单" in _pdf_text(report, tmp_path)
    rider_text = _pdf_text(rider, tmp_path)
    assert "2.1" in rider_text and "Location of Customer Content" in rider_text, "Word numbering is laid out"
