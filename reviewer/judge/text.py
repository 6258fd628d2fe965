"""Sentences with offsets, and tokens for lexical search, in English and Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "art",
    "arts",
    "no",
    "nos",
    "sec",
    "secs",
    "para",
    "paras",
    "cl",
    "inc",
    "ltd",
    "co",
    "corp",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "etc",
    "u.s",
    "u.k",
    "e.u",
    "p",
    "pp",
    "fig",
    "approx",
    "incl",
    "min",
    "max",
    "sch",
    "ch",
    "ref",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_BOUNDARY = re.compile(
    r"(?<=[.;!?])(?P<close>[\"”’)\]]*)(?P<space>\s+)(?=[\"“(\[]?[A-Z0-9(])|(?<=[。；！？])(?![”’）])|(?<=[。；！？][”’）])|\n+"
)
_WORD = re.compile(rf"[a-z0-9]+(?:['’][a-z]+)?|[{CJK_RANGE}]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, *, min_len: int = 2) -> list[Sentence]:
    """Sentences (and list items, and lines) of ``text`` with exact offsets."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group("space") is not None:
            cut = match.start("space")
            if text[
                cut - 1 - len(match.group("close")) : cut - len(match.group("close"))
            ] == "." and _is_abbreviation(text[start : cut - len(match.group("close"))]):
                continue
        else:
            cut = match.start()
        if cut <= start:
            start = max(start, match.end())
            continue
        _append(out, text, start, cut, min_len)
        start = match.end()
    _append(out, text, start, len(text), min_len)
    return out


def _is_abbreviation(piece: str) -> bool:
    words = piece.rstrip(".").rsplit(None, 1)
    last = words[-1].lower() if words else ""
    return last in _ABBREVIATIONS or bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", last)) or len(last) == 1


def _append(out: list[Sentence], text: str, start: int, end: int, min_len: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= min_len:
        out.append(Sentence(start, end, text[start:end]))


def tokens(text: str) -> list[str]:
    """Lower-case words for Latin scripts; character bigrams (and unigrams) for Chinese."""
    raw = _WORD.findall(text.lower())
    out: list[str] = []
    prev_cjk: str | None = None
    for tok in raw:
        if len(tok) == 1 and _CJK_CHAR.match(tok):
            out.append(tok)
            if prev_cjk is not None:
                out.append(prev_cjk + tok)
            prev_cjk = tok
        else:
            prev_cjk = None
            out.append(_stem(tok))
    return out


_CJK_CHAR = re.compile(f"[{CJK_RANGE}]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def is_chinese(text: str) -> bool:
    """Whether ``text`` is mostly Chinese: more Chinese characters than Latin words (a Chinese word
    is one or two characters, so this leans English only when English clearly dominates)."""
    return len(_CJK_CHAR.findall(text)) > len(_LATIN_WORD.findall(text))


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """A light English stemmer: enough to match "deletes", "deleted", "deletion" with "delete"."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ion", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word
