"""The audit log: chained entries, filters, tamper detection with the line named, two writers."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import stat
from pathlib import Path

import pytest

from reviewer.settings import Settings
from reviewer.trust import audit
from reviewer.trust.audit_verify import verify


def _fill(settings: Settings, n: int = 6) -> list[str]:
    actions = ["login", "ingest", "review", "export", "delete", "settings"]
    for i in range(n):
        audit.record(
            settings,
            actions[i % len(actions)],  # type: ignore[arg-type]
            user="alice" if i % 2 else "bob",
            set_id=f"{i:x}" * 64 if i % 3 else None,
            files=[f"{i:064x}"],
            playbook="mini",
            tier="internal",
            detail={"n": i},
        )
    return audit.log_path(settings).read_text().splitlines(keepends=True)


def _write(settings: Settings, lines: list[str]) -> None:
    audit.log_path(settings).write_text("".join(lines))


def _kinds(settings: Settings) -> list[tuple[int, str]]:
    return [(p.line, p.kind) for p in verify(settings).problems]


def test_entries_are_chained_and_verify(settings: Settings) -> None:
    lines = _fill(settings)
    entries = [json.loads(x) for x in lines]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0]["prev"] == audit.GENESIS
    for before, after in itertools.pairwise(entries):
        assert after["prev"] == before["hash"]
        assert audit.entry_hash(after) == after["hash"]
    result = verify(settings)
    assert result.ok, result.problems
    assert result.entries == 6 and result.head_hash == entries[-1]["hash"]


def test_log_files_are_owner_only(settings: Settings) -> None:
    _fill(settings, 1)
    assert stat.S_IMODE(audit.log_path(settings).stat().st_mode) == 0o600
    assert stat.S_IMODE(audit.head_path(settings).stat().st_mode) == 0o600
    assert stat.S_IMODE(audit.audit_dir(settings).stat().st_mode) == 0o700


def test_filters_and_limit(settings: Settings) -> None:
    _fill(settings)
    assert {e.user for e in audit.read_entries(settings, user="alice")} == {"alice"}
    assert [e.action for e in audit.read_entries(settings, action="review")] == ["review"]
    by_set = audit.read_entries(settings, set_id="1" * 8)
    assert [e.seq for e in by_set] == [2]
    assert [e.seq for e in audit.read_entries(settings, limit=2)] == [5, 6]


def test_detail_takes_only_short_scalars(settings: Settings) -> None:
    long_text = "Vendor shall not use Customer Data to train any model. " * 20
    entry = audit.record(settings, "review", user="u", detail={"text": long_text, "obj": ["a", "b"]})
    assert len(str(entry.detail["text"])) <= audit.MAX_DETAIL_CHARS
    assert entry.detail["obj"] == "['a', 'b']"


def test_unknown_action_is_refused(settings: Settings) -> None:
    with pytest.raises(ValueError):
        audit.record(settings, "format-disk", user="u")  # type: ignore[arg-type]


def test_edited_entry_is_named(settings: Settings) -> None:
    lines = _fill(settings)
    lines[2] = lines[2].replace('"user":"bob"', '"user":"mallory"')
    _write(settings, lines)
    assert _kinds(settings) == [(3, "edited")]


def test_edited_and_rehashed_entry_is_named(settings: Settings) -> None:
    lines = _fill(settings)
    entry = json.loads(lines[2])
    entry["user"] = "mallory"
    entry["hash"] = audit.entry_hash(entry)
    lines[2] = audit.canonical(entry) + "\n"
    _write(settings, lines)
    assert _kinds(settings) == [(3, "edited")]


def test_rehashed_last_entry_is_caught_by_its_mac(settings: Settings) -> None:
    lines = _fill(settings)
    entry = json.loads(lines[-1])
    entry["outcome"] = "denied"
    entry["hash"] = audit.entry_hash(entry)
    lines[-1] = audit.canonical(entry) + "\n"
    _write(settings, lines)
    assert _kinds(settings) == [(6, "forged")]


def test_removed_entry_is_named(settings: Settings) -> None:
    lines = _fill(settings)
    del lines[3]
    _write(settings, lines)
    problems = verify(settings).problems
    assert [(p.line, p.kind) for p in problems] == [(4, "removed")]
    assert "#4" in problems[0].message


def test_removed_tail_is_caught_by_the_head(settings: Settings) -> None:
    lines = _fill(settings)
    _write(settings, lines[:-2])
    problems = verify(settings).problems
    assert [p.kind for p in problems] == ["truncated"]
    assert "#5-#6" in problems[0].message


def test_reordered_entries_are_named(settings: Settings) -> None:
    lines = _fill(settings)
    lines[2], lines[3] = lines[3], lines[2]
    _write(settings, lines)
    found = _kinds(settings)
    assert found[0] == (3, "reordered")
    assert all(line in (3, 4, 5) for line, _ in found)


def test_forged_linked_insertion_is_named(settings: Settings) -> None:
    lines = _fill(settings)
    before = json.loads(lines[1])
    forged = dict(before, user="mallory", seq=3, prev=before["hash"], detail={})
    forged["hash"] = audit.entry_hash(forged)
    lines.insert(2, audit.canonical(forged) + "\n")
    _write(settings, lines)
    assert _kinds(settings)[0] == (3, "inserted")


def test_duplicated_entry_is_named(settings: Settings) -> None:
    lines = _fill(settings)
    lines.insert(2, lines[1])
    _write(settings, lines)
    assert _kinds(settings) == [(3, "inserted")]


def test_damaged_and_blank_lines_are_named(settings: Settings) -> None:
    lines = _fill(settings)
    lines[1] = lines[1][:40] + "\n"
    lines.insert(4, "\n")
    _write(settings, lines)
    assert _kinds(settings) == [(2, "damaged"), (5, "inserted")]


def test_appending_after_damage_keeps_going(settings: Settings) -> None:
    lines = _fill(settings, 3)
    lines[-1] = "{not json\n"
    _write(settings, lines)
    entry = audit.record(settings, "login", user="u")
    assert entry.seq == 4
    assert [p.kind for p in verify(settings).problems] == ["damaged"]


def _writer(data_dir: str, who: str, n: int) -> None:
    settings = Settings(data_dir=Path(data_dir))
    for i in range(n):
        audit.record(settings, "review", user=who, detail={"i": i})


def test_two_processes_appending_at_once_keep_the_chain(settings: Settings) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(settings.data_dir), who, 40)) for who in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    result = verify(settings)
    assert result.ok, result.problems
    assert result.entries == 80
    users = [e.user for e in audit.read_entries(settings)]
    assert users.count("a") == 40 and users.count("b") == 40
