"""A Word file with a remote template (and a linked image) phones home when opened: ingest warns of
every external link, and no Word file we write keeps a loading one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reviewer.docx_links import REMOVED_TARGET, external_links
from reviewer.ingest.pipeline import parse_bytes
from reviewer.report import render_redline, render_report, render_rider
from reviewer.settings import Settings
from tests.support.hostile import IMAGE, TEMPLATE, with_remote_template
from tests.support.report_data import fixture_review, fixture_set


def _loading(data: bytes) -> list[str]:
    return [link.target for link in external_links(data) if link.loads]


def test_ingest_warns_of_every_external_link_loading_ones_first(settings: Settings, tmp_path: Path) -> None:
    _, source = fixture_set(tmp_path)
    hostile = with_remote_template(source)
    assert sorted(_loading(hostile)) == sorted([TEMPLATE, IMAGE])
    document = parse_bytes(hostile, "msa.docx", settings)
    links = [w for w in document.warnings if w.kind == "external_link"]
    assert {w.text for w in links[:2]} == {IMAGE, TEMPLATE}
    assert "Word fetches it when the file is opened" in links[0].message
    assert links[-1].text == "https://example.com/terms" and "only when clicked" in links[-1].message


def test_no_word_file_we_write_keeps_a_loading_link(tmp_path: Path) -> None:
    contract_set, source = fixture_set(tmp_path)
    hostile = with_remote_template(source)
    review = fixture_review()
    redline = render_redline(review, hostile, contract_set=contract_set).data
    assert _loading(redline) and set(_loading(redline)) == {REMOVED_TARGET}  # pointed nowhere
    assert TEMPLATE.encode() not in b"".join(
        zipfile.ZipFile(io.BytesIO(redline)).read(n) for n in zipfile.ZipFile(io.BytesIO(redline)).namelist()
    )
    assert any(link.kind == "hyperlink" for link in external_links(redline))  # a click-only link is kept
    for data in (render_report(review, "docx"), render_rider(review).data):
        assert _loading(data) == []
