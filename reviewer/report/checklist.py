"""The negotiation checklist and the three questions every AI vendor must answer in writing.

Order (what to ask first): conflicting and missing must-haves (walk-away points first), then
partials (must-haves first), then the remaining conflicting or missing nice-to-haves. Inside a
group, by severity and then status.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.report.env import tr
from reviewer.report.view import SEVERITY_RANK, STATUS_ORDER, FindingView, changed_note

GROUPS = ("must", "partial", "nice")


def checklist_group(view: FindingView) -> str | None:
    if view.status == "satisfied":
        return None
    if view.status == "partial":
        return "partial"
    return "must" if view.must_have or view.walk_away else "nice"


def _order(view: FindingView) -> tuple[int, int, int, int, str]:
    return (
        -int(view.walk_away),
        -int(view.must_have),
        SEVERITY_RANK[view.severity],
        STATUS_ORDER[view.status],
        view.check_id,
    )


@dataclass(frozen=True)
class ChecklistItem:
    number: int
    finding: FindingView
    ask: str
    why: str
    fallback: str
    walk_away: bool
    where: list[str]  # citations; empty when the contract is silent
    ticked: bool = False  # ticked in the app: the vendor agreed


@dataclass(frozen=True)
class ChecklistGroup:
    key: str
    label: str
    items: list[ChecklistItem]


def build_checklist(
    findings: list[FindingView], lang: str, ticks: list[str] | None = None
) -> list[ChecklistGroup]:
    buckets: dict[str, list[FindingView]] = {g: [] for g in GROUPS}
    for view in findings:
        group = checklist_group(view)
        if group:
            buckets[group].append(view)
    groups: list[ChecklistGroup] = []
    number = 0
    for key in GROUPS:
        items = []
        for view in sorted(buckets[key], key=_order):
            number += 1
            items.append(
                ChecklistItem(
                    number=number,
                    finding=view,
                    ask=view.ask,
                    why=" ".join(p for p in (view.why or view.rationale, changed_note(view.finding, lang)) if p),
                    fallback=view.fallback or tr(lang, "findings.no_fallback"),
                    walk_away=view.walk_away,
                    where=[e.cite for e in view.evidence],
                    ticked=view.check_id in (ticks or []),
                )
            )
        if items:
            groups.append(ChecklistGroup(key, tr(lang, f"checklist.groups.{key}"), items))
    return groups


# --- the three questions ---------------------------------------------------------------------

# question key -> (topics answering it, words in a check id that answer it when no topic is set)
QUESTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "storage": (("residency",), ("residency", "location", "region", "storage", "localisation")),
    "training": (("training",), ("training", "train")),
    "deletion": (("deletion",), ("deletion", "delete", "return")),
}


@dataclass(frozen=True)
class QuestionAnswer:
    title: str
    status: str
    status_label: str
    where: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    answers: list[QuestionAnswer]


def _answering(findings: list[FindingView], topics: tuple[str, ...], words: tuple[str, ...]) -> list[FindingView]:
    by_topic = [f for f in findings if f.topic in topics]
    if by_topic:
        headline = [f for f in by_topic if f.finding.headline]
        return headline or by_topic[:2]
    return [f for f in findings if any(w in f.check_id for w in words)][:2]


def build_questions(findings: list[FindingView], lang: str) -> list[Question]:
    questions = []
    for key, (topics, words) in QUESTIONS.items():
        answers = [
            QuestionAnswer(f.title, f.status, f.status_label, f.where) for f in _answering(findings, topics, words)
        ]
        questions.append(Question(key, tr(lang, f"questions.{key}"), answers))
    return questions
