"""Values a finding reports: the governing law, a number of days or hours, a storage region."""

from __future__ import annotations

import re

# In a sentence already known to state the governing law: every "laws of <Place>" it names.
_LAW_EN = re.compile(
    r"\b[Ll]aws?\s+(?:in\s+force\s+in\s+|applicable\s+in\s+)?of\s+(?:the\s+)?"
    r"(?P<law>(?:State|Commonwealth|Province|Republic|Kingdom|People['’]s\s+Republic|Hong\s+Kong\s+Special"
    r"\s+Administrative\s+Region)\s+of\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|"
    r"[A-Z][\w'’-]*(?:\s+(?:(?:and|of)\s+)?[A-Z][\w'’-]*)*)"
)
# "governed by Singapore law", "governed by English law"
_LAW_ADJ_EN = re.compile(
    r"\b(?:governed\s+by|construed\s+in\s+accordance\s+with|subject\s+to)\s+(?:the\s+)?"
    r"(?P<law>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+laws?\b"
)
# "California law will govern", "the laws of England shall govern"
_LAW_GOVERNS_EN = re.compile(
    r"\b(?:the\s+)?(?P<law>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+laws?\s+(?:will|shall)\s+govern\b"
)
_GOVERNED = re.compile(
    r"govern|constru|interpret|subject\s+to|in\s+accordance\s+with|applicable\s+law|governing\s+law", re.I
)
_LAW_ZH = re.compile(
    r"(?:适用|受|遵循|依据|依照|按照|服从)(?P<law>(?:中华人民共和国)?(?:香港|澳门)特别行政区|"
    r"中华人民共和国(?:大陆地区|大陆|内地)?|中国(?:大陆)?(?:地区)?|[\u4e00-\u9fff]{2,10}?)"
    r"(?:（[^）]{0,40}）)?(?:的)?(?:现行)?法律"
)
_NOT_A_PLACE_ZH = {"相关", "适用", "现行", "有关", "国家", "当地", "所在地", "其他", "本协议", "中国境内"}
_CANONICAL = {
    "people's republic of china": "PRC",
    "people’s republic of china": "PRC",
    "prc": "PRC",
    "china": "PRC",
    "中华人民共和国": "PRC",
    "中国": "PRC",
    "中国大陆": "PRC",
    "中华人民共和国大陆地区": "PRC",
    "中华人民共和国大陆": "PRC",
    "香港特别行政区": "Hong Kong",
    "中华人民共和国香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macau",
    "中华人民共和国澳门特别行政区": "Macau",
    "中华人民共和国内地": "PRC",
    "english": "England and Wales",
    "irish": "Ireland",
    "german": "Germany",
    "french": "France",
    "swiss": "Switzerland",
    "chinese": "PRC",
    "new york": "New York",
}


def _canonical_law(raw: str) -> str:
    law = re.sub(r"\s+", " ", raw).strip(" .,'’")
    law = re.sub(r"^(?:the\s+)?(?:State|Commonwealth|Province)\s+of\s+", "", law)
    return _CANONICAL.get(law.lower(), _CANONICAL.get(law, law))


def _as_written(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).strip(" .,'’")


def governing_laws(text: str, *, canonical: bool = True) -> list[str]:
    """Every governing law a governing-law clause names: canonical ("PRC", "Ireland", "California"),
    or as the contract writes it ("State of California", "中华人民共和国") for drafting."""
    name = _canonical_law if canonical else _as_written
    laws: list[str] = []
    if _GOVERNED.search(text):
        found = [*_LAW_EN.finditer(text), *_LAW_ADJ_EN.finditer(text), *_LAW_GOVERNS_EN.finditer(text)]
        matches = sorted(found, key=lambda m: m.start())
        for m in matches:
            law = name(m.group("law"))
            if law and law not in laws and law.lower() not in ("this", "any", "such"):
                laws.append(law)
    for m in _LAW_ZH.finditer(text):
        raw = m.group("law")
        if raw in _NOT_A_PLACE_ZH:
            continue
        law = name(raw)
        if law not in laws:
            laws.append(law)
    return laws


def governing_law(text: str, *, canonical: bool = True) -> str | None:
    """The first governing law named in ``text``."""
    laws = governing_laws(text, canonical=canonical)
    return laws[0] if laws else None


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
