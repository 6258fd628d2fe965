"""The jinja2 environment every rendered text goes through, and the report's own words per language.

Templates live in the top-level ``templates`` package: ``report.html.j2`` (autoescaped),
``report.md.j2``, ``clauses/<lang>/<template id>.j2`` and ``i18n/<lang>.yaml``. Every template
renders with ``StrictUndefined``: a missing variable is an error, never a blank in a report.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reviewer.errors import ConfigError

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


def templates_dir() -> Path:
    import templates

    return Path(templates.__file__).parent


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ConfigError(f"unknown report language {lang!r}; use en or zh")
    return lang


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html", ".html.j2"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md_inline(value: object) -> str:
    """Text made safe for one line of Markdown (a table cell, a list item)."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_quote(value: object) -> str:
    """A contract quote as a Markdown block quote, its line breaks kept."""
    lines = [md_inline(line) for line in str(value).splitlines() if line.strip()] or [""]
    return "\n".join(f"> {line}" for line in lines)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_inline
    env.filters["md_quote"] = md_quote
    env.filters["cap"] = lambda value: str(value)[:1].upper() + str(value)[1:]
    return env


@lru_cache(maxsize=len(LANGS))
def strings(lang: str) -> dict[str, Any]:
    """The report's own words in ``lang`` (nested mappings of str), from ``templates/i18n``."""
    lang = check_lang(lang)
    path = templates_dir() / "i18n" / f"{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of report strings")
    return data


def term(value: str, lang: str) -> str:
    """A word of the contract as ``lang`` says it; unchanged when it is already in ``lang`` or unknown.
    Several values joined by "; " (two governing laws) are each looked up."""
    terms: dict[str, str] = strings(lang).get("terms", {})
    return "; ".join(terms.get(part.lower(), part) for part in value.split("; "))


def tr(lang: str, key: str, **values: object) -> str:
    """One string by dotted key (``"summary.checked"``), formatted with ``values``."""
    node: Any = strings(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no report string {key!r} for language {lang}")
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"report string {key!r} is not text")
    return node.format(**values) if values else node
