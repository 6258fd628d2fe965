"""Pictures of pages inside a Word file: which pictures count as pages, and a picture of
decompression-bomb size is refused from its header, before anything is decoded."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest

from reviewer.ingest.docx.images import _decode, page_picture
from tests.support.scan_builders import scan_docx


def _png_header(width: int, height: int) -> bytes:
    """The start of a PNG that claims ``width`` x ``height`` pixels (no image data follows)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_bomb_sized_picture_is_refused_before_it_is_decoded() -> None:
    array, why = _decode(_png_header(12_000, 12_000))  # 144 megapixels: under PIL's own limit
    assert array is None and "12000 x 12000 pixels, too large" in why
    array, why = _decode(_png_header(40_000, 40_000))  # PIL refuses it itself
    assert array is None and "too large" in why


def test_a_large_picture_is_read_smaller() -> None:
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (9000, 6000), "white").save(buf, "JPEG")
    array, _ = _decode(buf.getvalue())
    assert array is not None and array.shape[0] * array.shape[1] <= 40_000_000


def test_only_page_sized_pictures_count_as_pages(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    path = scan_docx(tmp_path / "a.docx", [Image.new("RGB", (620, 877), "white")], logo=True)
    paragraphs = docx.Document(str(path)).element.body.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    )
    found = [page_picture(p) for p in paragraphs]
    assert found[0] is None and found[1] is not None  # the logo, then the page
