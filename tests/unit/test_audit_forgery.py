"""Forging the audit log with write access to the data dir: each attack from the security test,
performed, must be caught, because the entries are keyed (HMAC) with a secret kept elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ConfigError, StoreError
from reviewer.settings import Settings
from reviewer.trust import audit, audit_key
from reviewer.trust.audit_verify import verify


def _fill(settings: Settings, n: int = 4) -> list[str]:
    for i in range(n):
        audit.record(settings, "review", user="alice", set_id=f"{i:064x}", detail={"n": i})
    return audit.log_path(settings).read_text().splitlines(keepends=True)


def _forged(last_line: str, **changes: object) -> str:
    """What the security test did: seq+1, prev = the last hash, the hash recomputed."""
    last = json.loads(last_line)
    entry = {**last, "seq": last["seq"] + 1, "prev": last["hash"], "user": "mallory", **changes}
    entry["hash"] = audit.entry_hash(entry)
    return audit.canonical(entry) + "\n"


def _append(settings: Settings, line: str) -> None:
    with audit.log_path(settings).open("a") as fh:
        fh.write(line)


def _verify_cli(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["audit", "verify", *extra])
    return code, capsys.readouterr().out


def test_an_appended_forgery_fails_verify_with_and_without_an_anchor(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _fill(settings)
    anchor = json.loads(lines[-1])["hash"]
    _append(settings, _forged(lines[-1]))  # the MAC of the last line copied along
    problems = verify(settings).problems
    assert [p.kind for p in problems] == ["forged"] and "line 5" in problems[0].message
    assert _verify_cli(capsys)[0] == 1
    assert _verify_cli(capsys, "--anchor", anchor)[0] == 1


def test_a_head_record_behind_the_log_is_a_failure(settings: Settings) -> None:
    lines = _fill(settings)
    head = audit.head_path(settings).read_text()
    audit.record(settings, "export", user="alice")
    audit.head_path(settings).write_text(head)  # rolled back: the last entry looks appended after it
    problems = verify(settings).problems
    assert [(p.line, p.kind) for p in problems] == [(len(lines) + 1, "forged")]
    assert "appended after the head record" in problems[0].message


def test_a_forged_head_record_is_a_failure(settings: Settings) -> None:
    lines = _fill(settings)
    forged = _forged(lines[-1])
    _append(settings, forged)
    entry = json.loads(forged)
    head = json.loads(audit.head_path(settings).read_text())
    audit.head_path(settings).write_text(json.dumps({**head, "seq": entry["seq"], "hash": entry["hash"]}))
    assert {p.kind for p in verify(settings).problems} == {"forged"}
    assert any("head record" in p.message for p in verify(settings).problems)


@pytest.mark.parametrize("keep", ["head", "users", "sets", "key only"])
def test_a_deleted_log_is_a_failure(settings: Settings, keep: str) -> None:
    _fill(settings)
    audit.log_path(settings).unlink()
    if keep != "head":
        audit.head_path(settings).unlink()
    if keep == "users":
        (settings.data_dir / "users.json").write_text("{}")
    if keep == "sets":
        (settings.sets_dir / ("ab" * 32)).mkdir(parents=True)
    result = verify(settings)
    assert not result.ok and [p.kind for p in result.problems] == ["deleted"]
    assert "missing" in result.problems[0].message


def test_a_fresh_data_dir_verifies(settings: Settings) -> None:
    assert verify(settings).ok


def test_a_missing_key_is_reported_and_nothing_more_is_written(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fill(settings)
    monkeypatch.setenv("REVIEWER_AUDIT_KEY_FILE", str(tmp_path / "elsewhere" / "keys.json"))
    moved = Settings(data_dir=settings.data_dir)
    assert [p.kind for p in verify(moved).problems] == ["key"]
    with pytest.raises(StoreError, match="key is missing"):
        audit.record(moved, "review", user="alice")
    assert len(audit.log_path(settings).read_text().splitlines()) == 4


def test_the_key_file_may_not_be_inside_the_data_dir(settings: Settings) -> None:
    inside = Settings(data_dir=settings.data_dir, audit_key_file=settings.data_dir / "keys.json")
    with pytest.raises(ConfigError, match="inside the data dir"):
        audit.record(inside, "review", user="alice")
    assert not verify(inside).ok


def test_the_key_file_is_owner_only_and_outside_the_data_dir(settings: Settings) -> None:
    _fill(settings, 1)
    path = audit_key.key_file(settings)
    assert not path.resolve().is_relative_to(settings.data_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    assert str(settings.data_dir) in json.loads(path.read_text())


def test_a_log_from_before_the_key_stays_verifiable_and_is_keyed_from_then_on(settings: Settings) -> None:
    lines = _fill(settings, 3)
    legacy = []
    for line in lines:  # the same log as the previous version wrote it: no MACs
        entry = json.loads(line)
        entry.pop("mac")
        legacy.append(audit.canonical(entry) + "\n")
    audit.log_path(settings).write_text("".join(legacy))
    last = json.loads(legacy[-1])
    audit.head_path(settings).write_text(json.dumps({"seq": last["seq"], "hash": last["hash"]}))
    audit_key.key_file(settings).unlink()
    before = verify(settings)
    assert before.ok and before.unkeyed == 3
    audit.record(settings, "review", user="alice")  # makes the key; keyed from here on
    after = verify(settings)
    assert after.ok and after.unkeyed == 3 and after.entries == 4
    _append(settings, _forged(audit.log_path(settings).read_text().splitlines(keepends=True)[-1]))
    assert [p.kind for p in verify(settings).problems] == ["forged"]
