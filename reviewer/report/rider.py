"""The rider: which clauses to draft, in what order, and what each one fixes.

One clause per drafting template among the open (missing, partial, conflicting) findings, in the
playbook's order, between an opening "definitions and precedence" clause and a closing "general"
clause. A check without a template of its own gets the generic clause, flagged in the cover note.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.models import ContractSet, Finding, Review
from reviewer.report.clauses import (
    Clause,
    DraftTerms,
    FindingContext,
    draft_terms,
    finding_context,
    has_template,
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


def grouped_by_template(findings: list[Finding], lang: str) -> list[tuple[str, list[Finding]]]:
    """Open findings grouped by drafting template, in the order each template first appears."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        template = template_id(finding)
        key = template if has_template(template, lang) else f"{GENERIC}:{finding.check_id}"
        groups.setdefault(key, []).append(finding)
    return list(groups.items())


def plan_rider(review: Review, lang: str = "en", contract_set: ContractSet | None = None) -> Rider:
    lang = check_lang(lang)
    terms = draft_terms(review, contract_facts(review, contract_set), lang)
    clauses: list[RiderClause] = [RiderClause(1, render_clause("_definitions", terms), [])]
    for key, findings in grouped_by_template(open_findings(review), lang):
        generic = key.startswith(GENERIC)
        template = GENERIC if generic else key
        clause = render_clause(template, terms, finding_context(findings[0], lang))
        fixes = [finding_context(f, lang) for f in findings]
        clauses.append(RiderClause(len(clauses) + 1, clause, fixes, generic))
    clauses.append(RiderClause(len(clauses) + 1, render_clause("_general", terms), []))
    text = "\n".join(c.clause.title + "\n" + c.clause.text for c in clauses)
    return Rider(lang, terms, clauses, placeholders_in(text))
