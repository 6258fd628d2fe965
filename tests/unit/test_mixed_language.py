"""A contract mixing English and Chinese is reviewed as one: each sentence is read by the signals of
its own language, and the findings cite both."""

from __future__ import annotations

from reviewer.playbooks import load_playbook
from reviewer.settings import Settings
from tests.unit.test_rule_judge import verdict_for
from tests.vendor_terms import contract_set

MIXED = """# AI 服务协议 / AI Services Agreement

1. Data use. Provider may use Customer Data to train and improve its models.

2. 数据删除：本协议终止后三十日内，我们将删除客户的全部数据，并出具删除证明。

3. Governing law. 本协议适用中华人民共和国法律。
"""


def test_each_sentence_is_read_in_its_own_language(settings: Settings) -> None:
    book = load_playbook("ai-vendor")
    cs = contract_set({"mixed.md": MIXED}, settings)
    training = verdict_for("no-training", cs, book)
    assert training.status == "conflicting", training.rationale
    assert "train" in training.evidence[0].quote
    deletion = verdict_for("deletion-at-end", cs, book)
    assert deletion.status == "satisfied", deletion.rationale
    assert "删除" in deletion.evidence[0].quote
    law = verdict_for("governing-law", cs, book)
    assert law.value == "PRC", law.rationale
