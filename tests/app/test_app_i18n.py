"""The app in Chinese: every page and view drawn with REVIEWER_LANG=zh asks the catalogue only for
strings it has, and the sidebar switch changes the language and remembers it for the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer import i18n
from tests.app.contracts import vendor_docx
from tests.app.helpers import new_app, start_review

pytestmark = pytest.mark.integration


def _shown(at: object) -> str:
    parts = []
    for kind in ("title", "caption", "markdown", "subheader", "info", "success", "warning", "error"):
        parts.extend(str(e.value) for e in at.get(kind))  # type: ignore[attr-defined]
    parts.extend(str(b.label) for b in at.button)  # type: ignore[attr-defined]
    return "\n".join(parts)


def test_every_page_in_chinese_has_no_catalogue_miss(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_LANG", "zh")
    i18n.MISSES.clear()
    at = new_app()
    assert at.title[0].value == "审查供应商合同"
    path = vendor_docx(tmp_path / "dpa.docx", version=1)
    job = start_review(at, [(path.name, path.read_bytes())], name="云智")
    review = job.review
    assert review is not None
    # the mini playbook has no Chinese blocks: its findings read in English, and the page says why
    assert any("中文内容不完整" in w.value and "mini.yaml" in w.value for w in at.warning)
    at.selectbox(key=f"finding_pick_{review.id}").select(review.findings[0].check_id).run()
    assert "合同中的证据" in _shown(at) and "判定方式" in _shown(at)
    for view in ("Checklist & drafts", "Export", "Findings"):
        at.segmented_control(key="results_view").set_value(view).run()
        assert not at.exception, at.exception
    for page in ("New review", "History", "Settings", "Audit log", "Results"):
        at.radio(key="nav").set_value(page).run()
        assert not at.exception, at.exception
    assert not {m for lang, m in i18n.MISSES if lang == "zh"}, sorted(i18n.MISSES)
    assert any(o.endswith("  设置") for o in at.radio(key="nav").options)


def test_the_sidebar_switch_changes_the_language_and_remembers_it(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_LANG", "zh")
    at = new_app()
    assert at.title[0].value == "审查供应商合同"
    at.radio(key="ui_lang").set_value("en").run()
    assert at.title[0].value == "Review a vendor's contract"
    saved = json.loads((app_env / "languages.json").read_text(encoding="utf-8"))
    assert list(saved.values()) == ["en"]
    again = new_app()  # a new session of the same user: the saved choice wins over REVIEWER_LANG
    assert again.title[0].value == "Review a vendor's contract"


def test_a_bad_file_is_explained_in_chinese_with_the_file_named(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.builders import corrupt_pdf_bytes

    monkeypatch.setenv("REVIEWER_LANG", "zh")
    at = new_app()
    job = start_review(at, [("broken.pdf", corrupt_pdf_bytes())])
    assert job.review is None and job.error
    errors = [str(e.value) for e in at.error]
    assert any(e.startswith("文件已损坏") and "详情：" in e and "broken.pdf" in e for e in errors), errors
