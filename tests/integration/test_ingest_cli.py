"""The ingest and sets commands end to end (real model, real Chroma), and an ingest with no
network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.settings import Settings
from tests.support import builders

pytestmark = pytest.mark.integration


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_list_show_search_delete(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    msa = builders.english_pdf(tmp_path / "msa.pdf")
    dpa = builders.reviewed_docx(tmp_path / "dpa.docx")

    code, out, err = run(capsys, "ingest", str(msa), str(dpa), "--name", "Vendor X")
    assert code == 0 and err == ""
    set_id = out.split()[1]
    assert len(set_id) == 64 and "Vendor X" in out.splitlines()[0]
    assert "msa.pdf" in out and "dpa.docx" in out
    assert "unaccepted tracked insertion by Vendor Counsel" in out
    assert "comment left in the document by Customer Legal" in out
    assert "ingested in" in out

    code, out, _ = run(capsys, "ingest", str(dpa), str(msa), "--json")
    result = json.loads(out)
    assert code == 0 and result["reused"] is True and result["contract_set"]["id"] == set_id
    documents = {d["file_name"]: d for d in result["contract_set"]["documents"]}
    assert documents["msa.pdf"]["pages"] == 3 and documents["msa.pdf"]["sections"] >= 12
    assert {w["kind"] for w in documents["dpa.docx"]["warnings"]} == {"tracked_changes", "comments"}

    code, out, _ = run(capsys, "sets", "list")
    assert code == 0 and set_id[:12] in out and "Vendor X" in out

    code, out, _ = run(capsys, "sets", "show", set_id[:8], "--json")
    assert code == 0 and json.loads(out)["id"] == set_id

    code, out, _ = run(capsys, "search", set_id[:8], "where is customer data stored", "-k", "2")
    assert code == 0
    assert out.splitlines()[0].startswith("1. msa.pdf p.1 §2.1 Data Location")

    code, out, _ = run(capsys, "search", set_id, "breach notice", "--json")
    hits = json.loads(out)
    assert {"file_name", "pages", "section", "section_title", "start", "end"} <= set(hits[0]["chunk"])

    code, out, _ = run(capsys, "sets", "delete", set_id)
    assert code == 0 and out.startswith(f"deleted set {set_id}")
    code, out, _ = run(capsys, "sets", "list")
    assert "no contract sets stored yet" in out
    code, _, err = run(capsys, "sets", "show", set_id)
    assert code == ExitCode.NOT_FOUND and "reviewer sets list" in err


def test_bad_input_leaves_earlier_sets_intact(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    good = builders.chinese_docx(tmp_path / "cn.docx")
    assert run(capsys, "ingest", str(good))[0] == 0
    before = {p: p.read_bytes() for p in settings.sets_dir.rglob("*") if p.is_file()}
    chroma_before = sorted(p.name for p in settings.chroma_dir.rglob("*"))
    bad = builders.zip_bomb_docx(tmp_path / "bomb.docx")
    code, out, err = run(capsys, "ingest", str(good), str(bad))
    assert code == ExitCode.BAD_INPUT and out == "" and "bomb.docx:" in err
    assert {p: p.read_bytes() for p in settings.sets_dir.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in settings.chroma_dir.rglob("*")) == chroma_before
    listing = run(capsys, "sets", "list", "--json")[1]
    assert len(json.loads(listing)) == 1


def _network_namespace_available() -> str | None:
    if not shutil.which("unshare"):
        return "the unshare command is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"the kernel refuses an unprivileged network namespace: {probe.stderr.strip()}"
    return None


def test_ingest_succeeds_with_no_network_at_all(tmp_path: Path) -> None:
    """``unshare -rn``: a process with only a loopback that is down; any attempt to reach out fails."""
    reason = _network_namespace_available()
    if reason:
        pytest.skip(reason)
    msa = builders.english_pdf(tmp_path / "msa.pdf")
    cn = builders.chinese_pdf(tmp_path / "cn.pdf")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    env["REVIEWER_DATA_DIR"] = str(tmp_path / "data")
    argv = ["unshare", "-rn", sys.executable, "-m", "reviewer", "ingest", str(msa), str(cn), "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["reused"] is False
    assert sum(d["chunks"] for d in result["contract_set"]["documents"]) > 10
    assert done.stderr == ""  # not even a failed telemetry attempt was logged
    search = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "reviewer", "search", result["contract_set"]["id"], "数据删除"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert search.returncode == 0, search.stderr
    assert "cn.pdf" in search.stdout


def test_a_real_process_exits_2_on_bad_input(tmp_path: Path) -> None:
    """Not only ``main()``: the process itself ends cleanly with the bad-input code (no background work left to
    abort it at exit), prints one line, and writes nothing."""
    good = builders.english_pdf(tmp_path / "msa.pdf")
    bad = builders.zip_bomb_docx(tmp_path / "bomb.docx")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    env["REVIEWER_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "ingest", str(good), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == ExitCode.BAD_INPUT, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1 and done.stderr.startswith("error: bomb.docx: ")
    # Nothing of the contract is written; only the audit log records the refused ingest.
    written = sorted(
        p.relative_to(tmp_path / "data").parts[0] for p in (tmp_path / "data").rglob("*") if p.is_file()
    )
    assert set(written) <= {"audit"}
    assert '"outcome": "error"' in (tmp_path / "data" / "audit" / "audit.jsonl").read_text().replace('":"', '": "')
