"""Page-by-page progress from inside a parser (OCR of scanned pages), without changing the parser
interface: the caller sets a hook for the parse (``reporting``) and the OCR reports each page it
finishes (``page_done``). Inside the parser sandbox the hook sends the count back to the parent
process, which turns it into a ``Progress`` event of stage ``ocr``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageHook = Callable[[int, int], None]  # (pages done, pages in all)
_hook: ContextVar[PageHook | None] = ContextVar("reviewer_page_hook", default=None)


@contextmanager
def reporting(hook: PageHook | None) -> Iterator[None]:
    token = _hook.set(hook)
    try:
        yield
    finally:
        _hook.reset(token)


def page_done(done: int, total: int) -> None:
    """Tell whoever is listening that ``done`` of ``total`` pages are read (a no-op without a hook)."""
    hook = _hook.get()
    if hook is not None:
        hook(done, total)
