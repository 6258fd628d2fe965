"""What the drafts take from the contract: the parties and their defined names, the defined term for
the customer's data, the agreement's title and date, the governing law and the notice clause.

Each fact says where it was found. A fact that is not in the contract is None here; the drafts show
it as a visible placeholder (``[CONFIRM: ...]``) and list it at the top; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.judge.rules.values import governing_law
from reviewer.models import ContractSet, Document, Review

CUSTOMER_ROLES = ("Customer", "Client", "Licensee", "Subscriber", "Buyer", "Purchaser", "Controller")
VENDOR_ROLES = ("Service Provider", "Provider", "Vendor", "Supplier", "Licensor", "Processor", "Contractor")
CUSTOMER_ROLES_ZH = ("客户", "甲方", "委托方", "采购方", "用户")
VENDOR_ROLES_ZH = ("供应商", "乙方", "服务提供方", "服务商", "受托方")

_Q_OPEN, _Q_CLOSE = '["“]', '["”]'
_PARTY = (
    r"(?P<{n}>[A-Z][\w&.,'’ -]{{1,80}}?)\s*,?\s*\((?:the\s+|hereinafter\s+)?"
    + _Q_OPEN
    + r"(?P<{n}_label>[A-Z][\w ]{{1,30}}?)"
    + _Q_CLOSE
    + r"\)"
)
PARTIES_EN = re.compile(r"\bbetween\s+" + _PARTY.format(n="a") + r"\s*,?\s+and\s+" + _PARTY.format(n="b"))
PARTY_ZH = re.compile(r"(?P<label>甲方|乙方)(?:（[^）]{0,10}）)?\s*[：:]\s*(?P<name>[^\s，,。；;：:（(]{2,40})")
DATA_TERM_EN = re.compile(
    _Q_OPEN
    + r"(?P<term>(?:[A-Z][\w-]*\s){0,3}(?:Data|Content|Materials|Inputs?|Information))"
    + _Q_CLOSE
    + r"\)?\s*(?:means|shall\s+mean|refers\s+to|has\s+the\s+meaning|\)|,)"
)
DATA_TERM_ZH = re.compile(r"“(?P<term>[\u4e00-\u9fff]{1,8}(?:数据|内容|信息|资料))”\s*(?:是指|指|系指)")
TITLE_WORDS = re.compile(r"agreement|terms|contract|addendum|协议|合同|条款", re.IGNORECASE)
AGREEMENT_DATE = re.compile(
    r"\b(?:dated|as\s+of|effective)\s+(?:as\s+of\s+)?(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4})"
)
CONFIDENTIAL_TERM = re.compile(
    _Q_OPEN
    + r"(?P<term>(?:Confidential|Proprietary|Evaluation)\s+(?:Information|Materials?))"
    + _Q_CLOSE
    + r"|“(?P<zh>(?:保密|机密|商业秘密)信息)”"
)
RECIPIENT_ROLES = ("Receiving Party", "Recipient", "接收方", "信息接收方")
DISCLOSER_ROLES = ("Disclosing Party", "Discloser", "披露方", "信息披露方")
NOTICES_TITLE = re.compile(r"^\s*(?:notices?|communications|通知|送达)\b", re.IGNORECASE)
OWNER_WORDS = re.compile(r"\b(?:Customer|Client|Your|Licensee|Subscriber)\b")


@dataclass(frozen=True)
class Fact:
    value: str
    where: str  # a citation ("msa.docx, § 1.1") or "review"
    label: str | None = None  # e.g. the notice section's title


@dataclass
class ContractFacts:
    """Facts found in the contract set, each None when the contract does not state it."""

    customer_label: Fact | None = None
    vendor_label: Fact | None = None
    customer_name: Fact | None = None
    vendor_name: Fact | None = None
    agreement: Fact | None = None
    agreement_date: Fact | None = None
    data_term: Fact | None = None
    governing_law: Fact | None = None
    notices: Fact | None = None
    confidential_term: Fact | None = None  # "Confidential Information", "Proprietary Information", “保密信息”
    recipient_label: Fact | None = None  # "Receiving Party", "Recipient", 接收方
    discloser_label: Fact | None = None  # "Disclosing Party", "Discloser", 披露方
    contract_lang: str = "en"


def _cite(doc: Document, offset: int) -> str:
    section = doc.section_at(offset)
    where = f"{doc.file_name}, p. {doc.page_at(offset)}"
    return f"{where}, § {section.number}" if section and section.number else where


def _is_chinese(text: str) -> bool:
    sample = text[:4000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return cjk > len(sample) * 0.15


def _parties_en(doc: Document, facts: ContractFacts) -> None:
    match = PARTIES_EN.search(doc.text)
    if not match:
        return
    where = _cite(doc, match.start())
    for side in ("a", "b"):
        label = match.group(f"{side}_label").strip()
        name = match.group(side).strip(" ,")
        if label in CUSTOMER_ROLES or label in ("You",):
            facts.customer_label = facts.customer_label or Fact(label, where)
            facts.customer_name = facts.customer_name or Fact(name, where)
        elif label in VENDOR_ROLES or label in ("Company", "We"):
            facts.vendor_label = facts.vendor_label or Fact(label, where)
            facts.vendor_name = facts.vendor_name or Fact(name, where)


def _parties_zh(doc: Document, facts: ContractFacts) -> None:
    for match in PARTY_ZH.finditer(doc.text[:6000]):
        where = _cite(doc, match.start())
        label, name = match.group("label"), match.group("name")
        if label == "甲方" and facts.customer_name is None:
            facts.customer_label, facts.customer_name = Fact(label, where), Fact(name, where)
        elif label == "乙方" and facts.vendor_name is None:
            facts.vendor_label, facts.vendor_name = Fact(label, where), Fact(name, where)


def _role_by_use(doc: Document, roles: tuple[str, ...]) -> Fact | None:
    """The role word the contract uses most as a capitalised defined name (at least three times)."""
    counts = {role: len(re.findall(rf"\b{re.escape(role)}\b", doc.text)) for role in roles}
    counts.update({r: doc.text.count(r) for r in roles if not r.isascii()})
    best = max(counts, key=lambda r: counts[r]) if counts else None
    if best is None or counts[best] < 3:
        return None
    return Fact(best, f"{doc.file_name} ({counts[best]}×)")


def _data_term(doc: Document) -> Fact | None:
    candidates: list[tuple[int, str, int]] = []
    for pattern in (DATA_TERM_EN, DATA_TERM_ZH):
        for match in pattern.finditer(doc.text):
            term = match.group("term").strip()
            if term.lower() in ("confidential information", "personal data", "personal information"):
                continue
            owned = bool(OWNER_WORDS.search(term)) or term.startswith("客户")
            candidates.append((0 if owned else 1, term, match.start()))
    if not candidates:
        return None
    _, term, at = min(candidates, key=lambda c: (c[0], c[2]))
    return Fact(term, _cite(doc, at))


def _confidential_term(doc: Document) -> Fact | None:
    match = CONFIDENTIAL_TERM.search(doc.text)
    if match is None:
        return None
    return Fact(" ".join((match.group("term") or match.group("zh")).split()), _cite(doc, match.start()))


def _agreement(doc: Document) -> Fact | None:
    for block in doc.blocks[:8]:
        text = " ".join(block.text.split())
        if block.kind == "heading" and 3 <= len(text) <= 90 and TITLE_WORDS.search(text):
            return Fact(text, f"{doc.file_name}, p. {block.page}")
    return None


def _notices(doc: Document) -> Fact | None:
    for section in doc.sections:
        if section.title and section.number and NOTICES_TITLE.search(section.title):
            number = section.number.rstrip(".")
            return Fact(number, f"{doc.file_name}, p. {section.page_start}", label=section.title.strip())
    return None


def _first(docs: list[Document], finder: object) -> Fact | None:
    for doc in docs:
        fact = finder(doc)  # type: ignore[operator]
        if fact is not None:
            return fact
    return None


def facts_from_set(contract_set: ContractSet) -> ContractFacts:
    # The main agreement first: the largest document whose title reads like an agreement.
    docs = sorted(contract_set.documents, key=lambda d: (_agreement(d) is None, -len(d.text)))
    facts = ContractFacts(contract_lang="zh" if docs and _is_chinese(docs[0].text) else "en")
    for doc in docs:
        _parties_en(doc, facts)
        _parties_zh(doc, facts)
    customer_roles = CUSTOMER_ROLES_ZH if facts.contract_lang == "zh" else CUSTOMER_ROLES
    vendor_roles = VENDOR_ROLES_ZH if facts.contract_lang == "zh" else VENDOR_ROLES
    facts.customer_label = facts.customer_label or _first(docs, lambda d: _role_by_use(d, customer_roles))
    facts.vendor_label = facts.vendor_label or _first(docs, lambda d: _role_by_use(d, vendor_roles))
    facts.data_term = _first(docs, _data_term)
    facts.confidential_term = _first(docs, _confidential_term)
    facts.recipient_label = _first(docs, lambda d: _role_by_use(d, RECIPIENT_ROLES))
    facts.discloser_label = _first(docs, lambda d: _role_by_use(d, DISCLOSER_ROLES))
    facts.agreement = _first(docs, _agreement)
    facts.notices = _first(docs, _notices)
    for doc in docs:
        date = AGREEMENT_DATE.search(doc.text[:3000])
        if date:
            facts.agreement_date = Fact(date.group("date"), _cite(doc, date.start()))
            break
    facts.governing_law = _first(docs, _governing_law)
    return facts


def _governing_law(doc: Document) -> Fact | None:
    for block in doc.blocks:
        law = governing_law(block.text, canonical=False)
        if law:
            return Fact(law, _cite(doc, block.start))
    return None


def facts_from_review(review: Review, facts: ContractFacts | None = None) -> ContractFacts:
    """Fill what the stored set did not give from the findings' values (the governing law)."""
    facts = facts or ContractFacts()
    if facts.governing_law is None:
        for finding in review.findings:
            if finding.value and (finding.topic == "governing-law" or "governing-law" in finding.check_id):
                where = finding.evidence[0].file_name if finding.evidence else "review"
                facts.governing_law = Fact(finding.value, where)
                break
    return facts


def contract_facts(review: Review, contract_set: ContractSet | None) -> ContractFacts:
    base = facts_from_set(contract_set) if contract_set is not None else None
    return facts_from_review(review, base)
