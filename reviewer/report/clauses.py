"""Draft clause wording: one jinja2 template per drafting template id and language.

``templates/clauses/<lang>/<template id>.j2`` sets ``title`` and writes the clause, one paragraph
per blank-line-separated block (the rider numbers them as sub-clauses). Every template sees the
same words (``customer``, ``vendor``, ``data``, ``agreement_title``, ``governing_law``, ``notices``,
``storage_region``, ``deletion_days``, ``breach_hours``, ``audit_frequency``, ...), taken from the
contract and the user's settings. A value neither gives is rendered as a visible placeholder
(``[CONFIRM: storage region]``); ``confirm(label)`` makes one for a template's own blanks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound

from reviewer.errors import ConfigError
from reviewer.models import Finding, Review
from reviewer.playbooks.positions import position_text
from reviewer.report.env import environment, strings, templates_dir, term, tr
from reviewer.report.facts import ContractFacts, Fact
from reviewer.report.view import changed_note, evidence_view, format_date, localized

PLACEHOLDER = re.compile(r"\[(?:CONFIRM: |待确认：)([^\]]+)\]")
STRUCTURAL = ("_definitions", "_general")  # the rider's first and last clauses


def template_id(finding: Finding) -> str:
    return finding.template or finding.check_id


def template_path(template: str, lang: str) -> Path:
    return templates_dir() / "clauses" / lang / f"{template}.j2"


def has_template(template: str, lang: str) -> bool:
    return template_path(template, lang).is_file()


def placeholders_in(text: str) -> list[str]:
    """The placeholders in ``text``, each once, in order of appearance."""
    return list(dict.fromkeys(m.group(0) for m in PLACEHOLDER.finditer(text)))


_term = term


@dataclass
class DraftTerms:
    """The words every clause template sees, in the draft's language."""

    lang: str
    customer: str = ""
    vendor: str = ""
    customer_name: str = ""
    vendor_name: str = ""
    agreement_title: str = ""
    agreement_date: str = ""
    data: str = ""
    data_defined: bool = False  # the contract defines its own term for the data
    governing_law: str = ""
    notices: str = ""
    storage_region: str = ""
    deletion_days: str = ""
    breach_hours: str = ""
    audit_frequency: str = ""
    law_required: str = ""  # the governing law the customer asks for
    forum: str = ""  # the courts the customer asks for
    confidential: str = ""  # the contract's term for confidential information
    recipient: str = ""  # nda: the receiving party's defined name
    discloser: str = ""  # nda: the disclosing party's defined name
    instrument: str = ""  # how a clause names the document it sits in ("this Addendum", "this Agreement")
    whole: str = ""  # the whole contract as amended ("the Agreement (including this Addendum)")
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (what, value, where)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (draft term, contract term)

    def confirm(self, label: str) -> str:
        return tr(self.lang, "drafting.placeholder", label=label)

    def term(self, value: str) -> str:
        return _term(value, self.lang)

    def context(self) -> dict[str, Any]:
        values = {k: v for k, v in vars(self).items() if isinstance(v, str | bool)}
        return {**values, "renamed": list(self.renamed), "confirm": self.confirm, "term": self.term}


def _fact_or_placeholder(terms: DraftTerms, fact: Fact | None, key: str, translate: bool = False) -> str:
    what = tr(terms.lang, f"drafting.placeholders.{key}")
    if fact is None:
        return terms.confirm(what)
    value = _term(fact.value, terms.lang) if translate else fact.value
    if key == "agreement_date":
        value = local_date(value, terms.lang)
    terms.sources.append((what, value, fact.where))
    return value


def local_date(text: str, lang: str) -> str:
    """A date written in the contract ("1 March 2026", "March 1, 2026") in the draft's style."""
    for pattern in ("%d %B %Y", "%B %d, %Y"):
        try:
            return format_date(datetime.strptime(text, pattern), lang)
        except ValueError:
            continue
    return text


def _label(terms: DraftTerms, fact: Fact | None, default_key: str, what: str) -> str:
    if fact is None:
        return tr(terms.lang, f"drafting.defaults.{default_key}")
    value = _term(fact.value, terms.lang)
    terms.sources.append((what, value, fact.where))
    if value != fact.value:
        terms.renamed.append((value, fact.value))
    return value


def _setting(terms: DraftTerms, settings: dict[str, Any], key: str, label: str | None = None) -> str:
    """A negotiating position as the review stored it (reviewer/playbooks/positions.py)."""
    value = position_text(settings, key, terms.lang)
    what = tr(terms.lang, f"drafting.placeholders.{label or key}")
    if value is None:
        return terms.confirm(what)
    text = _term(value.strip(), terms.lang)
    terms.sources.append((what, text, tr(terms.lang, "rider.from_settings")))
    return text


def _notices(terms: DraftTerms, fact: Fact | None) -> str:
    if fact is None:
        return terms.confirm(tr(terms.lang, "drafting.placeholders.notices"))
    number = fact.value
    section = tr(terms.lang, "drafting.section_ref", number=number) if number[:1].isdigit() else number
    value = tr(terms.lang, "drafting.notice_ref", section=section, title=_term(fact.label or "", terms.lang))
    terms.sources.append((tr(terms.lang, "rider.fact_notices"), value, fact.where))
    return value


def draft_terms(review: Review, facts: ContractFacts, lang: str) -> DraftTerms:
    """The draft's words: the contract's defined names and facts, the user's preferred positions."""
    r = strings(lang)["rider"]
    terms = DraftTerms(lang)
    terms.instrument = tr(lang, "drafting.instrument_rider")
    terms.whole = tr(lang, "drafting.whole_rider")
    terms.customer = _label(terms, facts.customer_label, "customer", r["fact_customer"])
    terms.vendor = _label(terms, facts.vendor_label, "vendor", r["fact_vendor"])
    terms.customer_name = _fact_or_placeholder(terms, facts.customer_name, "customer_name")
    terms.vendor_name = _fact_or_placeholder(terms, facts.vendor_name, "vendor_name")
    terms.agreement_title = _fact_or_placeholder(terms, facts.agreement, "agreement")
    terms.agreement_date = _fact_or_placeholder(terms, facts.agreement_date, "agreement_date")
    terms.data = _label(terms, facts.data_term, "data", r["fact_data"])
    terms.data_defined = facts.data_term is not None
    terms.governing_law = _fact_or_placeholder(terms, facts.governing_law, "governing_law", translate=True)
    terms.notices = _notices(terms, facts.notices)
    terms.confidential = _label(terms, facts.confidential_term, "confidential", r["fact_confidential"])
    terms.recipient = _label(terms, facts.recipient_label, "recipient", r["fact_recipient"])
    terms.discloser = _label(terms, facts.discloser_label, "discloser", r["fact_discloser"])
    settings = review.settings
    region = settings.get("storage_region") or _region_from_findings(review)
    terms.storage_region = _setting(terms, {"storage_region": region}, "storage_region")
    terms.deletion_days = _setting(terms, settings, "deletion_days")
    terms.breach_hours = _setting(terms, settings, "breach_hours")
    terms.audit_frequency = _setting(terms, settings, "audit_frequency")
    terms.law_required = _setting(terms, settings, "governing_law", "law_required")
    terms.forum = _setting(terms, settings, "forum")
    return terms


def _region_from_findings(review: Review) -> str | None:
    """A region the contract itself names in a residency finding (never one the contract refuses)."""
    for finding in review.findings:
        if finding.topic == "residency" and finding.value and finding.status in ("satisfied", "partial"):
            return finding.value
    return None


# --- rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingContext:
    """What a clause template knows of the finding it fixes."""

    check_id: str
    title: str
    status: str
    status_label: str
    value: str
    cites: list[str]  # where the contract deals with it; empty when it is silent
    standard: str
    fallback: str

    @property
    def where(self) -> str:
        return self.cites[0] if self.cites else ""


def finding_context(finding: Finding, lang: str) -> FindingContext:
    return FindingContext(
        check_id=finding.check_id,
        title=localized(finding, "title", lang),
        status=finding.status,
        status_label=" ".join(
            p for p in (tr(lang, f"statuses.{finding.status}"), changed_note(finding, lang)) if p
        ),
        value=finding.value or "",
        cites=[evidence_view(e, lang).cite for e in finding.evidence],
        standard=localized(finding, "standard_position", lang),
        fallback=localized(finding, "fallback", lang),
    )


@dataclass(frozen=True)
class Clause:
    template: str
    title: str
    paragraphs: list[str]
    covered_by: tuple[str, ...] = ()  # broader templates that already say all this clause says
    replaces: tuple[
        str, ...
    ] = ()  # patterns of vendor sentences this clause contradicts (the redline deletes them)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def paragraphs_of(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def render_clause(template: str, terms: DraftTerms, finding: FindingContext | None = None) -> Clause:
    """One clause in ``terms.lang``; a template that needs a missing variable raises an error."""
    try:
        compiled = environment().get_template(f"clauses/{terms.lang}/{template}.j2")
    except TemplateNotFound as exc:
        raise ConfigError(f"no drafting template {template!r} in {terms.lang}: add {exc.name}") from exc
    module = compiled.make_module({**terms.context(), "finding": finding, "lang": terms.lang})
    title = getattr(module, "title", None)
    if not isinstance(title, str) or not title.strip():
        raise ConfigError(f"drafting template {template} ({terms.lang}) sets no title")
    covered_by = tuple(getattr(module, "covered_by", ()))
    replaces = tuple(str(p) for p in getattr(module, "replaces", ()))
    return Clause(template, " ".join(title.split()), paragraphs_of(str(module)), covered_by, replaces)


ClauseRenderer = Callable[[str, DraftTerms, FindingContext | None], Clause]
