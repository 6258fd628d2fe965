"""Time limits written in words, in words and digits, or in Chinese numerals count as time limits
in the rule judge's findings (a number it cannot read would read as "no time limit")."""

from __future__ import annotations

import pytest

from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.judge import RuleJudge
from reviewer.playbooks import load_playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import chinese_terms, contract_set, english_terms


@pytest.mark.parametrize(
    ("check_id", "clause"),
    [
        (
            "log-retention-period",
            "Provider will retain prompts and logs for twelve (12) months, after which they are deleted.",
        ),
        ("log-retention-period", "Conversation logs are retained by Provider for ninety (90) days."),
        (
            "deletion-at-end",
            "Within thirty-six (36) days after termination Provider will delete all Customer Data.",
        ),
    ],
)
def test_english_time_limits_are_read(check_id: str, clause: str, settings: Settings) -> None:
    verdict = _verdict(check_id, english_terms(clause), settings)
    assert "no time limit" not in verdict.rationale
    assert verdict.status == "satisfied", verdict.rationale


def test_chinese_time_limit_in_numerals_is_read(settings: Settings) -> None:
    verdict = _verdict(
        "log-retention-period", chinese_terms("服务商对日志的保存期限为一百二十天，期满后删除。"), settings
    )
    assert "no time limit" not in verdict.rationale


def _verdict(check_id: str, text: str, settings: Settings) -> Verdict:
    playbook = load_playbook("ai-vendor")
    index = SetIndex(contract_set({"t.md": text}, settings))
    index.configure(playbook)
    check = playbook.check(check_id)
    return RuleJudge(index).judge(
        CheckContext(check, "internal", [], index.passages(check), index.scan_check(check))
    )
