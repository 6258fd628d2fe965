"""Values a finding reports: the governing law, a number of days or hours, a storage region."""

from __future__ import annotations

import re

_LAW_EN = re.compile(
    r"(?:governed\s+by|construed\s+(?:in\s+accordance\s+with|under)|subject\s+to|in\s+accordance\s+with)"
    r"(?:\s+and\s+(?:construed|interpreted)\s+(?:in\s+accordance\s+with|under))?"
    r",?\s+the\s+(?:substantive\s+|internal\s+)?laws?\s+of\s+(?:the\s+)?"
    r"(?P<law>(?:State|Commonwealth|Province|Republic|Kingdom|People's Republic)\s+of\s+[A-Z][\w .'-]{1,40}?|"
    r"[A-Z][A-Za-z .'-]{1,40}?)"
    r"(?=[,.;(]|\s+(?:and|without|excluding|exclusive|applicable|as|that|which|to|in|regardless|except|other|shall|,)\b|$)",
)
_LAW_ZH = re.compile(
    r"(?:适用|受|遵循|依据|按照)(?P<law>中华人民共和国(?:大陆地区)?|中国(?:大陆)?|[\u4e00-\u9fff]{2,12}?)(?:的)?法律"
)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "forty-five": 45,
    "forty-eight": 48,
    "sixty": 60,
    "seventy-two": 72,
    "ninety": 90,
}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS_EN = {
    "hours": r"hours?|hrs?\b",
    "days": r"(?:business\s+|calendar\s+|working\s+)?days?",
    "months": r"months?",
    "years": r"years?",
}
_UNITS_ZH = {"hours": "小时", "days": "(?:个)?(?:工作)?[日天]", "months": "个月", "years": "年"}


def governing_law(text: str) -> str | None:
    from reviewer.judge.cuad_values import jurisdiction_in  # a gazetteer first, then the patterns below

    named = jurisdiction_in(text)
    if named:
        return named
    m = _LAW_EN.search(text)
    if m:
        law = re.sub(r"\s+", " ", m.group("law")).strip(" .,'")
        return law.removeprefix("the ").strip() or None
    m = _LAW_ZH.search(text)
    if m:
        return m.group("law")
    return None


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


def find_number(text: str, kind: str) -> int | None:
    """The first number of ``kind`` ("days", "hours", "months", "years" or "any") in ``text``."""
    kinds = list(_UNITS_EN) if kind == "any" else [kind]
    for k in kinds:
        unit = _UNITS_EN[k]
        m = re.search(
            rf"\b(?P<n>\d{{1,4}}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
            rf"(?:\s*\(\d{{1,4}}\))?[\s-]*(?:{unit})",
            text,
            re.IGNORECASE,
        )
        if m:
            raw = m.group("n").lower()
            return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        m = re.search(rf"(?P<n>\d{{1,4}}|[零一二两三四五六七八九十]{{1,4}})\s*(?:{_UNITS_ZH[k]})", text)
        if m:
            value = _cn_number(m.group("n"))
            if value is not None:
                return value
    return None
