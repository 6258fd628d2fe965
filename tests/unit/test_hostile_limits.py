"""Attacks on resources and permissions: a huge one-line text, a parser out of memory, files others
could read, spreadsheet formulas in the app's CSV downloads. Each is performed and must do no harm."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.errors import FileTooLargeError
from reviewer.ingest.docx import DocxParser
from reviewer.ingest.sandbox import run_parser
from reviewer.settings import Settings
from tests.support.report_data import fixture_review
from ui.safe import cell, cells


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_huge_one_line_text_is_refused_before_embedding_with_the_setting_named(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_MAX_DOCUMENT_CHARS", "50000")
    blob = ("Vendor may keep data. " * 5000).encode()  # 110,000 characters on one line
    with pytest.raises(FileTooLargeError, match="REVIEWER_MAX_DOCUMENT_CHARS") as caught:
        api.ingest_bytes([("blob.txt", blob)], settings=Settings(data_dir=settings.data_dir))
    assert "109,999 characters" in caught.value.user_message  # the trailing space is stripped
    assert not (settings.sets_dir.exists() and any(p.name != ".locks" for p in settings.sets_dir.iterdir()))


def test_too_many_passages_are_refused_with_the_setting_named(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_MAX_DOCUMENT_CHUNKS", "5")
    text = "\n\n".join(f"{n}. Vendor shall keep clause {n} of the terms in force. " * 20 for n in range(40))
    with pytest.raises(FileTooLargeError, match="REVIEWER_MAX_DOCUMENT_CHUNKS"):
        api.ingest_bytes([("long.md", text.encode())], settings=Settings(data_dir=settings.data_dir))


class _GreedyDocx(DocxParser):
    """What lxml reports when the memory cap stops it: an XMLSyntaxError about memory."""

    def parse(self, data: bytes, name: str, settings: Settings):  # type: ignore[no-untyped-def]
        raise SyntaxError("Memory allocation failed : growing buffer, line 1, column 40000000")


def test_a_parser_out_of_memory_says_so_and_names_the_setting(settings: Settings) -> None:
    with pytest.raises(FileTooLargeError, match="REVIEWER_PARSE_MEMORY_MB") as caught:
        run_parser(_GreedyDocx(), b"PK", "big.docx", settings)
    assert "memory" in caught.value.user_message and "damaged" not in caught.value.user_message


def test_a_fresh_data_dir_its_lock_files_and_outputs_are_private(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = os.umask(0o022)
    try:
        api.ingest_bytes([("terms.md", b"# Terms\n\n1. Vendor keeps data in the EU.\n")])
        review = fixture_review()
        path = tmp_path / "rv.json"
        path.write_text(review.model_dump_json())
        monkeypatch.chdir(tmp_path)
        assert main(["report", str(path), "--format", "md", "-o", "out.md"]) == 0
        assert main(["draft", str(path), "-o", "rider.docx"]) == 0
    finally:
        os.umask(old)
    assert _mode(settings.data_dir) == 0o700
    locks = list((settings.sets_dir / ".locks").iterdir())
    assert locks and all(_mode(p) == 0o600 for p in locks)
    assert _mode(tmp_path / "out.md") == 0o600 and _mode(tmp_path / "rider.docx") == 0o600


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_table_cells_that_a_spreadsheet_would_run_are_neutralised(value: str) -> None:
    assert cell(value) == "'" + value
    assert cells({"File": value, "Pages": 3}) == {"File": "'" + value, "Pages": 3}
    assert cell("Acme = fair") == "Acme = fair" and cell(-1) == -1
