"""Driving the app with Streamlit's AppTest."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def new_app() -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def wait_for_job(at: Any, timeout: float = 180.0) -> Any:
    """Rerun the app until the background review finishes (it polls, as the browser does)."""
    job = at.session_state["job"]
    assert job.wait(timeout), "the review did not finish in time"
    at.run()
    at.run()  # the first run opens the results and asks for a rerun
    assert not at.exception, at.exception
    return job


def start_review(at: Any, files: list[tuple[str, bytes]], *, name: str = "", playbook: str = "mini") -> Any:
    uploader = at.file_uploader(key="uploads")
    for file_name, data in files:
        uploader.upload(file_name, data, DOCX_MIME if file_name.endswith(".docx") else "application/pdf")
    at.run()
    if name:
        at.text_input(key="set_name").input(name)
    at.selectbox(key="playbook").select(playbook)
    at.button(key="start").click().run()
    assert not at.exception, at.exception
    return wait_for_job(at)


def poll(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


def table_with(at: Any, column: str) -> Any:
    """The first table (as a DataFrame) that has ``column``."""
    for frame in at.dataframe:
        value = frame.value
        if column in getattr(value, "columns", []):
            return value
    raise AssertionError(f"no table with a {column!r} column")


def button(at: Any, label: str) -> Any:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in at.button]}"
    return matches[0]


def free_loopback_port() -> int:
    """A loopback port nothing listens on (for an 'unreachable server' case)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shown(markdown: str) -> str:
    """The text a reader sees when Streamlit renders ``markdown`` (CommonMark; escapes undone,
    invisible word joiners dropped): to compare escaped app text with what was written."""
    import html
    import re

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "").strip()
