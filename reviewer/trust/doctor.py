"""``reviewer doctor``: where the data is, which model files are used, which hosts may be contacted.

Everything here reads local files, except the reachability check, which opens one TCP connection
to each configured host (and to no other).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import stat
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from reviewer import __version__
from reviewer.errors import ReviewerError
from reviewer.ingest.sandbox import can_fork
from reviewer.settings import _OFFLINE_ENV, Settings
from reviewer.store.embedding import file_sha256, minilm_files
from reviewer.trust.audit import log_path
from reviewer.trust.audit_verify import verify
from reviewer.trust.users import UserStore

REACH_TIMEOUT_S = 1.5


def _mode(path: Path) -> str | None:
    return f"{stat.S_IMODE(path.stat().st_mode):04o}" if path.exists() else None


def _size(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _not_owner_only(settings: Settings) -> list[str]:
    """Stored files or folders that someone other than the owner could read."""
    if not settings.data_dir.is_dir():
        return []
    loose = []
    for top in settings.data_dir.iterdir():
        for path in [top, *(top.rglob("*") if top.is_dir() and top.name in ("sets", "audit", "receipts") else [])]:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                loose.append(str(path))
    return loose


def storage(settings: Settings) -> dict[str, Any]:
    sets_dir = settings.sets_dir
    sets = (
        [p for p in sets_dir.iterdir() if p.is_dir() and not p.name.startswith(".")] if sets_dir.is_dir() else []
    )
    loose = _not_owner_only(settings)
    return {
        "data_dir": str(settings.data_dir),
        "data_dir_mode": _mode(settings.data_dir),
        "sets_dir": str(settings.sets_dir),
        "sets": len(sets),
        "sets_bytes": _size(settings.sets_dir),
        "files_not_owner_only": loose,
        "vector_store": settings.chroma_url or str(settings.chroma_dir),
        "vector_store_kind": "chroma server" if settings.chroma_url else "embedded chroma",
        "vector_store_bytes": 0 if settings.chroma_url else _size(settings.chroma_dir),
        "audit_log": str(log_path(settings)),
        "receipts_dir": str(settings.data_dir / "receipts"),
        "users_file": str(settings.data_dir / "users.json"),
    }


def models(settings: Settings) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    name = settings.embedding_model.strip()
    if name.startswith("ollama:"):
        out.append({"role": "embedding", "model": name, "served_by": settings.ollama_host, "path": None})
    else:
        try:
            model, tokenizer = minilm_files()
            for role, path in (("embedding model", model), ("embedding tokenizer", tokenizer)):
                out.append(
                    {
                        "role": role,
                        "model": name,
                        "path": str(path),
                        "sha256": file_sha256(path),
                        "bytes": path.stat().st_size,
                    }
                )
        except ReviewerError as exc:
            out.append({"role": "embedding", "model": name, "error": exc.user_message})
    out.append(
        {
            "role": "llm (optional, --llm ollama)",
            "model": settings.ollama_model,
            "served_by": settings.ollama_host,
            "path": None,
        }
    )
    return out


def reachable(host: str, port: int, timeout: float = REACH_TIMEOUT_S) -> str:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return "reachable"
    except OSError as exc:
        return f"not reachable ({exc.strerror or type(exc).__name__})"


def _port_of(url: str) -> int | None:
    parsed = urlparse(url if "://" in url else f"http://{url}")
    return parsed.port or (443 if parsed.scheme == "https" else 80)


def on_this_machine(host: str) -> bool:
    """Whether ``host`` is this machine: a loopback name or address, or this machine's own name.
    Decided without a name lookup (which could itself leave the machine); any other name is
    counted as elsewhere."""
    name = host.strip("[]").lower()
    if name in ("localhost", "localhost.localdomain", socket.gethostname().lower()):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.endswith(".localhost")


def hosts(settings: Settings, *, probe: bool = True) -> list[dict[str, Any]]:
    """The only hosts the product may contact: what each is for, whether it is this machine, whether it answers."""
    services = [("ollama", settings.ollama_host), ("chroma server", settings.chroma_url)]
    out = []
    for host, port in settings.allowed_hosts():
        roles = [role for role, url in services if url and _port_of(url) == port and host in url]
        status = reachable(host, port) if probe else "not checked"
        out.append(
            {
                "role": " and ".join(roles),
                "host": host,
                "port": port,
                "on_this_machine": on_this_machine(host),
                "status": status,
            }
        )
    return out


def offline_switches() -> dict[str, Any]:
    return {key: {"wanted": value, "actual": os.environ.get(key)} for key, value in _OFFLINE_ENV.items()}


def streamlit_config(start: Path | None = None) -> dict[str, Any]:
    """The Streamlit config the app would read when started from ``start`` (default: the cwd)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder / ".streamlit" / "config.toml", Path.home() / ".streamlit" / "config.toml"):
        if candidate.is_file():
            try:
                config = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError) as exc:
                return {"path": str(candidate), "error": str(exc)}
            return {
                "path": str(candidate),
                "gather_usage_stats": config.get("browser", {}).get("gatherUsageStats"),
                "server_address": config.get("server", {}).get("address"),
            }
    return {
        "path": None,
        "gather_usage_stats": None,
        "note": "no .streamlit/config.toml here; make run uses the project's",
    }


def access_control(settings: Settings) -> dict[str, Any]:
    try:
        users = UserStore(settings).all()
    except ReviewerError as exc:
        return {"auth": settings.auth, "error": exc.user_message}  # users unreadable: as the environment says
    counts = {role: sum(1 for u in users if u.role == role) for role in ("admin", "reviewer", "viewer")}
    return {
        "auth": settings.auth or bool(users),
        "users": len(users),
        "by_role": counts,
        "acting_user": settings.current_user,
    }


def audit_state(settings: Settings) -> dict[str, Any]:
    result = verify(settings)
    return {
        "entries": result.entries,
        "chain_ok": result.ok,
        "problems": [f"line {p.line}: {p.message}" for p in result.problems[:5]],
        "head_hash": result.head_hash,
    }


def sandbox_state(settings: Settings) -> dict[str, Any]:
    mode = "off (in-process)" if settings.parse_timeout_s <= 0 else ("child process" if can_fork() else "thread")
    return {"mode": mode, "timeout_s": settings.parse_timeout_s, "memory_mb": settings.parse_memory_mb}


def report(settings: Settings, *, probe: bool = True) -> dict[str, Any]:
    return {
        "version": __version__,
        "storage": storage(settings),
        "models": models(settings),
        "hosts": hosts(settings, probe=probe),
        "offline_switches": offline_switches(),
        "streamlit": streamlit_config(),
        "access": access_control(settings),
        "audit": audit_state(settings),
        "parse_sandbox": sandbox_state(settings),
    }
