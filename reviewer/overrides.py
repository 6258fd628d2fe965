"""A reviewer's correction of a finding: validated against the playbook and the contract, applied
to a copy of the review with the judge's own verdict kept beside it."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from reviewer.errors import BadInputError, NotFoundError, PlaybookError
from reviewer.judge.evidence import locate_quote
from reviewer.judge.text import split_sentences
from reviewer.models import STATUSES, ContractSet, Evidence, Finding, Override, Review
from reviewer.playbooks.schema import Playbook
from reviewer.review import summarize

MIN_QUOTE_CHARS = 8
MAX_REASON_CHARS = 500


def nearest_sentence(contract_set: ContractSet, quote: str) -> str | None:
    """The sentence of the set closest to ``quote`` (difflib), to offer when a quote is not found."""
    sentences = [s.text for doc in contract_set.documents for s in split_sentences(doc.text, min_len=4)]
    best = difflib.get_close_matches(quote, sentences, n=1, cutoff=0.3)
    return best[0] if best else None


def locate_evidence(contract_set: ContractSet, quotes: Sequence[str]) -> list[Evidence]:
    """Each quote as cited evidence; ``BadInputError`` naming the first quote not in the contract."""
    out = []
    for quote in quotes:
        quote = quote.strip()
        found = locate_quote(contract_set, quote) if len(quote) >= MIN_QUOTE_CHARS else None
        if found is None:
            near = nearest_sentence(contract_set, quote)
            hint = f'; the nearest sentence is: "{near}"' if near else ""
            raise BadInputError(
                f'the quote "{quote}" is not in the contract word for word{hint}. '
                f"Copy the deciding sentence(s) exactly (at least {MIN_QUOTE_CHARS} characters)"
            )
        out.append(found.model_copy(update={"signal": "reviewer"}))
    return out


def validate_request(playbook: Playbook, review: Review, check_id: str, status: str, reason: str) -> Finding:
    """The finding to change; a typed error naming the problem when the request cannot be applied."""
    if review.playbook.name != playbook.name:
        raise PlaybookError(f"the review was made with playbook {review.playbook.name}, not {playbook.name}")
    if check_id not in {c.id for c in playbook.checks}:
        raise PlaybookError(f"playbook {playbook.name} has no check {check_id!r}; `reviewer playbooks list`")
    if status not in STATUSES:
        raise BadInputError(f"status {status!r} is not allowed; use one of {', '.join(STATUSES)}")
    if not reason.strip():
        raise BadInputError("give a reason for the change (--reason); it is shown wherever the status is")
    if len(reason) > MAX_REASON_CHARS:
        raise BadInputError(f"the reason is longer than {MAX_REASON_CHARS} characters; shorten it")
    for finding in review.findings:
        if finding.check_id == check_id:
            return finding
    raise NotFoundError(f"the review {review.id} has no finding for check {check_id} (another tier?)")


def apply_override(
    review: Review,
    contract_set: ContractSet,
    playbook: Playbook,
    *,
    check_id: str,
    status: str,
    quotes: Sequence[str],
    reason: str,
    user: str,
) -> tuple[Review, Finding]:
    """A copy of ``review`` with the finding of ``check_id`` changed; the first verdict stays in
    ``Finding.override`` (a second change keeps the judge's verdict, not the first change)."""
    finding = validate_request(playbook, review, check_id, status, reason)
    if status == "missing" and quotes:
        raise BadInputError("'missing' means no passage addresses the check; give no --evidence with it")
    evidence = locate_evidence(contract_set, quotes) if quotes else []
    if status != "missing" and not evidence:
        if not finding.evidence:
            raise BadInputError(f'mark the sentence(s) that decide {status!r} (--evidence "quote")')
        evidence = list(finding.evidence)
    first = finding.override
    override = Override(
        user=user,
        reason=reason.strip(),
        original_status=first.original_status if first else finding.status,
        original_evidence=first.original_evidence if first else list(finding.evidence),
        original_confidence=first.original_confidence if first else finding.confidence,
        original_rationale=first.original_rationale if first else finding.rationale,
    )
    changed = finding.model_copy(
        update={"status": status, "evidence": evidence, "confidence": 1.0, "override": override}
    )
    findings = [changed if f.check_id == check_id else f for f in review.findings]
    return review.model_copy(update={"findings": findings, "summary": summarize(findings)}), changed
