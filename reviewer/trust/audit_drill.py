"""``reviewer audit drill``: tamper with a scratch audit log in every way we know, and count what
``audit verify`` catches. The user's own log and key are never touched (the scratch log has a
scratch key)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer.settings import Settings
from reviewer.trust import audit
from reviewer.trust.audit_verify import AuditProblem, verify

Lines = list[str]
ENTRIES = 8


def _rehash(line: str, **changes: object) -> str:
    entry = json.loads(line)
    entry.update(changes)
    entry["hash"] = audit.entry_hash(entry)
    return audit.canonical(entry) + "\n"


def _edit(lines: Lines) -> Lines:
    lines[3] = lines[3].replace('"user":"user3"', '"user":"mallory"')
    return lines


def _edit_rehash(lines: Lines) -> Lines:
    lines[3] = _rehash(lines[3], user="mallory")
    return lines


def _edit_last_rehash(lines: Lines) -> Lines:
    lines[-1] = _rehash(lines[-1], outcome="denied")
    return lines


def _edit_prev(lines: Lines) -> Lines:
    lines[4] = lines[4].replace(json.loads(lines[4])["prev"], "f" * 64)
    return lines


def _remove_middle(lines: Lines) -> Lines:
    del lines[4]
    return lines


def _remove_first(lines: Lines) -> Lines:
    return lines[1:]


def _remove_tail(lines: Lines) -> Lines:
    return lines[:-2]


def _swap(lines: Lines) -> Lines:
    lines[2], lines[5] = lines[5], lines[2]
    return lines


def _insert_forged(lines: Lines) -> Lines:
    before = json.loads(lines[2])
    lines.insert(3, _rehash(lines[2], seq=before["seq"] + 1, prev=before["hash"], user="mallory"))
    return lines


def _duplicate(lines: Lines) -> Lines:
    lines.insert(5, lines[2])
    return lines


def _blank(lines: Lines) -> Lines:
    lines.insert(4, "\n")
    return lines


def _garble(lines: Lines) -> Lines:
    lines[6] = lines[6][: len(lines[6]) // 2] + "\n"
    return lines


def _renumber(lines: Lines) -> Lines:
    lines[5] = _rehash(lines[5], seq=42)
    return lines


def _rewrite_all_but_head(lines: Lines) -> Lines:
    """Remove an entry and re-chain everything after it, as a careful forger would."""
    del lines[3]
    prev = json.loads(lines[2])["hash"]
    for i in range(3, len(lines)):
        lines[i] = _rehash(lines[i], seq=i + 1, prev=prev)
        prev = json.loads(lines[i])["hash"]
    return lines


def _forge(lines: Lines, *, mac: bool = True) -> str:
    """A new last entry built as the log's own code would, without the key: the last line's MAC
    copied (or none)."""
    last = json.loads(lines[-1])
    forged = _rehash(lines[-1], seq=last["seq"] + 1, prev=last["hash"], user="mallory", action="delete")
    entry = json.loads(forged)
    if not mac:
        entry.pop("mac", None)
    return audit.canonical(entry) + "\n"


def _append_forged(lines: Lines) -> Lines:
    return [*lines, _forge(lines)]


def _append_forged_without_mac(lines: Lines) -> Lines:
    return [*lines, _forge(lines, mac=False)]


def _delete(lines: Lines) -> Lines | None:
    return None


def _empty(lines: Lines) -> Lines:
    return []


def _rechain_everything(lines: Lines) -> Lines:
    """Rewrite an entry and re-chain everything after it; the head record is rewritten below."""
    prev = json.loads(lines[2])["hash"]
    lines[3] = _rehash(lines[3], user="mallory", prev=prev)
    for i in range(3, len(lines)):
        lines[i] = _rehash(lines[i], prev=prev)
        prev = json.loads(lines[i])["hash"]
    return lines


CASES: dict[str, Callable[[Lines], Lines | None]] = {
    "edit a field": _edit,
    "edit a field and recompute its hash": _edit_rehash,
    "edit the last entry and recompute its hash": _edit_last_rehash,
    "change the link to the previous entry": _edit_prev,
    "remove an entry in the middle": _remove_middle,
    "remove the first entry": _remove_first,
    "remove the last two entries": _remove_tail,
    "swap two entries": _swap,
    "insert a forged entry that links correctly": _insert_forged,
    "duplicate an entry": _duplicate,
    "insert a blank line": _blank,
    "cut a line in half": _garble,
    "change a sequence number and rehash": _renumber,
    "remove an entry and re-chain the rest": _rewrite_all_but_head,
    "rewrite an entry, re-chain the rest and the head record": _rechain_everything,
    "append a forged entry (head record untouched)": _append_forged,
    "append a forged entry without a MAC": _append_forged_without_mac,
    "append a forged entry and rewrite the head record": _append_forged,
    "delete the log (head record kept)": _delete,
    "empty the log": _empty,
    "delete the log and the head record": _delete,
}
REWRITES_HEAD = {
    "rewrite an entry, re-chain the rest and the head record",
    "append a forged entry and rewrite the head record",
}
DELETES_HEAD = {"delete the log and the head record"}


@dataclass
class DrillResult:
    case: str
    detected: bool  # by the chain, the MACs and the head record alone
    detected_with_anchor: bool  # also checking a hash noted earlier (entry #4's)
    problems: list[AuditProblem]


def _tamper(settings: Settings, case: str, tamper: Callable[[Lines], Lines | None]) -> str:
    """Apply one case to the scratch log; returns the hash of entry #4, noted before."""
    path = audit.log_path(settings)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    anchor = str(json.loads(lines[3])["hash"])
    tampered = tamper(lines)
    if tampered is None:
        path.unlink()
    else:
        path.write_text("".join(tampered), encoding="utf-8")
    if case in REWRITES_HEAD and tampered:
        last = json.loads(tampered[-1])
        head = json.loads(audit.head_path(settings).read_text())  # its MAC kept: the forger has no key
        head.update(seq=last["seq"], hash=last["hash"])
        audit.head_path(settings).write_text(json.dumps(head))
    if case in DELETES_HEAD:
        audit.head_path(settings).unlink()
    return anchor


def run() -> list[DrillResult]:
    results = []
    for case, tamper in CASES.items():
        with tempfile.TemporaryDirectory(prefix="reviewer-audit-drill-") as scratch:
            root = Path(scratch)
            settings = Settings(data_dir=root / "data", audit_key_file=root / "key" / "keys.json")
            for i in range(ENTRIES):
                audit.record(settings, "review", user=f"user{i}", set_id=f"{i:064x}", detail={"i": i})
            anchor = _tamper(settings, case, tamper)
            problems = verify(settings).problems
            anchored = verify(settings, anchors=[anchor]).problems
            results.append(DrillResult(case, bool(problems), bool(anchored), problems or anchored))
    return results
