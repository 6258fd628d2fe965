"""Every bad input gets a typed error and a one-line message that says what to do; the CLI exits
with 2 and writes nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer import errors
from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.ingest import parse_bytes
from reviewer.settings import Settings
from tests.support import builders

# What a message must ask the user to do: one of these verbs.
ACTIONS = ("upload", "save", "export", "run ocr", "split", "remove", "ask", "check", "rename", "raise", "open")


def _pdf(tmp: Path) -> bytes:
    return builders.english_pdf(tmp / "msa.pdf").read_bytes()


def _docx(tmp: Path) -> bytes:
    return builders.english_docx(tmp / "msa.docx").read_bytes()


def _broken_xml_docx(tmp: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx(tmp))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    return out.getvalue()


def _encrypted_docx() -> bytes:
    """What Word writes for a password-protected file: an OLE container with an EncryptedPackage."""
    return builders.legacy_doc_bytes() + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512


BAD_INPUTS: list[tuple[str, Callable[[Path], bytes], type[errors.BadInputError]]] = [
    ("empty.pdf", lambda t: b"", errors.EmptyFileError),
    ("blank.txt", lambda t: b" \n\t\n ", errors.EmptyFileError),
    ("contract.docx", _pdf, errors.FormatMismatchError),
    ("contract.pdf", _docx, errors.FormatMismatchError),
    ("contract.pdf", lambda t: b"This is a plain text contract.\n", errors.FormatMismatchError),
    ("contract.docx", lambda t: b"PK\x03\x04" + b"\x00" * 200, errors.FormatMismatchError),
    ("contract.pdf", lambda t: builders.corrupt_pdf_bytes(), errors.CorruptFileError),
    ("truncated.pdf", lambda t: _pdf(t)[:1500], errors.CorruptFileError),
    ("broken.docx", _broken_xml_docx, errors.CorruptFileError),
    ("locked.pdf", lambda t: builders.encrypted_pdf(t / "locked.pdf").read_bytes(), errors.EncryptedFileError),
    ("locked.docx", lambda t: _encrypted_docx(), errors.EncryptedFileError),
    ("scan.pdf", lambda t: builders.scanned_pdf(t / "scan.pdf").read_bytes(), errors.NoTextError),
    ("old.doc", lambda t: builders.legacy_doc_bytes(), errors.LegacyFormatError),
    ("macros.docm", _docx, errors.LegacyFormatError),
    ("macros.docx", lambda t: builders.macro_enabled_docx(t / "m.docx").read_bytes(), errors.LegacyFormatError),
    ("bomb.docx", lambda t: builders.zip_bomb_docx(t / "bomb.docx").read_bytes(), errors.ZipBombError),
    ("photo.png", lambda t: b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 100, errors.UnsupportedFormatError),
    (
        "sheet.xlsx",
        lambda t: b"PK\x03\x04\x14\x00[Content_Types].xml" + b"\x00" * 100,
        errors.UnsupportedFormatError,
    ),
]


def assert_actionable(message: str, file_name: str) -> None:
    assert "\n" not in message
    assert message.startswith(f"{file_name}: ")
    assert any(verb in message.lower() for verb in ACTIONS), message
    assert "Traceback" not in message and "Error(" not in message


@pytest.mark.parametrize(
    ("name", "make", "error"), BAD_INPUTS, ids=[f"{n}-{e.__name__}" for n, _, e in BAD_INPUTS]
)
def test_bad_input_gets_a_typed_error(
    tmp_path: Path, settings: Settings, name: str, make: Callable[[Path], bytes], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        parse_bytes(make(tmp_path), name, settings)
    assert_actionable(str(caught.value), name)


def test_size_limit(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, max_file_mb=0.001)
    with pytest.raises(errors.FileTooLargeError) as caught:
        parse_bytes(_pdf(tmp_path), "big.pdf", settings)
    assert_actionable(str(caught.value), "big.pdf")
    assert "REVIEWER_MAX_FILE_MB" in str(caught.value)


@pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
def test_page_limit(tmp_path: Path, kind: str) -> None:
    settings = Settings(data_dir=tmp_path, max_pages=1)
    data = {"pdf": _pdf, "docx": _docx, "txt": lambda t: b"page one\fpage two\fpage three"}[kind](tmp_path)
    with pytest.raises(errors.TooManyPagesError) as caught:
        parse_bytes(data, f"long.{kind}", settings)
    assert_actionable(str(caught.value), f"long.{kind}")
    assert "REVIEWER_MAX_PAGES" in str(caught.value)


def _data_files(settings: Settings) -> list[Path]:
    """Everything written under the data dir except the audit log, which records the refusal."""
    root = settings.data_dir
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "audit")


@pytest.mark.parametrize(
    ("name", "make", "error"), BAD_INPUTS, ids=[f"{n}-{e.__name__}" for n, _, e in BAD_INPUTS]
)
def test_cli_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[Path], bytes],
    error: type[Exception],
) -> None:
    path = tmp_path / "upload" / name
    path.parent.mkdir()
    path.write_bytes(make(tmp_path))
    assert main(["ingest", str(path)]) == ExitCode.BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert_actionable(err.removeprefix("error: ").strip(), name)
    assert _data_files(settings) == []


def test_cli_oversized_file_is_refused_before_reading(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_MAX_FILE_MB", "0.001")
    path = tmp_path / "big.pdf"
    path.write_bytes(_pdf(tmp_path))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the oversized file was read"))
    assert main(["ingest", str(path)]) == ExitCode.BAD_INPUT
    assert "over the limit of 0.001 MB" in capsys.readouterr().err
    assert _data_files(settings) == []


def test_cli_second_file_bad_leaves_nothing(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    good = builders.english_pdf(tmp_path / "msa.pdf")
    bad = builders.scanned_pdf(tmp_path / "order-form.pdf")
    assert main(["ingest", str(good), str(bad)]) == ExitCode.BAD_INPUT
    assert "order-form.pdf: the PDF has no text layer" in capsys.readouterr().err
    assert _data_files(settings) == []


def test_cli_missing_file(tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "nowhere.pdf")]) == ExitCode.NOT_FOUND
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
