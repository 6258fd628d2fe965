"""What a report shows, computed once from a ``Review`` for one language.

The HTML and Markdown templates and the DOCX writer all read these views, so the three formats
say the same thing in the same order. The check's own words (title, standard position, fallback,
why it matters, the ask, red flags) come from ``finding.translations[lang]`` when present; the
contract's quotes are never translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reviewer.i18n import judge_name
from reviewer.models import STATUS_RANK, Evidence, Finding, IngestWarning, Review
from reviewer.report.env import term, tr

# the one status order, worst first (reviewer.models); keyed by str for the views' plain status strings
STATUS_ORDER: dict[str, int] = {s: n for s, n in STATUS_RANK.items()}
SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
STATUS_SYMBOL = {"conflicting": "✕", "missing": "○", "partial": "◐", "satisfied": "✓"}
MEDIA_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "text/plain": "Text",
    "text/markdown": "Markdown",
}


def format_date(value: datetime, lang: str) -> str:
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%B} {value.year}"


def localized(finding: Finding, field_name: str, lang: str) -> str:
    """A text field of the check in ``lang``, falling back to the English on the finding."""
    if lang != "en":
        value = finding.translations.get(lang, {}).get(field_name)
        if isinstance(value, str) and value.strip():
            return value
    return str(getattr(finding, field_name))


def localized_list(finding: Finding, field_name: str, lang: str) -> list[str]:
    if lang != "en":
        value = finding.translations.get(lang, {}).get(field_name)
        if isinstance(value, list) and value:
            return [str(v) for v in value]
    return list(getattr(finding, field_name))


def category_label(finding: Finding, lang: str) -> str:
    if lang != "en":
        value = finding.translations.get(lang, {}).get("category")
        if isinstance(value, str) and value.strip():
            return value
    return finding.category


def risk_key(finding: Finding) -> tuple[int, int, int, str]:
    """Open findings before satisfied ones; then by severity, then by status, then by id."""
    is_ok = int(finding.status == "satisfied")
    return (is_ok, SEVERITY_RANK[finding.severity], STATUS_ORDER[finding.status], finding.check_id)


@dataclass(frozen=True)
class EvidenceView:
    file_name: str
    page_label: str
    section_label: str
    cite: str
    quote: str


def section_label(evidence: Evidence, lang: str) -> str:
    if not evidence.section and not evidence.section_title:
        return ""
    if evidence.section:
        number = tr(lang, "cite.section", section=evidence.section)
        return f"{number} {evidence.section_title}".strip() if evidence.section_title else number
    return evidence.section_title or ""


def evidence_view(evidence: Evidence, lang: str) -> EvidenceView:
    pages = sorted(set(evidence.pages or [evidence.page]))
    if not evidence.paged:
        page_label = ""
    elif len(pages) > 1:
        page_label = tr(lang, "cite.pages", pages=f"{pages[0]}–{pages[-1]}")
    else:
        page_label = tr(lang, "cite.page", page=pages[0])
    section = section_label(evidence, lang)
    sep = "，" if lang == "zh" else ", "
    cite = sep.join(part for part in (evidence.file_name, page_label, section) if part)
    return EvidenceView(evidence.file_name, page_label, section, cite, evidence.quote.strip())


@dataclass(frozen=True)
class FindingView:
    number: int
    check_id: str
    title: str
    category: str
    topic: str | None
    status: str
    status_label: str
    status_symbol: str
    status_help: str
    severity: str
    severity_label: str
    confidence: str
    rationale: str
    evidence: list[EvidenceView]
    where: str  # the first citation, or "silent"
    value: str | None
    standard: str
    fallback: str
    why: str
    tier_note: str
    ask: str
    red_flags: list[str]
    legal_basis: list[str]
    must_have: bool
    walk_away: bool
    disagreement: str | None
    document_statuses: list[tuple[str, str]]
    notes: list[str]
    template: str
    finding: Finding = field(repr=False, compare=False)

    @property
    def is_open(self) -> bool:
        return self.status != "satisfied"


def tier_sentence(finding: Finding, review: Review, lang: str) -> str:
    tier = tr(lang, f"tiers.{review.tier}")
    parts = [tr(lang, "findings.tier_note", tier=tier, severity=tr(lang, f"severities.{finding.severity}"))]
    if finding.must_have:
        parts.append(tr(lang, "findings.must_have"))
    if finding.walk_away:
        parts.append(tr(lang, "findings.walk_away"))
    return ("" if lang == "zh" else " ").join(parts)


def changed_note(finding: Finding, lang: str) -> str:
    """ "Changed by <user>: <reason>" for a finding a reviewer overrode; empty otherwise."""
    change = finding.override
    return tr(lang, "findings.changed_by", user=change.user, reason=change.reason) if change else ""


def finding_view(number: int, finding: Finding, review: Review, lang: str) -> FindingView:
    evidence = [evidence_view(e, lang) for e in finding.evidence]
    return FindingView(
        number=number,
        check_id=finding.check_id,
        title=localized(finding, "title", lang),
        category=category_label(finding, lang),
        topic=finding.topic,
        status=finding.status,
        status_label=tr(lang, f"statuses.{finding.status}"),
        status_symbol=STATUS_SYMBOL[finding.status],
        status_help=tr(lang, f"status_help.{finding.status}"),
        severity=finding.severity,
        severity_label=tr(lang, f"severities.{finding.severity}"),
        confidence=f"{finding.confidence:.0%}",
        rationale=localized(finding, "rationale", lang),
        evidence=evidence,
        where=evidence[0].cite if evidence else tr(lang, "findings_table.silent"),
        value=term(finding.value, lang) if finding.value else None,
        standard=localized(finding, "standard_position", lang),
        fallback=localized(finding, "fallback", lang),
        why=localized(finding, "why_it_matters", lang),
        tier_note=tier_sentence(finding, review, lang),
        ask=localized(finding, "ask", lang) or localized(finding, "standard_position", lang),
        red_flags=localized_list(finding, "red_flags", lang),
        legal_basis=localized_list(finding, "legal_basis", lang),
        must_have=finding.must_have,
        walk_away=finding.walk_away,
        disagreement=None
        if (finding.disagreement or "") in finding.rationale
        else localized(finding, "disagreement", lang),
        document_statuses=[
            (name, tr(lang, f"statuses.{status}")) for name, status in sorted(finding.document_statuses.items())
        ]
        if len(set(finding.document_statuses.values())) > 1
        else [],
        notes=[n for n in (changed_note(finding, lang), *localized_list(finding, "notes", lang)) if n],
        template=finding.template or finding.check_id,
        finding=finding,
    )


@dataclass(frozen=True)
class CategoryView:
    name: str
    findings: list[FindingView]


def ordered_categories(review: Review, lang: str) -> list[CategoryView]:
    """Categories worst first; inside each, findings by risk. Findings are numbered in this order."""
    groups: dict[str, list[Finding]] = {}
    for finding in review.findings:
        groups.setdefault(finding.category, []).append(finding)
    for items in groups.values():
        items.sort(key=risk_key)
    order = sorted(groups, key=lambda c: (risk_key(groups[c][0])[:3], c))
    categories: list[CategoryView] = []
    number = 0
    for name in order:
        views = []
        for finding in groups[name]:
            number += 1
            views.append(finding_view(number, finding, review, lang))
        categories.append(CategoryView(views[0].category, views))
    return categories


@dataclass(frozen=True)
class WarningView:
    kind: str
    file_name: str
    where: str
    message: str
    text: str | None


def warning_views(review: Review, lang: str) -> list[WarningView]:
    files = review.warning_files + [""] * (len(review.warnings) - len(review.warning_files))
    return [_warning_view(w, f, lang) for w, f in zip(review.warnings, files, strict=False)]


def _warning_view(warning: IngestWarning, file_name: str, lang: str) -> WarningView:
    where = tr(lang, "warnings.page", page=warning.page) if warning.page else ""
    return WarningView(
        kind=tr(lang, f"warnings.kinds.{warning.kind}"),
        file_name=file_name,
        where=where,
        message=warning.message,
        text=warning.text,
    )


@dataclass(frozen=True)
class DocumentView:
    file_name: str
    kind: str
    pages: int
    sha256: str


@dataclass(frozen=True)
class HeaderView:
    title: str
    set_name: str
    set_id: str
    date: str
    playbook: str
    tier: str
    jurisdictions: str
    review_id: str
    judge: str
    status: str
    documents: list[DocumentView]


def jurisdictions_label(review: Review, lang: str) -> str:
    if not review.jurisdictions:
        return tr(lang, "jurisdictions.all")
    return ("、" if lang == "zh" else ", ").join(tr(lang, f"jurisdictions.{j}") for j in review.jurisdictions)


def playbook_title(review: Review, lang: str) -> str:
    """The playbook's title in ``lang`` (English when its Chinese blocks are incomplete)."""
    book = review.playbook
    return (book.title_zh if lang == "zh" else "") or book.title or book.name


def playbook_label(review: Review, lang: str = "en") -> str:
    book = review.playbook
    return f"{playbook_title(review, lang)} — {book.name} {book.version}"


def header_view(review: Review, lang: str) -> HeaderView:
    return HeaderView(
        title=tr(lang, "report_title", name=review.contract_set.name),
        set_name=review.contract_set.name,
        set_id=review.contract_set.id,
        date=format_date(review.created_at, lang),
        playbook=playbook_label(review, lang),
        tier=tr(lang, f"tiers.{review.tier}"),
        jurisdictions=jurisdictions_label(review, lang),
        review_id=review.id,
        judge=judge_name(lang, review.judge),
        status=tr(lang, f"review_status.{review.status}"),
        documents=[
            DocumentView(d.file_name, MEDIA_LABELS.get(d.media_type, d.media_type), d.pages, d.sha256)
            for d in review.contract_set.documents
        ],
    )
