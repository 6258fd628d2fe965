"""A Word file with a remote template (and a linked image) phones home when opened: ingest warns of
every external link, and no Word file we write keeps a loading one."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from reviewer.ingest.docx_links import REMOVED_TARGET, external_links
from reviewer.ingest.pipeline import parse_bytes
from reviewer.report import render_redline, render_report, render_rider
from reviewer.settings import Settings
from tests.report_data import fixture_review, fixture_set

TEMPLATE = "http://127.0.0.1:9/t.dotm"
IMAGE = "http://127.0.0.1:9/pixel.png"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _with_remote_template(source: bytes) -> bytes:
    """``source`` with an attached template and a linked image that Word would fetch on open."""
    original = zipfile.ZipFile(io.BytesIO(source))
    out = io.BytesIO()
    with original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "word/settings.xml":
                data = re.sub(rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rIdTpl"/>', data, count=1)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdImg" Type="{REL}/image" Target="{IMAGE}" TargetMode="External"/>'
                    f'<Relationship Id="rIdLink" Type="{REL}/hyperlink" Target="https://example.com/terms" '
                    'TargetMode="External"/></Relationships>'.encode(),
                )
            package.writestr(info, data)
        package.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdTpl" Type="{REL}/attachedTemplate" Target="{TEMPLATE}" TargetMode="External"/>'
            "</Relationships>",
        )
    return out.getvalue()


def _loading(data: bytes) -> list[str]:
    return [link.target for link in external_links(data) if link.loads]


def test_ingest_warns_of_every_external_link_loading_ones_first(settings: Settings, tmp_path: Path) -> None:
    _, source = fixture_set(tmp_path)
    hostile = _with_remote_template(source)
    assert sorted(_loading(hostile)) == sorted([TEMPLATE, IMAGE])
    document = parse_bytes(hostile, "msa.docx", settings)
    links = [w for w in document.warnings if w.kind == "external_link"]
    assert {w.text for w in links[:2]} == {IMAGE, TEMPLATE}
    assert "Word fetches it when the file is opened" in links[0].message
    assert links[-1].text == "https://example.com/terms" and "only when clicked" in links[-1].message


def test_no_word_file_we_write_keeps_a_loading_link(tmp_path: Path) -> None:
    contract_set, source = fixture_set(tmp_path)
    hostile = _with_remote_template(source)
    review = fixture_review()
    redline = render_redline(review, hostile, contract_set=contract_set).data
    assert _loading(redline) and set(_loading(redline)) == {REMOVED_TARGET}  # pointed nowhere
    assert TEMPLATE.encode() not in b"".join(
        zipfile.ZipFile(io.BytesIO(redline)).read(n) for n in zipfile.ZipFile(io.BytesIO(redline)).namelist()
    )
    assert any(link.kind == "hyperlink" for link in external_links(redline))  # a click-only link is kept
    for data in (render_report(review, "docx"), render_rider(review).data):
        assert _loading(data) == []
