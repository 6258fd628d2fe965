"""Loading playbooks from YAML, with errors that name the file, the check and the field.

A playbook is either one YAML file (metadata plus ``checks:``) or a folder holding
``playbook.yaml`` (metadata) and any number of other ``*.yaml`` files with ``checks:`` lists.
Shipped playbooks live in ``clause_library/``; ``REVIEWER_PLAYBOOKS`` adds folders of your own
(separated by ``:``), whose playbooks take precedence over shipped ones with the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from reviewer.errors import NotFoundError, PlaybookError
from reviewer.playbooks.hedges import HEDGES_FILE, load_hedges
from reviewer.playbooks.positions import unset_placeholders, with_positions
from reviewer.playbooks.schema import Check, Playbook
from reviewer.settings import Settings, get_settings

META_FILE = "playbook.yaml"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


def shipped_dir() -> Path:
    import clause_library

    return Path(clause_library.__file__).parent


def describe_error(exc: ValidationError, data: Any = None) -> str:
    """Pydantic's errors as "field a.b: message"; list items of ``data`` named by their id."""
    parts = []
    for err in exc.errors():
        loc_parts = [str(x) for x in err["loc"]]
        if isinstance(data, dict) and len(loc_parts) >= 2 and loc_parts[1].isdigit():
            items = data.get(loc_parts[0])
            index = int(loc_parts[1])
            if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
                item_id = items[index].get("id")
                if item_id:
                    loc_parts = [f"{loc_parts[0].rstrip('s')} {item_id}", *loc_parts[2:]]
        loc = ".".join(loc_parts) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (not allowed)"
        parts.append(f"field {loc}: {msg}")
    return "; ".join(parts)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PlaybookError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"{path}: cannot be read: {exc}") from exc


def zh_problems(path: Path, checks: list[Check]) -> list[str]:
    """Each incomplete Chinese block, named by file, check and field."""
    return [
        f"{path}: check {check.id}: field zh.{field} is missing (the English has it)"
        for check in checks
        for field in check.zh_gaps()
    ]


def _checks_from(path: Path, data: Any) -> list[Check]:
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise PlaybookError(f"{path}: expected a mapping with a `checks:` list")
    unknown = set(data) - {"checks"} - (set(Playbook.model_fields) if path.name != META_FILE else set())
    if unknown and path.name != META_FILE and "name" not in data:
        raise PlaybookError(
            f"{path}: unknown top-level field(s) {', '.join(sorted(unknown))}: only `checks:` is allowed"
        )
    checks = []
    for n, raw in enumerate(data["checks"], start=1):
        check_id = raw.get("id", f"#{n}") if isinstance(raw, dict) else f"#{n}"
        if not isinstance(raw, dict):
            raise PlaybookError(f"{path}: check {check_id}: expected a mapping of fields")
        try:
            check = Check.model_validate(raw)
        except ValidationError as exc:
            raise PlaybookError(f"{path}: check {check_id}: {describe_error(exc)}") from exc
        unknown_hedges = [h for h in check.ignore_hedges if h not in known_hedge_ids()]
        if unknown_hedges:
            raise PlaybookError(
                f"{path}: check {check_id}: field ignore_hedges: {', '.join(unknown_hedges)} not in {HEDGES_FILE} "
                f"(known: {', '.join(sorted(known_hedge_ids()))})"
            )
        checks.append(check)
    return checks


def known_hedge_ids() -> set[str]:
    return load_hedges().ids


def load_playbook_path(path: Path) -> Playbook:
    """Load and validate one playbook file or folder."""
    path = Path(path)
    if path.is_dir():
        meta_path = path / META_FILE
        if not meta_path.is_file():
            raise PlaybookError(f"{path}: a playbook folder needs a {META_FILE} with name, version and title")
        meta = read_yaml(meta_path)
        if not isinstance(meta, dict):
            raise PlaybookError(f"{meta_path}: expected a mapping (name, version, title, ...)")
        checks: list[Check] = []
        problems: list[str] = []
        if "checks" in meta:
            checks.extend(_checks_from(meta_path, meta))
            problems.extend(zh_problems(meta_path, checks))
        for file in sorted(path.glob("*.y*ml")):
            if file.name != META_FILE:
                found = _checks_from(file, read_yaml(file))
                checks.extend(found)
                problems.extend(zh_problems(file, found))
        meta = {k: v for k, v in meta.items() if k != "checks"}
        where = meta_path
    elif path.is_file():
        meta = read_yaml(path)
        if not isinstance(meta, dict):
            raise PlaybookError(f"{path}: expected a mapping (name, version, title, checks)")
        checks = _checks_from(path, meta)
        problems = zh_problems(path, checks)
        meta = {k: v for k, v in meta.items() if k != "checks"}
        where = path
    else:
        raise PlaybookError(f"{path}: no such playbook file or folder")
    try:
        meta = {k: v for k, v in meta.items() if k != "zh_problems"}
        if not meta.get("title_zh") and meta.get("title"):
            problems.insert(0, f"{where}: field title_zh is missing (the playbook's title in Chinese)")
        playbook = Playbook.model_validate(
            {**meta, "checks": checks, "source": str(path), "zh_problems": problems}
        )
    except ValidationError as exc:
        raise PlaybookError(f"{where}: {describe_error(exc)}") from exc
    unset = unset_placeholders(playbook)
    if unset:
        raise PlaybookError(f"{where}: positions: give a value for {', '.join(unset)} under positions")
    return playbook


@dataclass
class PlaybookEntry:
    name: str
    path: Path
    shipped: bool
    playbook: Playbook | None = None
    error: str | None = None


def _candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    out = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith((".", "_")) or child.name == HEDGES_FILE:
            continue
        if (child.is_dir() and (child / META_FILE).is_file()) or (
            child.is_file() and child.suffix in (".yaml", ".yml")
        ):
            out.append(child)
    return out


def _folders(settings: Settings | None) -> list[tuple[Path, bool]]:
    """Where playbooks are looked for, shipped first; later folders override earlier ones."""
    folders: list[tuple[Path, bool]] = [(shipped_dir(), True)]
    if settings is not None and settings.playbooks:
        folders.extend((Path(p).expanduser(), False) for p in settings.playbooks.split(os.pathsep) if p)
    return folders


def available_playbooks(settings: Settings | None = None) -> dict[str, PlaybookEntry]:
    """Every playbook found, by name, with its validation error if it has one."""
    entries: dict[str, PlaybookEntry] = {}
    for folder, shipped in _folders(settings):
        for path in _candidates(folder):
            try:
                playbook = load_playbook_path(path)
                entries[playbook.name] = PlaybookEntry(playbook.name, path, shipped, playbook=playbook)
            except PlaybookError as exc:
                name = path.stem
                entries[f"{name} (invalid)" if name in entries else name] = PlaybookEntry(
                    name, path, shipped, error=exc.message
                )
    return entries


def load_playbook(name_or_path: str, settings: Settings | None = None) -> Playbook:
    """A playbook by name (shipped or from ``REVIEWER_PLAYBOOKS``) or by path, its check texts naming
    the user's negotiating positions (reviewer/playbooks/positions.py)."""
    return with_positions(_find_playbook(name_or_path, settings), settings or get_settings())


def _find_playbook(name_or_path: str, settings: Settings | None) -> Playbook:
    candidate = Path(name_or_path).expanduser()
    if candidate.exists():
        return load_playbook_path(candidate)
    for folder in reversed(_folders(settings)):  # user folders first: they take precedence
        for path in (
            folder[0] / name_or_path,
            folder[0] / f"{name_or_path}.yaml",
            folder[0] / f"{name_or_path}.yml",
        ):
            if path in _candidates(folder[0]):
                playbook = load_playbook_path(path)
                if playbook.name == name_or_path:
                    return playbook
    entries = available_playbooks(settings)
    entry = entries.get(name_or_path)
    if entry is None:
        names = ", ".join(sorted(e.name for e in entries.values() if e.playbook)) or "none"
        raise NotFoundError(f"no playbook named {name_or_path!r}; available: {names}")
    if entry.playbook is None:
        raise PlaybookError(entry.error or f"{entry.path}: invalid playbook")
    return entry.playbook


def validate_path(path: Path) -> Playbook:
    return load_playbook_path(path)
