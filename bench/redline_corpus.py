"""Vendor contracts the team wrote for the redline benchmark, built as Word files in code.

English and Chinese, bad and good, with hand-numbered clauses, Word numbered lists, tables and a
clause split across two paragraphs. None of the wording comes from the development documents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

Block = tuple[str, Any]  # ("title"|"h"|"p"|"list"|"table"|"split", content)


@dataclass(frozen=True)
class Contract:
    name: str
    lang: str
    quality: str  # "bad", "mixed" or "good"
    blocks: list[Block]


EN_BAD = Contract(
    "en-bad-msa",
    "en",
    "bad",
    [
        ("title", "Brightwave AI Platform Terms"),
        (
            "p",
            'These terms are between Brightwave Labs Inc. ("Provider") and the organisation accepting them ("Customer").',
        ),
        ("h", "1. Definitions"),
        ("p", '1.1 "Customer Data" means the prompts, files and other content Customer submits to the Service.'),
        ("h", "2. Changes to these Terms"),
        ("p", "2.1 Provider may modify these Terms at any time by posting a revised version on its website."),
        ("p", "2.2 Continued use of the Service after a revised version is posted constitutes acceptance of it."),
        ("h", "3. Use of Data"),
        ("p", "3.1 Provider may use Customer Data to train and improve its models and services."),
        ("p", "3.2 Provider may de-identify Customer Data and use such de-identified data for any purpose."),
        ("h", "4. Retention"),
        ("p", "4.1 Provider retains Inputs and Outputs for as long as necessary for its business purposes."),
        ("h", "5. Sub-processors"),
        ("p", "5.1 Provider may engage Sub-processors at Provider's discretion without notice to Customer."),
        ("h", "6. Security"),
        ("p", "6.1 Provider will use commercially reasonable measures to protect Customer Data."),
        (
            "p",
            "6.2 Provider will notify Customer of a security incident affecting Customer Data without undue delay.",
        ),
        ("h", "7. Data Location"),
        (
            "p",
            "7.1 Provider may store and process Customer Data in any country where Provider or its Sub-processors operate.",
        ),
        ("h", "8. Liability"),
        (
            "p",
            "8.1 Provider's total liability under these Terms shall not exceed the fees paid in the three months before the claim.",
        ),
        ("h", "9. Governing Law"),
        ("p", "9.1 These Terms are governed by the laws of the State of Delaware."),
    ],
)

EN_GOOD = Contract(
    "en-good-dpa",
    "en",
    "good",
    [
        ("title", "Data Processing and AI Terms"),
        ("p", 'These terms are between Harbour Analytics Ltd ("Customer") and Quillstone AI Ltd ("Provider").'),
        ("h", "1. Customer Data"),
        (
            "p",
            '1.1 "Customer Data" means all prompts, files, outputs and other content Customer or its users submit or receive.',
        ),
        (
            "p",
            "1.2 Customer Data is Customer's Confidential Information and Provider shall use it only to provide the Service to Customer.",
        ),
        (
            "p",
            "1.3 Customer retains all rights in its inputs, and Customer owns all outputs; Provider assigns to Customer any rights it has in the outputs.",
        ),
        ("h", "2. No Training"),
        (
            "p",
            "2.1 Provider shall not use Customer Data, including inputs, outputs and fine-tuning data, to train or improve any model or service, on any plan, and no setting enables such use by default.",
        ),
        ("h", "3. Location"),
        (
            "p",
            "3.1 Provider shall store and process Customer Data, including backups and logs, only in the European Union.",
        ),
        ("h", "4. Retention and Deletion"),
        (
            "p",
            "4.1 Provider keeps prompts and logs containing Customer Data for no more than 30 days, after which they are deleted.",
        ),
        (
            "p",
            "4.2 Within 30 days after termination, Provider shall return Customer Data and then delete it, including backups and copies held by sub-processors, and certify the deletion in writing.",
        ),
        ("h", "5. Security and Incidents"),
        (
            "p",
            "5.1 Provider shall maintain the technical and organisational security measures set out in Annex 2 and shall not change them so as to lower the protection of Customer Data.",
        ),
        (
            "p",
            "5.2 Provider shall notify Customer of any security incident affecting Customer Data within 48 hours after becoming aware of it.",
        ),
        ("h", "6. Sub-processors"),
        (
            "p",
            "6.1 The sub-processors listed in Annex 3 are authorised. Provider shall give Customer at least 30 days' written notice before adding or replacing a sub-processor, and Customer may object and terminate.",
        ),
        ("h", "7. Audit"),
        (
            "p",
            "7.1 Customer, or an independent auditor it appoints, may audit Provider's compliance with these terms once a year and after any security incident.",
        ),
        ("h", "8. Changes"),
        (
            "p",
            "8.1 No amendment of these terms binds Customer unless it is in writing and signed by both parties.",
        ),
        ("h", "9. Liability"),
        (
            "p",
            "9.1 No limitation of liability applies to Provider's liability for breach of its data protection, security or confidentiality obligations.",
        ),
        ("h", "10. Governing Law"),
        (
            "p",
            "10.1 These terms are governed by the laws of England and Wales, and the courts of London have exclusive jurisdiction.",
        ),
    ],
)

EN_NUMBERED = Contract(
    "en-numbered-list",
    "en",
    "bad",
    [
        ("title", "Lumen Assist Subscription Agreement"),
        (
            "p",
            'This agreement is between Lumen Assist Corp. ("Vendor") and the subscribing business ("Customer").',
        ),
        ("h", "Use of Content"),
        (
            "list",
            [
                "Vendor may use prompts and outputs to develop and improve its artificial intelligence models.",
                "Vendor may share aggregated or anonymised content with its partners for any purpose.",
            ],
        ),
        ("h", "Storage"),
        ("list", ["Content may be processed in any region where Vendor's cloud providers operate."]),
        ("h", "Policy Updates"),
        (
            "list",
            [
                "Vendor may update its Acceptable Use Policy and Privacy Policy from time to time.",
                "Your continued use of the service means you accept the updated policies.",
            ],
        ),
        ("h", "Incidents"),
        ("list", ["Vendor will inform Customer of data breaches promptly."]),
    ],
)

EN_TABLE = Contract(
    "en-table",
    "en",
    "bad",
    [
        ("title", "Northgate Copilot Order Terms"),
        (
            "p",
            'These order terms are between Northgate Software Ltd ("Supplier") and the customer named in the order ("Customer").',
        ),
        ("h", "1. Data Handling"),
        ("p", "1.1 The periods for which Supplier keeps Customer Content are set out in the table below."),
        (
            "table",
            [
                ["Data", "Retention"],
                ["Prompts and outputs", "As long as necessary to provide and improve the services"],
                ["Abuse logs", "Indefinitely"],
            ],
        ),
        ("p", "1.2 Supplier may use Customer Content to improve the services."),
        ("h", "2. Third Parties"),
        ("table", [["Sub-processor", "Purpose"], ["Any cloud provider chosen by Supplier", "Hosting"]]),
        ("p", "2.1 Supplier may add or replace sub-processors at its discretion."),
        ("h", "3. Termination"),
        ("p", "3.1 On termination Supplier may delete Customer Content at its discretion."),
    ],
)

EN_SPLIT = Contract(
    "en-split-clause",
    "en",
    "mixed",
    [
        ("title", "Tessera Chat Business Terms"),
        ("p", 'These terms are between Tessera Chat Inc. ("Provider") and the business customer ("Customer").'),
        ("h", "1. Training"),
        (
            "split",
            [
                "1.1 Unless Customer opts out in the account settings, Provider may use",
                "Customer Data to train its models.",
            ],
        ),
        ("h", "2. Security"),
        (
            "p",
            "2.1 Provider will use reasonable efforts to notify Customer of a security breach affecting Customer Data.",
        ),
        ("h", "3. Deletion"),
        ("p", "3.1 Provider will delete Customer Data upon request within a reasonable time."),
        ("h", "4. Governing Law"),
        ("p", "4.1 These terms are governed by the laws of California."),
    ],
)

EN_HEDGED = Contract(
    "en-hedged",
    "en",
    "mixed",
    [
        ("title", "Orchard AI Enterprise Agreement"),
        ("p", 'This agreement is between Orchard AI LLC ("Provider") and the enterprise customer ("Customer").'),
        ("h", "1. Data"),
        (
            "p",
            "1.1 Provider does not use Customer Data to train models, except where Customer has enabled the feedback programme.",
        ),
        (
            "p",
            "1.2 Provider will generally store Customer Data in the United States but may transfer it elsewhere as needed.",
        ),
        ("h", "2. Retention"),
        ("p", "2.1 Provider will use commercially reasonable efforts to delete Customer Data after termination."),
        ("h", "3. Sub-processors"),
        (
            "p",
            "3.1 Provider publishes a list of its sub-processors on its website and may update it from time to time.",
        ),
        ("h", "4. Security"),
        (
            "p",
            "4.1 Provider maintains industry-standard safeguards and will notify Customer of incidents as required by law.",
        ),
    ],
)

ZH_BAD = Contract(
    "zh-bad",
    "zh",
    "bad",
    [
        ("title", "智慧助手平台服务协议"),
        ("p", "甲方：星河贸易有限公司 乙方：云启智能科技有限公司"),
        ("p", "第一条 协议变更"),
        ("p", "乙方有权随时修改本协议，修改后的协议在网站公布即生效；客户继续使用服务即视为接受修改后的协议。"),
        ("p", "第二条 数据使用"),
        ("p", "乙方可以使用客户上传的数据训练和优化其模型。乙方可以将去标识化后的数据用于任何目的。"),
        ("p", "第三条 数据保存"),
        ("p", "乙方在业务需要的期限内保存客户数据。"),
        ("p", "第四条 分包"),
        ("p", "乙方可自行决定委托第三方处理客户数据，无需通知客户。"),
        ("p", "第五条 安全事件"),
        ("p", "发生安全事件时，乙方将及时通知客户。"),
        ("p", "第六条 适用法律"),
        ("p", "本协议适用中华人民共和国法律。"),
    ],
)

ZH_GOOD = Contract(
    "zh-good",
    "zh",
    "good",
    [
        ("title", "数据处理与人工智能服务条款"),
        ("p", "甲方：远帆物流有限公司 乙方：明鉴智能有限公司"),
        ("p", "第一条 客户数据"),
        (
            "p",
            "客户数据包括客户提交的提示词、文件和服务生成的输出内容，属于客户的保密信息，乙方仅可为向客户提供服务而使用。客户拥有输出内容的全部权利。",
        ),
        ("p", "第二条 禁止训练"),
        (
            "p",
            "乙方不得将客户数据（包括输入、输出和微调数据）用于训练或改进任何模型或服务，任何套餐均不默认开启此类使用。",
        ),
        ("p", "第三条 存储地点"),
        ("p", "乙方仅在中华人民共和国境内存储和处理客户数据，包括备份和日志。"),
        ("p", "第四条 保存与删除"),
        (
            "p",
            "包含客户数据的日志保存期限不超过30日，期满后删除。协议终止后30日内，乙方应返还并删除全部客户数据（包括备份和分包方持有的副本），并出具书面删除证明。",
        ),
        ("p", "第五条 安全与事件通知"),
        (
            "p",
            "乙方应采取附件二所列的安全措施，且不得降低保护水平。乙方知悉影响客户数据的安全事件后，应在48小时内书面通知客户。",
        ),
        ("p", "第六条 分包方"),
        (
            "p",
            "附件三列明经授权的分包方。乙方新增或更换分包方的，应至少提前30日书面通知客户，客户有权提出异议并解除协议。",
        ),
        ("p", "第七条 审计与变更"),
        (
            "p",
            "客户或其委托的独立审计机构可每年一次以及在发生安全事件后审计乙方的合规情况。对本协议的任何修改，须经双方书面签署方可约束客户。",
        ),
        ("p", "第八条 责任与适用法律"),
        (
            "p",
            "乙方因违反数据保护、安全或保密义务承担的责任不受任何责任限额的限制。本协议适用中华人民共和国法律，由上海有管辖权的法院专属管辖。",
        ),
    ],
)

ZH_TABLE = Contract(
    "zh-table-list",
    "zh",
    "bad",
    [
        ("title", "智能客服系统采购合同"),
        ("p", "甲方：青松零售有限公司 乙方：灵犀数据服务有限公司"),
        ("p", "第一条 数据处理"),
        ("list", ["乙方可将客户对话内容用于改进其算法模型。", "乙方可将客户数据存储于其选择的任何数据中心。"]),
        ("p", "第二条 保存期限"),
        ("table", [["数据类别", "保存期限"], ["对话记录", "根据业务需要确定"], ["系统日志", "长期保存"]]),
        ("p", "第三条 合同终止"),
        ("p", "合同终止后，乙方可自行决定是否删除客户数据。"),
    ],
)

CONTRACTS: list[Contract] = [
    EN_BAD,
    EN_GOOD,
    EN_NUMBERED,
    EN_TABLE,
    EN_SPLIT,
    EN_HEDGED,
    ZH_BAD,
    ZH_GOOD,
    ZH_TABLE,
]


def build_docx(contract: Contract) -> bytes:
    """The contract as a Word file: headings styled, lists as Word numbered lists, real tables."""
    import docx

    document = docx.Document()
    for kind, content in contract.blocks:
        if kind == "title":
            document.add_heading(content, level=0)
        elif kind == "h":
            document.add_heading(content, level=1)
        elif kind == "p":
            document.add_paragraph(content)
        elif kind == "list":
            for item in content:
                document.add_paragraph(item, style="List Number")
        elif kind == "split":
            for part in content:
                document.add_paragraph(part)
        elif kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def from_markdown(name: str, text: str) -> Contract:
    """A Markdown document (the development documents) as a contract of this corpus: "#" lines become
    headings, list items Word list items, other lines paragraphs; the language is the one most of
    its letters are in."""
    blocks: list[Block] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(("h", line.lstrip("#").strip()))
        elif line[:2] in ("- ", "* "):
            blocks.append(("list", [line[2:].strip()]))
        else:
            blocks.append(("p", line))
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return Contract(name, "zh" if cjk > latin / 4 else "en", "real", blocks)
