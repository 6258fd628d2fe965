"""Checking the audit log's hash chain, and saying which line broke it and how.

Each line must (1) hash to its own ``hash``, (2) carry in ``prev`` the hash of the line before,
and (3) carry the next sequence number, and (4) carry the MAC of its hash under the log's key,
kept outside the data dir. The head record (keyed too) catches entries cut off the end, and entries
appended after it. What breaks tells what happened: a line whose content no longer matches its hash
was edited; a gap in the sequence is a removal; a line linking to an earlier line's hash, with a
sequence number already seen, was inserted or moved; a line whose MAC does not match was written
without the key (forged). A log that is missing while its head record, its key, users or stored
sets exist was deleted. Entries written before the log was keyed are counted (``unkeyed``): they
are covered by the hash chain up to the first keyed entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock, Timeout

from reviewer.errors import ConfigError
from reviewer.settings import Settings
from reviewer.store.files import FILE_MODE
from reviewer.trust import audit_key
from reviewer.trust.audit import (
    GENESIS,
    LOCK_TIMEOUT_S,
    audit_dir,
    entry_hash,
    entry_mac,
    head_mac,
    head_path,
    log_path,
)

ProblemKind = Literal[
    "edited", "removed", "inserted", "reordered", "damaged", "truncated", "head", "forged", "deleted", "key"
]


@dataclass
class AuditProblem:
    line: int  # 1-based line in audit.jsonl (0: the file as a whole)
    kind: ProblemKind
    message: str


@dataclass
class AuditVerification:
    path: str
    entries: int
    last_seq: int
    head_hash: str
    problems: list[AuditProblem] = field(default_factory=list)
    unkeyed: int = 0  # entries written before the log was keyed (covered by the hash chain only)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Line:
    number: int
    raw: bytes
    entry: dict[str, Any] | None
    stored: str | None
    seq: int | None


def _parse(path: Path) -> list[_Line]:
    lines: list[_Line] = []
    if not path.is_file():
        return lines
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                entry = json.loads(raw)
                if not isinstance(entry, dict):
                    entry = None
            except ValueError:
                entry = None
            stored = str(entry.get("hash")) if entry else None
            seq = entry.get("seq") if entry and isinstance(entry.get("seq"), int) else None
            lines.append(_Line(number, raw, entry, stored, seq))
    return lines


def _link_problem(line: _Line, expected_seq: int, previous: _Line, lines: _Index) -> AuditProblem:
    """Classify a line whose ``prev`` is not the hash of the line before it."""
    assert line.entry is not None
    prev = line.entry.get("prev")
    target = lines.first.get(prev) if isinstance(prev, str) else None
    n = line.number
    if line.stored and lines.first.get(line.stored, line).number < n:
        return AuditProblem(n, "inserted", f"line {n} is a copy of line {lines.first[line.stored].number}")
    if line.seq is not None and line.seq > expected_seq and target is None:
        missing = line.seq - expected_seq
        what = f"entry #{expected_seq}" if missing == 1 else f"entries #{expected_seq}-#{line.seq - 1}"
        return AuditProblem(n, "removed", f"{what} removed before line {n}")
    if target is not None and target.number > n:
        return AuditProblem(n, "reordered", f"line {n} (entry #{line.seq}) belongs after line {target.number}")
    if target is not None and target.number < previous.number:
        first, last = target.number + 1, previous.number
        between = f"line {last}" if first == last else f"lines {first}-{last}"
        return AuditProblem(
            last, "inserted", f"{between} inserted or moved (line {n} follows line {target.number})"
        )
    if prev == GENESIS:
        return AuditProblem(n, "reordered", f"line {n} claims to be the first entry")
    return AuditProblem(
        previous.number,
        "edited",
        f"line {previous.number} was rewritten (its hash recomputed): line {n} no longer links to it",
    )


@dataclass
class _Index:
    first: dict[str, _Line]  # stored hash -> the first line carrying it


def verify_lines(lines: list[_Line]) -> tuple[list[AuditProblem], int, str]:
    """Problems found in the chain, the last sequence number and the last hash."""
    problems: list[AuditProblem] = []
    index = _Index(first={})
    for ln in lines:
        if ln.stored:
            index.first.setdefault(ln.stored, ln)
    expected_seq = 1
    previous: _Line | None = None
    last_hash = GENESIS
    for line in lines:
        n = line.number
        if line.entry is None:
            kind: ProblemKind = "inserted" if not line.raw.strip() else "damaged"
            problems.append(AuditProblem(n, kind, f"line {n} is not a valid entry (edited, damaged or inserted)"))
        elif entry_hash(line.entry) != line.stored:
            problems.append(
                AuditProblem(
                    n, "edited", f"line {n} (entry #{line.seq}) was edited (it no longer matches its hash)"
                )
            )
        elif previous is None or previous.entry is not None:
            expected_prev = GENESIS if previous is None else previous.stored
            if line.entry.get("prev") != expected_prev:
                problems.append(_link_problem(line, expected_seq, previous or line, index))
            elif line.seq != expected_seq:
                problems.append(
                    AuditProblem(n, "edited", f"line {n} has sequence #{line.seq}, expected #{expected_seq}")
                )
        expected_seq = (line.seq if line.seq is not None else expected_seq) + 1
        previous, last_hash = line, line.stored or last_hash
    return problems, expected_seq - 1, last_hash


def _head_problems(settings: Settings, lines: list[_Line], key: bytes | None) -> list[AuditProblem]:
    path = head_path(settings)
    if not path.is_file():
        return [AuditProblem(0, "head", f"the head record {path} is missing")] if lines else []
    try:
        head = json.loads(path.read_bytes())
        seq, digest = int(head["seq"]), str(head["hash"])
    except (ValueError, KeyError, TypeError):
        return [AuditProblem(0, "head", f"the head record {path} is damaged")]
    keyed = "mac" in head or any(ln.entry and "mac" in ln.entry for ln in lines)
    if key is not None and keyed and not audit_key.same(head.get("mac"), head_mac(key, seq, digest)):
        return [AuditProblem(0, "forged", f"the head record {path} was written without the audit key")]
    by_seq = {ln.seq: ln for ln in lines if ln.seq is not None}
    last = max(by_seq, default=0)
    if seq > last:
        what = f"entry #{seq}" if seq == last + 1 else f"entries #{last + 1}-#{seq}"
        return [AuditProblem(len(lines) + 1, "truncated", f"{what} removed from the end of the log")]
    match = by_seq.get(seq)
    if match is None:
        return [AuditProblem(0, "head", f"the head record names entry #{seq}, which the log does not hold")]
    if match.stored != digest:
        return [
            AuditProblem(
                match.number, "edited", f"line {match.number} (entry #{seq}) rewritten (head record differs)"
            )
        ]
    if seq < last:
        what = f"entry #{last}" if last == seq + 1 else f"entries #{seq + 1}-#{last}"
        after = by_seq[seq + 1].number if seq + 1 in by_seq else match.number + 1
        return [AuditProblem(after, "forged", f"{what} appended after the head record (#{seq}): forged")]
    return []


def _mac_problems(settings: Settings, lines: list[_Line], key: bytes | None) -> tuple[list[AuditProblem], int]:
    """Lines whose MAC does not match, unkeyed lines after keyed ones; and the unkeyed lines before."""
    keyed = [ln for ln in lines if ln.entry is not None and "mac" in ln.entry]
    unkeyed_before = 0
    if key is None:
        if keyed:
            return [
                AuditProblem(
                    0,
                    "key",
                    f"the audit log's key is missing (looked in {audit_key.where(settings)}): forged entries "
                    "cannot be told from real ones; restore the key (or REVIEWER_AUDIT_KEY_FILE)",
                )
            ], 0
        return [], sum(1 for ln in lines if ln.entry is not None)
    problems = []
    for line in lines:
        if line.entry is None:
            continue
        n, what = line.number, f"line {line.number} (entry #{line.seq})"
        if "mac" not in line.entry:
            if line.number > (keyed[0].number if keyed else len(lines) + 1):
                problems.append(AuditProblem(n, "forged", f"{what} has no MAC after keyed entries: forged"))
            else:
                unkeyed_before += 1
        elif not audit_key.same(line.entry.get("mac"), entry_mac(key, str(line.stored))):
            problems.append(AuditProblem(n, "forged", f"{what} was written without the audit key (forged)"))
    if lines and not keyed:
        problems.append(AuditProblem(0, "removed", "the log is keyed but holds no keyed entry: they were removed"))
    return problems, unkeyed_before


def _deleted_problems(settings: Settings, key: bytes | None) -> list[AuditProblem]:
    """A log that is gone while what it records is still there."""
    sets = settings.sets_dir
    evidence = [
        (head_path(settings).is_file(), f"its head record {head_path(settings)}"),
        ((settings.data_dir / "users.json").is_file(), "users"),
        (key is not None, f"its key (in {audit_key.where(settings)})"),
        (sets.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in sets.iterdir()), "stored sets"),
    ]
    found = [what for present, what in evidence if present]
    if not found:
        return []
    path = log_path(settings)
    return [AuditProblem(0, "deleted", f"the audit log {path} is missing while {', '.join(found)} exist: deleted")]


def _one_per_line(problems: list[AuditProblem]) -> list[AuditProblem]:
    """The first problem found at each line, in line order (a moved line breaks two links)."""
    seen: dict[int, AuditProblem] = {}
    for problem in problems:
        seen.setdefault(problem.line, problem)
    return sorted(seen.values(), key=lambda p: p.line)


def _anchor_problems(lines: list[_Line], anchors: list[str]) -> list[AuditProblem]:
    held = {
        ln.stored: ln for ln in lines if ln.stored and ln.entry is not None and entry_hash(ln.entry) == ln.stored
    }
    return [
        AuditProblem(0, "edited", f"the noted hash {a[:16]}… is no longer in the log: entries were rewritten")
        for a in anchors
        if a not in held
    ]


def verify(settings: Settings, anchors: list[str] | None = None) -> AuditVerification:
    """Check the whole chain of ``settings``' audit log.

    ``anchors`` are entry hashes noted earlier outside the data dir (a head hash printed by
    ``audit verify``, the hash in a deletion receipt): each must still be in the log. They catch
    what the chain alone cannot, a log rewritten from some entry on together with its head record.
    """
    path = log_path(settings)
    lines = _read_locked(settings)
    problems, last_seq, last_hash = verify_lines(lines)
    try:
        key = audit_key.load(settings)
    except ConfigError as exc:
        key, problems = None, [*problems, AuditProblem(0, "key", exc.user_message)]
    keyed, unkeyed = _mac_problems(settings, lines, key)
    problems.extend(keyed)
    problems.extend(_head_problems(settings, lines, key) if lines else _deleted_problems(settings, key))
    problems.extend(_anchor_problems(lines, anchors or []))
    return AuditVerification(
        path=str(path),
        entries=sum(1 for ln in lines if ln.entry is not None),
        last_seq=last_seq,
        head_hash=last_hash,
        problems=_one_per_line(problems),
        unkeyed=unkeyed,
    )


def _read_locked(settings: Settings) -> list[_Line]:
    """The log's lines, read while no writer is between appending a line and updating the head."""
    if not audit_dir(settings).is_dir():
        return _parse(log_path(settings))
    try:
        with FileLock(str(audit_dir(settings) / "audit.lock"), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE):
            return _parse(log_path(settings))
    except (Timeout, OSError):
        return _parse(log_path(settings))
