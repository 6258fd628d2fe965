"""Each commercial check finds its clause in short clauses written for these tests, and stays
silent on near misses (a non-exclusive licence is not exclusivity; termination for breach is not
termination for convenience; "no third-party beneficiaries" names none)."""

from __future__ import annotations

import pytest

from reviewer.ingest.pipeline import parse_bytes
from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.judge import RuleJudge
from reviewer.models import ContractSet
from reviewer.playbooks.loader import load_playbook_path, shipped_dir
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings

# check id -> (clauses that contain it, clauses that do not)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "governing-law": (
        [
            "This Agreement is governed by the laws of the Province of Alberta.",
            "THE VALIDITY AND PERFORMANCE OF THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE STATE OF OREGON.",
            "The laws of Scotland shall govern any dispute under this contract.",
            "本合同适用中华人民共和国法律管辖。",
        ],
        [
            "The Supplier is a corporation organized under the laws of the State of Oregon.",
            "Each party shall comply with all applicable laws in performing this Agreement.",
        ],
    ),
    "audit-rights": (
        [
            "The Buyer may audit the Seller's books and records relating to this Agreement once per calendar year.",
            "Reseller's records shall be open to inspection by the Licensor's auditors on ten days' notice.",
        ],
        [
            "The Seller shall send the Buyer a monthly invoice listing the units shipped.",
            "Each party shall keep the other's confidential information secure.",
        ],
    ),
    "cap-on-liability": (
        [
            "The Vendor's total liability under this Agreement shall not exceed the fees paid in the prior six months.",
            "Neither party shall be liable for any special, indirect or consequential damages.",
            "供应商的赔偿责任总额不超过客户在过去十二个月内支付的费用。",
            "No claim may be brought under this Agreement more than one year after the cause of action arose.",
        ],
        [
            "The Vendor shall indemnify the Customer against third-party claims of infringement.",
            "The Customer shall pay all invoices within thirty days.",
        ],
    ),
    "uncapped-liability": (
        [
            "Except for breach of confidentiality or a party's indemnity obligations, in no event shall either "
            "party's liability exceed the amounts paid under this Agreement.",
            "The limitations of liability in this Section shall not apply to damages caused by gross negligence "
            "or wilful misconduct.",
        ],
        [
            "In no event shall either party's liability exceed the amounts paid under this Agreement.",
            "The Vendor shall not be liable for delays caused by events beyond its control.",
        ],
    ),
    "anti-assignment": (
        [
            "The Customer may not assign this Agreement without the prior written consent of the Vendor.",
            "Any assignment made in breach of this clause shall be null and void.",
            "未经对方书面同意，任何一方不得转让本合同项下的权利和义务。",
        ],
        [
            "This Agreement binds the parties and their successors.",
            "The Vendor may use subcontractors to host the service.",
        ],
    ),
    "termination-for-convenience": (
        [
            "Either party may terminate this Agreement for convenience upon sixty (60) days' written notice.",
            "任何一方可提前三十日书面通知对方解除本合同。",
            "The Client may terminate this Agreement at any time without cause by written notice to the Agency.",
            "This Agreement may be terminated by the Customer upon ninety days prior written notice.",
        ],
        [
            "Either party may terminate this Agreement upon thirty (30) days' written notice if the other party "
            "materially breaches it and fails to cure the breach.",
            "This Agreement may be terminated at any time by mutual written agreement of the parties.",
        ],
    ),
    "ip-ownership-assignment": (
        [
            "The Developer hereby assigns to the Company all right, title and interest in the Deliverables.",
            "All inventions conceived by the Contractor in performing the Services shall be the sole and "
            "exclusive property of the Client.",
            "The software developed under this Agreement is a work made for hire.",
        ],
        [
            "Each party retains ownership of the intellectual property it owned before the Effective Date.",
            "Neither party may assign its rights or obligations under this Agreement without consent.",
        ],
    ),
    "insurance": (
        [
            "The Contractor shall maintain general liability insurance with limits of not less than two million "
            "dollars per occurrence.",
            "乙方应为其员工投保雇主责任保险。",
            "The Supplier shall name the Purchaser as an additional insured under its policies.",
        ],
        [
            "The Purchaser bears the risk of loss once the goods are delivered.",
            "The Supplier shall pack the goods to protect them in transit.",
        ],
    ),
    "warranty-duration": (
        [
            "The Manufacturer warrants that the equipment will be free from defects for a period of eighteen (18) "
            "months from installation.",
            "The warranty period for the software is ninety days from acceptance.",
        ],
        [
            "The Manufacturer warrants that it has the right to enter into this Agreement.",
            "The goods are sold as is and without any warranty.",
        ],
    ),
    "post-termination-services": (
        [
            "Following termination of this Agreement, the Provider shall continue to provide transition assistance "
            "for up to ninety days at the rates then in effect.",
            "The Distributor may sell off its remaining inventory of Products for six months after expiry.",
            "The Licensee shall keep complete books and records of sales for three years after the end of the term.",
        ],
        [
            "This Agreement expires at the end of the Term.",
            "The Provider shall provide the services described in the statement of work.",
        ],
    ),
    "change-of-control": (
        [
            "A change of control of the Supplier shall be deemed an assignment requiring the Buyer's consent.",
            "The Licensor may terminate this Agreement if the Licensee is acquired by a competitor through a "
            "merger, with notice to the Licensee.",
        ],
        [
            "The Supplier shall control the manufacturing process and quality testing.",
            "The parties shall meet quarterly to review the forecast.",
        ],
    ),
    "license-grant": (
        [
            "The Licensor hereby grants the Licensee a non-exclusive, worldwide license to use the Software.",
            "The Owner grants the Reseller the right to market and distribute the Products in the Territory.",
            "甲方授予乙方非独占的使用许可。",
        ],
        [
            "The Reseller shall purchase the Products at the prices in Schedule A.",
            "Nothing in this Agreement transfers ownership of any trademark.",
        ],
    ),
    "non-transferable-license": (
        [
            "The licence granted in this Section is personal, non-transferable and non-sublicensable.",
            "The Licensee shall not sublicense, rent or lend the Software to any third party.",
        ],
        [
            "The Licensee may sublicense the Software to its affiliates.",
            "The Licensor grants the Licensee a licence to use the Software.",
        ],
    ),
    "irrevocable-or-perpetual-license": (
        [
            "The Vendor grants the Customer a perpetual, royalty-free licence to use the Deliverables.",
            "This licence is irrevocable once the fees have been paid.",
        ],
        [
            "The licence ends when this Agreement terminates.",
            "The Customer may use the Service during the subscription term.",
        ],
    ),
    "joint-ip-ownership": (
        [
            "Inventions made jointly by employees of both parties shall be jointly owned by the parties.",
            "The parties shall co-own any patent arising from the joint research programme.",
        ],
        [
            "This Agreement does not create a joint venture or partnership between the parties.",
            "Each party owns the inventions made solely by its own employees.",
        ],
    ),
    "non-compete": (
        [
            "During the term and for one year afterwards, the Agent shall not market any product that competes "
            "with the Products in the Territory.",
            "The Seller agrees not to compete with the Business in North America for three years.",
        ],
        [
            "The Agent shall market the Products in the Territory using its best efforts.",
            "The parties shall discuss new product ideas at the quarterly meeting.",
        ],
    ),
    "exclusivity": (
        [
            "The Manufacturer appoints the Distributor as its exclusive distributor for the Territory.",
            "甲方授予乙方在中国大陆地区的独家经销权。",
            "The Buyer shall purchase all of its requirements for the Components from the Seller.",
            "The Company shall not appoint any other reseller in the Territory during the Term.",
        ],
        [
            "The Manufacturer grants the Distributor a non-exclusive right to distribute the Products.",
            "甲方授予乙方非独家的使用许可。",
            "Nothing in this Agreement prevents either party from working with third parties.",
            "This Agreement is the complete and exclusive statement of the agreement between the parties.",
        ],
    ),
    "renewal-term": (
        [
            "After the initial term this Agreement will automatically renew for successive one (1) year periods.",
            "The term shall be extended automatically for further periods of twelve months unless terminated.",
        ],
        [
            "This Agreement ends on 31 December 2026.",
            "The Initial Term of this Agreement is three years from the Effective Date.",
        ],
    ),
    "notice-period-to-terminate-renewal": (
        [
            "This Agreement renews each year unless either party gives notice of non-renewal at least ninety (90) "
            "days before the end of the then-current term.",
            "Either party may give written notice of its intention not to renew no later than sixty days prior to "
            "expiry.",
        ],
        [
            "This Agreement ends on 31 December 2026.",
            "Notices must be sent by registered mail to the addresses above.",
        ],
    ),
    "liquidated-damages": (
        [
            "If the Contractor misses the completion date it shall pay liquidated damages of 500 dollars a day.",
            "On early termination the Customer shall pay an early termination fee equal to three months' fees.",
        ],
        [
            "The Customer may terminate without penalty if the Vendor breaches this Agreement.",
            "The Customer shall pay the fees in Schedule B.",
        ],
    ),
    "source-code-escrow": (
        [
            "The Licensor shall deposit the source code of the Software with an escrow agent.",
            "The escrow agent shall release the source code to the Licensee if the Licensor becomes insolvent.",
        ],
        [
            "The Licensor shall deliver the Software in object code form only.",
            "The Purchaser's deposit shall be held in escrow until closing.",
        ],
    ),
    "third-party-beneficiary": (
        [
            "The Licensor's suppliers are intended third-party beneficiaries of this Section and may enforce it.",
            "Except for the indemnified persons under Section 9, this Agreement confers no rights on any third "
            "party.",
        ],
        [
            "There are no third-party beneficiaries of this Agreement.",
            "Nothing in this Agreement confers any rights on any person other than the parties.",
        ],
    ),
    "most-favored-nation": (
        [
            "The Supplier's prices to the Buyer shall be no less favorable than the prices offered to any other "
            "customer for similar volumes.",
            "The Licensee shall receive most favored customer pricing.",
        ],
        [
            "The Supplier may change its list prices once a year on sixty days' notice.",
            "The Buyer shall receive a volume discount of five percent.",
        ],
    ),
}


@pytest.fixture(scope="module")
def book() -> Playbook:
    return load_playbook_path(shipped_dir() / "commercial")


def judge(book: Playbook, check_id: str, text: str) -> Verdict:
    doc = parse_bytes(text.encode("utf-8"), "clause.txt", Settings())
    index = SetIndex(ContractSet(id="t", name="t", embedding_model="none", documents=[doc], chunks=[]))
    check = book.check(check_id)
    context = CheckContext(
        check=check, tier="internal", jurisdictions=[], passages=[], hits=index.scan_check(check)
    )
    return RuleJudge(index).judge(context)


def test_every_check_has_cases() -> None:
    ids = {c.id for c in load_playbook_path(shipped_dir() / "commercial").checks}
    assert ids == set(CASES)


@pytest.mark.parametrize(
    ("check_id", "text"), [(c, t) for c, (present, _) in CASES.items() for t in present], ids=lambda v: v[:40]
)
def test_clause_is_found(book: Playbook, check_id: str, text: str) -> None:
    verdict = judge(book, check_id, text)
    assert verdict.status != "missing", f"{check_id} missed: {text}"
    assert verdict.evidence and verdict.evidence[0].quote in text


@pytest.mark.parametrize(
    ("check_id", "text"), [(c, t) for c, (_, absent) in CASES.items() for t in absent], ids=lambda v: v[:40]
)
def test_near_miss_is_not_taken_for_the_clause(book: Playbook, check_id: str, text: str) -> None:
    verdict = judge(book, check_id, text)
    assert verdict.status == "missing", f"{check_id} fired on: {text}"
