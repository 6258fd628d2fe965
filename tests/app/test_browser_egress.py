"""Nothing leaves the machine, in the browser too: the app in Chromium with hostile contracts
loaded (a Markdown image to a local listener in a white-text run, in the file name and in the set
name); upload, review, open the hidden-text finding, every results view, every export, History,
Settings and the Audit log. Every request the page makes is recorded; any to a host other than
the app's own fails the test, and so does any request reaching the listener."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.app.browser import browser_page, missing_browser, running_app
from tests.app.contracts import hostile_docx
from tests.app.helpers import DOCX_MIME
from tests.app.test_e2e_browser import _choose, _env, _name_the_set, _start, _wait_idle

REASON = missing_browser()
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(REASON is not None, reason=f"browser test: {REASON}"),
]
HIDDEN_FINDING = "The document contains text invisible to a human reader"
LOCAL_SCHEMES = ("data", "blob", "about")


@contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that records every path asked of it: where a leak would land."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _foreign(requests: list[str], app_url: str) -> list[str]:
    app = urlparse(app_url).netloc
    return [u for u in requests if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).netloc != app]


def _review(page: Any, document: bytes, file_name: str, set_name: str) -> None:
    payload = {"name": file_name, "mimeType": DOCX_MIME, "buffer": document}
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([payload])
    _wait_idle(page)
    _name_the_set(page, set_name)
    _choose(page, "Playbook", "A two-check playbook for tests (2 checks)")
    _start(page)
    page.get_by_text("Overall risk").wait_for(timeout=120_000)
    _wait_idle(page)


def _every_view(page: Any, tmp_path: Path) -> int:
    """Open the hidden-text finding, the checklist, every export, then every page; returns the
    number of files downloaded."""
    _choose(page, "Open a finding (or click a row above)", f"◐ {HIDDEN_FINDING}")
    page.locator("h3", has_text=HIDDEN_FINDING).wait_for()
    page.wait_for_timeout(1_000)
    page.get_by_text("Checklist & drafts", exact=True).click()
    page.get_by_text("Draft clauses", exact=True).wait_for()
    page.get_by_text("Export", exact=True).click()
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    buttons.first.wait_for(timeout=60_000)
    _wait_idle(page)
    downloads = 0
    for n in range(buttons.count()):
        with page.expect_download(timeout=120_000) as download:
            buttons.nth(n).click()
        download.value.save_as(str(tmp_path / f"export-{n}"))
        downloads += 1
    for name in ("History", "Settings", "Audit log"):
        page.locator("[data-testid=stSidebar]").get_by_text(name).first.click()
        _wait_idle(page)
        page.wait_for_timeout(1_000)
    return downloads


def test_no_request_leaves_the_apps_origin_with_hostile_contracts_loaded(tmp_path: Path) -> None:
    with listener() as (trap, hits):
        document = hostile_docx(tmp_path / "hostile.docx", f"![x]({trap}/hidden-text.png)").read_bytes()
        file_name = f"![x]({trap}/file-name.png).docx"
        # A set name may not hold "/" (refused at ingest), so its image points back at the app itself.
        set_name = "![x](set-name.png) <img src=set-html.png> :red[pwn] :skull:"
        requests: list[str] = []
        with running_app(_env(tmp_path), tmp_path / "app.log") as url, browser_page(tmp_path) as page:
            page.context.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            page.get_by_text("Review a vendor's contract").wait_for()
            _wait_idle(page)
            _review(page, document, file_name, set_name)
            downloads = _every_view(page, tmp_path)
            page.wait_for_timeout(2_000)  # late image and font loads
    assert downloads >= 5, f"only {downloads} exports downloaded"
    favicon = [u for u in requests if urlparse(u).path.startswith("/media/") and u.endswith(".png")]
    assert favicon, f"the favicon was not served by the app: {sorted(u for u in requests if 'icon' in u)}"
    assert hits == [], f"the page fetched from the listener: {hits}"
    assert not [u for u in requests if "set-name" in u or "set-html" in u], "the set name loaded an image"
    assert _foreign(requests, url) == [], f"requests that left the app's origin: {_foreign(requests, url)}"
    assert len(requests) > 20, "the recorder saw almost nothing; is it attached?"
