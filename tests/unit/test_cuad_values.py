"""Jurisdictions and durations read from clauses, and how the CUAD evaluation compares them."""

from __future__ import annotations

import pytest

from reviewer.eval.cuad_data import same_duration, same_law
from reviewer.judge.rules.cuad_values import jurisdiction_in, notice_period, number_value, renewal_term
from reviewer.playbooks.loader import load_playbook_path, shipped_dir


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This Agreement shall be governed by the laws of the State of New York.", "New York"),
        ("THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE COMMONWEALTH OF MASSACHUSETTS.", "Massachusetts"),
        ("This contract is governed by English law.", "England and Wales"),
        ("The laws of England and Wales govern this Agreement.", "England and Wales"),
        (
            "This Agreement is governed by the laws of the Province of Manitoba and the federal laws of Canada "
            "applicable therein.",
            "Manitoba",
        ),
        (
            "This Agreement is governed by the laws of the United States and, where federal law does not apply, "
            "the laws of the State of Utah.",
            "Utah",
        ),
        (
            "The execution and performance of this Agreement shall be governed by PRC law.",
            "People's Republic of China",
        ),
        (
            "This Agreement was made in the State of Nevada and shall be construed under the laws thereof.",
            "Nevada",
        ),
        ("本协议受中华人民共和国法律管辖。", "People's Republic of China"),
        ("The laws of the Federal Republic of Germany apply to this Agreement.", "Germany"),
    ],
)
def test_jurisdiction_in_a_governing_law_clause(text: str, expected: str) -> None:
    assert jurisdiction_in(text) == expected


def test_a_place_of_incorporation_is_not_the_governing_law() -> None:
    assert (
        jurisdiction_in("Acme Inc., a corporation organized under the laws of Delaware, agrees as follows.")
        is None
    )
    assert jurisdiction_in("The parties shall meet in Texas every quarter.") is None


@pytest.mark.parametrize(
    ("text", "renewal", "notice"),
    [
        (
            "This Agreement shall automatically renew for successive one (1) year terms unless either party gives "
            "notice of non-renewal at least ninety (90) days prior to the end of the then-current term.",
            "successive 1 year",
            "90 days",
        ),
        (
            "After the Initial Term of three (3) years, the term is extended automatically for additional periods of "
            "six months unless a party objects in writing sixty days before expiry.",
            "6 months",
            "60 days",
        ),
        ("The Agreement renews for successive annual periods.", "successive 1 year", None),
        (
            "The Term renews automatically for additional periods of twelve (12) months unless either party "
            "gives one hundred twenty (120) days prior written notice.",
            "12 months",
            "120 days",
        ),
        ("This Agreement shall renew for successive thirty-six month terms.", "successive 36 months", None),
        (
            "The Agreement renews for an additional year unless cancelled 3 months before expiry.",
            "1 year",
            "3 months",
        ),
    ],
)
def test_renewal_term_and_notice_period(text: str, renewal: str, notice: str | None) -> None:
    assert renewal_term(text) == renewal
    assert notice_period(text) == notice


def test_number_value_follows_the_check() -> None:
    book = load_playbook_path(shipped_dir() / "commercial")
    quote = (
        "The term renews for successive two (2) year periods unless a party gives thirty (30) days' written "
        "notice before the end of the term."
    )
    assert number_value(book.check("renewal-term"), [quote]) == "successive 2 years"
    assert number_value(book.check("notice-period-to-terminate-renewal"), [quote]) == "30 days"
    assert number_value(book.check("renewal-term"), ["No duration here."]) is None


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("New York", "New York", True),
        ("State of New York", "New York", True),
        ("Ontario", "Ontario, Canada", True),
        ("England and Wales", "England", True),
        ("England and Wales", "England, United Kingdom; Wales, United Kingdom", True),
        ("People's Republic of China", "People's Republic of China", True),
        ("Delaware", "New York", False),
        (None, "New York", False),
        ("New York", "", False),
    ],
)
def test_same_law(predicted: str | None, gold: str, same: bool) -> None:
    places = [p for p in gold.split(";")] or [gold]
    assert any(same_law(predicted, p) for p in places) is same


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("successive 1 year", "successive 12 months", True),
        ("90 days", "3 months", True),
        ("30 days", "60 days", False),
        (None, "30 days", False),
        ("6 months", "successive 12 months; successive 6 months;", True),
    ],
)
def test_same_duration(predicted: str | None, gold: str, same: bool) -> None:
    assert same_duration(predicted, gold) is same
