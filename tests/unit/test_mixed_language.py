"""A contract mixing English and Chinese is reviewed as one: each sentence is read by the signals of
its own language, and the findings cite both."""

from __future__ import annotations

import pytest

from reviewer.playbooks import load_playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import contract_set
from tests.unit.test_rule_judge import verdict_for

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


OPT_OUT = {
    "en": "3. Data. We may use your inputs and outputs to improve our models unless you opt out in your account settings.",
    "zh": "第三条 数据\n\n除非你在账户设置中选择退出，我们可能使用你的输入和输出改进我们的模型。",
}


@pytest.mark.parametrize("check_id", ["no-training", "training-off-by-default"])
def test_the_opt_out_training_clause_gets_one_status_in_both_languages(settings: Settings, check_id: str) -> None:
    book = load_playbook("ai-vendor")
    statuses = {
        lang: verdict_for(check_id, contract_set({f"terms-{lang}.md": text}, settings), book).status
        for lang, text in OPT_OUT.items()
    }
    assert statuses["en"] == statuses["zh"] != "missing", statuses
