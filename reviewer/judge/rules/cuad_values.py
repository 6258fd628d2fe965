"""Values a commercial finding reports: the governing law's jurisdiction and durations
(a renewal term, a notice period, any "N days/months/years").

The jurisdiction is found with a gazetteer (US states, Canadian provinces, Australian states,
countries and the adjectives contracts use, "English law", "PRC law") near the word "law(s)":
a closed list generalises better than guessing at capitalised words, and works on contracts
written in capitals. A state or province wins over its country ("the laws of the United States
and of the Commonwealth of Kentucky" -> Kentucky).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.playbooks.schema import Check
from reviewer.quantities import durations


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


_US_STATES = _names(
    """Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, Georgia,
    Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts,
    Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada, New Hampshire, New Jersey,
    New Mexico, New York, North Carolina, North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania, Rhode Island,
    South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington, West Virginia,
    Wisconsin, Wyoming, District of Columbia"""
)
_PROVINCES = _names(
    """Ontario, Quebec, British Columbia, Alberta, Manitoba, Saskatchewan, Nova Scotia, New Brunswick,
    Newfoundland and Labrador, Prince Edward Island, New South Wales, Victoria, Queensland,
    Western Australia, South Australia, Tasmania, Scotland, Northern Ireland, Hong Kong, Macau, Beijing,
    Shanghai"""
)
_COUNTRIES = _names(
    """Argentina, Australia, Austria, Belgium, Bermuda, Brazil, Bulgaria, Canada, Chile, Colombia, Croatia,
    Cyprus, Czech Republic, Denmark, Egypt, England, England and Wales, Estonia, Finland, France, Germany,
    Greece, Hungary, Iceland, India, Indonesia, Ireland, Israel, Italy, Japan, Kazakhstan, Korea, Latvia,
    Liechtenstein, Lithuania, Luxembourg, Malaysia, Malta, Mexico, Monaco, Netherlands, New Zealand, Norway,
    Pakistan, Panama, Papua New Guinea, Peru, Philippines, Poland, Portugal, Romania, Russia, Saudi Arabia,
    Singapore, Slovakia, Slovenia, South Africa, Spain, Sweden, Switzerland, Taiwan, Thailand, Turkey,
    Ukraine, United Arab Emirates, United Kingdom, United States, Uruguay, Venezuela, Vietnam, Wales,
    Cayman Islands, British Virgin Islands, People's Republic of China"""
)
# Other ways contracts name a jurisdiction -> the name reported.
_ALIASES = {
    "english": "England and Wales",
    "england & wales": "England and Wales",
    "u.s.a.": "United States",
    "usa": "United States",
    "u.s.": "United States",
    "united states of america": "United States",
    "federal republic of germany": "Germany",
    "german": "Germany",
    "swiss": "Switzerland",
    "french": "France",
    "dutch": "Netherlands",
    "the netherlands": "Netherlands",
    "israeli": "Israel",
    "japanese": "Japan",
    "korean": "Korea",
    "republic of korea": "Korea",
    "irish": "Ireland",
    "scottish": "Scotland",
    "scots": "Scotland",
    "colombian": "Colombia",
    "singaporean": "Singapore",
    "indian": "India",
    "italian": "Italy",
    "spanish": "Spain",
    "swedish": "Sweden",
    "chinese": "People's Republic of China",
    "china": "People's Republic of China",
    "prc": "People's Republic of China",
    "p.r.c.": "People's Republic of China",
    "mainland china": "People's Republic of China",
    "r.o.c.": "Taiwan",
    "republic of china": "Taiwan",
    "hong kong sar": "Hong Kong",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "great britain": "United Kingdom",
    "delaware general corporation": "Delaware",
}
_ZH = {
    "中华人民共和国": "People's Republic of China",
    "中国": "People's Republic of China",
    "香港": "Hong Kong",
    "澳门": "Macau",
    "台湾": "Taiwan",
    "新加坡": "Singapore",
    "美国": "United States",
    "纽约州": "New York",
    "加利福尼亚州": "California",
    "特拉华州": "Delaware",
    "英国": "United Kingdom",
    "英格兰": "England and Wales",
    "日本": "Japan",
    "德国": "Germany",
}
_SUBNATIONAL = {n.lower() for n in (*_US_STATES, *_PROVINCES)}
_LAW_WORD = re.compile(r"\b(?:laws?|legislation|legal\s+regime)\b|法律?|法", re.IGNORECASE)
_INCORPORATED = re.compile(
    r"(?:organi[sz]ed|incorporated|existing|formed|registered|established)\s+(?:and\s+existing\s+)?"
    r"(?:under|in\s+accordance\s+with|pursuant\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {n.lower(): n for n in (*_US_STATES, *_PROVINCES, *_COUNTRIES)}
    names.update(_ALIASES)
    alternatives = sorted(names, key=len, reverse=True)  # longest first: "New Mexico" before "Mexico"
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in alternatives)
    pattern = re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE)
    return pattern, names


def jurisdiction_in(text: str) -> str | None:
    """The jurisdiction whose law a governing-law sentence names, or None."""
    for zh, name in _ZH.items():
        if re.search(rf"{zh}[^。；]{{0,12}}法", text):
            return name
    pattern, names = _places()
    for law in _LAW_WORD.finditer(text):
        if _INCORPORATED.search(text[max(0, law.start() - 60) : law.start()]):
            continue  # "a corporation organized under the laws of Delaware" is not a choice of law
        back = 150 if re.match(r"\s*thereof", text[law.end() : law.end() + 12]) else 40
        window_start = max(0, law.start() - back)
        window = text[window_start : law.end() + 200]
        found = [names[re.sub(r"\s+", " ", m.group(0).lower())] for m in pattern.finditer(window)]
        if found:
            return next((n for n in found if n.lower() in _SUBNATIONAL), found[0])
    return None


# --- durations -------------------------------------------------------------------------------

_ADJECTIVE = re.compile(r"\b(?P<adj>annual|yearly|monthly)\b", re.IGNORECASE)
_NOTICE_AFTER = re.compile(
    r"^[\s'’]*(?:s\s+)?(?:\w+\s+){0,3}?(?:prior|before|in\s+advance|advance|notice|preceding)", re.I
)
_RENEWAL_NEAR = re.compile(
    r"(?:renew\w*|extend\w*|extension|successive|additional|further|consecutive|subsequent|automatically"
    r"|thereafter)\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)


def _durations(text: str) -> list[tuple[int, int, int | float, str]]:
    """(start, end, amount, unit) for every duration in ``text`` in days, weeks, months or years,
    "annual" and "monthly" included."""
    out = [
        (q.start, q.end, q.value, q.unit) for q in durations(text, articles=True) if q.unit and q.unit != "hour"
    ]
    for m in _ADJECTIVE.finditer(text):
        out.append(
            (m.start(), m.end(), 1, {"annual": "year", "yearly": "year"}.get(m.group("adj").lower(), "month"))
        )
    return sorted(out)


def _say(amount: int | float, unit: str) -> str:
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def notice_period(text: str) -> str | None:
    """The notice period in a clause: a duration followed by "prior", "before", "notice"..."""
    for _start, end, amount, unit in _durations(text):
        if _NOTICE_AFTER.match(text[end : end + 40]):
            return _say(amount, unit)
    return None


def renewal_term(text: str) -> str | None:
    """The renewal period in a clause: a duration next to "renew", "successive", "additional"..."""
    notice = notice_period(text)
    for start, end, amount, unit in _durations(text):
        said = _say(amount, unit)
        if said == notice and _NOTICE_AFTER.match(text[end : end + 40]):
            continue
        if _RENEWAL_NEAR.search(text[max(0, start - 60) : start]) or re.match(
            r"\s*(?:renewal\s+(?:terms?|periods?)|renewals?)\b", text[end : end + 30], re.I
        ):
            prefix = "successive " if re.search(r"successive|each|consecutive", text, re.I) else ""
            return prefix + said
    return None


def first_duration(text: str) -> str | None:
    found = _durations(text)
    return _say(found[0][2], found[0][3]) if found else None


def number_value(check: Check, quotes: list[str]) -> str | None:
    """The value an ``extract: number`` check reports, from its cited quotes."""
    category = (check.cuad_category or "").lower()
    pick = first_duration
    if "notice period" in category or "notice" in check.id:
        pick = notice_period
    elif "renewal" in category or "renewal" in check.id:
        pick = renewal_term
    for quote in quotes:
        value = pick(quote)
        if value:
            return value
    return None
