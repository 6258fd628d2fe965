"""Each kind of bad input, uploaded through the api: a typed error with a message, nothing stored,
nothing lost (a set stored before is untouched), and an ``error`` entry in the audit log."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer import api, errors
from reviewer.contract_sets import ContractSets
from reviewer.settings import Settings
from reviewer.trust import audit
from tests.conftest import FakeEmbedder
from tests.support import builders, hostile

pytestmark = pytest.mark.integration

Build = Callable[[Path], tuple[str, bytes]]


def _encrypted_pdf(folder: Path) -> tuple[str, bytes]:
    from reportlab.pdfgen import canvas

    path = folder / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 700, "1. Confidential terms")
    c.save()
    return path.name, path.read_bytes()


def _scanned_pdf(folder: Path) -> tuple[str, bytes]:
    from reportlab.pdfgen import canvas

    path = folder / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 400, 300, 300, fill=1)  # a page with a picture-like shape and no text layer
    c.save()
    return path.name, path.read_bytes()


def _macro_docx(folder: Path) -> tuple[str, bytes]:
    data = builders.english_docx(folder / "m.docx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in source.namelist():
            z.writestr(name, source.read(name))
        z.writestr("word/vbaProject.bin", b"\x00macro")
    return "macro.docx", out.getvalue()


def _docx_not_a_document(folder: Path) -> tuple[str, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/other.xml", "<x/>")
    return "package.docx", out.getvalue()


KINDS: dict[str, tuple[Build, type[errors.ReviewerError], dict[str, float]]] = {
    "empty file": (lambda f: ("empty.pdf", b""), errors.EmptyFileError, {}),
    "blank text file": (lambda f: ("blank.txt", b"   \n\n  "), errors.EmptyFileError, {}),
    "unsupported type": (
        lambda f: ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        errors.UnsupportedFormatError,
        {},
    ),
    "extension disagrees with content": (
        lambda f: ("contract.pdf", builders.chinese_docx(f / "x.docx").read_bytes()),
        errors.FormatMismatchError,
        {},
    ),
    "corrupt PDF": (lambda f: ("broken.pdf", builders.corrupt_pdf_bytes()), errors.CorruptFileError, {}),
    "truncated PDF": (
        lambda f: ("cut.pdf", builders.english_pdf(f / "c.pdf").read_bytes()[:900]),
        errors.CorruptFileError,
        {},
    ),
    "password-protected PDF": (_encrypted_pdf, errors.EncryptedFileError, {}),
    "scanned PDF without text": (_scanned_pdf, errors.NoTextError, {}),
    "legacy Word .doc": (
        lambda f: ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        errors.LegacyFormatError,
        {},
    ),
    "macro-enabled Word file": (_macro_docx, errors.LegacyFormatError, {}),
    "zip bomb DOCX": (
        lambda f: ("bomb.docx", builders.zip_bomb_docx(f / "b.docx", unpacked_mb=60).read_bytes()),
        errors.ZipBombError,
        {},
    ),
    "zip package that is not a Word file": (_docx_not_a_document, errors.FormatMismatchError, {}),
    "file over the size limit": (
        lambda f: ("huge.pdf", builders.english_pdf(f / "h.pdf").read_bytes()),
        errors.FileTooLargeError,
        {"max_file_mb": 0.001},
    ),
    "too many pages": (
        lambda f: ("long.pdf", builders.english_pdf(f / "l.pdf", pages=3).read_bytes()),
        errors.TooManyPagesError,
        {"max_pages": 2},
    ),
    # The parser blocks until it is killed (see `_a_parser_that_never_ends`): the time limit is tested,
    # not the machine's speed.
    "parser runs past the time limit": (
        lambda f: ("slow.pdf", builders.english_pdf(f / "s.pdf").read_bytes()),
        errors.ParseTimeoutError,
        {"parse_timeout_s": 1.0},
    ),
    # Inflates to 300 MB; under a 64 MB cap the page cannot be read (without it: ~7 s and >300 MB).
    "PDF decompression bomb": (
        lambda f: ("bomb.pdf", hostile.pdf_decompression_bomb(f / "bomb.pdf").read_bytes()),
        errors.BadInputError,
        {"parse_memory_mb": 64},
    ),
}


@pytest.fixture
def with_a_stored_set(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    return api.ingest([builders.english_docx(tmp_path / "good.docx")], settings=settings).contract_set.id


def _a_parser_that_never_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF parser sleeps far past any limit; only the sandbox's kill can end it."""
    import time

    from reviewer.ingest.pdf import PdfParser

    def parse(self: PdfParser, data: bytes, name: str, settings: Settings) -> object:
        time.sleep(3600)
        raise AssertionError("the sandbox let a parser run past its time limit")

    monkeypatch.setattr(PdfParser, "parse", parse)


@pytest.mark.parametrize("kind", list(KINDS))
def test_bad_input_is_refused_with_a_typed_error_and_loses_nothing(
    kind: str, settings: Settings, with_a_stored_set: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, expected, limits = KINDS[kind]
    if kind == "parser runs past the time limit":
        _a_parser_that_never_ends(monkeypatch)
    name, data = build(tmp_path)
    limited = Settings(**{**settings.model_dump(), **limits})
    with pytest.raises(expected) as info:
        api.ingest_bytes([(name, data)], settings=limited)
    assert info.value.file == name and len(info.value.message) > 20
    assert [s.id for s in api.list_sets(settings)] == [with_a_stored_set]  # nothing added, nothing lost
    assert not any(p.name.startswith(".staging") for p in settings.sets_dir.iterdir())
    entry = audit.read_entries(settings, action="ingest")[-1]
    assert entry.outcome == "error" and entry.detail["error_type"] == type(info.value).__name__
    assert entry.files == [hashlib.sha256(data).hexdigest()]  # the file's hash, not its name or text
