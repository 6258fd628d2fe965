"""What every judge takes and gives: passages in, a verdict with evidence out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from reviewer.models import Evidence, Status, Tier
from reviewer.playbooks.schema import Check


@dataclass
class Passage:
    """A candidate passage for a check: a chunk, or a sentence matched by a signal."""

    document_id: str
    file_name: str
    start: int
    end: int
    text: str
    score: float = 0.0
    chunk_id: str | None = None
    dense: float | None = None  # the cosine to the check's nearest query, when dense search ran


@dataclass
class SignalHit:
    kind: str  # "met", "weakened", "contradicted", "hedge", "number"
    pattern: str
    document_id: str
    start: int  # the sentence holding the match
    end: int
    match_start: int
    match_end: int


@dataclass
class Verdict:
    status: Status
    confidence: float
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    value: str | None = None
    judge: str = "rules"
    notes: list[str] = field(default_factory=list)
    document_statuses: dict[str, Status] = field(default_factory=dict)
    disagreement: str | None = None


@dataclass
class CheckContext:
    check: Check
    tier: Tier
    jurisdictions: list[str]
    passages: list[Passage]
    hits: list[SignalHit]
    relevance_gate: bool = True  # the playbook's: a relevant passage keeps a finding from "missing"


class Judge(Protocol):
    name: str

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        """A verdict for one check; ``prior`` is the verdict of the judge before this one, if any."""
        ...
