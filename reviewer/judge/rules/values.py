"""Values a finding reports: the governing law (numbers of days or hours come from
``reviewer.quantities``)."""

from __future__ import annotations

import re

from reviewer.quantities import find_number

__all__ = ["find_number", "governing_law", "governing_laws"]

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
