"""The gdpr-art28 playbook on a processing addendum written for this test."""

from __future__ import annotations

from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.judge import RuleJudge
from reviewer.playbooks import load_playbook
from reviewer.review import run_review
from reviewer.settings import Settings
from tests.support.vendor_terms import contract_set

DPA = """# Data Processing Addendum

1. Processor shall process Customer Personal Data only on Customer's documented instructions, including with regard to transfers to third countries.

2. Processor shall ensure that persons authorised to process the personal data have committed themselves to confidentiality.

3. Processor shall implement the technical and organisational measures set out in Annex 2, ensuring a level of security appropriate to the risk.

4. Processor shall not engage another processor without Customer's prior specific or general written authorisation. Processor shall inform Customer of any intended addition or replacement of sub-processors, giving Customer the opportunity to object to such changes.

5. Processor shall impose on each sub-processor the same data protection obligations as set out in this Addendum and shall remain fully liable to Customer for the performance of its sub-processors.

6. Processor shall notify Customer of a personal data breach without undue delay.

7. Upon termination of the Agreement, Processor shall, at Customer's choice, delete or return all personal data and delete existing copies.

8. Processor shall allow for and contribute to audits, including inspections, conducted by Customer or another auditor mandated by Customer.
"""


def test_addendum_findings(settings: Settings) -> None:
    book = load_playbook("gdpr-art28")
    cs = contract_set({"dpa.md": DPA}, settings)
    index = SetIndex(cs)
    review = run_review(cs, book, tier="internal", jurisdictions=["eu"], index=index, judges=[RuleJudge(index)])
    status = {f.check_id: f.status for f in review.findings}
    assert len(status) == 19 and not review.errors
    for satisfied in (
        "art28-documented-instructions",
        "art28-personnel-confidentiality",
        "art28-security-measures",
        "art28-security-risk-assessment",
        "art28-subprocessor-authorisation",
        "art28-subprocessor-changes-notice",
        "art28-subprocessor-flowdown",
        "art28-subprocessor-liability",
        "art28-delete-or-return",
        "art28-audits-inspections",
    ):
        assert status[satisfied] == "satisfied", satisfied
    assert status["art28-assist-breach-notification-authority"] == "partial"  # no number of hours
    for missing in ("art28-assist-dpia", "art28-assist-prior-consultation", "art28-infringing-instruction-notice"):
        assert status[missing] == "missing", missing


def test_us_only_review_skips_eu_checks(settings: Settings) -> None:
    book = load_playbook("gdpr-art28")
    cs = contract_set({"dpa.md": DPA}, settings)
    index = SetIndex(cs)
    review = run_review(cs, book, tier="internal", jurisdictions=["us"], index=index, judges=[RuleJudge(index)])
    assert review.findings == [] and review.status == "complete"
