"""What a playbook and a check are. Unknown keys are refused; regexes must compile.

A check says what a good clause says, how to find it (retrieval queries), how to judge it
(signals: patterns in English and Chinese that show the requirement met, weakened or
contradicted), how much it matters for each data tier, and which drafting template fixes it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewer.models import Severity, Tier

TIERS: tuple[Tier, ...] = ("public", "internal", "core-secret")
TOPICS = (
    "residency",
    "transfer",
    "training",
    "retention",
    "deletion",
    "subprocessors",
    "security",
    "breach-notice",
    "confidentiality",
    "audit",
    "output-ownership",
    "ip-indemnity",
    "liability",
    "exit",
    "changes",
    "governing-law",
)
JurisdictionOrAll = Literal["cn", "eu", "us", "all"]
NumberKind = Literal["days", "hours", "months", "years", "any"]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """Lists of patterns or queries, per language."""

    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.en, *self.zh]


@lru_cache(maxsize=8192)
def library_pattern(pattern: str) -> re.Pattern[str]:
    """A pattern of the clause library (a signal or a hedge) as it is matched: case-insensitive,
    compiled once per process (a review matches hundreds, more than ``re``'s own cache keeps)."""
    return re.compile(pattern, re.IGNORECASE)


class Patterns(Localized):
    @field_validator("en", "zh")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                library_pattern(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from exc
        return patterns


class Signals(Strict):
    """Patterns (case-insensitive regular expressions) matched against the contract's sentences.

    - ``met``: the promise is made. Hedged in the same sentence (a hedge from ``hedges.yaml`` or a
      ``weakened`` pattern) it only counts as partial.
    - ``weakened``: the contract touches on the point without committing to it.
    - ``carve_outs``: exceptions that hollow a promise wherever they stand in the document
      ("may use aggregated data to improve the service"): a met promise becomes partial.
    - ``contradicted``: the contract says the opposite.
    - ``mitigations``: wording near a contradiction that softens it to partial (an opt-out).
    """

    met: Patterns = Field(default_factory=Patterns)
    weakened: Patterns = Field(default_factory=Patterns)
    carve_outs: Patterns = Field(default_factory=Patterns)
    contradicted: Patterns = Field(default_factory=Patterns)
    mitigations: Patterns = Field(default_factory=Patterns)

    def by_kind(self) -> dict[str, list[str]]:
        return {
            "met": self.met.all(),
            "weakened": self.weakened.all(),
            "carve_out": self.carve_outs.all(),
            "contradicted": self.contradicted.all(),
            "mitigation": self.mitigations.all(),
        }


class Translation(Strict):
    """The check's own words in another language (the contract's quotes are never translated)."""

    title: str | None = None
    category: str | None = None
    standard_position: str | None = None
    fallback: str | None = None
    why_it_matters: str | None = None
    ask: str | None = None
    red_flags: list[str] = Field(default_factory=list)
    legal_basis: list[str] = Field(default_factory=list)


TRANSLATED_FIELDS = ("title", "category", "standard_position", "fallback", "why_it_matters", "ask")
TRANSLATED_LISTS = ("red_flags", "legal_basis")


class Check(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3)
    category: str = Field(min_length=2)
    topic: str | None = None
    headline: bool = False
    severity: Severity
    severity_by_tier: dict[Tier, Severity] = Field(default_factory=dict)
    tiers: list[Tier] = Field(default_factory=lambda: list(TIERS), min_length=1)
    must_have_tiers: list[Tier] = Field(default_factory=list)
    walk_away_tiers: list[Tier] = Field(default_factory=list)
    jurisdictions: list[JurisdictionOrAll] = Field(default_factory=lambda: ["all"], min_length=1)  # type: ignore[arg-type]
    standard_position: str = Field(min_length=10)
    fallback: str = ""
    why_it_matters: str = ""
    ask: str = ""
    red_flags: list[str] = Field(default_factory=list)
    queries: Localized
    signals: Signals = Field(default_factory=Signals)
    # A met, weakened or contradicting sentence counts only if it, its list lead-in or its section
    # title matches one of these (e.g. "termination" for deletion at the end of the contract).
    context: Patterns = Field(default_factory=Patterns)
    # A sentence (with its list lead-in) matching one of these is about something else, e.g. the
    # customer's own restrictions ("Customer will not use Output to develop competing models").
    exclude: Patterns = Field(default_factory=Patterns)
    # Named parts of a complete clause (e.g. list, notice, objection): all found -> satisfied, some -> partial.
    elements: dict[str, Patterns] = Field(default_factory=dict)
    # Hedges (ids from clause_library/hedges.yaml) that do not hollow this particular promise.
    ignore_hedges: list[str] = Field(default_factory=list)
    requires_number: NumberKind | None = None
    extract: Literal["governing_law", "number", "region"] | None = None
    expected_values: list[str] = Field(default_factory=list)  # for value checks: anything else conflicts
    legal_basis: list[str] = Field(default_factory=list)
    template: str | None = Field(default=None, pattern=ID_PATTERN)
    hypothesis: str | None = None  # nda playbook: the ContractNLI hypothesis key, e.g. "nda-11"
    cuad_category: str | None = None  # commercial playbook: the CUAD category it answers
    model: str | None = None  # a learned model shipped with the playbook that judges this check
    zh: Translation | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Check:
        if not self.queries.all():
            raise ValueError("queries: give at least one retrieval query (en or zh)")
        for tier in (*self.must_have_tiers, *self.walk_away_tiers, *self.severity_by_tier):
            if tier not in self.tiers:
                raise ValueError(f"tier {tier!r} is used but the check does not apply to it (tiers: {self.tiers})")
        if "all" in self.jurisdictions and len(self.jurisdictions) > 1:
            raise ValueError("jurisdictions: 'all' stands alone")
        for name in self.elements:
            if not re.fullmatch(ID_PATTERN, name):
                raise ValueError(f"elements: the name {name!r} must be lower-case words joined by hyphens")
        if self.extract == "governing_law" and not self.signals.met.all():
            raise ValueError("extract: governing_law needs met signals that find the governing-law clause")
        return self

    def signal_patterns(self) -> dict[str, list[str]]:
        """Every pattern to scan for, by kind; elements are kinds of their own ("element:NAME")."""
        kinds = self.signals.by_kind()
        for name, patterns in self.elements.items():
            kinds[f"element:{name}"] = patterns.all()
        return {k: v for k, v in kinds.items() if v}

    def severity_for(self, tier: Tier) -> Severity:
        return self.severity_by_tier.get(tier, self.severity)

    def applies_to(self, tier: Tier, jurisdictions: list[str]) -> bool:
        if tier not in self.tiers:
            return False
        return (
            "all" in self.jurisdictions or not jurisdictions or bool(set(self.jurisdictions) & set(jurisdictions))
        )

    def zh_gaps(self) -> list[str]:
        """The fields the Chinese block lacks although the check has them in English."""
        zh = self.zh or Translation()
        gaps = [f for f in TRANSLATED_FIELDS if getattr(self, f) and not (getattr(zh, f) or "").strip()]
        gaps += [f for f in TRANSLATED_LISTS if getattr(self, f) and len(getattr(zh, f)) != len(getattr(self, f))]
        return gaps

    def text(self, field: str, lang: str = "en") -> str:
        """A text field in ``lang``, falling back to English."""
        if lang == "zh" and self.zh is not None:
            value = getattr(self.zh, field, None)
            if value:
                return str(value)
        return str(getattr(self, field))


PositionKey = Literal[
    "storage_region", "deletion_days", "breach_hours", "audit_frequency", "liability_cap", "governing_law", "forum"
]
POSITION_KEYS: tuple[PositionKey, ...] = get_args(PositionKey)


class Position(Strict):
    """A negotiating position: what the drafts ask for first and what the lawyer may accept."""

    opening: str = ""
    fallback: str = ""
    zh: dict[Literal["opening", "fallback"], str] = Field(default_factory=dict)  # the same in Chinese


class Playbook(Strict):
    name: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    title: str
    description: str = ""
    topics: Literal["ai-vendor", "none"] = "none"  # "ai-vendor": every check names a topic, one headline each
    # Retrieval queries per language sent to the vector store (0: all); the rest go to BM25 only.
    dense_queries: int = Field(default=0, ge=0)
    # Negation-aware signals: a match governed by "not" does not count, and a contradiction inside
    # a meeting sentence wins. Off by default so that playbooks written without it keep working.
    negation: bool = False
    # "Missing" only when no retrieved passage is about the check (judge/rules/relevance.py): a
    # relevant passage without a deciding signal makes the finding partial, for a lawyer's read.
    # Its thresholds were chosen on AI-vendor terms and DPAs; a playbook whose checks only detect
    # presence (commercial, CUAD) turns it off, measured there (docs/eval-cuad.md).
    relevance_gate: bool = True
    # The default negotiating positions (settings override them); check texts name them as
    # ``{breach_hours}`` (the opening) and ``{breach_hours_fallback}``.
    positions: dict[PositionKey, Position] = Field(default_factory=dict)
    title_zh: str = ""  # the title in Chinese
    # The learned relevance gate (docs/learned-judge.md): a shipped model name such as
    # "ai-vendor/relevance" or a path to an .npz file; a rule "missing" must pass it.
    relevance_model: str | None = None
    checks: list[Check] = Field(min_length=1)
    source: str = ""  # where it was loaded from
    # "file: check id: zh.field is missing" for each Chinese block that is incomplete (set by the
    # loader). Such a playbook is valid, but reviews and reports with it are in English only.
    zh_problems: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_and_topics(self) -> Playbook:
        seen: set[str] = set()
        for check in self.checks:
            if check.id in seen:
                raise ValueError(f"check {check.id}: the id is used twice")
            seen.add(check.id)
        if self.topics == "ai-vendor":
            headlines: dict[str, list[str]] = {t: [] for t in TOPICS}
            for check in self.checks:
                if check.topic not in TOPICS:
                    raise ValueError(f"check {check.id}: topic {check.topic!r} is not one of {', '.join(TOPICS)}")
                if check.headline:
                    headlines[check.topic].append(check.id)
            for topic, ids in headlines.items():
                if len(ids) != 1:
                    raise ValueError(f"topic {topic}: needs exactly one headline check, found {ids or 'none'}")
        return self

    def check(self, check_id: str) -> Check:
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)

    def headline(self, topic: str) -> Check | None:
        return next((c for c in self.checks if c.topic == topic and c.headline), None)
