"""The shipped ``commercial`` playbook: valid, one check per CUAD category, bilingual, and usable."""

from __future__ import annotations

import re

import pytest

from reviewer.eval.cuad_data import CUAD_CATEGORIES
from reviewer.playbooks.loader import load_playbook_path, shipped_dir
from reviewer.playbooks.schema import Playbook

REQUIRED = [
    "Governing Law",
    "Audit Rights",
    "Cap on Liability",
    "Uncapped Liability",
    "Anti-Assignment",
    "Termination for Convenience",
    "IP Ownership Assignment",
    "Insurance",
    "Warranty Duration",
    "Post-Termination Services",
    "Change of Control",
    "License Grant",
    "Non-Compete",
    "Exclusivity",
    "Renewal Term",
    "Notice Period to Terminate Renewal",
    "Liquidated Damages",
    "Source Code Escrow",
    "Third Party Beneficiary",
    "Most Favored Nation",
]


def slug(category: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


@pytest.fixture(scope="module")
def book() -> Playbook:
    return load_playbook_path(shipped_dir() / "commercial")


def test_the_playbook_validates_and_covers_the_required_categories(book: Playbook) -> None:
    assert book.name == "commercial"
    categories = [c.cuad_category for c in book.checks]
    assert all(categories), "every commercial check declares the CUAD category it answers"
    assert len(set(categories)) == len(categories), "one check per category"
    assert set(REQUIRED) <= set(categories)
    assert len(book.checks) >= 20


def test_check_ids_templates_and_categories_follow_the_convention(book: Playbook) -> None:
    for check in book.checks:
        assert check.cuad_category in CUAD_CATEGORIES, check.cuad_category
        assert check.id == slug(check.cuad_category or ""), check.id
        assert check.template == check.id


def test_every_check_is_bilingual_and_written_for_the_customer(book: Playbook) -> None:
    for check in book.checks:
        assert check.zh is not None and check.zh.title and check.zh.standard_position, check.id
        assert check.zh.why_it_matters and check.zh.fallback, check.id
        assert check.queries.en and check.queries.zh, check.id
        assert check.signals.met.en and check.signals.met.zh, check.id
        assert check.fallback and check.why_it_matters and check.ask, check.id
        assert re.search(r"[\u4e00-\u9fff]", check.zh.standard_position or ""), check.id


def test_value_checks_extract_their_value(book: Playbook) -> None:
    assert book.check("governing-law").extract == "governing_law"
    assert book.check("renewal-term").extract == "number"
    assert book.check("notice-period-to-terminate-renewal").extract == "number"
