"""A cheap necessary condition for a signal pattern: literal words any match must contain.

Most library patterns match nothing in a given contract, yet running a case-insensitive regular
expression over a long text costs tens of milliseconds each. Reading the pattern's syntax tree
gives words that every match contains ("turn\\s+off" needs "turn"); when none of them occurs in
the lower-cased text the pattern cannot match and is skipped. The answer never changes, only the
time taken.
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the parser behind re.compile
import re._parser as _p
from functools import lru_cache
from typing import Any

MIN_ASCII = 3  # a literal shorter than this rules out too little to be worth checking
MIN_OTHER = 2  # two Chinese characters are already selective


def _selective(words: list[str]) -> bool:
    return bool(words) and all(len(w) >= (MIN_ASCII if w.isascii() else MIN_OTHER) for w in words)


def _score(words: list[str]) -> int:
    return min(len(w) for w in words) - len(words) // 4


def _item_words(op: Any, av: Any) -> list[str] | None:
    """Words one of which every match of this item contains, or None."""
    if op is _c.SUBPATTERN:
        return _sequence_words(av[-1])
    if op is _c.BRANCH:
        out: list[str] = []
        for alternative in av[1]:
            words = _sequence_words(alternative)
            if words is None:
                return None
            out.extend(words)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _sequence_words(av[2])
    return None


def _sequence_words(seq: Any) -> list[str] | None:
    """The most selective requirement of a sequence: a literal run, or a group's alternatives."""
    usable = _sequence_requirements(seq)
    return max(usable, key=_score) if usable else None


def _sequence_requirements(seq: Any) -> list[list[str]]:
    """Every requirement of a sequence: each is a list of words one of which a match contains."""
    candidates: list[list[str]] = []
    run: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(["".join(run)])
            run = []
        if op in (_c.AT, _c.ASSERT_NOT, _c.ASSERT):
            continue  # zero-width: ends the run (above) and requires no words itself
        words = _item_words(op, av)
        if words is not None:
            candidates.append(words)
    if run:
        candidates.append(["".join(run)])
    return [[w.lower() for w in c] for c in candidates if _selective(c)]


@lru_cache(maxsize=8192)
def requirements(pattern: str) -> tuple[tuple[str, ...], ...]:
    """For each part of ``pattern`` that must match: lower-case words one of which it contains."""
    try:
        tree = _p.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, TypeError, AttributeError):
        return ()
    return tuple(tuple(dict.fromkeys(words)) for words in _sequence_requirements(tree))


def required_words(pattern: str) -> tuple[str, ...]:
    """The most selective requirement: words one of which every match contains; empty if unknown."""
    reqs = requirements(pattern)
    return max(reqs, key=lambda r: _score(list(r))) if reqs else ()


def may_match(pattern: str, lowered_text: str) -> bool:
    """False only when ``pattern`` (case-insensitive) cannot match ``lowered_text``."""
    return all(any(w in lowered_text for w in words) for words in requirements(pattern))


WINDOW = 800  # characters either side of a required word; library patterns bound their gaps well below this


RUN_WIDTH = 40  # what an unbounded run of spaces or word characters ("\\s+", "\\w*") spans in practice
_SHORT_RUNS = {_c.CATEGORY_SPACE, _c.CATEGORY_WORD, _c.CATEGORY_DIGIT}


def _width(seq: Any) -> float:
    """The longest text a (sub)pattern can match, counting runs of spaces or word characters as
    RUN_WIDTH; infinite for any other unbounded repeat ("[^.]*", ".+")."""
    total = 0.0
    for op, av in seq:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            _low, high, body = av
            inner = _width(body)
            if high == _c.MAXREPEAT:
                short = (
                    len(body) == 1
                    and body[0][0] is _c.IN
                    and all(kind is _c.CATEGORY and value in _SHORT_RUNS for kind, value in body[0][1])
                )
                total += RUN_WIDTH if short else float("inf")
            else:
                total += inner * high
        elif op is _c.SUBPATTERN:
            total += _width(av[-1])
        elif op is _c.BRANCH:
            total += max(_width(alt) for alt in av[1])
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        elif op in (_c.GROUPREF, getattr(_c, "GROUPREF_EXISTS", None)):
            return float("inf")
        else:
            total += 1
    return total


@lru_cache(maxsize=8192)
def practical_width(pattern: str) -> float:
    try:
        return _width(_p.parse(pattern, re.IGNORECASE))
    except (re.error, RecursionError, TypeError, AttributeError, ValueError):
        return float("inf")


def search_windows(pattern: str, lowered_text: str) -> list[tuple[int, int]] | None:
    """Stretches of the text a match must lie in: around the words of the pattern's rarest
    requirement. None when the whole text must be searched (also for patterns whose matches can
    be longer than the window); [] when the pattern cannot match."""
    reqs = requirements(pattern)
    if not reqs:
        return None
    if practical_width(pattern) > WINDOW:
        return [] if not may_match(pattern, lowered_text) else None
    best: list[int] | None = None
    for words in reqs:
        positions = _positions(words, lowered_text)
        if not positions:
            return []
        if best is None or len(positions) < len(best):
            best = positions
    assert best is not None
    windows: list[tuple[int, int]] = []
    for at in best:
        start, end = max(0, at - WINDOW), min(len(lowered_text), at + WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    covered = sum(e - s for s, e in windows)
    return None if covered > len(lowered_text) * 0.6 else windows


def _positions(words: tuple[str, ...], text: str) -> list[int]:
    found: list[int] = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return sorted(found)
