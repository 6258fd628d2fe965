"""What changed between two reviews, typically of two versions of one vendor's contract set.

Checks are matched by id. A change is a status moving (better or worse), a check present in only
one review (the playbook or the tier differed), or the same status with different evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reviewer.models import STATUS_RANK, Finding, Review, Status  # STATUS_RANK: higher is better for the customer

Direction = Literal["better", "worse", "same", "added", "removed"]


@dataclass(frozen=True)
class CheckChange:
    check_id: str
    title: str
    category: str
    severity: str
    before: Status | None
    after: Status | None
    direction: Direction
    evidence_changed: bool = False
    changed_by: tuple[str | None, str | None] = (None, None)  # who overrode it in before / after

    @property
    def changed(self) -> bool:
        return self.direction != "same" or self.evidence_changed or self.changed_by[0] != self.changed_by[1]


@dataclass
class ReviewComparison:
    before: Review
    after: Review
    changes: list[CheckChange] = field(default_factory=list)
    documents_added: list[str] = field(default_factory=list)  # file names whose hash is new
    documents_removed: list[str] = field(default_factory=list)

    def count(self, direction: Direction) -> int:
        return sum(1 for c in self.changes if c.direction == direction)

    @property
    def same_inputs(self) -> bool:
        return not self.documents_added and not self.documents_removed


def _quotes(finding: Finding) -> set[str]:
    return {" ".join(e.quote.split()) for e in finding.evidence}


def _overrider(finding: Finding | None) -> str | None:
    return finding.override.user if finding and finding.override else None


def _direction(before: Finding | None, after: Finding | None) -> Direction:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    delta = STATUS_RANK[after.status] - STATUS_RANK[before.status]
    return "better" if delta > 0 else "worse" if delta < 0 else "same"


def compare_reviews(before: Review, after: Review) -> ReviewComparison:
    """Per check: the status in ``before`` and in ``after``; worst news first."""
    old = {f.check_id: f for f in before.findings}
    new = {f.check_id: f for f in after.findings}
    changes = []
    for check_id in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(check_id), new.get(check_id)
        shown = b or a
        assert shown is not None
        changes.append(
            CheckChange(
                check_id=check_id,
                title=shown.title,
                category=shown.category,
                severity=shown.severity,
                before=a.status if a else None,
                after=b.status if b else None,
                direction=_direction(a, b),
                evidence_changed=bool(a and b and _quotes(a) != _quotes(b)),
                changed_by=(_overrider(a), _overrider(b)),
            )
        )
    order = {"worse": 0, "better": 1, "added": 2, "removed": 3, "same": 4}
    changes.sort(key=lambda c: (order[c.direction], not c.evidence_changed, c.check_id))
    old_docs = {d.sha256: d.file_name for d in before.contract_set.documents}
    new_docs = {d.sha256: d.file_name for d in after.contract_set.documents}
    return ReviewComparison(
        before=before,
        after=after,
        changes=changes,
        documents_added=[name for sha, name in new_docs.items() if sha not in old_docs],
        documents_removed=[name for sha, name in old_docs.items() if sha not in new_docs],
    )
