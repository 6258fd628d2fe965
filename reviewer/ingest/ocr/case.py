"""Capitals restored where the engine lost them: PP-OCR reads a line set in capitals with its case
scrambled ("FeeS AnD PaYmenT", "3. use of the services"), and a heading in lower or mixed case is
not taken for a heading. A line is put back in capitals when several of its words change case
inside the word, or when it is a short numbered line whose first word has no capital (a heading, which the engine
read in lower case: a sentence wrapped onto a line that starts with "5. " is rarely this short)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+")
_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[a-z]")
MAX_HEADING_CHARS = 60


def _scrambled(word: str) -> bool:
    """Upper case after lower case inside a word ("PaYmenT", "feES"); "McAfee"-like names excepted."""
    if len(word) < 3 or re.fullmatch(r"(?:Mc|Mac)[A-Z][a-z]+", word):
        return False
    return bool(re.search(r"[a-z][A-Z]", word))


_DIGIT_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "|": "1", "o": "0", "O": "0"})
_LOOKALIKE_NUMBER = r"[0-9lI|oO]*[0-9][0-9lI|oO]*"
_NUMBER_TOKEN = re.compile(
    rf"(?<=\()({_LOOKALIKE_NUMBER})(?=\))"  # "(l2)", "(6o)": the figure repeated in brackets
    rf"|(?<![A-Za-z0-9])({_LOOKALIKE_NUMBER})(?=\s*(?:%|per ?cent|(?:business |calendar |working )?"
    r"(?:days?|hours?|weeks?|months?|years?)\b))",  # "3o days", "l2 months"
    re.IGNORECASE,
)


def restore_digits(text: str) -> str:
    """Digits the engine read as look-alike letters inside a number of days, months or a share:
    "(l2) months" is "(12) months", "sixty (6o) days" is "sixty (60) days". Only a run with a real
    digit in it, in brackets or before a unit, is changed ("GPT-4o" and "o3" stay)."""
    return _NUMBER_TOKEN.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), text)


# A full stop after a lower-case word and before one: the engine's reading of a comma ("use, copy.
# modify", "inspections. conducted by"); a sentence does not start in lower case. Abbreviations stay.
_COMMA_READ_AS_STOP = re.compile(r"(?<![A-Za-z.])([A-Z]?[a-z]{3,})\.(?= [a-z])")
_ABBREVIATIONS = frozenset(
    {
        "etc",
        "incl",
        "excl",
        "approx",
        "esp",
        "resp",
        "viz",
        "ibid",
        "max",
        "min",
        "sec",
        "corp",
        "ltd",
        "dept",
        "art",
        "para",
        "sch",
    }
)


def restore_commas(text: str) -> str:
    """Commas the engine read as full stops inside a sentence: "use, copy. modify and publish" is
    "use, copy, modify and publish". Only before a lower-case word, after a word of three letters
    or more that is not an abbreviation ("etc. and", "Acme Corp. and" stay)."""

    def comma(m: re.Match[str]) -> str:
        return m.group() if m.group(1).lower() in _ABBREVIATIONS else m.group(1) + ","

    return _COMMA_READ_AS_STOP.sub(comma, text)


def restore(text: str) -> str:
    """What the engine is known to get wrong in a line, put right: capitals, then digits (commas are
    put right in the paragraph, ``restore_commas``, since a line may end on the misread comma)."""
    return restore_digits(restore_capitals(text))


def restore_capitals(text: str) -> str:
    words = _WORD.findall(text)
    if len(words) < 1:
        return text
    scrambled = sum(1 for w in words if _scrambled(w))
    capitals = sum(1 for w in words if len(w) >= 2 and w.isupper())
    long_words = sum(1 for w in words if len(w) >= 3) or 1
    if scrambled >= 1 and (scrambled + capitals) / long_words >= 0.5:
        return text.upper()
    short = len(text) <= MAX_HEADING_CHARS and not re.search(r"[,;.:]$", text.strip())
    if short and len(words) <= 8 and _NUMBERED.match(text):  # "5. privacy And security"
        return text.upper()
    return text
