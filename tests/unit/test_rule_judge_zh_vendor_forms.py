"""Chinese AI-vendor drafting forms met while measuring the ai-vendor playbook on unseen terms
(docs/eval-ai-vendor-zh.md): each case is one recurring formulation, written for this test."""

from __future__ import annotations

import pytest

from reviewer.judge.rules.clauses import is_negated
from reviewer.judge.rules.values import governing_laws
from reviewer.playbooks import load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import chinese_terms, contract_set
from tests.unit.test_rule_judge import verdict_for

FORMS_ZH: list[tuple[str, str, str]] = [
    # a region qualifier or a parenthetical between the country and "法律"
    ("governing-law", "satisfied", "本协议的订立、履行及争议解决均适用中华人民共和国大陆地区法律。"),
    ("governing-law", "satisfied", "本协议适用中华人民共和国（为本协议之目的，不含港澳台地区）法律。"),
    # the customer's right to terminate before a change applies is not a unilateral change
    ("online-policy-changes", "satisfied", "如客户不同意修订内容，有权在修订生效前书面通知我们终止本协议。"),
    ("online-policy-changes", "conflicting", "我们有权随时修改本协议，修改后的协议一经公布即生效。"),
    # sub-processors called 分包方 / 再受托方; the objection in the sentence after the notice
    (
        "subprocessor-terms",
        "satisfied",
        "我们在官网公布分包方清单。我们新增或更换分包方的，将提前三十日通知客户。客户可在前述期限内提出书面异议。",
    ),
    ("subprocessor-terms", "partial", "受托方的名称及处理目的详见《第三方信息共享清单》。"),
    ("subprocessor-terms", "missing", "客户对账单有异议的，可在收到账单后七日内提出书面异议。"),
    # "不可恢复地删除" deletes; it does not negate the deletion
    ("deletion-at-end", "satisfied", "账号注销后十五日内，我们将不可恢复地删除你的全部数据。"),
    # feedback used to "提升" the model is a carve-out from the no-training promise
    ("no-training", "partial", "我们不会将你的对话用于训练模型。但你提交的反馈将用于提升模型效果。"),
    # "保存期届满" ends a retention period, not the contract; a retention period left to another document
    (
        "log-retention-period",
        "satisfied",
        "我们会保存请求日志（包括输入与输出）不超过30天，用于排查故障，保存期届满后删除。",
    ),
    ("log-retention-period", "partial", "你的对话记录的保存期限，请参阅《隐私政策》的相关章节。"),
    # ownership of outputs with a vendor right to use them
    ("output-ownership", "partial", "输出内容归你所有。我们保留为改进服务而使用输出内容的权利。"),
    ("output-ownership", "satisfied", "输出内容的相关权利归你所有，你可以自行决定其使用方式。"),
    # the customer as 甲方, an audit right with its conditions in between, rights "由…享有"
    (
        "audit-rights",
        "satisfied",
        "甲方有权自行或委托第三方专业机构，在提前十个工作日书面通知乙方后，对乙方的数据安全措施进行现场检查。",
    ),
    ("output-ownership", "satisfied", "授权用户使用本服务生成的内容，其权利由甲方享有。"),
    (
        "output-ownership",
        "partial",
        "生成内容的知识产权归你所有；同时，你授予我们一项免费的许可，以使用、展示平台生成内容，用于平台推广。",
    ),
    ("online-policy-changes", "satisfied", "本协议的变更应由双方签署书面补充协议。"),
    # PIPL's "所必需的最短时间" is a vague retention period; a licence's worldwide scope is no storage place
    ("log-retention-period", "partial", "受托方保存个人信息的期限不超过实现处理目的所必需的最短时间。"),
    ("storage-region", "missing", "你授予我们一项全球范围内、免费、非独占的许可，以存储、复制和展示你的内容。"),
    # a storage location given in a specification table
    ("storage-region", "satisfied", "| 项目 | 内容 |\n| --- | --- |\n| 数据存储地 | 中国大陆（上海机房） |"),
    # 调优 is training
    ("no-training", "conflicting", "我们会使用你的对话记录，对我们的模型进行调优。"),
    ("governing-law", "satisfied", "本协议的签订、履行和解释适用中华人民共和国香港特别行政区法律。"),
    ("subprocessor-terms", "partial", "客户可随时要求我们提供当前第三方服务商的名单。"),
    (
        "transfer-mechanism",
        "partial",
        "当你的信息被转移到其他国家或地区时，我们会采取符合适用法律要求的措施，确保其得到同等水平的保护。",
    ),
    # PIPL Art. 38 wording without a named mechanism
    (
        "transfer-mechanism",
        "partial",
        "如需向境外提供，我们会确保境外接收方采取必要措施，达到法律规定的个人信息保护标准。",
    ),
]


# Chinese wording of the redline's own drafts (issue 12), read as any contract saying the same thing
# in standard Chinese would be: the customer called 甲方, a limit stated as "不得超过", a clause under a
# heading without a full stop, a vendor's unrestricted choice of data centre. Written for this test.
DRAFTING_FORMS_ZH: list[tuple[str, str, str]] = [
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
    ("check_id", "expected", "clause"),
    FORMS_ZH + DRAFTING_FORMS_ZH,
    ids=[f"zh-{c}-{s}-{n}" for n, (c, s, _) in enumerate(FORMS_ZH + DRAFTING_FORMS_ZH)],
)
def test_chinese_vendor_forms(
    check_id: str, expected: str, clause: str, playbook: Playbook, settings: Settings
) -> None:
    verdict = verdict_for(check_id, contract_set({"条款.md": chinese_terms(clause)}, settings), playbook)
    assert verdict.status == expected, verdict.rationale


def test_irreversible_is_not_a_negation() -> None:
    text = "我们将不可恢复地删除你的数据"
    assert not is_negated(text, 0, text.index("删除"))
    text = "我们不可删除你的数据"
    assert is_negated(text, 0, text.index("删除"))


def test_chinese_governing_law_values() -> None:
    assert governing_laws("本协议适用中华人民共和国香港特别行政区法律。") == ["Hong Kong"]
    assert governing_laws("本协议适用中华人民共和国（不含港澳台地区）法律。") == ["PRC"]
    assert governing_laws("均适用中华人民共和国大陆地区法律（不包括冲突法规则）。") == ["PRC"]


def test_a_stated_limit_is_not_a_negation() -> None:
    text = "日志的保留期限不得超过30日"
    assert not is_negated(text, 0, len(text))
    text = "通知不得迟于48小时"
    assert not is_negated(text, 0, len(text))
    text = "乙方不得保留日志"
    assert is_negated(text, 0, text.index("保留"))
