"""The app server makes no connection off this machine, even when a web page elsewhere pokes it.

Any page open in the user's browser can open a WebSocket to 127.0.0.1:8501 with its own Origin.
Streamlit judges such a cross-origin request by looking up the machine's addresses: a UDP socket
towards 8.8.8.8 and an HTTP request to checkip.amazonaws.com. The product's launcher
(``python -m ui.launch``, what ``make run`` starts) switches both off. Every connect/sendto of the
server's process tree is recorded with strace; a control run with plain ``streamlit run`` shows
that the probe does provoke the look-ups there, so a silent launcher run means something.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.app.browser import running_app
from tests.support.strace_log import inet_calls

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (apt-get install strace)"),
]
FOREIGN_ORIGIN = "https://pages.elsewhere.example"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"REVIEWER_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}


def _cross_origin_websocket(url: str) -> str:
    """Open the app's WebSocket as a page from another site would; return the status line."""
    where = urlparse(url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {where.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {FOREIGN_ORIGIN}\r\n\r\n"
    )
    with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
        conn.sendall(request.encode())
        reply = conn.recv(4096).decode(errors="replace")
    return reply.splitlines()[0] if reply else ""


def _serve_and_probe(tmp_path: Path, *, launcher: bool) -> tuple[str, list[str]]:
    trace = tmp_path / ("launcher.trace" if launcher else "plain.trace")
    prefix = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace)]
    log = tmp_path / ("launcher.log" if launcher else "plain.log")
    with running_app(_env(tmp_path), log, launcher=launcher, prefix=prefix) as url:
        status = _cross_origin_websocket(url)
        time.sleep(3)  # the look-ups time out after 1 s each
    return status, inet_calls(trace, beyond_loopback=True)


@pytest.mark.slow
def test_the_app_calls_nowhere_when_a_foreign_page_opens_its_websocket(tmp_path: Path) -> None:
    status, calls = _serve_and_probe(tmp_path, launcher=True)
    assert " 101 " not in status, f"a page from {FOREIGN_ORIGIN} was let in: {status}"
    assert calls == [], "the app server reached outside this machine:\n" + "\n".join(calls)


@pytest.mark.slow
def test_control_plain_streamlit_looks_itself_up_on_the_same_probe(tmp_path: Path) -> None:
    _, calls = _serve_and_probe(tmp_path, launcher=False)
    assert calls, "the probe provoked no look-up even in plain Streamlit: the test above proves nothing"
