"""The judges' reasoning sentences in the reader's language: each English sentence form is a msgid
of the message catalogue, matched against a finding's rationale and notes and refilled in Chinese.

The contract's own words (between “ ”), file names and values are kept as they are; a check's
title, a status, a unit and a hedge's meaning are translated. A sentence of no known form is left
unchanged (and the zh report tests fail on it, so a new form gets added here).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.i18n import N_, translate
from reviewer.playbooks.hedges import load_hedges

# The sentence forms, as the judges write them (reviewer/judge/rules/judge.py, rules/red_flags.py, verdicts.py,
# learned/judge.py, learned/relevance.py).
SENTENCES = (
    N_("The contract meets this requirement."),
    N_("The contract touches on this but does not commit to it: {words}."),
    N_("The contract allows it by default ({words}), but the customer can switch it off ({switch})."),
    N_("The contract says the opposite of what is needed: {words}."),
    N_("The contract makes the promise but carves an exception out of it: {words}."),
    N_("The clause gives no time limit in {unit}."),
    N_("The clause names no law."),
    N_("The promise is weakened by {hedge}."),
    N_("The promise is qualified by {words}."),
    N_("The contract covers every part: {parts}."),
    N_("The contract covers {have} but not {lacking}."),
    N_("The documents name different values."),
    N_("The contract names {value}, not {expected}."),
    N_("The contract does not address this: {title}."),
    N_("The documents disagree: {says}."),
    N_("The agreement provides this: {point} {odds}."),
    N_("The agreement says the opposite of: {point} {odds}."),
    N_("The agreement addresses this only in part: {point} {odds}."),
    N_("The agreement does not address this: {point} {odds}."),
    N_("closest passage: {file} p.{page}"),
    N_("the library's signals alone say {status}"),
    N_("learned model not used: {why}"),
    N_(
        "The contract addresses this, but the library's signals cannot tell whether it meets the "
        "requirement: it needs a lawyer's read."
    ),
    N_("The contract says what this check flags as a red flag: {said}. It needs a lawyer's read."),
    N_("needs a lawyer's read"),
    N_("a red flag of this check is in the contract's words"),
    N_("the check's queries or signals changed since its model was trained; retrain the model"),
)
WORDS = {  # words inside a sentence that are the product's own, not the contract's
    "days, hours or months": N_("days, hours or months"),
    "days": N_("days"),
    "hours": N_("hours"),
    "months": N_("months"),
    "years": N_("years"),
    "satisfied": N_("satisfied"),
    "partial": N_("partial"),
    "missing": N_("missing"),
    "conflicting": N_("conflicting"),
}
_FIELD = re.compile(r"\{(\w+)\}")
_HEDGE = re.compile(r"(?P<words>\u201c.*\u201d) \((?P<meaning>[^()]*)\)$")
_SAYS = re.compile(
    r"(?P<file>[^;:]+): (?P<status>satisfied|partial|missing|conflicting) \((?P<reason>.*?)\)(?=; |$)"
)
_NAMES = re.compile(r"(?P<file>[^;]+?) names (?P<value>[^;]+)(?=; |$)")


@lru_cache(maxsize=1)
def _forms() -> list[tuple[re.Pattern[str], str]]:
    forms = []
    for sentence in SENTENCES:
        parts = _FIELD.split(sentence)
        pattern = "".join(re.escape(p) if n % 2 == 0 else f"(?P<{p}>.+?)" for n, p in enumerate(parts))
        forms.append((re.compile(pattern + r"(?:\s+|$)"), sentence))
    return forms


@lru_cache(maxsize=1)
def _hedge_meanings() -> dict[str, str]:
    return {h.meaning: h.meaning_zh for h in load_hedges().hedges if h.meaning_zh}


def _word(lang: str, text: str) -> str:
    return translate(lang, WORDS[text]) if text in WORDS else text


def _field(lang: str, name: str, value: str, titles: dict[str, str]) -> str:
    if name in ("unit", "status"):
        return _word(lang, value)
    if name in ("title", "point"):
        return titles.get(value, value)
    if name == "hedge":
        match = _HEDGE.match(value)
        meaning = _hedge_meanings().get(match["meaning"]) if match else None
        if match is None or not meaning:
            return value
        return translate(lang, N_("{words} ({meaning})"), words=match["words"], meaning=meaning)
    if name == "expected":
        return translate(lang, N_(" or ")).join(value.split(" or "))
    if name == "says":
        return _says(lang, value, titles)
    return value


def _says(lang: str, value: str, titles: dict[str, str]) -> str:
    """``a.pdf: partial (reason); b.pdf: satisfied (reason)`` or ``a.pdf names X; b.pdf names Y``."""
    sep = translate(lang, N_("; "))
    said = list(_SAYS.finditer(value))
    if said:
        return sep.join(
            translate(
                lang,
                N_("{file}: {status} ({reason})"),
                file=m["file"].strip(),
                status=_word(lang, m["status"]),
                reason=in_language(lang, m["reason"] + ".", titles).rstrip("。."),
            )
            for m in said
        )
    named = list(_NAMES.finditer(value))
    if named:
        return sep.join(
            translate(lang, N_("{file} names {value}"), file=m["file"].strip(), value=m["value"]) for m in named
        )
    return value


def in_language(lang: str, text: str, titles: dict[str, str] | None = None) -> str:
    """``text`` (one or more reasoning sentences) in ``lang``; ``titles`` maps English texts of the
    check (its title, lower-cased first, and its standard position) to their translation."""
    if lang == "en" or not text:
        return text
    titles = titles or {}
    out: list[str] = []
    rest = text.strip()
    while rest:
        for pattern, sentence in _forms():
            match = pattern.match(rest)
            if match:
                values = {k: _field(lang, k, v, titles) for k, v in match.groupdict().items()}
                out.append(translate(lang, sentence, **values))
                rest = rest[match.end() :]
                break
        else:
            out.append(rest)
            break
    return "".join(out)
