"""The trust commands: doctor, audit show/verify/drill, users, share; and logging in from the CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.settings import Settings
from reviewer.trust import audit, session, users

PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    session.forget_sessions()
    yield
    session.forget_sessions()


def _run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        import sys

        sys.stdin = io.StringIO(stdin)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_doctor_reports_data_models_and_hosts(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "doctor", "--json", "--no-probe")
    assert code == 0
    report = json.loads(out)
    assert report["storage"]["data_dir"] == str(settings.data_dir)
    model = next(m for m in report["models"] if m["role"] == "embedding model")
    assert Path(model["path"]).is_file() and len(model["sha256"]) == 64
    assert report["hosts"] == [
        {"role": "ollama", "host": "127.0.0.1", "port": 11434, "on_this_machine": True, "status": "not checked"}
    ]
    assert all(v["actual"] == v["wanted"] for v in report["offline_switches"].values())
    assert report["streamlit"]["gather_usage_stats"] is False
    code, text, _ = _run(capsys, "doctor", "--no-probe")
    assert "Hosts the app may contact" in text and "sha256" in text


def test_doctor_names_a_chroma_server(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REVIEWER_CHROMA_URL", "http://10.0.0.5:8000")
    report = json.loads(_run(capsys, "doctor", "--json", "--no-probe")[1])
    assert {(h["role"], h["host"], h["port"], h["on_this_machine"]) for h in report["hosts"]} == {
        ("ollama", "127.0.0.1", 11434, True),
        ("chroma server", "10.0.0.5", 8000, False),
    }
    text = _run(capsys, "doctor", "--no-probe")[1]
    assert "10.0.0.5:8000   chroma server   ANOTHER MACHINE" in text


@pytest.mark.parametrize(
    ("host", "here"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.8.0.1", True),
        ("[::1]", True),
        ("10.0.0.5", False),
        ("ollama.example.com", False),
        ("0.0.0.0", False),
    ],
)
def test_on_this_machine_is_decided_without_a_name_lookup(host: str, here: bool) -> None:
    from reviewer.trust.doctor import on_this_machine

    assert on_this_machine(host) is here


def test_audit_show_and_verify(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    for user in ("ann", "ben", "ann"):
        audit.record(settings, "review", user=user, set_id="ab" * 32, playbook="mini", tier="internal")
    code, out, _ = _run(capsys, "audit", "show", "--user", "ann", "--json")
    assert code == 0 and [e["user"] for e in json.loads(out)] == ["ann", "ann"]
    code, out, _ = _run(capsys, "audit", "show", "--set", "abab")
    assert code == 0 and out.count("review") == 3
    code, out, _ = _run(capsys, "audit", "verify")
    assert code == 0 and "3 entries, chain intact" in out
    path = audit.log_path(settings)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text(lines[0] + lines[2])
    code, out, _ = _run(capsys, "audit", "verify")
    assert code == 1 and "line 2: removed: entry #2 removed before line 2" in out


def test_audit_drill_counts_what_it_caught(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "audit", "drill")
    assert (
        code == 0
        and "caught 21 of 21 by the chain, MACs and head record; 21 of 21 with a hash noted earlier" in out
    )
    assert "append a forged entry (head record untouched)" in out and "delete the log and the head record" in out


def test_users_with_auth_on(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REVIEWER_AUTH", "1")
    code, out, _ = _run(
        capsys, "users", "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0 and "added ada (admin)" in out
    # Without credentials and without a terminal, a command is refused with what to do.
    code, _, err = _run(capsys, "users", "list", stdin="")
    assert code == ExitCode.PERMISSION and "REVIEWER_USER and REVIEWER_PASSWORD" in err
    monkeypatch.setenv("REVIEWER_USER", "ada")
    monkeypatch.setenv("REVIEWER_PASSWORD", PASSWORD)
    code, out, _ = _run(
        capsys, "users", "add", "vic", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0
    code, out, _ = _run(capsys, "users", "list", "--json")
    listed = json.loads(out)
    assert [(u["name"], u["role"]) for u in listed] == [("ada", "admin"), ("vic", "viewer")]
    assert all("password_hash" not in u for u in listed)
    session.forget_sessions()
    monkeypatch.setenv("REVIEWER_USER", "vic")
    code, _, err = _run(capsys, "audit", "show")
    assert code == ExitCode.PERMISSION and "vic (viewer) may not read audit" in err
    code, _, err = _run(capsys, "users", "remove", "ada")
    assert code == ExitCode.PERMISSION and "may not manage users" in err
    denied = audit.read_entries(settings, outcome="denied")
    assert [(e.user, e.action) for e in denied] == [("vic", "audit"), ("vic", "users")]
    assert PASSWORD not in audit.log_path(settings).read_text()


def test_a_wrong_password_is_refused_and_logged(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REVIEWER_AUTH", "1")
    _run(capsys, "users", "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    monkeypatch.setenv("REVIEWER_USER", "ada")
    monkeypatch.setenv("REVIEWER_PASSWORD", "not the password")
    code, _, err = _run(capsys, "sets", "list")
    assert code == ExitCode.PERMISSION and "wrong user name or password" in err
    assert audit.read_entries(settings, action="login")[-1].outcome == "denied"
