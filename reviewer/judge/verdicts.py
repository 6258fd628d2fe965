"""From per-document assessments to one verdict: which status wins, whether the documents of a
set disagree, which evidence to cite, and how confident the judge is."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.judge.base import CheckContext, SignalHit, Verdict
from reviewer.judge.evidence import evidence_at
from reviewer.judge.rules.relevance import Relevant, most_relevant
from reviewer.models import STATUS_PRECEDENCE as _RANK
from reviewer.models import ContractSet, Evidence, Status

MAX_EVIDENCE = 3
# Partial kinds that hollow another document's promise (an explicit exception), as opposed to a
# document that only says less than another one does.
_HOLLOWING = {"carve-out", "mitigated"}
_BASE_CONFIDENCE: dict[Status, float] = {"satisfied": 0.75, "partial": 0.6, "conflicting": 0.7}


@dataclass
class DocAssessment:
    """What one document says about one check."""

    status: Status
    reason: str
    cited: list[tuple[SignalHit, str]]
    kind: str  # met, hedged, carve-out, elements, weak, contradicted, mitigated, missing
    value: str | None = None
    strength: int = 1  # how many sentences support it
    notes: list[str] = field(default_factory=list)


def combine(contract_set: ContractSet, context: CheckContext, assessments: dict[str, DocAssessment]) -> Verdict:
    docs = {d.id: d for d in contract_set.documents}
    found = {d: a for d, a in assessments.items() if a.status != "missing" and d in docs}
    if not found:
        return _missing(contract_set, context)
    names = {d: docs[d].file_name for d in found}
    overall, lead = _overall(found)
    disagreement = _disagreement(found, names, overall)
    value, value_clash = _value(found, names)
    check = context.check
    rationale = found[lead].reason
    if value_clash:
        overall, disagreement = "conflicting", value_clash
        rationale = "The documents name different values."
    expected = [v.lower() for v in check.expected_values]
    if expected and value and overall == "satisfied" and not any(v in value.lower() for v in expected):
        overall = "conflicting"
        rationale = f"The contract names {value}, not {' or '.join(check.expected_values)}."
    evidence = _evidence(contract_set, found, lead)
    return Verdict(
        status=overall,
        confidence=_confidence(overall, found, lead, disagreement),
        rationale=rationale + (f" {disagreement}" if disagreement else ""),
        evidence=evidence,
        value=value,
        document_statuses={
            docs[d].file_name: assessments[d].status if d in assessments else "missing" for d in docs
        },
        disagreement=disagreement,
    )


def _overall(found: dict[str, DocAssessment]) -> tuple[Status, str]:
    """The set's status and the document that decides it."""
    lead = max(found, key=lambda d: (_RANK[found[d].status], found[d].strength))
    status = found[lead].status
    if status == "satisfied":
        hollowing = [d for d, a in found.items() if a.kind in _HOLLOWING]
        if hollowing:
            return "partial", hollowing[0]
    return status, lead


def _disagreement(found: dict[str, DocAssessment], names: dict[str, str], overall: Status) -> str | None:
    if len(found) < 2:
        return None
    statuses = {a.status for a in found.values()}
    hollowed = any(a.kind in _HOLLOWING for a in found.values()) and "satisfied" in statuses
    if not (("conflicting" in statuses and len(statuses) > 1) or hollowed):
        return None
    says = "; ".join(f"{names[d]}: {a.status} ({a.reason.rstrip('.')})" for d, a in found.items())
    return f"The documents disagree: {says}."


def _value(found: dict[str, DocAssessment], names: dict[str, str]) -> tuple[str | None, str | None]:
    values = {d: a.value for d, a in found.items() if a.value}
    if not values:
        return None, None
    distinct: list[str] = []
    for v in values.values():
        if v not in distinct:
            distinct.append(v)
    if len(distinct) == 1:
        return distinct[0], None
    clash = "; ".join(f"{names[d]} names {v}" for d, v in values.items())
    return " | ".join(distinct), f"The documents disagree: {clash}."


def _evidence(contract_set: ContractSet, found: dict[str, DocAssessment], lead: str) -> list[Evidence]:
    """Up to three quotes: the deciding document first, and at least one from every other one."""
    order = [lead, *sorted((d for d in found if d != lead), key=lambda d: -_RANK[found[d].status])]
    queue = [found[d].cited[:1] for d in order] + [found[d].cited[1:] for d in order]
    evidence: list[Evidence] = []
    for group in queue:
        for hit, label in group:
            if len(evidence) >= MAX_EVIDENCE:
                return evidence
            if any(e.document_id == hit.document_id and e.start == hit.start for e in evidence):
                continue
            evidence.append(evidence_at(contract_set.document(hit.document_id), hit.start, hit.end, signal=label))
    return evidence


def _confidence(overall: Status, found: dict[str, DocAssessment], lead: str, disagreement: str | None) -> float:
    if disagreement and overall == "conflicting":
        return 0.85
    a = found[lead]
    base = 0.5 if a.kind == "weak" else _BASE_CONFIDENCE.get(overall, 0.6)
    agreeing = sum(1 for x in found.values() if x.status == overall) - 1
    bonus = min(0.1, 0.05 * (a.strength - 1)) + min(0.05, 0.05 * agreeing)
    return round(min(0.95, base + bonus), 2)


def _missing(contract_set: ContractSet, context: CheckContext) -> Verdict:
    docs = {d.id: d for d in contract_set.documents}
    relevant = most_relevant(context.check, context.passages) if context.relevance_gate else None
    if relevant is not None and relevant.passage.document_id in docs:
        return unclear(contract_set, relevant)
    best = context.passages[0] if context.passages else None
    notes = []
    if best is not None and best.document_id in docs:
        closest = docs[best.document_id]
        notes.append(f"closest passage: {closest.file_name} p.{closest.page_at(best.start)}")
    score = best.score if best is not None else 0.0
    confidence = 0.8 if score < 0.35 else 0.65 if score < 0.5 else 0.5
    return Verdict(
        status="missing",
        confidence=confidence,
        rationale=f"The contract does not address this: {_lower_first(context.check.title)}.",
        notes=notes,
        document_statuses={d.file_name: "missing" for d in docs.values()},
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def unclear(contract_set: ContractSet, relevant: Relevant) -> Verdict:
    """A passage is about the check but no signal decides what it says: partial, for a lawyer."""
    doc = contract_set.document(relevant.passage.document_id)
    cited = evidence_at(doc, relevant.sentence.start, relevant.sentence.end, signal="relevant")
    return Verdict(
        status="partial",
        confidence=0.4,
        rationale="The contract addresses this, but the library's signals cannot tell whether it meets the "
        "requirement: it needs a lawyer's read.",
        evidence=[cited],
        notes=["needs a lawyer's read"],
        document_statuses={
            d.file_name: ("partial" if d.id == doc.id else "missing") for d in contract_set.documents
        },
    )
