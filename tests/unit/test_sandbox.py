"""The parse sandbox: hard time limit, memory budget, crashes and untyped errors become typed errors."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import ClassVar

import pytest

from reviewer.errors import (
    CorruptFileError,
    EncryptedFileError,
    FileTooLargeError,
    ParseTimeoutError,
)
from reviewer.ingest import sandbox
from reviewer.ingest.base import ParsedDocument, Parser, RawBlock
from reviewer.ingest.pipeline import parse_bytes
from reviewer.settings import Settings


class _Scripted(Parser):
    """A parser that does what the test tells it to, in whichever process runs it."""

    media_type: ClassVar[str] = "application/x-test"
    extensions: ClassVar[tuple[str, ...]] = (".test",)
    label: ClassVar[str] = "test"

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return False

    def parse(self, data: bytes, name: str, settings: Settings) -> ParsedDocument:
        if self.behaviour == "hang":
            while True:
                time.sleep(0.05)
        if self.behaviour == "segfault":
            os.kill(os.getpid(), signal.SIGSEGV)
        if self.behaviour == "exit":
            os._exit(3)
        if self.behaviour == "hog":
            hoard = []
            while True:
                hoard.append(bytearray(64 * 1024 * 1024))
        if self.behaviour == "bug":
            raise KeyError("an untyped parser bug")
        if self.behaviour == "import":
            import wave  # noqa: F401  (a module the parent has not loaded)
        if self.behaviour == "encrypted":
            raise EncryptedFileError("locked", file=name)
        return ParsedDocument(
            media_type=self.media_type, page_count=1, blocks=[RawBlock(text=f"pid {os.getpid()}", page=1)]
        )


def _limited(settings: Settings, **changes: float) -> Settings:
    return settings.model_copy(update={"parse_timeout_s": 1.0, **changes})


def test_a_parse_runs_in_a_child_process(settings: Settings) -> None:
    parsed = sandbox.run_parser(_Scripted("ok"), b"x", "a.test", _limited(settings))
    assert parsed.blocks[0].text != f"pid {os.getpid()}"


def test_a_hanging_parser_is_killed_on_time(settings: Settings) -> None:
    started = time.monotonic()
    with pytest.raises(ParseTimeoutError) as info:
        sandbox.run_parser(_Scripted("hang"), b"x", "slow.test", _limited(settings, parse_timeout_s=0.5))
    assert time.monotonic() - started < 10
    assert info.value.file == "slow.test" and "REVIEWER_PARSE_TIMEOUT_S" in info.value.message


@pytest.mark.parametrize("behaviour", ["segfault", "exit"])
def test_a_crashing_parser_becomes_a_typed_error(settings: Settings, behaviour: str) -> None:
    with pytest.raises(CorruptFileError, match="crashed"):
        sandbox.run_parser(_Scripted(behaviour), b"x", "c.test", _limited(settings))


def test_a_memory_hog_is_stopped(settings: Settings) -> None:
    with pytest.raises(FileTooLargeError, match="MB of memory"):
        sandbox.run_parser(
            _Scripted("hog"), b"x", "big.test", _limited(settings, parse_memory_mb=256, parse_timeout_s=30)
        )


def test_an_untyped_exception_becomes_a_typed_error(settings: Settings) -> None:
    with pytest.raises(CorruptFileError, match="KeyError"):
        sandbox.run_parser(_Scripted("bug"), b"x", "b.test", _limited(settings))


def test_a_typed_error_keeps_its_class_message_and_file(settings: Settings) -> None:
    with pytest.raises(EncryptedFileError) as info:
        sandbox.run_parser(_Scripted("encrypted"), b"x", "e.test", _limited(settings))
    assert info.value.message == "locked" and info.value.file == "e.test"


def test_without_fork_a_thread_still_answers_on_time(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "can_fork", lambda: False)
    parsed = sandbox.run_parser(_Scripted("ok"), b"x", "a.test", _limited(settings))
    assert parsed.blocks[0].text == f"pid {os.getpid()}"
    with pytest.raises(CorruptFileError, match="KeyError"):
        sandbox.run_parser(_Scripted("bug"), b"x", "b.test", _limited(settings))


def test_timeout_zero_parses_in_process(settings: Settings) -> None:
    parsed = sandbox.run_parser(
        _Scripted("ok"), b"x", "a.test", settings.model_copy(update={"parse_timeout_s": 0})
    )
    assert parsed.blocks[0].text == f"pid {os.getpid()}"


def test_parse_bytes_goes_through_the_sandbox(settings: Settings, tmp_path: Path) -> None:
    from tests.support.builders import english_docx

    data = english_docx(tmp_path / "msa.docx").read_bytes()
    doc = parse_bytes(data, "msa.docx", _limited(settings, parse_timeout_s=60))
    assert "Customer Data" in doc.text and doc.sections


def test_what_the_child_imported_is_imported_in_the_parent(settings: Settings) -> None:
    import sys

    sys.modules.pop("wave", None)
    sandbox._adopted.discard("wave")
    sandbox.run_parser(_Scripted("import"), b"x", "a.test", _limited(settings))
    assert "wave" in sys.modules  # the next child starts with it loaded
