"""Attacks through names and text that reach files we write: a set name that climbs folders, control
characters in Word exports, long Chinese file names. Each is performed and must do no harm."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.errors import BadInputError
from reviewer.names import check_set_name, cut_utf8, file_name_from
from reviewer.report import render_redline, render_report, render_rider
from reviewer.settings import Settings
from reviewer.store.files import safe_name
from tests.support.report_data import fixture_review, fixture_set


def _review_named(name: str, tmp_path: Path) -> Path:
    review = fixture_review()
    review = review.model_copy(update={"contract_set": review.contract_set.model_copy(update={"name": name})})
    path = tmp_path / "work" / "rv.json"
    path.parent.mkdir()
    path.write_text(review.model_dump_json(), encoding="utf-8")
    return path


def test_a_rider_from_a_received_review_writes_only_into_the_current_folder(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_json = _review_named("../../../../pwn", tmp_path)
    monkeypatch.chdir(review_json.parent)
    assert main(["rider", str(review_json)]) == 0
    written = [p for p in tmp_path.rglob("*rider*.docx")]
    assert [p.parent for p in written] == [review_json.parent], written
    assert written[0].name == "pwn-rider-en.docx"


@pytest.mark.parametrize("name", ["../../pwn", "a\\b", "bell\x07name", "x" * 201])
def test_a_set_name_that_could_climb_folders_or_hide_is_refused_at_ingest(settings: Settings, name: str) -> None:
    with pytest.raises(BadInputError, match="contract set name"):
        api.ingest_bytes([("terms.md", b"# Terms\n\n1. Vendor keeps data in the EU.\n")], name=name)
    assert not settings.sets_dir.exists() or not any(settings.sets_dir.iterdir())


def test_names_for_files_are_one_name_cut_by_bytes() -> None:
    assert check_set_name("Acme AI 数据 (2025)") == "Acme AI 数据 (2025)"
    assert file_name_from("../../etc/passwd") == "etc-passwd"
    assert file_name_from("...") == "review"
    long = "合同" * 100
    assert len(file_name_from(long).encode()) <= 120 and file_name_from(long).startswith("合同")
    assert cut_utf8("合同", 4) == "合"  # never half a character
    stored = safe_name("合" * 79 + ".md")  # 237 bytes: too long for a file system before the fix
    assert stored.endswith(".md") and len(stored.encode()) <= 150


def test_a_long_chinese_file_name_ingests(settings: Settings) -> None:
    name = "数据处理协议" * 13 + "x.md"  # 79 characters, 235 bytes
    result = api.ingest_bytes([(name, "# 条款\n\n1. 供应商不得使用客户数据训练模型。\n".encode())], name="中文")
    assert result.contract_set.documents[0].file_name == name


def _with_control_characters(tmp_path: Path):  # type: ignore[no-untyped-def]
    review = fixture_review()
    bad = "bell\x07name\x01 and\x0bvertical tab"
    finding = review.findings[0].model_copy(update={"rationale": bad, "value": bad})
    contract_set = review.contract_set.model_copy(update={"name": bad})
    return review.model_copy(update={"findings": [finding, *review.findings[1:]], "contract_set": contract_set})


def test_control_characters_do_not_crash_the_word_exports(tmp_path: Path) -> None:
    review = _with_control_characters(tmp_path)
    report = docx.Document(io.BytesIO(render_report(review, "docx")))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "bellname andvertical tab" in text
    rider = render_rider(review)
    assert docx.Document(io.BytesIO(rider.data)).paragraphs
    contract_set, source = fixture_set(tmp_path)
    redline = render_redline(review, source, contract_set=contract_set, author="Counsel\x07")
    assert docx.Document(io.BytesIO(redline.data)).paragraphs
    json.loads(render_report(review, "json"))  # the JSON keeps the text as it was (escaped)
