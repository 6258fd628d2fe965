"""Versions of the learned models retrained on this machine, kept in the data dir per playbook:
install (every file must load first), list, use a version, roll back; "shipped" is the package's own.

Layout: ``<data dir>/models/<playbook>/<version>/*.npz`` with ``manifest.json`` (figures, note),
and ``<data dir>/models/<playbook>/active.json``: the versions used, oldest first (the last is in force).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from reviewer.errors import NotFoundError
from reviewer.judge.learned.judge import load_model
from reviewer.settings import Settings
from reviewer.store.files import private_dir, write_private

SHIPPED = "shipped"


def playbook_dir(settings: Settings, playbook: str) -> Path:
    return settings.data_dir / "models" / playbook


def _history(settings: Settings, playbook: str) -> list[str]:
    path = playbook_dir(settings, playbook) / "active.json"
    if not path.is_file():
        return []
    try:
        return [str(v) for v in json.loads(path.read_bytes()).get("history", [])]
    except (ValueError, AttributeError):
        return []


def _set_history(settings: Settings, playbook: str, history: list[str]) -> None:
    write_private(playbook_dir(settings, playbook) / "active.json", json.dumps({"history": history}, indent=2))


def active_version(settings: Settings, playbook: str) -> str:
    """The version in force for ``playbook``: a local version, or "shipped"."""
    history = _history(settings, playbook)
    return history[-1] if history else SHIPPED


def active_file(settings: Settings, playbook: str, name: str) -> Path | None:
    """The file of model ``name`` (e.g. "nda-1") in the local version in force, if it has one."""
    version = active_version(settings, playbook)
    path = playbook_dir(settings, playbook) / version / f"{Path(name).name}.npz"
    return path if version != SHIPPED and path.is_file() else None


def list_versions(settings: Settings, playbook: str) -> list[dict[str, object]]:
    """Every local version with its manifest, oldest first; ``active`` marks the one in force."""
    folder = playbook_dir(settings, playbook)
    current = active_version(settings, playbook)
    out: list[dict[str, object]] = [{"version": SHIPPED, "active": current == SHIPPED, "note": "in the package"}]
    for manifest in sorted(folder.glob("*/manifest.json")) if folder.is_dir() else []:
        data = json.loads(manifest.read_bytes())
        out.append({**data, "active": data.get("version") == current})
    return out


def install(
    settings: Settings,
    playbook: str,
    files: Mapping[str, Path],
    *,
    figures: Mapping[str, object],
    note: str = "",
    loader: Callable[[Path], object] = load_model,
) -> str:
    """Copy model files in as a new version and put it in force; ``ModelFileError`` naming the
    first file that does not load with ``loader`` (then nothing is installed)."""
    for path in files.values():
        loader(path)
    version = datetime.now(UTC).strftime("v%Y%m%dT%H%M%S%fZ")
    staging = private_dir(playbook_dir(settings, playbook) / f".staging-{version}")
    for name, path in files.items():
        shutil.copyfile(path, staging / f"{name}.npz")
    manifest = {
        "version": version,
        "playbook": playbook,
        "created": version[1:],
        "figures": dict(figures),
        "note": note,
    }
    write_private(staging / "manifest.json", json.dumps(manifest, indent=2, default=str))
    staging.rename(playbook_dir(settings, playbook) / version)
    _set_history(settings, playbook, [*_history(settings, playbook), version])
    return version


def use(settings: Settings, playbook: str, version: str) -> str:
    known = [str(v["version"]) for v in list_versions(settings, playbook)]
    if version not in known:
        raise NotFoundError(f"no model version {version!r} for {playbook}; `reviewer models list {playbook}`")
    _set_history(settings, playbook, [*_history(settings, playbook), version] if version != SHIPPED else [])
    return version


def rollback(settings: Settings, playbook: str) -> str:
    """Go back to the version in force before the current one; the version now in force."""
    history = _history(settings, playbook)
    if not history:
        raise NotFoundError(f"{playbook} already uses the shipped models; nothing to roll back")
    _set_history(settings, playbook, history[:-1])
    return active_version(settings, playbook)
