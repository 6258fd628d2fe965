"""When the LLM judge is asked, and what its answer is allowed to change. Pure rules, no network.

The LLM never decides alone. Its answer moves a finding only when all of these hold:
- the move is one step on this table (anything else is refused):
    upgrades   missing -> partial, partial -> satisfied
    downgrades satisfied -> partial, partial -> conflicting, missing -> conflicting
  a conflicting finding is never moved (the LLM may only confirm it);
- at least one of its quotes is verbatim in the passages it was shown, and the quote's whole
  sentence supports the new status: it is about this requirement (a library signal matches it, or it
  shares words with the check), and for "satisfied" it carries no hedge, no weakening or contradicting
  signal, and the number the check needs;
- for an upgrade: no passage shown for the check held instruction-like text, and upgrades are on.
An answer that agrees with the rules, with a verified quote that supports that status, confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reviewer.errors import ConfigError
from reviewer.judge.base import Verdict
from reviewer.judge.llm.injection import injection_phrases
from reviewer.judge.llm.prompt import LlmAnswer, plain_text
from reviewer.judge.rules.judge import hedges_in
from reviewer.judge.rules.values import find_number
from reviewer.judge.text import CJK_RANGE, tokens
from reviewer.models import STATUSES, Evidence, Status
from reviewer.playbooks.schema import Check
from reviewer.settings import Settings

UPGRADES: frozenset[tuple[Status, Status]] = frozenset({("missing", "partial"), ("partial", "satisfied")})
DOWNGRADES: frozenset[tuple[Status, Status]] = frozenset(
    {("satisfied", "partial"), ("partial", "conflicting"), ("missing", "conflicting")}
)
CONSULT_WORDS = (*STATUSES, "low-confidence", "disagreement", "all")
MOVED_CONFIDENCE = 0.6
MAX_EVIDENCE = 4

_STOPWORDS = (
    "the a an of to and or in on for with by any all is are be been its it that this as at from not no shall "
    "will may does do must can our your their we you they which such other than each per into under upon "
    # the parties and the deal are named in almost every sentence, so they show no relevance
    "customer customers vendor vendors provider providers supplier client party parties company service "
    "services agreement"
)
_STOP = set(_STOPWORDS.split()) | set(tokens(_STOPWORDS))


@dataclass(frozen=True)
class ConsultPolicy:
    """Which findings the LLM is asked about (``REVIEWER_LLM_CONSULT``) and whether it may upgrade them."""

    statuses: frozenset[str] = frozenset({"partial"})
    below_confidence: float | None = 0.65
    on_disagreement: bool = True
    upgrades: bool = True

    @classmethod
    def parse(cls, spec: str, *, min_confidence: float = 0.65, upgrades: bool = True) -> ConsultPolicy:
        words = {w.strip().lower() for w in spec.split(",") if w.strip()}
        unknown = sorted(words - set(CONSULT_WORDS))
        if unknown:
            raise ConfigError(
                f"REVIEWER_LLM_CONSULT: unknown {', '.join(unknown)}; "
                f"use a comma list of {', '.join(CONSULT_WORDS)}"
            )
        statuses = set(STATUSES) if "all" in words else words & set(STATUSES)
        return cls(
            statuses=frozenset(statuses),
            below_confidence=min_confidence if "low-confidence" in words else None,
            on_disagreement="disagreement" in words,
            upgrades=upgrades,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> ConsultPolicy:
        return cls.parse(
            settings.llm_consult, min_confidence=settings.llm_min_confidence, upgrades=settings.llm_upgrades
        )

    def reason(self, verdict: Verdict) -> str | None:
        """Why the LLM should look at this finding, or None to leave it to the rules."""
        if verdict.status in self.statuses:
            return f"the finding is {verdict.status}"
        if self.on_disagreement and verdict.disagreement:
            return "the documents disagree"
        if self.below_confidence is not None and verdict.confidence < self.below_confidence:
            return f"confidence {verdict.confidence:.2f} is below {self.below_confidence:.2f}"
        return None


@dataclass
class QuoteCheck:
    """One quote of the LLM's answer: where it is in the contract, or why it cannot be used."""

    quote: str
    evidence: Evidence | None = None  # the whole sentence(s) holding the quote
    problem: str | None = None


@dataclass
class Adjudication:
    """What the rules said, what the LLM said, and what the LLM was shown."""

    prior: Verdict
    answer: LlmAnswer
    quotes: list[QuoteCheck]
    check: Check
    injected: list[str] = field(default_factory=list)  # instruction-like phrases in the passages shown
    upgrades: bool = True


def shorten(text: str, limit: int = 90) -> str:
    return plain_text(text, limit)


# --- does a quote support a status? -----------------------------------------------------------


@lru_cache(maxsize=4096)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _matches(patterns: list[str], text: str) -> bool:
    return any(_pattern(p).search(text) for p in patterns)


def _content_tokens(text: str) -> set[str]:
    cjk = re.compile(f"[{CJK_RANGE}]")
    return {t for t in tokens(text) if t not in _STOP and not (len(t) == 1 and cjk.match(t)) and len(t) > 1}


def check_vocabulary(check: Check) -> set[str]:
    return _content_tokens(" ".join([check.title, check.standard_position, *check.queries.all()]))


def is_relevant(sentence: str, check: Check) -> bool:
    s = check.signals
    if _matches(s.met.all() + s.weakened.all() + s.contradicted.all(), sentence):
        return True
    return len(_content_tokens(sentence) & check_vocabulary(check)) >= 2


def support_problem(status: Status, sentence: str, check: Check) -> str | None:
    """None when ``sentence`` supports ``status`` for ``check``; otherwise why it does not."""
    if injection_phrases(sentence):
        return "the quoted sentence holds instruction-like text"
    if not is_relevant(sentence, check):
        return "the quoted sentence is not about this requirement"
    if status != "satisfied":
        return None
    hedges = hedges_in(sentence, topic=check.topic)
    if hedges:
        return f"the quoted sentence is hedged (\u201c{hedges[0]}\u201d)"
    if _matches(check.signals.weakened.all() + check.signals.contradicted.all(), sentence):
        return "the quoted sentence matches a weakening or contradicting signal of the check"
    if check.requires_number and find_number(sentence, check.requires_number) is None:
        return f"the quoted sentence gives no number of {check.requires_number}"
    return None


# --- the decision ------------------------------------------------------------------------------


def _with_notes(verdict: Verdict, *notes: str) -> Verdict:
    return replace(verdict, notes=[*verdict.notes, *notes])


def _quote_notes(quotes: list[QuoteCheck]) -> list[str]:
    return [f"LLM quote \u201c{shorten(q.quote)}\u201d discarded: {q.problem}." for q in quotes if q.problem]


def _merged_evidence(first: list[Evidence], rest: list[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    for e in [*first, *rest]:
        if not any(o.document_id == e.document_id and o.start < e.end and e.start < o.end for o in out):
            out.append(e)
    return out[:MAX_EVIDENCE]


def refusal(a: Adjudication) -> str | None:
    """Why the LLM's status may not replace the rules' status, or None when it may (quotes aside)."""
    move = (a.prior.status, a.answer.status)
    if move in UPGRADES:
        if a.injected:
            return (
                f"the passages hold instruction-like text (\u201c{shorten(a.injected[0], 60)}\u201d), "
                "so the LLM may not upgrade this finding"
            )
        if not a.upgrades:
            return "LLM upgrades are turned off (REVIEWER_LLM_UPGRADES=false)"
        return None
    if move in DOWNGRADES:
        return None
    if a.prior.status == "conflicting":
        return "a conflicting finding can only be confirmed by the LLM, not changed"
    return f"the LLM may move a finding one step at most, and {move[0]} -> {move[1]} is not such a step"


def adjudicate(a: Adjudication, sentences_of: Callable[[Evidence], str]) -> Verdict:
    """The finding after the LLM's answer: moved, confirmed, or kept with a note saying why."""
    prior, answer = a.prior, a.answer
    notes = _quote_notes(a.quotes)
    verified = [q.evidence for q in a.quotes if q.evidence is not None]
    problems = [support_problem(answer.status, sentences_of(e), a.check) for e in verified]
    supporting = [e for e, problem in zip(verified, problems, strict=True) if problem is None]
    said = f"The LLM read this as {answer.status}" + (f" ({answer.rationale})" if answer.rationale else "")
    if answer.status == prior.status:
        if supporting and answer.status != "missing":
            return _confirmed(a, supporting, notes, said)
        return _with_notes(prior, *notes, f"The local LLM agrees ({answer.status}); the rules' verdict stands.")
    refused = refusal(a)
    if refused is None:
        if supporting:
            return _moved(a, supporting, notes)
        no_quote = "none of its quotes was found verbatim in the passages it was shown"
        refused = next((p for p in problems if p), no_quote)
    return _with_notes(prior, *notes, f"{said}; not applied: {refused}. The deterministic verdict is kept.")


def _confirmed(a: Adjudication, supporting: list[Evidence], notes: list[str], said: str) -> Verdict:
    return replace(
        a.prior,
        judge="llm",
        confidence=round(min(a.prior.confidence + 0.1, 0.95), 2),
        evidence=_merged_evidence(a.prior.evidence, supporting),
        notes=[*a.prior.notes, *notes, f"The local LLM confirmed this finding with a verified quote: {said}."],
    )


def _moved(a: Adjudication, supporting: list[Evidence], notes: list[str]) -> Verdict:
    prior, answer = a.prior, a.answer
    statuses = dict(prior.document_statuses)
    for e in supporting:
        statuses[e.file_name] = answer.status
    reason = answer.rationale or "it found a clause that decides it"
    return replace(
        prior,
        status=answer.status,
        judge="llm",
        confidence=MOVED_CONFIDENCE,
        rationale=f"Judged {answer.status} by the local LLM, which quoted the contract: {reason}",
        evidence=_merged_evidence(supporting, prior.evidence),
        document_statuses=statuses,
        notes=[
            *prior.notes,
            *notes,
            f"The rules read this as {prior.status} ({shorten(prior.rationale, 160)}); "
            f"the local LLM moved it to {answer.status} with a verified quote.",
        ],
    )
