"""OCR reports every page it reads through the ingest's ``ProgressCallback`` (stage ``ocr``), from
inside the parser sandbox as well as in-process. The engine is replaced by a fake that "reads" a
clause per page, so this runs without it and fast."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pytest

from reviewer.ingest.ocr import OcrLine, OcrPage
from reviewer.ingest.pipeline import parse_bytes
from reviewer.models import Progress
from reviewer.settings import Settings
from tests.support.builders import scanned_pdf


def _fake_read(image: np.ndarray) -> OcrPage:
    height, width = image.shape[:2]
    line = OcrLine(
        "Vendor shall delete all Customer Data within thirty days of termination.", (50, 60, 900, 90), 0.95
    )
    return OcrPage(width=width, height=height, lines=[line])


@pytest.fixture(autouse=True)
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewer.ingest.ocr.available", lambda: True)
    monkeypatch.setattr("reviewer.ingest.ocr.batch.read_image", _fake_read)


@pytest.mark.parametrize("timeout_s", [30.0, 0.0], ids=["sandbox", "in-process"])
def test_every_scanned_page_is_reported_as_it_is_read(tmp_path: Path, timeout_s: float) -> None:
    settings = Settings(data_dir=tmp_path / "data", parse_timeout_s=timeout_s)
    data = scanned_pdf(tmp_path / "scan.pdf", pages=3).read_bytes()
    events: list[Progress] = []
    document = parse_bytes(data, "scan.pdf", settings, events.append)
    assert [(e.stage, e.current, e.total) for e in events] == [("ocr", n, 3) for n in range(4)]
    assert events[2].message == "scan.pdf: OCR page 2 of 3"
    assert document.text.count("Vendor shall delete") == 3


def test_a_text_file_reports_no_ocr_pages(tmp_path: Path) -> None:
    events: list[Progress] = []
    parse_bytes(
        b"1. Services\n\nVendor provides the Services.", "a.txt", Settings(data_dir=tmp_path), events.append
    )
    assert events == []


def test_no_page_is_started_that_would_end_after_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer.ingest.ocr import batch

    clock = [0.0]

    class _Clock:
        @staticmethod
        def monotonic() -> float:
            return clock[0]

    def slow_read(image: np.ndarray) -> OcrPage:
        clock[0] += 30.0  # each page takes 30 "seconds"
        return _fake_read(image)

    class _InLine:  # pages read one after the other in this thread: the clock is the only timer
        def __init__(self, **_: object) -> None:
            pass

        def __enter__(self) -> _InLine:
            return self

        def __exit__(self, *_: object) -> None:
            return None

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            future: Future[object] = Future()
            future.set_result(fn(*args))
            return future

    monkeypatch.setattr(batch, "time", _Clock)
    monkeypatch.setattr(batch, "ThreadPoolExecutor", _InLine)
    monkeypatch.setattr(batch, "read_image", slow_read)
    monkeypatch.setattr(batch, "workers", lambda: 1)
    blank = np.full((100, 80, 3), 255, np.uint8)
    with pytest.raises(batch.OcrTimeoutError) as caught:
        batch.read_pages(lambda n: blank + n, [1, 2, 3], cache_dir=None, deadline=80.0)
    assert (caught.value.done, caught.value.total) == (1, 3)  # at 60 s a third page would end at 90 s
