"""Starting the app as a real server and a real browser (Debian's chromium) for the e2e test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.app.helpers import free_loopback_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing_browser() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[e2e]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    return None


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the app did not answer within a minute")


def app_command(port: int, *, launcher: bool = True) -> list[str]:
    """The command that serves the app on a loopback port: the product's launcher (``make run``),
    or, for comparison, Streamlit's own ``streamlit run``."""
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    if launcher:
        return [sys.executable, "-m", "ui.launch", *options]
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    return [streamlit, "run", str(ROOT / "app.py"), *options]


@contextmanager
def running_app(
    env: dict[str, str], log: Path, *, launcher: bool = True, prefix: list[str] | None = None
) -> Iterator[str]:
    """The app on a free loopback port (``prefix`` wraps the command, e.g. in strace); yields its
    URL and stops the whole process group afterwards."""
    port = free_loopback_port()
    command = [*(prefix or []), *app_command(port, launcher=launcher)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server)
            yield url
        finally:
            _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@contextmanager
def browser_page(downloads: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()
