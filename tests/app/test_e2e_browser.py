"""End to end in a real browser: start the app, upload a DOCX, wait for the findings, open one,
download the report and read it back. Screenshots of each screen go to APP_SHOTS_DIR
(default /tmp/app-shots), outside the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.app.browser import browser_page, missing_browser, running_app
from tests.app.contracts import vendor_docx
from tests.support.builders import corrupt_pdf_bytes

REASON = missing_browser()
if REASON is None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(REASON is not None, reason=f"browser test: {REASON}"),
]
MINI = Path(__file__).resolve().parents[2] / "tests" / "data" / "mini-playbook.yaml"


def _shots() -> Path:
    folder = Path(os.environ.get("APP_SHOTS_DIR", "/tmp/app-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: Any, name: str) -> None:
    page.wait_for_timeout(400)  # let the last rerun paint
    page.screenshot(path=str(_shots() / f"{name}.png"), full_page=True)


def _wait_idle(page: Any) -> None:
    """Until Streamlit reports that the script is not running."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def _start(page: Any) -> None:
    """Click "Start review" once it is enabled: on a busy machine the upload and the reruns that
    follow may still be under way when the last widget was set."""
    button = page.get_by_role("button", name="Start review")
    try:
        expect(button).to_be_enabled(timeout=120_000)
    except AssertionError as exc:  # say what the page shows instead
        main = page.locator('[data-testid="stMain"]').inner_text()
        raise AssertionError(f"Start review stayed disabled; the page shows:\n{main[:3000]}") from exc
    button.click()


def _retrying(page: Any, what: str, act: Any) -> None:
    """``act()`` until it lands, four attempts: during a rerun Streamlit may show the old widget
    beside the new one, or redraw a list under the pointer. ``act`` returns False to try again."""
    for _ in range(4):
        _wait_idle(page)
        try:
            landed = act() is not False
        except PlaywrightError:  # two widgets for one label, or a click that timed out
            page.wait_for_timeout(500)
            continue
        if landed:
            _wait_idle(page)
            return
    raise AssertionError(f"could not {what} in four attempts")


def _name_the_set(page: Any, name: str) -> None:
    """Type the contract set's name."""

    def act() -> None:
        box = page.get_by_label("Vendor or contract name")
        box.fill(name, timeout=10_000)
        box.press("Enter", timeout=10_000)

    _retrying(page, f"type the set name {name!r}", act)


def _choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in a selectbox."""

    def act() -> bool:
        page.get_by_label(label).click(timeout=10_000)  # a selectbox opens its list
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
        except PlaywrightTimeout:  # the list was redrawn under the pointer
            page.keyboard.press("Escape")
            return False
        return True

    _retrying(page, f"choose {option!r} in {label}", act)


def _click_row(page: Any, row: int) -> None:
    """Click a row of the findings table (a canvas grid: by position, in its checkbox column)."""
    table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    box = table.bounding_box()
    header = row_height = 35
    page.mouse.click(box["x"] + 15, box["y"] + header + row * row_height + row_height / 2)
    _wait_idle(page)


def _env(tmp_path: Path) -> dict[str, str]:
    books = tmp_path / "playbooks"
    books.mkdir()
    shutil.copy(MINI, books / "mini.yaml")
    return {
        "REVIEWER_DATA_DIR": str(tmp_path / "data"),
        "REVIEWER_PLAYBOOKS": str(books),
        "HF_HUB_OFFLINE": "1",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }


def _upload_and_review(page: Any, files: list[Path], name: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(f) for f in files])
    page.get_by_text(files[0].name).first.wait_for()
    _name_the_set(page, name)
    _choose(page, "Playbook", "A two-check playbook for tests (2 checks)")
    _start(page)


def _bad_file_gets_a_message(page: Any, broken: Path) -> None:
    _upload_and_review(page, [broken], "Broken upload")
    page.get_by_text(f"{broken.name}:").wait_for(timeout=60_000)
    _shot(page, "02-bad-file")
    page.get_by_role("button", name=f"Remove {broken.name}").click()
    _wait_idle(page)


def _open_findings(page: Any) -> None:
    _click_row(page, 1)  # the second row: the partial breach-notice finding
    page.locator("h3", has_text="Breach notice within a stated number of hours").wait_for()
    _choose(page, "Open a finding (or click a row above)", "✕ No training on customer data")
    page.locator("h3", has_text="No training on customer data").wait_for()
    expect(page.locator(".cr-passage mark").first).to_contain_text("train and improve")
    _shot(page, "04-finding")


def _checklist_and_export(page: Any, tmp_path: Path) -> None:
    page.get_by_text("Checklist & drafts", exact=True).click()
    page.get_by_text("Draft clauses", exact=True).wait_for()
    _wait_idle(page)
    _shot(page, "05-checklist")
    page.get_by_text("Export", exact=True).click()
    button = page.get_by_role("button", name="Report (Word)")
    button.wait_for(timeout=60_000)
    _wait_idle(page)
    _shot(page, "06-export")
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(str(saved))
    assert saved.name.endswith("-report-en.docx")
    report = docx.Document(str(saved))
    text = "\n".join(
        [p.text for p in report.paragraphs] + [c.text for t in report.tables for r in t.rows for c in r.cells]
    )
    assert "Acme AI" in text and "No training on customer data" in text
    assert "Vendor may use Customer Data and prompts to train" in text  # the quoted evidence


def _history_compares_versions(page: Any, second: Path) -> None:
    page.get_by_text("New review").first.click()
    page.get_by_text("Upload documents", exact=True).wait_for()
    _upload_and_review(page, [second], "Acme AI")
    page.get_by_text("Overall risk").wait_for(timeout=120_000)
    page.get_by_text("History").first.click()
    page.get_by_text("Compare two reviews", exact=False).click()
    page.get_by_text("1 better", exact=False).wait_for()
    _wait_idle(page)
    _shot(page, "07-history")


def test_upload_review_open_a_finding_and_download_the_report(tmp_path: Path) -> None:
    contract = vendor_docx(tmp_path / "acme-dpa.docx")
    second = vendor_docx(tmp_path / "acme-dpa-v2.docx", version=2)
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(corrupt_pdf_bytes())
    with running_app(_env(tmp_path), tmp_path / "app.log") as url, browser_page(tmp_path) as page:
        page.goto(url)
        page.get_by_text("Review a vendor's contract").wait_for()
        _shot(page, "01-new-review")
        _bad_file_gets_a_message(page, broken)

        _upload_and_review(page, [contract], "Acme AI")
        page.get_by_text("Overall risk").wait_for(timeout=120_000)
        page.get_by_text("Open a finding (or click a row above)").wait_for()
        _wait_idle(page)
        page.locator('[data-testid="stDataFrame"]').filter(visible=True).first.wait_for()
        page.wait_for_timeout(1_500)  # the table is a canvas: let it paint before the screenshot
        _shot(page, "03-results")
        _open_findings(page)
        _checklist_and_export(page, tmp_path)
        _history_compares_versions(page, second)

        page.get_by_text("Settings").first.click()
        page.get_by_text("Add playbooks of your own").wait_for()
        _wait_idle(page)
        _shot(page, "08-settings")
