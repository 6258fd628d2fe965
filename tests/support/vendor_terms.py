"""Vendor terms written for these tests, in English and Chinese, one clause per status.

Each entry is (check id, expected status, clause). The clauses are drafted the way real vendor
terms are worded, with different wording per language, and never copied from any dataset.
"""

from __future__ import annotations

from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import parse_bytes
from reviewer.models import ContractSet
from reviewer.settings import Settings

FILLER_EN = (
    "1. Services. Provider will make the Platform available to Customer during the Subscription Term.\n\n"
    "2. Fees. Customer will pay the fees stated in the Order Form within thirty (30) days of invoice.\n\n"
)
FILLER_ZH = "第一条 服务内容\n\n服务商向客户提供智能问答平台服务。\n\n第二条 费用\n\n客户应在收到发票后按订单约定支付费用。\n\n"

CASES_EN: list[tuple[str, str, str]] = [
    # training
    (
        "no-training",
        "satisfied",
        "Provider shall not use Customer Data, prompts, files or outputs to train, retrain or improve any artificial intelligence model.",
    ),
    (
        "no-training",
        "partial",
        "We may use your conversations to improve our models. You can opt out of this use at any time in your privacy settings.",
    ),
    (
        "no-training",
        "conflicting",
        "Provider may use Customer Content to improve and develop its products and services.",
    ),
    ("no-training", "missing", "Provider keeps Customer Data confidential and uses it to provide the Platform."),
    (
        "no-training",
        "partial",
        "Provider will not use Customer Content to train its models, except that Provider may use aggregated and de-identified data to improve the Platform.",
    ),
    # residency
    (
        "storage-region",
        "satisfied",
        "All Customer Data will be stored and processed only in data centres located in the European Union.",
    ),
    (
        "storage-region",
        "conflicting",
        "Customer Data may be transferred to and processed in any country in which Provider or its subprocessors maintain facilities.",
    ),
    ("storage-region", "partial", "Customer Data may be stored in the United States."),
    ("storage-region", "missing", "Provider will back up the Platform configuration every night."),
    # deletion
    (
        "deletion-at-end",
        "satisfied",
        "Within thirty (30) days after termination or expiry of this Agreement, Provider will delete all Customer Data, including backups, and certify the deletion in writing.",
    ),
    (
        "deletion-at-end",
        "partial",
        "Upon termination of this Agreement, Provider will delete Customer Data from its systems.",
    ),
    (
        "deletion-at-end",
        "conflicting",
        "Following termination, Provider may retain Customer Data indefinitely for its records.",
    ),
    ("deletion-at-end", "missing", "Customer may download invoices from the billing page."),
    # breach notice
    (
        "breach-notice-hours",
        "satisfied",
        "Provider will notify Customer of any Security Incident affecting Customer Data within twenty-four (24) hours of becoming aware of it.",
    ),
    (
        "breach-notice-hours",
        "partial",
        "Provider shall notify Customer without undue delay after becoming aware of a personal data breach.",
    ),
    ("breach-notice-hours", "missing", "Customer shall promptly update its billing contact."),
    # sub-processors
    (
        "subprocessor-terms",
        "satisfied",
        "Provider's current sub-processors are listed in Annex 3. Provider will give Customer thirty days' notice before engaging any new sub-processor, and Customer may object to the new sub-processor on reasonable grounds.",
    ),
    ("subprocessor-terms", "partial", "The sub-processors engaged by Provider are listed in Annex 3."),
    ("subprocessor-terms", "missing", "Provider may engage subcontractors to deliver training sessions."),
    # governing law
    ("governing-law", "satisfied", "This Agreement is governed by the laws of England and Wales."),
    ("governing-law", "missing", "Notices must be sent by e-mail to the addresses in the Order Form."),
]

CASES_ZH: list[tuple[str, str, str]] = [
    ("no-training", "satisfied", "服务商不得将客户的输入内容、上传文件及生成结果用于训练或优化任何模型。"),
    ("no-training", "partial", "我们可能使用您的对话记录改进模型，您可以在设置中关闭该功能以退出。"),
    ("no-training", "conflicting", "您同意我们可以使用您提交的内容用于模型训练和产品优化。"),
    ("no-training", "missing", "服务商对客户数据承担保密义务。"),
    ("storage-region", "satisfied", "客户数据仅存储于中华人民共和国境内的数据中心。"),
    ("storage-region", "conflicting", "为提供服务，您的信息可能在全球范围内的服务器上存储和处理。"),
    ("storage-region", "missing", "服务商每日对平台配置进行备份。"),
    (
        "deletion-at-end",
        "satisfied",
        "本协议终止后十五日内，服务商应删除客户的全部数据（包括备份），并出具书面删除证明。",
    ),
    ("deletion-at-end", "partial", "协议终止后，服务商将删除客户数据。"),
    ("deletion-at-end", "conflicting", "协议终止后，服务商有权继续保存客户数据。"),
    ("deletion-at-end", "missing", "客户可在账单页面下载发票。"),
    ("breach-notice-hours", "satisfied", "发生数据泄露等安全事件时，服务商应在二十四小时内通知客户。"),
    ("breach-notice-hours", "partial", "发生个人信息安全事件时，服务商将及时通知客户。"),
    ("breach-notice-hours", "missing", "客户应及时更新联系人信息。"),
    (
        "subprocessor-terms",
        "satisfied",
        "服务商应向客户提供分包商名单；新增分包商前应提前三十日书面通知客户，客户可对新增分包商提出异议。",
    ),
    ("subprocessor-terms", "partial", "服务商的分包商名单见附件三。"),
    ("subprocessor-terms", "missing", "服务商可委托第三方提供培训服务。"),
    ("governing-law", "satisfied", "本协议的订立、效力、解释及争议解决均适用中华人民共和国法律。"),
    ("governing-law", "missing", "通知应以电子邮件方式发送。"),
]


def contract_set(files: dict[str, str], settings: Settings, set_id: str = "test-set") -> ContractSet:
    """A contract set built from texts through the real parser and chunker (no vectors)."""
    documents = [parse_bytes(text.encode("utf-8"), name, settings) for name, text in files.items()]
    chunks = [
        c
        for d in documents
        for c in chunk_document(d, set_id, size=settings.chunk_size, overlap=settings.chunk_overlap)
    ]
    return ContractSet(id=set_id, name="test", embedding_model="none", documents=documents, chunks=chunks)


def english_terms(clause: str) -> str:
    return FILLER_EN + f"3. Data. {clause}\n\n4. Term. This Agreement starts on the Effective Date.\n"


def chinese_terms(clause: str) -> str:
    return FILLER_ZH + f"第三条 数据\n\n{clause}\n\n第四条 期限\n\n本协议自生效日起生效。\n"


# Other topics and other drafting styles of the same promises.
MORE_EN: list[tuple[str, str, str]] = [
    (
        "no-training",
        "satisfied",
        "We do not train our models on your business data by default, and no exceptions apply.",
    ),
    (
        "no-training",
        "partial",
        "Customer Data will not be used for model training unless Customer opts in through the admin console.",
    ),
    (
        "no-training",
        "conflicting",
        "By submitting Inputs you grant us a worldwide licence to use your content to operate, develop and improve our models and services.",
    ),
    (
        "no-training",
        "conflicting",
        "Your prompts and outputs may be used to train and improve our machine learning models.",
    ),
    (
        "storage-region",
        "satisfied",
        "Customer may select the region in which its Customer Data is hosted, and Provider will store Customer Data only in the selected region.",
    ),
    (
        "storage-region",
        "conflicting",
        "Provider may store and process Customer Data in the United States and other countries.",
    ),
    (
        "transfer-mechanism",
        "satisfied",
        "Where Customer Personal Data is transferred outside the EEA, the parties agree that the EU Standard Contractual Clauses (Module 2) apply.",
    ),
    (
        "transfer-mechanism",
        "partial",
        "Provider will ensure that any transfer of personal data to another country is subject to appropriate safeguards.",
    ),
    ("transfer-mechanism", "missing", "Provider will provide support in English."),
    (
        "log-retention-period",
        "satisfied",
        "API inputs and outputs are retained for up to 30 days to identify abuse and are then deleted.",
    ),
    (
        "log-retention-period",
        "partial",
        "We retain your content for as long as necessary to provide the services.",
    ),
    ("log-retention-period", "missing", "Customer retains all rights in its trademarks."),
    (
        "deletion-at-end",
        "satisfied",
        "Upon expiry of the Subscription Term, Provider shall destroy all Customer Data in its possession no later than sixty (60) days thereafter.",
    ),
    (
        "breach-notice-hours",
        "satisfied",
        "In the event of a Security Breach, Provider shall inform Customer within 72 hours.",
    ),
    (
        "breach-notice-hours",
        "partial",
        "Provider will promptly notify Customer upon becoming aware of any unauthorized access to Customer Data.",
    ),
    (
        "subprocessor-terms",
        "satisfied",
        "A list of our sub-processors is available at our trust centre. We will notify you at least 30 days before adding a new sub-processor, and you may object to the change.",
    ),
    (
        "audit-rights",
        "satisfied",
        "Customer or an independent auditor appointed by Customer may audit Provider's compliance with this DPA once per year.",
    ),
    (
        "audit-rights",
        "partial",
        "Upon request, Provider will provide Customer with a copy of its most recent SOC 2 Type II report.",
    ),
    ("audit-rights", "missing", "Customer may terminate for convenience on thirty days' notice."),
    (
        "online-policy-changes",
        "satisfied",
        "No amendment to this Agreement shall be effective unless it is in writing and signed by authorised representatives of both parties.",
    ),
    (
        "online-policy-changes",
        "partial",
        "We will notify you of material changes at least 30 days before they take effect, and your continued use of the services after that date constitutes acceptance of the changes.",
    ),
    (
        "online-policy-changes",
        "conflicting",
        "We may modify these Terms at any time, and changes are effective immediately upon posting.",
    ),
    ("output-ownership", "satisfied", "As between the parties, Customer owns all Output."),
    (
        "output-ownership",
        "partial",
        "Provider grants Customer a non-exclusive licence to use the Output for its internal business purposes.",
    ),
    ("output-ownership", "missing", "Provider owns the Platform and all improvements to it."),
    (
        "customer-content-confidential",
        "satisfied",
        "Customer Data is Customer's Confidential Information and Provider shall not disclose it to any third party except its sub-processors bound by confidentiality.",
    ),
    (
        "security-measures-annexed",
        "satisfied",
        "Provider shall implement the technical and organisational measures set out in Annex 2.",
    ),
    (
        "security-measures-annexed",
        "partial",
        "Provider will maintain reasonable security measures to protect Customer Data.",
    ),
    (
        "data-breach-liability",
        "satisfied",
        "The limitations of liability in this Section shall not apply to a party's breach of its data protection or confidentiality obligations.",
    ),
    (
        "data-breach-liability",
        "partial",
        "Each party's aggregate liability under this Agreement shall not exceed the fees paid in the twelve months before the claim.",
    ),
    (
        "data-breach-liability",
        "conflicting",
        "Provider shall not be liable for any loss or corruption of data or unauthorized access to Customer Data.",
    ),
    (
        "output-ip-indemnity",
        "satisfied",
        "Provider will defend and indemnify Customer against any third-party claim alleging that Output infringes any intellectual property right.",
    ),
    (
        "output-ip-indemnity",
        "conflicting",
        "Provider's indemnification obligations do not apply to claims arising from Output.",
    ),
    (
        "exit-portability",
        "satisfied",
        "For thirty days after termination Customer may export all Customer Data in a machine-readable format.",
    ),
    ("exit-portability", "missing", "Provider may use subcontractors."),
    (
        "governing-law",
        "satisfied",
        "This Agreement and any dispute arising from it shall be governed by Singapore law, and the parties submit to the laws of Singapore.",
    ),
    ("governing-law", "satisfied", "These Terms will be governed by English law."),
    (
        "no-training",
        "conflicting",
        "Customer grants Nimbus a non-exclusive licence to use Customer Content to improve the Nimbus models.",
    ),
    ("no-training", "partial", "We may use de-identified conversation data for research."),
    (
        "deletion-at-end",
        "satisfied",
        "If you delete your account, we will delete your content from our systems within 30 days.",
    ),
    (
        "output-ownership",
        "satisfied",
        "As between you and us, you (a) retain your ownership rights in Input and (b) own the Output.",
    ),
    ("output-ownership", "missing", "You do not own the Output, which remains ours."),
    (
        "breach-notice-hours",
        "missing",
        "If you become aware of any unauthorized access to your account, please notify us immediately.",
    ),
    (
        "audit-rights",
        "missing",
        "Customer shall provide certifications of compliance with export laws on request.",
    ),
    (
        "online-policy-changes",
        "satisfied",
        "We will give you 60 days' notice of any change to these Terms; if you do not agree with the change, you may terminate the Agreement and receive a pro-rata refund.",
    ),
    (
        "online-policy-changes",
        "partial",
        "We may update these Terms from time to time. If you continue to use the Services after an update, you accept the updated Terms.",
    ),
    ("no-training", "conflicting", "We use your conversations to develop and improve our models and services."),
    ("storage-region", "satisfied", "Our servers are located in Germany."),
    ("transfer-mechanism", "satisfied", "Transfers to the United States rely on the EU-U.S. DPF."),
    ("log-retention-period", "partial", "Conversations are saved in your history until you delete them."),
    ("log-retention-period", "satisfied", "Deleted conversations are removed from our systems within 30 days."),
    ("output-ownership", "partial", "You may use Output for any lawful purpose."),
    ("no-training", "conflicting", "We may use de-identified conversation data to train our models."),
    (
        "governing-law",
        "satisfied",
        "California law will govern these Terms, excluding its conflict of laws rules.",
    ),
    (
        "no-training",
        "missing",
        "If you send us feedback about the Services, we may use it without restriction or obligation to you.",
    ),
    ("storage-region", "missing", "Your requests may be processed by automated systems to detect abuse."),
    ("log-retention-period", "missing", "We keep the Services available as long as this Agreement is in force."),
    # Phrasings of real vendor terms the corpus's errors taught (docs/eval-corpus.md, "Signals widened").
    (
        "subprocessor-terms",
        "partial",
        "Provider may subcontract its obligations under this Agreement but will remain liable for any subcontracted obligations.",
    ),
    (
        "subprocessor-terms",
        "partial",
        "Provider may use consultants, contractors and service providers in connection with the delivery of the Services.",
    ),
    ("subprocessor-terms", "missing", "Customer may use contractors to administer its own accounts."),
    (
        "output-ownership",
        "partial",
        "We don't own Your Content, but we may use Your Content to operate the Service.",
    ),
    (
        "output-ownership",
        "satisfied",
        "As between us, you own any AI Output generated for you through the Services.",
    ),
    (
        "log-retention-period",
        "partial",
        "The duration of the processing shall be in line with the duration of the provision of the Service.",
    ),
    (
        "online-policy-changes",
        "satisfied",
        "Any amendment to this Agreement shall not be binding unless set out in writing and signed by both parties.",
    ),
    # "information" is no "inform", an "alert" no notice, and the customer telling the vendor is no breach notice
    (
        "breach-notice-hours",
        "missing",
        "Replicate shall not be liable for any errors, omissions, or security breaches related to the Payment "
        "Processor's use of Customer's information.",
    ),
    (
        "breach-notice-hours",
        "missing",
        "You may not use the Services to obtain unauthorized access to any system or information.",
    ),
    (
        "breach-notice-hours",
        "missing",
        "By enabling alert triaging you agree to grant AWS Security Incident Response permissions to access your account.",
    ),
    (
        "breach-notice-hours",
        "missing",
        "Subscriber must notify Sana immediately and provide details of any suspected or confirmed vulnerabilities or "
        "breaches of security.",
    ),
    (
        "breach-notice-hours",
        "missing",
        "You will use reasonable efforts to prevent unauthorized access to the Services and notify the Company promptly "
        "of any such unauthorized access.",
    ),
    ("breach-notice-hours", "partial", "Vendor will inform Customer of any security breach without undue delay."),
    (
        "governing-law",
        "satisfied",
        "The laws of the State of California, U.S.A., regardless of conflict of laws principles, govern all matters "
        "arising out of or relating to this Agreement.",
    ),
    (
        "governing-law",
        "satisfied",
        "Our Terms will be governed by, and construed and interpreted according to California laws without giving "
        "effect to conflict of law principles.",
    ),
    (
        "output-ownership",
        "satisfied",
        "As between you and Company, you exclusively own all right, title, and interest in Your Content and Output.",
    ),
    ("output-ownership", "partial", "Acme does not own your content."),
    # "governing law stated" names a law
    (
        "governing-law",
        "partial",
        "If you use the service with children, you must comply with COPPA and be subject to COPPA or similar laws.",
    ),
    (
        "governing-law",
        "partial",
        "This Agreement shall be governed by the laws of the jurisdiction in which Customer is domiciled.",
    ),
]

MORE_ZH: list[tuple[str, str, str]] = [
    ("subprocessor-terms", "partial", "服务商可将本协议项下的部分义务分包给第三方。"),
    ("subprocessor-terms", "partial", "服务商可能聘请顾问、承包商和服务提供商协助提供本服务。"),
    ("output-ownership", "partial", "我们不拥有您的内容，但可能使用您的内容运营本服务。"),
    ("log-retention-period", "partial", "处理期限与本服务的提供期间一致。"),
    ("online-policy-changes", "satisfied", "对本协议的任何修改，未经双方书面签署不发生效力。"),
    ("subprocessor-terms", "partial", "为了更好地为您提供服务，我们可能委托第三方合作伙伴处理您的个人信息。"),
    (
        "no-training",
        "partial",
        "未经客户事先书面同意，我们绝不会将客户数据用于训练或改进模型。",
    ),  # an opt-in exception
    (
        "no-training",
        "conflicting",
        "您同意授予我们一项免费的、不可撤销的许可，以使用您的输入内容开发和优化我们的模型。",
    ),
    (
        "storage-region",
        "satisfied",
        "在中华人民共和国境内运营中收集和产生的个人信息，将存储在中华人民共和国境内。",
    ),
    ("transfer-mechanism", "satisfied", "如需向境外提供个人信息，我们将与境外接收方订立个人信息出境标准合同。"),
    ("log-retention-period", "satisfied", "我们会将您的对话日志保存30天，期满后予以删除。"),
    ("log-retention-period", "partial", "我们仅在实现处理目的所必需的最短时间内保存您的个人信息。"),
    ("audit-rights", "satisfied", "客户或其委托的第三方审计机构有权每年对服务商的数据保护措施进行一次审计。"),
    ("online-policy-changes", "satisfied", "本协议的任何变更须经双方书面签署方可生效。"),
    ("online-policy-changes", "conflicting", "我们有权随时修改本协议条款，修改后的条款一经公布即生效。"),
    ("online-policy-changes", "partial", "本协议修订后，如您继续使用本服务，即视为您同意修订后的协议。"),
    ("output-ownership", "satisfied", "您使用本服务生成的内容归您所有。"),
    ("customer-content-confidential", "satisfied", "服务商应对客户数据严格保密，不得向任何第三方披露。"),
    ("data-breach-liability", "conflicting", "因黑客攻击等原因导致的数据泄露，我们不承担任何责任。"),
    ("exit-portability", "satisfied", "合同终止后三十日内，客户可以通用的可机读格式导出全部数据。"),
    ("deletion-at-end", "conflicting", "账号注销后，我们仍可永久保存您的匿名化数据。"),
    (
        "breach-notice-hours",
        "satisfied",
        "发生个人信息安全事件后，我们将在七十二小时内告知您事件的基本情况和处置措施。",
    ),
    ("subprocessor-terms", "partial", "我们会在新增分包商前通知您。"),
    ("transfer-mechanism", "satisfied", "向境外提供个人信息前，我们将通过国家网信部门组织的数据出境安全评估。"),
    (
        "no-training",
        "conflicting",
        "我们可能将去标识化处理后的信息用于模型训练。",
    ),  # training by default, if de-identified
    ("output-ownership", "satisfied", "用户利用本服务生成的内容，其知识产权归用户所有。"),
    ("breach-notice-hours", "missing", "如发现账号被盗用或密码泄露等安全事件，请立即通知我们。"),
    (
        "no-training",
        "conflicting",
        "在经安全加密和严格去标识化处理后，我们会将服务收集的输入及对应输出，用于服务的优化。",
    ),
    ("storage-region", "satisfied", "我们的服务器位于中华人民共和国境内。"),
    ("online-policy-changes", "partial", "如本协议发生变更，我们将提前七日通过站内公告通知您。"),
    ("output-ownership", "partial", "您可以将生成内容用于个人学习和研究。"),
    ("output-ownership", "satisfied", "您对使用本服务生成的内容依法享有著作权。"),
    ("output-ownership", "partial", "在法律允许的范围内，您对生成内容享有相应权利。"),
]
