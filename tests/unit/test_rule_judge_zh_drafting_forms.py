"""Chinese contract wording the redline's own drafts use (issue 12), read by the Chinese signals as
any contract saying the same thing in standard Chinese would be: the customer called 甲方, a limit
stated as "不得超过", a clause under a heading without a full stop, a vendor's unrestricted choice of
data centre. Each case is written for this test, not copied from a template."""

from __future__ import annotations

import pytest

from reviewer.judge.clauses import is_negated
from reviewer.models import Evidence, Finding
from reviewer.playbooks import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.report.comments import comment_text, deletion_text
from reviewer.settings import Settings
from tests.support.vendor_terms import chinese_terms, contract_set
from tests.unit.test_rule_judge import verdict_for

FORMS: list[tuple[str, str, str]] = [
    # the vendor storing data wherever it likes names no place: not a storage-region promise
    ("storage-region", "conflicting", "服务商可将客户数据存储于其选择的任何数据中心。"),
    ("storage-region", "conflicting", "乙方可以在任何地点存储和处理甲方的数据。"),
    ("storage-region", "satisfied", "服务商仅在中华人民共和国境内存储客户数据，不得存储于任何其他地区。"),
    # backups and logs named after the place, or kept with the data
    ("backups-logs-region", "satisfied", "服务商仅在中华人民共和国境内存储和处理客户数据，包括其备份和日志。"),
    ("backups-logs-region", "satisfied", "客户数据的备份和系统日志，应与客户数据存储于同一地点。"),
    ("backups-logs-region", "missing", "服务商仅在中华人民共和国境内存储客户数据。"),
    # the customer as 甲方
    (
        "government-access-requests",
        "satisfied",
        "乙方收到司法机关调取甲方数据的要求的，除法律禁止外，应在提供数据前通知甲方。",
    ),
    ("output-ownership", "satisfied", "乙方通过本服务为甲方生成的输出内容归甲方所有。"),
    # a list of sub-processors kept or annexed, with notice and objection
    (
        "subprocessor-terms",
        "satisfied",
        "附件二列明乙方聘用的分包方。乙方增加分包方的，应提前十五日通知甲方，甲方可以提出异议。",
    ),
    (
        "subprocessor-terms",
        "satisfied",
        "乙方应向甲方提供分包方的最新名单；更换分包方的，应提前通知甲方，甲方有权提出异议。",
    ),
    # a promise not to share with model makers
    ("no-sharing-model-provider", "satisfied", "乙方不得向任何大模型的开发者提供或披露甲方的数据。"),
    ("no-sharing-model-provider", "partial", "本服务调用第三方模型。"),
    # "不得超过" states a limit; "不得保留" is a negation
    ("log-retention-period", "satisfied", "对话记录的保留期限不得超过60日，期满后删除。"),
    # a clause under a heading without a full stop is read as its own sentence
    ("breach-notice-hours", "satisfied", "5. 安全事件通知\n乙方应在知悉安全事件后24小时内书面通知甲方。"),
    ("online-policy-changes", "satisfied", "7. 禁止单方修改\n对本协议的任何修改，须经双方书面签署方可生效。"),
]


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook("ai-vendor")


@pytest.mark.parametrize(
    ("check_id", "expected", "clause"), FORMS, ids=[f"zh-{c}-{s}-{n}" for n, (c, s, _) in enumerate(FORMS)]
)
def test_chinese_drafting_forms(
    check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings
) -> None:
    verdict = verdict_for(check_id, contract_set({"条款.md": chinese_terms(clause)}, settings), playbook)
    assert verdict.status == expected, verdict.rationale


def test_a_stated_limit_is_not_a_negation() -> None:
    text = "日志的保留期限不得超过30日"
    assert not is_negated(text, 0, len(text))
    text = "通知不得迟于48小时"
    assert not is_negated(text, 0, len(text))
    text = "乙方不得保留日志"
    assert is_negated(text, 0, text.index("保留"))


def _finding(title: str) -> Finding:
    quote = "乙方有权随时修改本协议。"
    return Finding(
        check_id=title, title=title, category="c", status="conflicting", severity="high", confidence=0.9,
        rationale="r", evidence=[Evidence(document_id="d", file_name="t.docx", page=1, quote=quote, start=0,
                                          end=len(quote), signal="contradicts")],
        why_it_matters="变更会削弱承诺", fallback="提前三十日通知", must_have=True,
    )  # fmt: skip


def test_chinese_comments_list_checks_with_a_pause_mark_and_name_them_once() -> None:
    findings = [_finding("不得单方变更"), _finding("优先适用顺序")]
    text = comment_text(findings, "zh")
    assert "“不得单方变更”（冲突）、“优先适用顺序”（冲突）" in text
    assert "理由：变更会削弱承诺。可接受的退让方案：提前三十日通知。" in text
    deleted = deletion_text(findings, "不得单方变更", "zh")
    assert deleted.startswith(
        "删除：为检查项“不得单方变更”（冲突）、“优先适用顺序”（冲突）插入了条款“不得单方变更”，"
    )
    assert deleted.count("不得单方变更”（冲突）") == 1  # the checks are named once, not again in "本处修改对应..."
    assert " " not in deleted
    english = deletion_text(findings, "No unilateral changes", "en")
    assert english.count("(Conflicting)") == 2 and "Answers the check" not in english
