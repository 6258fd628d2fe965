"""A check's own red flags found in the contract's words, verbatim or nearly (case, white space,
quote marks and punctuation ignored), in English and Chinese: such a finding is never satisfied or
missing."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from reviewer.judge.base import SignalHit
from reviewer.judge.text import Sentence
from reviewer.judge.verdicts import DocAssessment
from reviewer.models import STATUS_PRECEDENCE, Status
from reviewer.playbooks.schema import Check

KIND = "red-flag"
_MIN_LATIN = 12  # letters and digits a red flag needs to be matched as words (not "No list")
_MIN_CJK = 5


@dataclass
class FoldedText:
    """A text with everything but letters and digits dropped and lower-cased, mapped back to offsets."""

    folded: str
    offsets: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> FoldedText:
        chars, offsets = [], []
        for i, ch in enumerate(text):
            if ch.isalnum():
                chars.append(ch.lower())
                offsets.append(i)
        return cls("".join(chars), offsets)


def fold(text: str) -> str:
    return FoldedText.of(text).folded


def matchable(flag: str) -> str | None:
    """The folded words of a red flag, or None when they are too short to be quoted by a contract."""
    folded = fold(flag)
    cjk = sum(1 for ch in folded if "\u3400" <= ch <= "\u9fff")
    if cjk >= _MIN_CJK or (cjk == 0 and len(folded) >= _MIN_LATIN):
        return folded
    return None


def check_flags(check: Check) -> list[str]:
    """Every red flag of a check, English and Chinese."""
    return [*check.red_flags, *(check.zh.red_flags if check.zh is not None else [])]


def find_red_flags(check: Check, document_id: str, text: FoldedText, sentences: list[Sentence]) -> list[SignalHit]:
    """One hit per red flag of ``check`` found in a document, with the sentence that holds it."""
    starts = [s.start for s in sentences]
    hits = []
    for flag in check_flags(check):
        wanted = matchable(flag)
        at = text.folded.find(wanted) if wanted else -1
        if wanted is None or at < 0:
            continue
        start, end = text.offsets[at], text.offsets[at + len(wanted) - 1] + 1
        i = bisect.bisect_right(starts, start) - 1
        sentence = sentences[i] if i >= 0 else None
        s_start, s_end = (sentence.start, max(sentence.end, end)) if sentence else (start, end)
        hits.append(SignalHit(KIND, flag, document_id, s_start, s_end, start, end))
    return hits


def floor_at_red_flags(check: Check, assessment: DocAssessment, flags: list[SignalHit]) -> DocAssessment:
    """A document that says a red flag of the check is never satisfied nor missing: partial, and
    conflicting when it says two of them and the check knows an opposite (contradicting signals)."""
    distinct = list({h.pattern: h for h in flags}.values())
    if not distinct:
        return assessment
    can_conflict = bool(check.signals.contradicted.all())
    status: Status = "conflicting" if can_conflict and len(distinct) >= 2 else "partial"
    if STATUS_PRECEDENCE[assessment.status] >= STATUS_PRECEDENCE[status] and assessment.status != "satisfied":
        return assessment
    said = "; ".join(f"\u201c{h.pattern.strip(chr(34))}\u201d" for h in distinct[:2])
    return DocAssessment(
        status,
        f"The contract says what this check flags as a red flag: {said}. It needs a lawyer's read.",
        [(h, "red flag") for h in distinct[:2]] + assessment.cited[:1],
        kind="red-flag",
        value=assessment.value,
        strength=len(distinct),
        notes=[*assessment.notes, "a red flag of this check is in the contract's words"],
    )
