"""Negotiating positions from one place: the user's settings over the playbook's defaults, filled
into the check texts (``{breach_hours}``, ``{breach_hours_fallback}``) that reports and drafts print."""

from __future__ import annotations

import re
from typing import Any

from reviewer.playbooks.schema import POSITION_KEYS, Check, Playbook, Position

PLACEHOLDER = re.compile(r"\{(" + "|".join(POSITION_KEYS) + r")(_fallback)?\}")
TEXT_FIELDS = ("standard_position", "fallback", "why_it_matters", "ask")
Positions = dict[str, Any]


def _user_value(settings: object, key: str) -> str | None:
    value = getattr(settings, key, None)
    return None if value is None or str(value).strip() == "" else str(value).strip()


def resolve_positions(playbook: Playbook, settings: object) -> Positions:
    """Every position as the review stores it: ``key`` (the opening), ``key_fallback``, and the
    Chinese wording of each (``key@zh``) where the playbook gives one and the user kept its value."""
    out: Positions = {}
    for key in POSITION_KEYS:
        default = playbook.positions.get(key, Position())
        user = _user_value(settings, key)
        opening = user or default.opening or None
        out[key] = opening
        out[f"{key}_fallback"] = default.fallback or None
        if default.zh.get("opening") and opening == default.opening:
            out[f"{key}@zh"] = default.zh["opening"]
        if default.zh.get("fallback") and default.fallback:
            out[f"{key}_fallback@zh"] = default.zh["fallback"]
    return out


def position_text(positions: Positions, key: str, lang: str = "en") -> str | None:
    """A position as ``lang`` words it (None when neither the user nor the playbook sets it)."""
    value = positions.get(f"{key}@{lang}") if lang != "en" else None
    value = value if value is not None else positions.get(key)
    return None if value is None or str(value).strip() == "" else str(value)


def fill(text: str, positions: Positions, lang: str = "en") -> str:
    def one(match: re.Match[str]) -> str:
        key = match.group(1) + (match.group(2) or "")
        return position_text(positions, key, lang) or match.group(0)

    return PLACEHOLDER.sub(one, text)


def unset_placeholders(playbook: Playbook) -> list[str]:
    """``check id: {placeholder}`` for each position a check text names that the playbook leaves unset."""
    positions = resolve_positions(playbook, None)
    missing = []
    for check in playbook.checks:
        texts = [check.text(f, lang) for f in TEXT_FIELDS for lang in ("en", "zh")]
        for match in PLACEHOLDER.finditer(" ".join(texts)):
            if not position_text(positions, match.group(1) + (match.group(2) or "")):
                missing.append(f"{check.id}: {match.group(0)}")
    return list(dict.fromkeys(missing))


def _filled_check(check: Check, positions: Positions) -> Check:
    update: dict[str, Any] = {f: fill(getattr(check, f), positions, "en") for f in TEXT_FIELDS}
    if check.zh is not None:
        zh = {f: fill(v, positions, "zh") for f in TEXT_FIELDS if isinstance(v := getattr(check.zh, f), str)}
        update["zh"] = check.zh.model_copy(update=zh)
    return check.model_copy(update=update)


def with_positions(playbook: Playbook, settings: object) -> Playbook:
    """The playbook with every check text naming the positions the user (or the playbook) holds."""
    positions = resolve_positions(playbook, settings)
    return playbook.model_copy(update={"checks": [_filled_check(c, positions) for c in playbook.checks]})
