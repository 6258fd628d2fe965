"""Many pages: read in parallel (one page per core, at most two), each looked up in the cache by
its image first, with a progress call after every page and a deadline that stops the work in time
to say so (the pages read by then stay cached, so running again carries on where this stopped)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from reviewer.ingest.ocr import engine
from reviewer.ingest.ocr.cache import PageCache, page_key
from reviewer.ingest.ocr.case import restore
from reviewer.ingest.ocr.page import OcrPage, read_image

MAX_WORKERS = 2
Render = Callable[[int], np.ndarray | None]  # page number -> RGB image (None: nothing to read)
OnPage = Callable[[int, int], None]  # (pages done, pages in all)


class OcrTimeoutError(Exception):
    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"OCR read {done} of {total} pages before the time limit")
        self.done, self.total = done, total


WORKER_ADDRESS_SPACE = 1536 * 1024 * 1024  # what one engine session may map (onnxruntime arenas, threads)


def _address_headroom() -> float:
    """Address space left under the sandbox's cap (RLIMIT_AS); unlimited where there is none."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY:
            return float("inf")
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        return float(soft - used)
    except (ImportError, OSError, ValueError):
        return float("inf")


def workers() -> int:
    """Two pages at once on two cores, when the memory cap leaves room for two engines."""
    headroom = _address_headroom()
    room = MAX_WORKERS if headroom == float("inf") else int(headroom // WORKER_ADDRESS_SPACE)
    return max(1, min(MAX_WORKERS, engine.cores(), room))


def _read_one(render: Render, number: int, cache: PageCache, slowest: list[float]) -> OcrPage | None:
    started = time.monotonic()
    try:
        return _read_cached(render, number, cache)
    finally:
        slowest.append(time.monotonic() - started)


def _read_cached(render: Render, number: int, cache: PageCache) -> OcrPage | None:
    image = render(number)
    if image is None:
        return None
    key = page_key(image)
    page = cache.get(key)
    if page is None:
        page = read_image(image)
        if page.lines:  # a page with nothing to read leaves nothing behind (a refused file writes nothing)
            cache.put(key, page)
    for line in page.lines:  # after the cache, which keeps what the engine read
        line.text = restore(line.text)
    return page


def read_pages(
    render: Render,
    numbers: list[int],
    *,
    cache_dir: Path | None,
    deadline: float | None = None,
    on_page: OnPage | None = None,
) -> dict[int, OcrPage | None]:
    """``{page number: OcrPage}`` for ``numbers``; ``deadline`` is a ``time.monotonic()`` value."""
    cache = PageCache(cache_dir)
    results: dict[int, OcrPage | None] = {}
    slowest: list[float] = []  # seconds each page took (list.append is atomic across threads)
    if on_page:
        on_page(0, len(numbers))
    at_once = min(workers(), len(numbers)) or 1
    engine.set_threads(engine.cores() // at_once)  # one page at a time: its engine uses every core
    with ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="ocr") as pool:
        pending: list[tuple[int, Future[OcrPage | None]]] = []
        queue: Iterator[int] = iter(numbers)
        for number in queue:
            # a page is not started when the slowest page so far would not end before the deadline
            if deadline is not None and time.monotonic() + max(slowest, default=0.0) > deadline:
                for _, future in pending:
                    future.cancel()
                raise OcrTimeoutError(len(results), len(numbers))
            pending.append((number, pool.submit(_read_one, render, number, cache, slowest)))
            if len(pending) > at_once:  # keep only a few page images in memory at a time
                done_number, future = pending.pop(0)
                results[done_number] = future.result()
                if on_page:
                    on_page(len(results), len(numbers))
        for done_number, future in pending:
            results[done_number] = future.result()
            if on_page:
                on_page(len(results), len(numbers))
    return results
