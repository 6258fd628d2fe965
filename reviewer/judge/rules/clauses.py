"""Reading one clause the way a lawyer does: what surrounds a matched sentence (its list lead-in
and section), whether a negation governs the match, and which hedges hollow it.

Nothing here knows a particular contract: negations and list markers are grammar, hedges are
data from ``clause_library/hedges.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.playbooks.hedges import Hedge, HedgeLibrary
from reviewer.playbooks.schema import library_pattern

# A negation that governs what follows it in the same clause. Chinese "不" alone is too broad
# ("不定期", "包括但不限于"), so only the compounds that negate an action are listed; "不可" in
# "不可恢复地删除" or "不可撤销地授予" qualifies the action instead of negating it; "不得超过30日" and
# "不迟于48小时" state a limit, as "no later than" does.
_NEGATION = re.compile(
    r"\b(?:not|no)\b(?!\s+(?:later|more|less|longer|fewer|earlier)\s+than|\s+only\b)|"
    r"\b(?:never|nor|neither|cannot)\b|n['’]t\b|"
    r"(?:不得|不会|不应|不能)(?!超过|晚于|迟于|多于|长于)|不可(?!恢复|逆|撤销|撤回|分割|抗力)|不予|不将|不对|不用于|不使用|"
    r"不再|不主张|绝不|决不|无权|禁止|并非|没有|未曾"
)
# Where a clause starts: the governing negation must be in the same clause as the match.
_CLAUSE_BREAK = re.compile(
    r"[,;:()]|\b(?:and|but|or|unless|except|however|provided)\b|[，；：、（）]|但|并且|或者"
)
NEGATION_WINDOW = 60
HEDGE_NEGATION_WINDOW = 12  # "not subject to our policies": only a negation right before a hedge undoes it

_LIST_ITEM = re.compile(
    r"^\s*(?:[-*•·▪●]\s*|\(?(?:[a-z]|[ivx]{1,5}|\d{1,3})\)\s*|[A-Za-z]?(?:\.?\d{1,3})+(?:\.[a-z])?\.?\s+|"
    r"[a-z]\.\s+|[（(][一二三四五六七八九十\d]{1,3}[）)]\s*|[一二三四五六七八九十]{1,3}、)"
)
_LEAD_IN_END = re.compile(r"[:：]\s*$")
LEAD_IN_REACH = 8  # sentences to look back for a list's lead-in


def is_negated(text: str, sentence_start: int, match_start: int, window: int = NEGATION_WINDOW) -> bool:
    """True when a negation in the same clause, shortly before the match, governs it."""
    window_start = max(sentence_start, match_start - window)
    before = text[window_start:match_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return bool(_NEGATION.search(before))


def states_negation(pattern: str) -> bool:
    """Whether a pattern spells out a negation itself ("will not use ... to train")."""
    return bool(re.search(r"\b(?:not|no|never|nor|without)\b|n['’]t|不|无|禁止|绝|未", pattern))


def negated_inside(matched: str) -> bool:
    """A negation in the last clause of a match, before its end ("you do not own the output")."""
    parts = _CLAUSE_BREAK.split(matched)
    return bool(_NEGATION.search(parts[-1])) if parts else False


def looks_like_list_item(sentence: str) -> bool:
    return bool(_LIST_ITEM.match(sentence))


def ends_lead_in(sentence: str) -> bool:
    return bool(_LEAD_IN_END.search(sentence))


@dataclass(frozen=True)
class HedgeFound:
    hedge: Hedge
    words: str

    def describe(self) -> str:
        return f"\u201c{self.words}\u201d ({self.hedge.meaning})"


class HedgeMatcher:
    """Finds the library's hedges in a sentence, for one check's topic."""

    def __init__(self, library: HedgeLibrary) -> None:
        self.library = library
        self._compiled = [(hedge, [library_pattern(p) for p in hedge.patterns.all()]) for hedge in library.hedges]

    def find(
        self,
        sentence: str,
        *,
        topic: str | None,
        ignore: list[str] | tuple[str, ...] = (),
        number_stated: bool = False,
    ) -> list[HedgeFound]:
        found = []
        for hedge, patterns in self._compiled:
            if hedge.id in ignore or not hedge.applies_to(topic):
                continue
            if number_stated and hedge.cured_by_number:
                continue
            for pattern in patterns:
                m = pattern.search(sentence)
                if m and not is_negated(sentence, 0, m.start(), HEDGE_NEGATION_WINDOW):
                    found.append(HedgeFound(hedge, m.group(0).strip()))
                    break
        return found
