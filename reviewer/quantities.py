"""The one reader of numbers, counts and durations as contracts write them, in English and Chinese:
digits (also full-width), words ("thirty-six", "one hundred and twenty"), both at once ("twelve (12)
months"), and Chinese numerals (一百二十天, 三个月, 两年, 十五个工作日, 72小时)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an
from text_to_num import text2num

# --- numerals --------------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")
_WORDS = re.findall(
    r"[a-z]+",
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand",
)
_WORD = "(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
# "one hundred and twenty", "thirty-six", "twenty four"
_WORD_RUN = rf"\b{_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*"
_DIGITS = r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d.])"
_CN_NUMERAL = r"[零〇一二两三四五六七八九十百千万]+"
_ARTICLE = r"\b(?:an?)\b"


def _word_value(words: str) -> int | None:
    try:
        return int(text2num(re.sub(r"[\s-]+", " ", words.lower()).strip(), "en"))
    except ValueError:
        return None


def _split_words(words: str) -> list[tuple[int, int, int]]:
    """(start, end, value) for each number in a run of number words, longest readable first:
    "thirty and sixty" -> 30, 60; "one two" -> 1, 2."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[a-z]+", words, re.IGNORECASE)]
    out, i = [], 0
    while i < len(tokens):
        if words[tokens[i][0] : tokens[i][1]].lower() == "and":
            i += 1
            continue
        for j in range(len(tokens), i, -1):
            value = _word_value(words[tokens[i][0] : tokens[j - 1][1]])
            if value is not None and words[tokens[j - 1][0] : tokens[j - 1][1]].lower() != "and":
                out.append((tokens[i][0], tokens[j - 1][1], value))
                i = j
                break
        else:
            i += 1
    return out


def _digits_value(raw: str) -> int | float:
    number = float(raw.replace(",", ""))
    return int(number) if number.is_integer() else number


def from_chinese(text: str) -> int | None:
    """A Chinese numeral ("一百二十", "两", "十五") or digits as a number; None when it is neither."""
    text = text.translate(_FULL_WIDTH).strip()
    if text.isdigit():
        return int(text)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


def to_chinese(number: int) -> str:
    """``number`` in Chinese numerals the way clause and list numbers are written: 10 -> 十, 21 -> 二十一."""
    return str(cn2an.an2cn(number, "low"))


def read_number(text: str) -> int | float | None:
    """The number a whole string states: "12", "１２", "twelve", "twelve (12)", "一百二十"; else None."""
    text = text.strip()
    if re.fullmatch(_CN_NUMERAL, text):
        return from_chinese(text)
    found = _numbers(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
        return found[0].value
    return None


# --- quantities ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number found in a text, with its unit when it is a duration ("hour", "day", "week", "month",
    "year"); ``conflict`` when the words and the digits disagree ("ten (12)": the digits win)."""

    value: int | float
    unit: str | None
    start: int
    end: int
    text: str
    business: bool = False
    conflict: bool = False

    @property
    def days(self) -> float | None:
        """The duration in days (a month is 30, a year 365); None for a bare count."""
        return None if self.unit is None else self.value * _DAYS[self.unit]

    @property
    def hours(self) -> float | None:
        return None if self.days is None else self.days * 24

    def say(self) -> str:
        """ "12 months", "1 year", "15 business days"."""
        if self.unit is None:
            return str(self.value)
        unit = f"business {self.unit}" if self.business else self.unit
        return f"{self.value} {unit}{'' if self.value == 1 else 's'}"


_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_UNITS_EN = {
    "hour": r"hours?|hrs?",
    "day": r"days?",
    "week": r"weeks?",
    "month": r"months?",
    "year": r"years?",
}
_MODIFIERS_EN = r"(?:(?:calendar|business|working|consecutive|additional|successive|full|further)[\s-]+)*"
_UNITS_ZH = {
    "hour": r"个?(?:小时|钟头)",
    "business-day": r"个?(?:工作日|营业日)",
    "day": r"个?(?:自然日|日历日)|天|日",
    "week": r"个?(?:星期|礼拜)|周",
    "month": r"个(?:自然|日历)?月",
    "year": r"年(?![\d一二三四五六七八九十]{1,3}月)",
}
# A number: words with their digits in brackets (either way round), digits, or a Chinese numeral.
_NUMBER = (
    rf"(?P<words>{_WORD_RUN})(?:\s*\(\s*(?P<paren>\d+)\s*\))?"
    rf"|(?P<digits>{_DIGITS})(?:\s*\(\s*(?P<pwords>{_WORD_RUN})\s*\))?"
    rf"|(?P<cn>{_CN_NUMERAL})"
)


@lru_cache(maxsize=2)
def _duration_pattern(articles: bool) -> re.Pattern[str]:
    article = rf"(?P<article>{_ARTICLE})(?:\s*\(\s*(?P<aparen>\d+)\s*\))?"
    number = f"{_NUMBER}|{article}" if articles else _NUMBER
    en = "|".join(f"(?P<{u}>{p})" for u, p in _UNITS_EN.items())
    zh = "|".join(f"(?P<zh_{u.replace('-', '_')}>{p})" for u, p in _UNITS_ZH.items())
    return re.compile(
        rf"(?:{number})(?:[\s-]*(?P<mods>{_MODIFIERS_EN})(?:{en})\b|\s*(?:{zh}))",
        re.IGNORECASE,
    )


_COUNT = re.compile(_NUMBER, re.IGNORECASE)
_MEASURE = re.compile(r"\s*[个名份次家项条位人件天日年月周小]")


def _value(m: re.Match[str]) -> tuple[int | float, bool] | None:
    """The number a match states, and whether its words and digits disagree."""
    said: int | float | None
    if m.group("words") is not None:
        parts = _split_words(m.group("words"))
        said = parts[-1][2] if parts else None
        digits = m.group("paren")
    elif m.group("digits") is not None:
        digits = m.group("digits")
        words = _split_words(m.group("pwords")) if m.group("pwords") else []
        said = words[-1][2] if words else _digits_value(digits)
    elif m.group("cn") is not None:
        said, digits = from_chinese(m.group("cn")), None
    else:  # "a year", "an hour", "a (1) year"
        digits, said = m.groupdict().get("aparen"), 1
    if digits is None:
        return None if said is None else (said, False)
    written = _digits_value(digits)
    return written, said is not None and said != written


def _number_start(m: re.Match[str]) -> int:
    """Where the number itself starts: the last of several word numbers ("one two months" -> "two")."""
    if m.group("words") is not None:
        parts = _split_words(m.group("words"))
        if parts:
            return m.start("words") + parts[-1][0]
    return m.start()


def _unit(m: re.Match[str]) -> tuple[str, bool]:
    for unit in _UNITS_EN:
        if m.group(unit):
            return unit, bool(re.search(r"business|working", m.group("mods") or "", re.IGNORECASE))
    if m.group("zh_business_day"):
        return "day", True
    return next(u for u in _UNITS_EN if m.group(f"zh_{u}")), False


def durations(text: str, *, articles: bool = False) -> list[Quantity]:
    """Every duration in ``text``, in order: "twelve (12) months", "30 calendar days", "within 72
    hours", 一百二十天, 十五个工作日, ３０天. ``articles`` also reads "a year", "an additional month"."""
    plain = text.translate(_FULL_WIDTH)
    out = []
    for m in _duration_pattern(articles).finditer(plain):
        read = _value(m)
        if read is None or _in_chinese_date(plain, m, read[0]):
            continue
        unit, business = _unit(m)
        start = _number_start(m)
        out.append(Quantity(read[0], unit, start, m.end(), text[start : m.end()], business, read[1]))
    return out


def _in_chinese_date(text: str, m: re.Match[str], value: float) -> bool:
    """ "2024年" and "1日" in "2024年3月1日" are a date, not two thousand years and a day."""
    if m.group("zh_year"):
        return value >= 1000
    return (
        bool(m.group("zh_day")) and m.group("zh_day") == "日" and text[max(0, m.start() - 1) : m.start()] == "月"
    )


def numbers_in(text: str) -> list[Quantity]:
    """Every number in ``text`` (durations with their unit, other counts without), in order."""
    found = {q.start: q for q in _numbers(text)}
    for q in durations(text):
        found = {s: n for s, n in found.items() if not (q.start <= s < q.end)}
        found[q.start] = q
    return [found[s] for s in sorted(found)]


def _numbers(text: str) -> list[Quantity]:
    plain = text.translate(_FULL_WIDTH)
    out: list[Quantity] = []
    for m in _COUNT.finditer(plain):
        if m.group("words") is not None and not m.group("paren"):
            parts = [(m.start("words") + s, m.start("words") + e, v) for s, e, v in _split_words(m.group("words"))]
            out.extend(Quantity(v, None, s, e, text[s:e]) for s, e, v in parts)
            continue
        read = _value(m)
        if m.group("cn") is not None and not _MEASURE.match(plain, m.end()):
            continue  # 一 in 一致 or 统一 is not a count
        if read is not None:
            out.append(Quantity(read[0], None, m.start(), m.end(), text[m.start() : m.end()], conflict=read[1]))
    return out


_KINDS = {"hours": ("hour",), "days": ("day", "week"), "months": ("month",), "years": ("year",)}


def first_duration(text: str, kind: str = "any") -> Quantity | None:
    """The first duration of ``kind`` ("hours", "days" (weeks count), "months", "years" or "any")."""
    units = {u for units in _KINDS.values() for u in units} if kind == "any" else set(_KINDS[kind])
    return next((q for q in durations(text) if q.unit in units), None)


def find_number(text: str, kind: str) -> int | float | None:
    """The number of the first duration of ``kind`` in ``text`` ("days" gives weeks in days);
    None only when there is none."""
    found = first_duration(text, kind)
    if found is None:
        return None
    return found.value * 7 if kind == "days" and found.unit == "week" else found.value
