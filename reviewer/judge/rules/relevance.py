"""Is anything in the contract about a check? The relevance of retrieved passages and the
calibrated thresholds under which, and only under which, a check may be reported missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reviewer.judge.base import Passage
from reviewer.judge.text import CJK_RANGE, Sentence, split_sentences, tokens
from reviewer.playbooks.schema import Check

# Chosen with python -m reviewer.eval.missing_gate on the non-hold-out corpus and the dev labels
# (docs/eval-corpus.md): above
# either threshold a passage is about the check, so the finding says partial, never missing.
DENSE_THRESHOLD = 0.70  # cosine between a check's query and a passage (all-MiniLM-L6-v2)
LEXICAL_THRESHOLD = 0.8  # share of a query's content words (Chinese: character pairs) in one sentence
_MIN_QUERY_TERMS = 3
_STOP_WORDS = (
    "a an and any are as at be by for from in into is it its may of on or our shall that the their them this "
    "to we will with you your"
)
_STOP = frozenset(_STOP_WORDS.split())
_CJK_PAIR = re.compile(rf"^[{CJK_RANGE}]{{2}}$")


@dataclass(frozen=True)
class Relevant:
    """The passage (and its sentence) most about a check, with why it counts as relevant."""

    passage: Passage
    sentence: Sentence  # offsets into the document
    dense: float | None
    lexical: float


@lru_cache(maxsize=1 << 15)
def content_terms(text: str) -> frozenset[str]:
    """The words of ``text`` that carry meaning; kept, since every check asks about the same
    sentences and the same queries."""
    out = set()
    for tok in tokens(text):
        if _CJK_PAIR.match(tok) or (tok.isascii() and len(tok) > 2 and tok not in _STOP):
            out.add(tok)
    return frozenset(out)


def lexical_coverage(check: Check, text: str) -> float:
    """The best share of one query's content terms found in ``text``."""
    words = content_terms(text)
    best = 0.0
    for query in check.queries.all():
        wanted = content_terms(query)
        if len(wanted) >= _MIN_QUERY_TERMS:
            best = max(best, len(wanted & words) / len(wanted))
    return best


def most_relevant(check: Check, passages: list[Passage]) -> Relevant | None:
    """The passage about ``check`` above a calibrated threshold, or None: then it may be missing."""
    best: Relevant | None = None
    for passage in passages:
        for sentence in split_sentences(passage.text):
            lexical = lexical_coverage(check, sentence.text)
            if best is None or lexical > best.lexical:
                at = Sentence(passage.start + sentence.start, passage.start + sentence.end, sentence.text)
                best = Relevant(passage, at, passage.dense, lexical)
    if best is None:
        return None
    top_dense = max((p.dense for p in passages if p.dense is not None), default=None)
    if best.lexical >= LEXICAL_THRESHOLD:
        return best
    if top_dense is not None and top_dense >= DENSE_THRESHOLD:
        top = next(p for p in passages if p.dense == top_dense)
        sentences = split_sentences(top.text)
        if not sentences:
            return None
        pick = max(sentences, key=lambda s: lexical_coverage(check, s.text))
        at = Sentence(top.start + pick.start, top.start + pick.end, pick.text)
        return Relevant(top, at, top_dense, lexical_coverage(check, pick.text))
    return None
