"""Word list numbering rendered the way Word shows it: "1.", "2.1", "(a)", "iv.", "第三条"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reviewer.quantities import to_chinese

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Numbering:
    """Renders list numbers ("1.", "2.1", "(a)") the way Word shows them."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)  # (numId, lvl)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, document: Any) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(f"{W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = val(lvl.find(f"{W}numFmt")) or "decimal"
                text = val(lvl.find(f"{W}lvlText")) or ""
                start = int(val(lvl.find(f"{W}start")) or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            abstract_id = val(num.find(f"{W}abstractNumId")) or ""
            for ilvl, spec in abstract.get(abstract_id, {}).items():
                numbering.formats[(num_id, ilvl)] = spec
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and (num_id, ilvl) in numbering.formats:
                    fmt, text, _ = numbering.formats[(num_id, ilvl)]
                    numbering.formats[(num_id, ilvl)] = (fmt, text, int(val(start) or "1"))
        return numbering

    def render(self, num_id: str, ilvl: int) -> str | None:
        if (num_id, ilvl) not in self.formats or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = self.formats[(num_id, ilvl)]
        counters[ilvl] = (counters[ilvl] or start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return None

        def level_value(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            f, _, s = self.formats.get((num_id, lvl), ("decimal", "", 1))
            return _format_number(counters[lvl] or s, f)

        return re.sub(r"%(\d)", level_value, text).strip()


def val(element: Any) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
        return to_chinese(n)
    return str(n)
