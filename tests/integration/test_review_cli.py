"""``reviewer review`` for a pipeline: JSON on stdout with --json, an exit code of its own with
--fail-on, and progress on stderr only when asked or on a terminal (real model, real Chroma)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.settings import Settings
from tests.support import builders

pytestmark = pytest.mark.integration


def test_review_json_on_stdout_and_fail_on_gates_on_open_findings(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    msa = builders.english_pdf(tmp_path / "msa.pdf")
    assert main(["review", str(msa), "--tier", "core-secret", "--json"]) == 0
    out, err = capsys.readouterr()
    review = json.loads(out)
    assert review["schema_version"] and review["findings"] and err == ""  # no progress: not a terminal
    open_findings = [f for f in review["findings"] if f["status"] != "satisfied"]
    must = [f["check_id"] for f in open_findings if f["must_have"] or f["walk_away"]]
    walk = [f["check_id"] for f in open_findings if f["walk_away"]]
    assert must, "the built MSA leaves some must-have open at core-secret"

    set_id = review["contract_set"]["id"]
    for threshold, hits in (("must-have", must), ("walk-away", walk)):
        code = main(["review", "--set", set_id, "--tier", "core-secret", "--fail-on", threshold, "-q"])
        out, err = capsys.readouterr()
        assert code == (ExitCode.FINDINGS if hits else ExitCode.OK)
        if hits:
            assert f"{len(hits)} open {threshold} finding(s): {', '.join(hits)}" in err
        assert out.startswith("review ") and "overall risk" in out  # the summary for people
    # The public tier asks for less: a threshold with nothing open lets the pipeline pass.
    code = main(["review", "--set", set_id, "--tier", "public", "--fail-on", "walk-away", "--json"])
    public = json.loads(capsys.readouterr().out)
    expected = any(f["walk_away"] and f["status"] != "satisfied" for f in public["findings"])
    assert code == (ExitCode.FINDINGS if expected else ExitCode.OK)


def test_forced_progress_shows_stages_and_pages_on_stderr(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = builders.long_contract_pdf(tmp_path / "long.pdf", pages=5)
    assert main(["ingest", str(pdf), "--progress", "--json"]) == 0
    out, err = capsys.readouterr()
    pages = json.loads(out)["contract_set"]["documents"][0]["pages"]  # stdout stays clean JSON
    assert pages >= 5 and "reading: 1/1" in err and f"long.pdf: {pages} pages read" in err
    assert "embedding: " in err and "storing" in err
    assert main(["ingest", str(pdf), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
