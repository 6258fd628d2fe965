"""The text reports (HTML, Markdown, JSON) rendered from a frozen review: golden files, self-containment,
escaping, the order of sections and of the checklist, and the language switch."""

from __future__ import annotations

import re

import pytest
from jinja2 import StrictUndefined, UndefinedError

from reviewer.errors import ConfigError
from reviewer.models import Review
from reviewer.report import render_report
from reviewer.report.checklist import build_checklist
from reviewer.report.content import build_report_view
from reviewer.report.env import environment, strings
from tests.support.report_data import check_golden, fixture_review


@pytest.fixture(scope="module")
def review() -> Review:
    return fixture_review()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_text_report_matches_golden(review: Review, fmt: str, lang: str, update_golden: bool) -> None:
    text = render_report(review, fmt, lang).decode("utf-8")
    check_golden(f"report.{lang}.{fmt}", text, update_golden)


def test_json_format_is_the_review_itself(review: Review) -> None:
    data = render_report(review, "json")
    assert Review.model_validate_json(data) == review


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_is_self_contained(review: Review, lang: str) -> None:
    html = render_report(review, "html", lang).decode("utf-8")
    assert not re.search(r"https?://", html)
    assert not re.search(r"<(?:script|link|img|iframe|object|embed)\b", html, re.IGNORECASE)
    assert not re.search(r"\b(?:src|srcset)\s*=", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("#") for h in hrefs), "only links inside the page"
    assert "<style>" in html and "@page" in html


def test_html_escapes_contract_text(review: Review) -> None:
    finding = review.findings[0]
    hostile = finding.evidence[0].model_copy(update={"quote": '<script>alert("x")</script> & <b>bold</b>'})
    changed = review.model_copy(
        update={"findings": [finding.model_copy(update={"evidence": [hostile]}), *review.findings[1:]]}
    )
    html = render_report(changed, "html").decode("utf-8")
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_markdown_escapes_table_cells(review: Review) -> None:
    finding = review.findings[0]
    changed = review.model_copy(
        update={
            "findings": [finding.model_copy(update={"title": "Region | *any* [country]"}), *review.findings[1:]]
        }
    )
    md = render_report(changed, "md").decode("utf-8")
    assert r"Region \| \*any\* \[country\]" in md


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_warnings_come_before_the_summary(review: Review, fmt: str) -> None:
    text = render_report(review, fmt).decode("utf-8")
    t = strings("en")
    warnings_at = text.index(t["warnings"]["title"])
    assert warnings_at < text.index(t["summary"]["title"]) < text.index(t["findings_table"]["title"])
    assert "Check with IT where this really is." in text


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_shows_the_set_tier_playbook_and_hashes(review: Review, fmt: str) -> None:
    text = render_report(review, fmt).decode("utf-8")
    for doc in review.contract_set.documents:
        assert doc.sha256 in text and doc.file_name in text
    assert "core secret data" in text and "European Union (GDPR)" in text
    assert f"{review.playbook.name} {review.playbook.version}" in text
    assert "2 March 2026" in text


def test_markdown_has_a_checkbox_per_checklist_item_and_question(review: Review) -> None:
    md = render_report(review, "md").decode("utf-8")
    view = build_report_view(review)
    items = sum(len(g.items) for g in view.checklist)
    assert items == sum(1 for f in review.findings if f.status != "satisfied")
    assert md.count("- [ ] ") == items + 3
    html = render_report(review, "html").decode("utf-8")
    assert html.count('type="checkbox"') == items + 3


def test_checklist_order_must_haves_then_partials_then_nice_to_haves(review: Review) -> None:
    view = build_report_view(review)
    groups = [g.key for g in view.checklist]
    assert groups == ["must", "partial", "nice"]
    must = view.checklist[0].items
    assert all(i.finding.must_have and i.finding.status in ("conflicting", "missing") for i in must)
    assert [i.walk_away for i in must] == sorted((i.walk_away for i in must), reverse=True)
    assert all(i.finding.status == "partial" for i in view.checklist[1].items)
    assert all(not i.finding.must_have for i in view.checklist[2].items)
    numbers = [i.number for g in view.checklist for i in g.items]
    assert numbers == list(range(1, len(numbers) + 1))


def test_checklist_says_silent_when_the_contract_is_silent(review: Review) -> None:
    view = build_report_view(review)
    missing = [i for g in view.checklist for i in g.items if i.finding.status == "missing"]
    assert missing and all(i.where == [] for i in missing)
    md = render_report(review, "md").decode("utf-8")
    assert "  - Contract: silent (#" in md


def test_three_vendor_questions_are_answered_from_headline_findings(review: Review) -> None:
    questions = {q.key: q for q in build_report_view(review).questions}
    assert list(questions) == ["storage", "training", "deletion"]
    assert [a.status for a in questions["storage"].answers] == ["conflicting"]
    assert "§ 2.1" in questions["storage"].answers[0].where
    assert [a.status for a in questions["deletion"].answers] == ["partial"]


def test_questions_without_a_check_say_so(review: Review) -> None:
    only_law = review.model_copy(update={"findings": [f for f in review.findings if f.topic == "governing-law"]})
    md = render_report(only_law, "md").decode("utf-8")
    assert md.count(strings("en")["questions"]["not_checked"]) == 3


def test_chinese_report_translates_its_own_words_not_the_quotes(review: Review) -> None:
    html = render_report(review, "html", "zh").decode("utf-8")
    assert 'lang="zh-Hans"' in html
    assert "摘要" in html and "谈判清单" in html
    assert "不得使用客户数据训练模型" in html  # the check's title from translations["zh"]
    assert "Provider may use Customer Content to improve and develop the Services" in html  # quote kept
    assert "Executive summary" not in html


def test_empty_checklist_when_everything_is_satisfied(review: Review) -> None:
    ok = [f.model_copy(update={"status": "satisfied"}) for f in review.findings]
    summary = review.summary.model_copy(update={"top_risks": []})
    done = review.model_copy(update={"findings": ok, "summary": summary, "warnings": [], "warning_files": []})
    md = render_report(done, "md").decode("utf-8")
    assert strings("en")["checklist"]["empty"] in md
    assert strings("en")["summary"]["no_risks"] in md
    assert build_checklist(build_report_view(done).findings, "en") == []


def test_failed_checks_are_listed(review: Review) -> None:
    from reviewer.models import CheckError

    partial = review.model_copy(
        update={"status": "partial", "errors": [CheckError(check_id="audit-logs", message="ValueError: boom")]}
    )
    for fmt in ("html", "md"):
        text = render_report(partial, fmt).decode("utf-8")
        assert "audit-logs" in text and "ValueError: boom" in text


def test_templates_use_strict_undefined() -> None:
    env = environment()
    assert env.undefined is StrictUndefined
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing_value }}").render()
    with pytest.raises(UndefinedError):
        env.get_template("report/report.md.j2").render()


def test_both_languages_have_the_same_strings() -> None:
    def keys(node: dict, prefix: str = "") -> set[str]:
        out: set[str] = set()
        for key, value in node.items():
            if prefix == "" and key == "terms":
                continue
            out |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"}
        return out

    assert keys(strings("en")) == keys(strings("zh"))


def test_unknown_format_and_language_are_refused(review: Review) -> None:
    with pytest.raises(ConfigError, match="unknown report format"):
        render_report(review, "pdf")
    with pytest.raises(ConfigError, match="unknown report language"):
        render_report(review, "html", "fr")


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "json"])
def test_a_failed_review_without_findings_still_renders(review: Review, fmt: str) -> None:
    from reviewer.models import CheckError

    summary = review.summary.model_copy(update={"top_risks": [], "headline": {}})
    failed = review.model_copy(
        update={"findings": [], "status": "failed", "summary": summary,
                "errors": [CheckError(check_id="no-training", message="TimeoutError: judge")]}
    )  # fmt: skip
    data = render_report(failed, fmt, "zh")
    if fmt in ("html", "md"):
        text = data.decode("utf-8")
        assert "失败" in text and "TimeoutError: judge" in text
