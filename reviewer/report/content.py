"""Everything one report shows, in one object: header, warnings, summary, findings, checklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer.models import STATUS_ORDER, STATUSES, Review
from reviewer.report.checklist import ChecklistGroup, Question, build_checklist, build_questions
from reviewer.report.env import check_lang, strings, tr
from reviewer.report.view import (
    STATUS_SYMBOL,
    CategoryView,
    FindingView,
    HeaderView,
    WarningView,
    header_view,
    ordered_categories,
    playbook_title,
    warning_views,
)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    symbol: str
    count: int
    help: str


@dataclass(frozen=True)
class Glance:
    topic: str
    status: str
    status_label: str


@dataclass(frozen=True)
class SummaryView:
    intro: str  # what was checked against what
    breakdown: str  # counts in one sentence
    overall_sentence: str
    alerts: list[str]  # open must-haves and walk-away points
    overall: str
    overall_label: str
    counts: list[StatusCount]
    top_risks: list[FindingView]
    top_risks_title: str
    at_a_glance: list[Glance]


@dataclass(frozen=True)
class ErrorView:
    check_id: str
    message: str


@dataclass(frozen=True)
class ReportView:
    lang: str
    t: dict[str, Any]
    header: HeaderView
    warnings: list[WarningView]
    summary: SummaryView
    categories: list[CategoryView]
    findings: list[FindingView]
    checklist: list[ChecklistGroup]
    questions: list[Question]
    errors: list[ErrorView]


def _documents_phrase(count: int, lang: str) -> str:
    return tr(lang, "summary.documents_one") if count == 1 else tr(lang, "summary.documents_many", n=count)


def summary_intro(review: Review, findings: list[FindingView], lang: str) -> str:
    return tr(
        lang,
        "summary.checked",
        total=len(findings),
        playbook=playbook_title(review, lang),
        documents=_documents_phrase(len(review.contract_set.documents), lang),
        tier=tr(lang, f"tiers.{review.tier}"),
    )


def summary_alerts(findings: list[FindingView], lang: str) -> list[str]:
    alerts = []
    open_must = [f for f in findings if f.is_open and f.must_have]
    if open_must:
        alerts.append(tr(lang, "summary.must_haves_open", n=len(open_must)))
        walk = [f for f in open_must if f.walk_away]
        if walk:
            alerts.append(tr(lang, "summary.walk_aways_open", n=len(walk)))
    return alerts


def top_risks(review: Review, findings: list[FindingView]) -> list[FindingView]:
    by_id = {f.check_id: f for f in findings}
    chosen = [by_id[i] for i in review.summary.top_risks if i in by_id]
    if not chosen:  # an older review without top_risks: take the worst open findings
        chosen = [f for f in findings if f.is_open][:3]
    return chosen[:3]


def summary_view(review: Review, findings: list[FindingView], lang: str) -> SummaryView:
    risks = top_risks(review, findings)
    glance = [
        Glance(
            tr(lang, f"topics.{topic}") if topic in strings(lang)["topics"] else topic,
            status,
            tr(lang, f"statuses.{status}"),
        )
        for topic, status in review.summary.headline.items()
    ]
    counts = {s: sum(1 for f in findings if f.status == s) for s in STATUSES}
    overall = tr(lang, f"summary.overall_levels.{review.summary.overall}")
    return SummaryView(
        intro=summary_intro(review, findings, lang),
        breakdown=tr(lang, "summary.breakdown", **counts),
        overall_sentence=tr(lang, "summary.overall", overall=overall),
        alerts=summary_alerts(findings, lang),
        overall=review.summary.overall,
        overall_label=overall,
        counts=[
            StatusCount(s, tr(lang, f"statuses.{s}"), STATUS_SYMBOL[s], counts[s], tr(lang, f"status_help.{s}"))
            for s in STATUS_ORDER
        ],
        top_risks=risks,
        top_risks_title=tr(lang, "summary.top_risks" if len(risks) == 3 else "summary.top_risks_fewer"),
        at_a_glance=glance,
    )


def build_report_view(review: Review, lang: str = "en") -> ReportView:
    lang = check_lang(lang)
    categories = ordered_categories(review, lang)
    findings = [f for c in categories for f in c.findings]
    return ReportView(
        lang=lang,
        t=strings(lang),
        header=header_view(review, lang),
        warnings=warning_views(review, lang),
        summary=summary_view(review, findings, lang),
        categories=categories,
        findings=findings,
        checklist=build_checklist(findings, lang, review.checklist_ticks),
        questions=build_questions(findings, lang),
        errors=[ErrorView(e.check_id, e.message) for e in review.errors],
    )
