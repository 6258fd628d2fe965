"""The audit log: append-only JSON lines, each entry hash-chained (SHA-256) to the one before and keyed (HMAC).

Layout under the data dir::

    audit/audit.jsonl     one JSON object per line, keys sorted, ``hash`` = SHA-256 of the rest
                          but ``mac``; ``mac`` = HMAC-SHA256 of ``hash`` under a key kept outside
                          the data dir (reviewer/trust/audit_key.py), so a forged entry needs it
    audit/head.json       the sequence number, hash and MAC of the last entry (catches a cut-off tail)
    audit/audit.lock      the file lock that serialises writers across processes

An entry records who did what to which contract set (its id and the SHA-256 of its files), with
which playbook and tier, and the outcome. It never holds contract text: ``detail`` takes only
short scalar values (counts, ids, a file format, an error kind).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field

from reviewer.errors import StoreError
from reviewer.settings import Settings
from reviewer.store.files import FILE_MODE, private_dir, write_private
from reviewer.trust import audit_key

GENESIS = "0" * 64
ACTIONS = ("ingest", "review", "export", "delete", "share", "settings", "login", "users", "read", "audit")
Action = Literal["ingest", "review", "export", "delete", "share", "settings", "login", "users", "read", "audit"]
Outcome = Literal["ok", "denied", "error"]
Scalar = str | int | float | bool | None
MAX_DETAIL_CHARS = 200
LOCK_TIMEOUT_S = 30.0


class EntryFields(TypedDict, total=False):
    """What an entry may say besides its action and user."""

    outcome: Outcome
    role: str | None
    set_id: str | None
    files: list[str] | None
    playbook: str | None
    tier: str | None
    detail: dict[str, Any] | None


class AuditEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int
    time: datetime
    user: str
    role: str | None = None
    action: Action
    outcome: Outcome
    set_id: str | None = None
    files: list[str] = Field(default_factory=list)  # SHA-256 of the files concerned
    playbook: str | None = None
    tier: str | None = None
    detail: dict[str, Scalar] = Field(default_factory=dict)
    prev: str
    hash: str
    mac: str | None = None  # None only in entries written before the log was keyed


def audit_dir(settings: Settings) -> Path:
    return settings.data_dir / "audit"


def log_path(settings: Settings) -> Path:
    return audit_dir(settings) / "audit.jsonl"


def head_path(settings: Settings) -> Path:
    return audit_dir(settings) / "head.json"


def canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of everything but the ``hash`` and ``mac`` fields."""
    body = {k: v for k, v in entry.items() if k not in ("hash", "mac")}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def entry_mac(key: bytes, digest: str) -> str:
    return audit_key.mac(key, f"entry:{digest}")


def head_mac(key: bytes, seq: int, digest: str) -> str:
    return audit_key.mac(key, f"head:{seq}:{digest}")


def clean_detail(detail: dict[str, Any] | None) -> dict[str, Scalar]:
    """Only short scalars: a guard against anything long (such as contract text) entering the log."""
    out: dict[str, Scalar] = {}
    for key, value in (detail or {}).items():
        if isinstance(value, str):
            value = value if len(value) <= MAX_DETAIL_CHARS else value[: MAX_DETAIL_CHARS - 1] + "…"
        elif not isinstance(value, int | float | bool) and value is not None:
            value = str(value)[:MAX_DETAIL_CHARS]
        out[str(key)[:64]] = value
    return out


def _tail_line(path: Path, block: int = 8192) -> bytes | None:
    """The last non-empty line of a file, read from the end."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        buffer = b""
        at = end
        while at > 0:
            step = min(block, at)
            at -= step
            fh.seek(at)
            buffer = fh.read(step) + buffer
            stripped = buffer.rstrip(b"\n")
            if b"\n" in stripped:
                return stripped.rsplit(b"\n", 1)[1]
        stripped = buffer.rstrip(b"\n")
        return stripped or None


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def _last_link(path: Path) -> tuple[int, str, bool]:
    """(sequence number, hash, keyed) of the last entry; survives a damaged last line."""
    raw = _tail_line(path)
    if raw is None:
        return 0, GENESIS, False
    try:
        last = json.loads(raw)
        return int(last["seq"]), str(last["hash"]), "mac" in last
    except (ValueError, KeyError, TypeError):
        # A damaged line stays damaged (verify reports it); the chain goes on from its bytes.
        return _count_lines(path), hashlib.sha256(raw).hexdigest(), False


def _key_for_writing(settings: Settings, keyed: bool) -> bytes:
    """The log's key, made now for a log not keyed yet; a keyed log whose key is gone is refused."""
    key = audit_key.load(settings, create=not keyed)
    if key is None:
        raise StoreError(
            f"the audit log's key is missing (looked in {audit_key.where(settings)}): restore it, or "
            "REVIEWER_AUDIT_KEY_FILE pointing to it, before anything more is recorded"
        )
    return key


class AuditLog:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path = log_path(settings)
        self.head = head_path(settings)
        self.lock = audit_dir(settings) / "audit.lock"

    def append(self, action: Action, *, user: str, **fields: Unpack[EntryFields]) -> AuditEntry:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        private_dir(self.path.parent)
        try:
            with FileLock(str(self.lock), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE):
                seq, prev, keyed = _last_link(self.path)
                key = _key_for_writing(self.settings, keyed)
                entry: dict[str, Any] = {
                    "seq": seq + 1,
                    "time": datetime.now(UTC).isoformat(timespec="microseconds"),
                    "user": user,
                    "role": fields.get("role"),
                    "action": action,
                    "outcome": fields.get("outcome", "ok"),
                    "set_id": fields.get("set_id"),
                    "files": sorted(set(fields.get("files") or [])),
                    "playbook": fields.get("playbook"),
                    "tier": fields.get("tier"),
                    "detail": clean_detail(fields.get("detail")),
                    "prev": prev,
                }
                entry["hash"] = entry_hash(entry)
                entry["mac"] = entry_mac(key, entry["hash"])
                self._write_line(canonical(entry) + "\n")
                seq, digest = entry["seq"], entry["hash"]
                head = {"seq": seq, "hash": digest, "mac": head_mac(key, seq, digest)}
                write_private(self.head, json.dumps(head))
        except Timeout as exc:
            raise StoreError(f"the audit log {self.path} is locked by another process; try again") from exc
        except OSError as exc:
            raise StoreError(f"cannot write the audit log {self.path}: {exc}") from exc
        return AuditEntry.model_validate(entry)

    def _write_line(self, line: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def entries(self) -> list[AuditEntry]:
        """Every well-formed entry, oldest first (damaged lines are skipped; ``verify`` names them)."""
        if not self.path.is_file():
            return []
        out = []
        with self.path.open("rb") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                try:
                    out.append(AuditEntry.model_validate_json(raw))
                except ValueError:
                    continue
        return out


def read_entries(
    settings: Settings,
    *,
    set_id: str | None = None,
    user: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries matching all given filters, oldest first; ``set_id`` may be a prefix of the id."""
    selected = [
        e
        for e in AuditLog(settings).entries()
        if (set_id is None or (e.set_id or "").startswith(set_id.lower()))
        and (user is None or e.user == user)
        and (action is None or e.action == action)
        and (outcome is None or e.outcome == outcome)
    ]
    return selected[-limit:] if limit else selected


def record(settings: Settings, action: Action, *, user: str, **fields: Unpack[EntryFields]) -> AuditEntry:
    """Append one entry to the audit log of ``settings.data_dir``."""
    return AuditLog(settings).append(action, user=user, **fields)
