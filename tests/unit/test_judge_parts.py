"""Parts of the judge: hedges as data, negation, the literal prefilter and search windows."""

from __future__ import annotations

import re

import pytest

from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.retrieval.prefilter import may_match, requirements, search_windows
from reviewer.judge.rules.clauses import HedgeMatcher, is_negated, looks_like_list_item, negated_inside
from reviewer.playbooks import load_playbook
from reviewer.playbooks.hedges import load_hedges
from reviewer.settings import Settings
from tests.support.vendor_terms import CASES_EN, CASES_ZH, MORE_EN, MORE_ZH, contract_set


@pytest.fixture(scope="module")
def hedges() -> HedgeMatcher:
    return HedgeMatcher(load_hedges())


def test_hedges_follow_topics_and_numbers(hedges: HedgeMatcher) -> None:
    found = hedges.find("We will use commercially reasonable efforts to delete the data.", topic="deletion")
    assert [h.hedge.id for h in found] == ["efforts"]
    consent = "We will not train on your data unless you agree."
    assert [h.hedge.id for h in hedges.find(consent, topic="training")] == ["consent-exception"]
    assert hedges.find(consent, topic="deletion") == []  # a consent exception does not hollow deletion
    vague = "We will delete it as soon as practicable and in any event within 30 days."
    assert hedges.find(vague, topic="deletion", number_stated=True) == []
    assert [h.hedge.id for h in hedges.find(vague, topic="deletion")] == ["practicable"]
    assert hedges.find("We will delete it.", topic="deletion", ignore=["efforts"]) == []


def test_inclusive_anonymised_wording_is_not_a_carve_out(hedges: HedgeMatcher) -> None:
    assert hedges.find("No training on customer data, including in de-identified form.", topic="training") == []
    assert hedges.find("不得用于训练，去标识化或聚合后的数据亦同。", topic="training") == []
    assert hedges.find("We may use aggregated data to improve the service.", topic="training") != []


def test_negation_grammar() -> None:
    text = "Provider will not use Customer Data to train models"
    assert is_negated(text, 0, text.index("use"))
    text = "Provider does not sell data, and it may use data to train"
    assert not is_negated(text, 0, text.index("may use"))
    text = "Provider will notify Customer no later than 48 hours after a breach"
    assert not is_negated(text, 0, text.index("48"))
    assert negated_inside("you do not own the output") and not negated_inside(
        "we keep logs, not shared, for 30 days"
    )
    assert looks_like_list_item("(b) delete all copies") and looks_like_list_item("H.1.b. delete all copies")
    assert looks_like_list_item("（一）删除全部数据") and not looks_like_list_item("Provider deletes data.")


def test_prefilter_requirements() -> None:
    assert requirements(r"\bturn\s+off\b") == (("turn",), ("off",))
    assert ("sub-processor",) in requirements(r"\bsub-processors?\s+list")
    assert not may_match(r"\bzero[\s-]retention\b", "we keep logs for 30 days")
    assert may_match(r"(?:去标识化|匿名化)[^。]{0,20}训练", "我们将匿名化数据用于训练")


def test_windowed_scan_finds_what_a_full_scan_finds(settings: Settings) -> None:
    clauses = [c for _, _, c in CASES_EN + MORE_EN + CASES_ZH + MORE_ZH]
    filler = "The parties shall meet quarterly to review the service levels and the reports. " * 12
    text = "\n\n".join(f"{n}. {filler}{clause}" for n, clause in enumerate(clauses, start=1))
    cs = contract_set({"long.md": text}, settings)
    index = SetIndex(cs)
    index.configure(load_playbook("ai-vendor"))
    doc = cs.documents[0]
    lowered = doc.text.lower()
    for check in load_playbook("ai-vendor").checks:
        for patterns in check.signal_patterns().values():
            for pattern in patterns:
                full = [m.start() for m in re.compile(pattern, re.IGNORECASE).finditer(doc.text)]
                windowed = [m.start() for m in index._matches(pattern, doc.text, lowered)]
                assert set(full) <= set(windowed), (check.id, pattern)
                assert search_windows(pattern, lowered) != [] or not full


def test_cross_lingual_votes_only_break_ties(settings: Settings) -> None:
    """Chinese chunks: the Chinese query that found the clause outranks English queries that agree
    on another chunk (issue 11); with no Chinese query, the English ones rank alone."""
    from reviewer.judge.text import is_chinese
    from reviewer.playbooks.schema import Localized

    cs = contract_set(
        {
            "a.md": "第一条 我们不会使用您的数据训练模型。",
            "b.md": "第二条 本协议自双方签字之日起生效，有效期一年。",
        },
        settings,
    )
    by_doc = {c.file_name: c.id for c in cs.chunks}
    assert all(is_chinese(c.text) for c in cs.chunks) and not is_chinese("notice within 72 hours 小时")

    def dense(queries: list[str], k: int) -> list[list[tuple[str, float]]]:
        return [[(by_doc["a.md" if is_chinese(q) else "b.md"], 0.5)] for q in queries]

    base = load_playbook("ai-vendor").check("no-training")
    english = ["use of customer content to train models", "model training", "improve the services"]
    check = base.model_copy(update={"queries": Localized(en=english, zh=["不用于训练"])})
    index = SetIndex(cs, dense=dense)
    assert index.passages(check, k=2)[0].chunk_id == by_doc["a.md"]
    only_en = base.model_copy(update={"queries": Localized(en=english)})
    assert SetIndex(cs, dense=dense).passages(only_en, k=2)[0].chunk_id == by_doc["b.md"]
