"""``reviewer report``, ``reviewer draft`` and ``reviewer redline`` from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.settings import Settings
from tests.support.report_data import REVIEW_JSON, W, vendor_docx


@pytest.fixture
def review_file(tmp_path: Path, settings: Settings) -> Path:
    return Path(shutil.copy(REVIEW_JSON, tmp_path / "review.json"))


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "json", "markdown"])
def test_report_writes_each_format(review_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert main(["report", str(review_file), "--format", fmt, "-o", str(out), "--lang", "zh"]) == 0
    data = out.read_bytes()
    assert data
    if fmt == "docx":
        assert docx.Document(str(out)).paragraphs[0].text == "合同审查报告：cloud-ai-services"
    elif fmt == "json":
        assert b'"fixture-review-0001"' in data
    else:
        assert "合同审查报告" in data.decode("utf-8")


def test_report_prints_text_formats(review_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(review_file), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Contract review: cloud-ai-services")


def test_report_errors_are_clear(review_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(review_file), "--format", "docx"]) == 2
    assert "needs a file: add -o" in capsys.readouterr().err
    assert main(["report", str(review_file), "--format", "pdf", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "unknown report format 'pdf'" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "nope.json")]) == ExitCode.NOT_FOUND
    assert "no such review file" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{}")
    assert main(["report", str(tmp_path / "bad.json")]) == ExitCode.BAD_INPUT
    assert "not a review JSON" in capsys.readouterr().err
    assert main(["report", str(review_file), "-o", str(tmp_path / "no" / "dir.html")]) == ExitCode.NOT_FOUND
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["rider", "draft", "addendum"])
def test_rider_writes_the_draft_clauses_and_lists_placeholders(
    command: str, review_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rider.docx"
    assert main([command, str(review_file), "--lang", "en", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "rider with 7 clause(s)" in err and "[CONFIRM: storage region]" in err
    titles = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Clause Heading"]
    assert titles[0] == "Definitions and precedence" and len(titles) == 9


def test_redline_writes_tracked_changes(
    review_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = vendor_docx(tmp_path / "contract.docx")
    before = source.read_bytes()
    assert main(["redline", str(review_file), str(source)]) == 0
    out = tmp_path / "contract-redlined.docx"
    body = docx.Document(str(out)).element.body
    assert body.findall(f".//{W}ins") and body.findall(f".//{W}del")
    assert source.read_bytes() == before, "the original is left as it was"
    err = capsys.readouterr().err
    assert "5 fix(es) in place of the quoted words" in err and "2 in an addendum section" in err
    # the stored set is gone here, so the names come from the Word file itself
    text = "\n".join("".join(p.itertext()) for p in body.iter(f"{W}p"))
    assert "Provider shall not use Customer Content" in text


def test_redline_refuses_to_overwrite_or_read_missing_files(
    review_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = vendor_docx(tmp_path / "contract.docx")
    assert main(["redline", str(review_file), str(source), "-o", str(source)]) == 2
    assert "original is kept" in capsys.readouterr().err
    assert main(["redline", str(review_file), str(tmp_path / "missing.docx")]) == ExitCode.NOT_FOUND
    not_word = tmp_path / "contract.pdf"
    not_word.write_bytes(b"%PDF-1.7")
    assert main(["redline", str(review_file), str(not_word), "-o", str(tmp_path / "o.docx")]) == ExitCode.BAD_INPUT
    assert "Word .docx" in capsys.readouterr().err


def test_api_gives_the_draft_clause_for_each_open_finding(settings: Settings) -> None:
    from reviewer import api
    from tests.support.report_data import fixture_review

    review = fixture_review()
    clauses = api.draft_clauses(review, "en", settings)
    assert set(clauses) == {f.check_id for f in review.findings if f.status != "satisfied"}
    assert clauses["no-training"].startswith(
        "No training on Customer Data\n\nProvider shall not use Customer Data"
    )
    zh = api.draft_clauses(review, "zh", settings)
    assert zh["breach-notice"].startswith("安全事件通知\n\n")


def test_redline_of_another_version_is_refused_and_writes_nothing(
    review_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = vendor_docx(tmp_path / "contract.docx")
    other = docx.Document(str(source))
    next(p for p in other.paragraphs if p.text.startswith("3.1")).text = "3.1 Provider may do as it likes."
    other.save(str(tmp_path / "contract-v2.docx"))
    out = tmp_path / "v2-redlined.docx"
    assert (
        main(["redline", str(review_file), str(tmp_path / "contract-v2.docx"), "-o", str(out)])
        == ExitCode.BAD_INPUT
    )
    assert "review this version first" in capsys.readouterr().err
    assert not out.exists()
