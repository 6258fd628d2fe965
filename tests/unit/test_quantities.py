"""The shared reader of numbers and durations, in English and Chinese, digits and words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.quantities import (
    durations,
    find_number,
    first_duration,
    from_chinese,
    numbers_in,
    read_number,
    to_chinese,
)

# (text, value, unit, business days): the first duration the text states.
DURATIONS = [
    # the four bugs of issue 10
    ("Customer Data is deleted within twelve (12) months of termination.", 12, "month", False),
    ("Logs are kept for one hundred twenty (120) days.", 120, "day", False),
    ("数据保存期限为一百二十天。", 120, "day", False),
    ("The initial term is thirty-six months.", 36, "month", False),
    # English digits
    ("Provider shall delete the data within 30 calendar days.", 30, "day", False),
    ("notify Customer within 72 hours of becoming aware", 72, "hour", False),
    ("within 48 hrs of discovery", 48, "hour", False),
    ("no later than 15 business days after the request", 15, "day", True),
    ("within ten working days", 10, "day", True),
    ("for a period of 2 years", 2, "year", False),
    ("upon 90 days' prior written notice", 90, "day", False),
    ("a 12-month renewal term", 12, "month", False),
    ("retained for 6 weeks", 6, "week", False),
    ("for 1,000 days", 1000, "day", False),
    ("for 1.5 years", 1.5, "year", False),
    ("THE DATA IS KEPT FOR 180 DAYS", 180, "day", False),
    ("within 24 consecutive hours", 24, "hour", False),
    # English words
    ("within seventy-two (72) hours", 72, "hour", False),
    ("within seventy two hours", 72, "hour", False),
    ("sixty (60) days' notice", 60, "day", False),
    ("one hundred and eighty days", 180, "day", False),
    ("a one-year term", 1, "year", False),
    ("for successive one (1) year periods", 1, "year", False),
    ("fifteen (15) business days", 15, "day", True),
    ("twenty-four months", 24, "month", False),
    ("ninety days", 90, "day", False),
    ("Forty-Five Days", 45, "day", False),
    ("eleven months", 11, "month", False),
    ("nine hundred ninety-nine days", 999, "day", False),
    ("two thousand hours", 2000, "hour", False),
    ("thirty and sixty days", 60, "day", False),
    ("within five (5) years", 5, "year", False),
    ("12 (twelve) months", 12, "month", False),
    ("for three consecutive years", 3, "year", False),
    ("after two additional weeks", 2, "week", False),
    ("within fourteen days of the end of the Term", 14, "day", False),
    # Chinese numerals and digits
    ("乙方应在二十四小时内通知甲方。", 24, "hour", False),
    ("72小时内通知", 72, "hour", False),
    ("合同终止后三个月内删除", 3, "month", False),
    ("保存两年", 2, "year", False),
    ("十五个工作日内答复", 15, "day", True),
    ("30日内返还数据", 30, "day", False),
    ("３０天内删除", 30, "day", False),
    ("在３０个工作日内", 30, "day", True),
    ("保留十天", 10, "day", False),
    ("保留九十日", 90, "day", False),
    ("保存一年", 1, "year", False),
    ("保存六个月", 6, "month", False),
    ("每两周一次", 2, "week", False),
    ("四十八个小时内", 48, "hour", False),
    ("七个自然日内", 7, "day", False),
    ("自2024年1月1日起三年内有效", 3, "year", False),
    ("5 个工作日", 5, "day", True),
    ("三百六十五天", 365, "day", False),
    ("一千零一天", 1001, "day", False),
    ("十二个月", 12, "month", False),
]

# Texts that state no duration.
NO_DURATION = [
    "Data is retained for as long as necessary.",
    "The Vendor deletes data promptly.",
    "Section 12 of the Agreement applies.",
    "See clause 5.2.",
    "本协议自2024年3月1日起生效。",
    "数据应当及时删除。",
    "one of the parties",
    "Tenant shall pay rent.",
    "",
]


@pytest.mark.parametrize(("text", "value", "unit", "business"), DURATIONS)
def test_first_duration(text: str, value: float, unit: str, business: bool) -> None:
    found = first_duration(text)
    assert found is not None, text
    assert (found.value, found.unit, found.business) == (value, unit, business)
    assert found.text in text and not found.conflict


@pytest.mark.parametrize("text", NO_DURATION)
def test_no_duration_is_none(text: str) -> None:
    assert durations(text) == []
    assert find_number(text, "any") is None


def test_words_and_digits_that_disagree_give_the_digits_and_a_flag() -> None:
    found = first_duration("within ten (12) days")
    assert found is not None and (found.value, found.conflict) == (12, True)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("within 72 hours or 3 days", "hours", 72),
        ("within 72 hours or 3 days", "days", 3),
        ("within 72 hours or 3 days", "months", None),
        ("within two weeks", "days", 14),
        ("kept 6 months, then 2 years", "years", 2),
        ("三个月", "months", 3),
        ("二十四小时", "any", 24),
        ("twelve (12) months", "any", 12),
    ],
)
def test_find_number_by_kind(text: str, kind: str, expected: int | None) -> None:
    assert find_number(text, kind) == expected


def test_durations_normalise_to_days_and_hours() -> None:
    found = {q.text: q for q in durations("3 days, 2 weeks, 72 hours, 12 months, 1 year")}
    assert found["3 days"].hours == 72
    assert found["2 weeks"].days == 14
    assert found["72 hours"].days == 3
    assert found["12 months"].days == 360
    assert found["1 year"].days == 365
    assert found["3 days"].say() == "3 days" and found["1 year"].say() == "1 year"


def test_articles_read_as_one_only_when_asked() -> None:
    assert durations("renews for an additional year") == []
    found = durations("renews for an additional year", articles=True)
    assert [(q.value, q.unit) for q in found] == [(1, "year")]
    assert [q.value for q in durations("a (2) year term", articles=True)] == [2]


def test_numbers_in_reads_counts_and_durations_in_order() -> None:
    found = numbers_in("three (3) copies, 5 sub-processors, 一致, 二十名员工, within 30 days")
    assert [(q.value, q.unit) for q in found] == [(3, None), (5, None), (20, None), (30, "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("１２", 12),
        ("twelve", 12),
        ("twelve (12)", 12),
        ("one hundred and twenty", 120),
        ("一百二十", 120),
        ("两", 2),
        ("十五", 15),
        ("1,000", 1000),
        ("twelve days", None),
        ("abc", None),
        ("", None),
    ],
)
def test_read_number(text: str, expected: int | None) -> None:
    assert read_number(text) == expected


@pytest.mark.parametrize(
    ("number", "chinese"), [(1, "一"), (10, "十"), (15, "十五"), (21, "二十一"), (120, "一百二十")]
)
def test_chinese_numerals_both_ways(number: int, chinese: str) -> None:
    assert to_chinese(number) == chinese
    assert from_chinese(chinese) == number


def test_from_chinese_refuses_what_is_not_a_numeral() -> None:
    assert from_chinese("第") is None
    assert from_chinese("12") == 12


# --- properties ------------------------------------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]
_ONES += ["sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_CN = "零一二三四五六七八九"


def _english(n: int, *, hyphen: bool = True, and_: bool = False) -> str:
    """``n`` (0..999) spelled out the way contracts do."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (("-" if hyphen else " ") + _ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return head if not rest else f"{head} {'and ' if and_ else ''}{_english(rest, hyphen=hyphen)}"


def _chinese(n: int) -> str:
    """``n`` (1..999) in Chinese numerals, written independently of the reader's library."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN[ones] if ones else "")


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["days", "hours", "months", "years"]))
def test_digits_round_trip(n: int, unit: str) -> None:
    assert find_number(f"within {n} {unit} of notice", unit) == n
    assert find_number(f"within {n:,} {unit}", unit) == n
    assert read_number(str(n)) == n


@given(st.integers(min_value=0, max_value=999), st.booleans(), st.booleans())
def test_word_form_reads_back(n: int, hyphen: bool, and_: bool) -> None:
    words = _english(n, hyphen=hyphen, and_=and_)
    assert read_number(words) == n
    assert find_number(f"within {words} ({n}) days", "days") == n
    found = first_duration(f"for {words} months")
    assert found is not None and found.value == n and found.unit == "month"


@given(st.integers(min_value=1, max_value=999))
def test_chinese_form_reads_back(n: int) -> None:
    assert find_number(f"应在{_chinese(n)}天内删除", "days") == n
    assert from_chinese(_chinese(n)) == n
    assert from_chinese(to_chinese(n)) == n
