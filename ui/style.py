"""How statuses, severities, tiers and jurisdictions look and read in the app.

Status colours are the Okabe-Ito palette (told apart with the common colour-vision deficiencies)
and every status also has its own shape and its word, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.i18n import judge_name as judges_in
from reviewer.models import STATUS_ORDER, Status
from ui.i18n import N_, _, lang

__all__ = ["STATUS_ORDER"]  # the one status order lives in reviewer.models


@dataclass(frozen=True)
class StatusLook:
    symbol: str
    word: str
    colour: str  # text and border
    tint: str  # background
    meaning: str

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.name}"

    @property
    def name(self) -> str:
        """The status word in the reader's language."""
        return _(self.word)


STATUS_LOOK: dict[Status, StatusLook] = {
    "conflicting": StatusLook("✕", N_("Conflicting"), "#A63F00", "#FBE3D4", N_("the contract says the opposite")),
    "missing": StatusLook("○", N_("Missing"), "#8A5A00", "#FCEFD2", N_("the contract does not say it")),
    "partial": StatusLook("◐", N_("Partial"), "#005A8C", "#DCEBF7", N_("said, but weaker than needed")),
    "satisfied": StatusLook("✓", N_("Satisfied"), "#006B4E", "#D5F0E6", N_("the contract says it")),
}
SEVERITY_WORD = {"critical": N_("Critical"), "high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
SEVERITY_MARK = {"critical": "▲▲", "high": "▲", "medium": "■", "low": "▽"}
SEVERITY_ORDER = ("critical", "high", "medium", "low")
OVERALL_LOOK = {
    "critical": ("#A63F00", "#FBE3D4"),
    "high": ("#A63F00", "#FBE3D4"),
    "medium": ("#8A5A00", "#FCEFD2"),
    "low": ("#006B4E", "#D5F0E6"),
}

TIER_HELP = {
    "public": (N_("Public"), N_("Information you would publish anyway."), N_("marketing copy, product brochures")),
    "internal": (
        N_("Internal-sensitive"),
        N_("Business information that would hurt if it leaked."),
        N_("customer lists, supplier quotes"),
    ),
    "core-secret": (
        N_("Core secret"),
        N_("What the business depends on; the strictest review."),
        N_("cost structure, contracts, source code"),
    ),
}
JURISDICTION_LABEL = {"cn": N_("China"), "eu": N_("European Union"), "us": N_("United States")}


def judge_name(judge: str) -> str:
    """``rules+llm`` as the reader says it."""
    return judges_in(lang(), judge)


def tier_name(tier: str) -> str:
    return _(TIER_HELP[tier][0]) if tier in TIER_HELP else tier


def jurisdiction_name(code: str) -> str:
    return _(JURISDICTION_LABEL[code]) if code in JURISDICTION_LABEL else code


def severity_name(severity: str) -> str:
    return _(SEVERITY_WORD[severity]) if severity in SEVERITY_WORD else severity


def severity_label(severity: str) -> str:
    return f"{SEVERITY_MARK.get(severity, '')} {severity_name(severity)}".strip()


def status_cell_style(value: str) -> str:
    """CSS for a table cell showing a status label (shape and word stay in the text)."""
    for look in STATUS_LOOK.values():
        if value == look.label:
            return f"color: {look.colour}; background-color: {look.tint}; font-weight: 600"
    return ""


def status_badge_html(status: Status) -> str:
    look = STATUS_LOOK[status]
    return (
        f'<span class="cr-badge" style="color:{look.colour};background:{look.tint};'
        f'border-color:{look.colour}">{look.label}</span>'
    )


APP_CSS = """
<style>
.cr-badge {display:inline-block;padding:0.1rem 0.55rem;border:1px solid;border-radius:0.8rem;
  font-weight:600;font-size:0.9rem;white-space:nowrap}
.cr-passage {font-family: Georgia, 'Times New Roman', serif; line-height:1.6; padding:0.8rem 1rem;
  border-left:4px solid #5B6B7F; background:#F7F8FA; border-radius:0.3rem; white-space:pre-wrap}
.cr-passage mark {background:#FFE9A8; color:inherit; padding:0 0.1rem; border-bottom:2px solid #B58100}
.cr-cite {color:#44505E; font-size:0.85rem; margin-bottom:0.3rem}
.cr-stat {border:1px solid; border-radius:0.5rem; padding:0.5rem 0.8rem}
.cr-stat .n {font-size:1.8rem; font-weight:700; line-height:1.1}
.cr-stat .w {font-size:0.9rem}
</style>
"""
