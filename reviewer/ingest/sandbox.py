"""Parsers run in a child process, so that a hostile file can neither hang nor exhaust the app.

The child is forked (it shares the loaded parser libraries and the file's bytes with the parent,
so starting it costs milliseconds), gets a memory budget (``REVIEWER_PARSE_MEMORY_MB`` on top of
what it inherits) and is killed when it runs past ``REVIEWER_PARSE_TIMEOUT_S``. It sends back the
parsed blocks or the typed error; a crash, a kill or an untyped exception becomes a typed
``BadInputError`` with a message the user can act on.

Where forking is impossible (no ``fork`` on the platform, or inside a daemonic process) the parser
runs in a thread instead: the app still gets ``ParseTimeoutError`` in time, but the thread cannot
be killed and runs on in the background. ``REVIEWER_PARSE_TIMEOUT_S=0`` parses in-process with no
limit (for debugging a parser).

``reviewer doctor --sandbox-overhead FILE...`` prints the time each file takes in-process and in
the sandbox, so the overhead can be measured on real files.
"""

from __future__ import annotations

import faulthandler
import importlib
import logging
import multiprocessing
import os
import re
import sys
import threading
import time
from contextvars import copy_context
from multiprocessing.connection import Connection
from typing import Any

from reviewer import errors
from reviewer.errors import CorruptFileError, FileTooLargeError, ParseTimeoutError, ReviewerError
from reviewer.ingest.base import ParsedDocument, Parser
from reviewer.ingest.progress import PageHook, reporting
from reviewer.settings import Settings

log = logging.getLogger(__name__)

_EXPORT_AGAIN = "export it again from the original, or ask the vendor for a new copy"
MEMORY_MARGIN = 64 * 1024 * 1024  # a failure this close to the cap is taken as running out of memory
_adopted: set[str] = set()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def run_parser(
    parser: Parser, data: bytes, name: str, settings: Settings, on_page: PageHook | None = None
) -> ParsedDocument:
    """``parser.parse(data, name, settings)`` under the configured time and memory limits;
    ``on_page(done, total)`` is called in this process as the parser reads pages by OCR."""
    if settings.parse_timeout_s <= 0 or parser.media_type.startswith("text/"):
        with reporting(on_page):  # plain text is decoded, not parsed: nothing to contain
            return parser.parse(data, name, settings)
    if can_fork():
        return _in_child(parser, data, name, settings, on_page)
    return _in_thread(parser, data, name, settings, on_page)


# --- the child process ---------------------------------------------------------------------------


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _limit_memory(budget_mb: float) -> int | None:
    """Cap the child's address space at what it inherited plus ``budget_mb`` (Linux); the cap."""
    try:
        import resource

        limit = _address_space() + int(budget_mb * 1024 * 1024)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return limit
    except (ImportError, OSError, ValueError):
        return None  # not Linux: the time limit still holds


_MEMORY_WORDS = re.compile(r"memory allocation failed|out of memory|cannot allocate memory|std::bad_alloc", re.I)


def looks_out_of_memory(exc: BaseException) -> bool:
    """An error a library raises when an allocation failed (e.g. lxml's "Memory allocation failed")."""
    return isinstance(exc, MemoryError) or bool(_MEMORY_WORDS.search(str(exc)))


def _out_of_memory(exc: BaseException, limit: int | None) -> bool:
    """A MemoryError, or another failure (a library that cannot be mapped) right at the cap."""
    if isinstance(exc, MemoryError):
        return True
    if looks_out_of_memory(exc):
        return True
    try:
        return limit is not None and _address_space() + MEMORY_MARGIN >= limit
    except (OSError, ValueError):
        return False


def _child(conn: Connection, parser: Parser, data: bytes, name: str, settings: Settings, report: bool) -> None:
    faulthandler.disable()  # a crash here is reported by the parent, not dumped on the terminal
    before = set(sys.modules)
    limit = None

    def send_page(done: int, total: int) -> None:
        conn.send(("progress", done, total))

    try:
        limit = _limit_memory(settings.parse_memory_mb)
        with reporting(send_page if report else None):
            message: tuple[Any, ...] = ("ok", parser.parse(data, name, settings))
    except ReviewerError as exc:
        message = ("error", type(exc).__name__, exc.message, exc.file)
    except BaseException as exc:  # anything else is a file the parser could not cope with
        message = ("memory",) if _out_of_memory(exc, limit) else ("crash", type(exc).__name__, str(exc)[:300])
    try:
        conn.send((*message[:1], sorted(set(sys.modules) - before), *message[1:]))
    except MemoryError:
        conn.send(("memory", []))
    finally:
        conn.close()


def _adopt_imports(names: list[str]) -> None:
    """Import in the parent what the child had to import, so that the next child starts warm.

    (Parsers import their libraries lazily; without this every child would import them again.)
    """
    for name in names:
        if name in sys.modules or name in _adopted or name.startswith("__"):
            continue
        _adopted.add(name)
        try:
            importlib.import_module(name)
        except Exception:  # a module that only imports in special conditions: the child can still do it
            log.debug("could not preload %s", name)


def _in_child(
    parser: Parser, data: bytes, name: str, settings: Settings, on_page: PageHook | None
) -> ParsedDocument:
    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)
    args = (writer, parser, data, name, settings, on_page is not None)
    process = ctx.Process(target=_child, args=args, daemon=True)
    process.start()
    writer.close()
    message: tuple[Any, ...] | None = None
    timed_out = False
    deadline = time.monotonic() + settings.parse_timeout_s
    try:
        while message is None:
            if not reader.poll(max(0.0, deadline - time.monotonic())):
                timed_out = True
                break
            try:
                message = reader.recv()
            except (EOFError, OSError):
                process.join(5)  # it died without answering; its exit code says how
                break
            if message[0] == "progress":  # pages read so far, then the answer
                if on_page is not None:
                    on_page(message[1], message[2])
                message = None
    finally:
        process.join(1.0 if message is not None else 0)  # it exits as soon as it has answered
        if process.is_alive():
            process.kill()
            process.join()
        reader.close()
    if timed_out:
        raise _timeout(name, settings)
    if message is None:
        raise _died(name, process.exitcode)
    _adopt_imports(message[1])
    return _unpack((message[0], *message[2:]), name, settings)


def _unpack(message: tuple[Any, ...], name: str, settings: Settings) -> ParsedDocument:
    kind = message[0]
    if kind == "ok":
        parsed: ParsedDocument = message[1]
        return parsed
    if kind == "error":
        _, class_name, text, file = message
        cls = getattr(errors, class_name, None)
        if not (isinstance(cls, type) and issubclass(cls, ReviewerError)):
            cls = CorruptFileError
        raise cls(text, file=file)
    if kind == "memory":
        raise _memory(name, settings)
    _, type_name, text = message
    log.warning("the parser failed on %s with %s: %s", name, type_name, text)
    raise _unreadable(name, type_name)


def _unreadable(name: str, type_name: str) -> CorruptFileError:
    return CorruptFileError(f"the file could not be read ({type_name}); {_EXPORT_AGAIN}", file=name)


def _timeout(name: str, settings: Settings) -> ParseTimeoutError:
    return ParseTimeoutError(
        f"reading the file took longer than {settings.parse_timeout_s:g} s and was stopped; "
        f"{_EXPORT_AGAIN}, or raise REVIEWER_PARSE_TIMEOUT_S",
        file=name,
    )


def _memory(name: str, settings: Settings) -> FileTooLargeError:
    return FileTooLargeError(
        f"reading the file needed more than {settings.parse_memory_mb:g} MB of memory and was stopped as "
        f"unsafe; {_EXPORT_AGAIN}, or raise REVIEWER_PARSE_MEMORY_MB",
        file=name,
    )


def _died(name: str, exitcode: int | None) -> ReviewerError:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
    log.warning("the parser process for %s ended without an answer (%s)", name, how)
    return CorruptFileError(f"the parser crashed on this file ({how}); {_EXPORT_AGAIN}", file=name)


# --- the thread fallback -----------------------------------------------------------------------


def _in_thread(
    parser: Parser, data: bytes, name: str, settings: Settings, on_page: PageHook | None
) -> ParsedDocument:
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            with reporting(on_page):
                outcome["parsed"] = parser.parse(data, name, settings)
        except BaseException as exc:
            outcome["error"] = exc

    context = copy_context()
    thread = threading.Thread(target=context.run, args=(work,), name=f"parse {name}", daemon=True)
    thread.start()
    thread.join(settings.parse_timeout_s)
    if thread.is_alive():
        raise _timeout(name, settings)
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, ReviewerError):
            raise exc
        if _out_of_memory(exc, None):
            raise _memory(name, settings) from exc
        log.warning("the parser failed on %s with %s: %s", name, type(exc).__name__, exc)
        raise _unreadable(name, type(exc).__name__) from exc
    result: ParsedDocument = outcome["parsed"]
    return result
