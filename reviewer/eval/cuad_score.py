"""Scoring a review against CUAD's labels: clause presence per category, evidence and values.

Presence: a finding that is satisfied, partial or conflicting says the clause is there; missing
says it is not. Gold presence: the category's column holds at least one clause text.
Evidence hit: for a correctly found clause, whether any cited quote overlaps a gold clause.
Governing-law accuracy: over contracts whose ``Governing Law-Answer`` names a place, whether the
finding's value names the same jurisdiction (any of the places when the answer lists several).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from reviewer.eval.cuad_data import CuadContract, GoldLocator, same_duration, same_law
from reviewer.eval.metrics import f1, overlap
from reviewer.models import Finding

PRESENT_STATUSES = ("satisfied", "partial", "conflicting")
GOVERNING_LAW = "Governing Law"


@dataclass
class Outcome:
    """One contract, one category."""

    contract: str
    category: str
    check_id: str
    gold: bool
    predicted: bool
    status: str
    evidence_hit: bool | None = None  # None: not a true positive, or the gold clause was not located
    value: str | None = None
    gold_value: str = ""


@dataclass
class CategoryScore:
    category: str
    check_id: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    evidence_hits: int = 0
    evidence_scored: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def defined(self) -> bool:
        """F1 is undefined when the sample has no gold clause and none was predicted."""
        return self.tp + self.fp + self.fn > 0

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "support": self.support,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4) if self.defined else None,
        }


@dataclass
class LawScore:
    scored: int = 0
    correct: int = 0
    extracted: int = 0
    misses: list[dict[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0


def score_contract(
    contract: CuadContract, text: str, findings: dict[str, Finding], categories: dict[str, str]
) -> list[Outcome]:
    """``categories``: CUAD category -> check id. ``text``: the ingested document's text."""
    locator = GoldLocator(text)
    out = []
    for category, check_id in categories.items():
        finding = findings.get(check_id)
        status = finding.status if finding is not None else "error"
        predicted = status in PRESENT_STATUSES
        gold = contract.has(category)
        outcome = Outcome(
            contract=contract.name,
            category=category,
            check_id=check_id,
            gold=gold,
            predicted=predicted,
            status=status,
            value=finding.value if finding is not None else None,
            gold_value=contract.answers.get(category, ""),
        )
        if gold and predicted and finding is not None:
            spans = locator.spans(contract.clauses[category])
            if spans:
                outcome.evidence_hit = any(
                    overlap((e.start, e.end), span) > 0 for e in finding.evidence for span in spans
                )
        out.append(outcome)
    return out


def category_scores(outcomes: list[Outcome], categories: dict[str, str]) -> list[CategoryScore]:
    scores = {c: CategoryScore(category=c, check_id=i) for c, i in categories.items()}
    for o in outcomes:
        s = scores[o.category]
        if o.gold and o.predicted:
            s.tp += 1
        elif o.predicted:
            s.fp += 1
        elif o.gold:
            s.fn += 1
        else:
            s.tn += 1
        if o.evidence_hit is not None:
            s.evidence_scored += 1
            s.evidence_hits += int(o.evidence_hit)
    return list(scores.values())


def macro_f1(scores: list[CategoryScore]) -> float:
    defined = [s.f1 for s in scores if s.defined]
    return sum(defined) / len(defined) if defined else 0.0


def evidence_hit_rate(scores: list[CategoryScore]) -> tuple[int, int]:
    return sum(s.evidence_hits for s in scores), sum(s.evidence_scored for s in scores)


def _named_places(answer: str) -> list[str]:
    """The places a gold answer names; none when it is empty or redacted ("[* * *]")."""
    return [p.strip() for p in answer.split(";") if re.search(r"[A-Za-z]{2}", p)]


def law_score(outcomes: list[Outcome]) -> LawScore:
    score = LawScore()
    for o in outcomes:
        if o.category != GOVERNING_LAW:
            continue
        places = _named_places(o.gold_value)
        if not places:
            continue
        score.scored += 1
        score.extracted += int(bool(o.value))
        if any(same_law(o.value, place) for place in places):
            score.correct += 1
        else:
            score.misses.append({"contract": o.contract, "gold": o.gold_value, "value": o.value or ""})
    return score


@dataclass
class ValueScore:
    """Accuracy of a duration value (Renewal Term, Notice Period) where the gold answer gives one."""

    category: str
    scored: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0


def duration_scores(outcomes: list[Outcome], categories: list[str]) -> list[ValueScore]:
    scores = {c: ValueScore(c) for c in categories}
    for o in outcomes:
        score = scores.get(o.category)
        if score is None or not re.search(r"\d", o.gold_value) or not o.gold:
            continue
        score.scored += 1
        score.correct += int(same_duration(o.value, o.gold_value))
    return list(scores.values())
