"""The rider: which clauses to draft, in what order, and what each one fixes.

One clause per drafting template among the open (missing, partial, conflicting) findings, in the
playbook's order, between an opening "definitions and precedence" clause and a closing "general"
clause. A check without a template of its own gets the generic clause, flagged in the cover note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reviewer.models import ContractSet, Finding, Review
from reviewer.playbooks.schema import TOPICS
from reviewer.report.clauses import (
    Clause,
    DraftTerms,
    FindingContext,
    draft_terms,
    finding_context,
    has_template,
    paragraphs_of,
    placeholders_in,
    render_clause,
    template_id,
)
from reviewer.report.env import check_lang
from reviewer.report.facts import contract_facts

GENERIC = "_generic"


@dataclass(frozen=True)
class RiderClause:
    number: int
    clause: Clause
    fixes: list[FindingContext]
    generic: bool = False


@dataclass(frozen=True)
class Rider:
    lang: str
    terms: DraftTerms
    clauses: list[RiderClause]  # the definitions first and the general clause last
    placeholders: list[str]

    @property
    def fixing(self) -> list[RiderClause]:
        return [c for c in self.clauses if c.fixes]


def open_findings(review: Review) -> list[Finding]:
    return [f for f in review.findings if f.status != "satisfied"]


@dataclass
class PlannedClause:
    """A clause to draft and the open findings it fixes."""

    clause: Clause
    findings: list[Finding]
    generic: bool = False


def plan_clauses(review: Review, terms: DraftTerms) -> list[PlannedClause]:
    """One clause per drafting template among the open findings, in the playbook's order. A clause
    whose template says it is ``covered_by`` a broader clause that is also drafted is folded into it."""
    lang = terms.lang
    planned: dict[str, PlannedClause] = {}
    for finding in open_findings(review):
        template = template_id(finding)
        generic = not has_template(template, lang)
        key = f"{GENERIC}:{finding.check_id}" if generic else template
        if key in planned:
            planned[key].findings.append(finding)
            continue
        clause = render_clause(GENERIC if generic else template, terms, finding_context(finding, lang))
        planned[key] = PlannedClause(clause, [finding], generic)
    for key, item in list(planned.items()):
        broader = next((planned[t] for t in item.clause.covered_by if t in planned), None)
        if broader is not None:
            broader.findings.extend(item.findings)
            replaces = tuple(dict.fromkeys(broader.clause.replaces + item.clause.replaces))
            broader.clause = replace(broader.clause, replaces=replaces)
            del planned[key]
    for item in planned.values():
        apply_edit(review, item)
    return sorted(planned.values(), key=_topic_order)


def apply_edit(review: Review, item: PlannedClause) -> None:
    """The user's own wording (edited in the app, ``Review.draft_edits``) replaces the template's
    text of the clause; the first edited finding the clause fixes wins."""
    edits = [review.draft_edits.get(f.check_id, "") for f in item.findings]
    edited = next((text for text in edits if text.strip()), None)
    if edited:
        item.clause = replace(item.clause, paragraphs=paragraphs_of(edited))


def _topic_order(item: PlannedClause) -> tuple[int, int]:
    """Clauses in the order a data protection addendum reads (where data is, who may use it, ...);
    NDA clauses in the order of their ContractNLI hypotheses (definitions first); others as listed."""
    lead = item.findings[0]
    topic = TOPICS.index(lead.topic) if lead.topic in TOPICS else len(TOPICS)
    number = re.search(r"(\d+)$", lead.hypothesis or "")
    return topic, int(number.group(1)) if number else 0


def plan_rider(review: Review, lang: str = "en", contract_set: ContractSet | None = None) -> Rider:
    lang = check_lang(lang)
    terms = draft_terms(review, contract_facts(review, contract_set), lang)
    clauses: list[RiderClause] = [RiderClause(1, render_clause("_definitions", terms), [])]
    for item in plan_clauses(review, terms):
        fixes = [finding_context(f, lang) for f in item.findings]
        clauses.append(RiderClause(len(clauses) + 1, item.clause, fixes, item.generic))
    clauses.append(RiderClause(len(clauses) + 1, render_clause("_general", terms), []))
    text = "\n".join(c.clause.title + "\n" + c.clause.text for c in clauses)
    return Rider(lang, terms, clauses, placeholders_in(text))


def clauses_by_check(
    review: Review, lang: str = "en", contract_set: ContractSet | None = None
) -> dict[str, Clause]:
    """The draft clause that fixes each open finding, by check id (for showing beside a finding)."""
    terms = draft_terms(review, contract_facts(review, contract_set), check_lang(lang))
    return {f.check_id: item.clause for item in plan_clauses(review, terms) for f in item.findings}
