"""``reviewer eval contractnli`` and the trainer on a tiny ContractNLI-format sample written for
these tests, through the real pipeline (TXT parser, MiniLM ONNX, Chroma in tmp_path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.judge.learned import train
from reviewer.judge.learned.judge import load_model
from reviewer.settings import Settings

MINI = Path(__file__).parents[1] / "data" / "contractnli-mini.json"
pytestmark = pytest.mark.integration


def test_eval_contractnli_reports_every_figure(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["eval", "contractnli", str(MINI), "--json", "-q", "--data-dir", str(tmp_path / "eval")])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 3 and report["judgements"] == 3 * 17
    assert report["unanswered_hypotheses"] == [] and report["errors"] == []
    assert report["training_note"] is None  # the shipped models never saw this file
    assert 0.0 <= report["accuracy"] <= 1.0 and 0.0 <= report["macro_f1"] <= 1.0
    assert set(report["per_label"]) == {"satisfied", "missing", "conflicting"}
    assert report["gold_evidence_spans"] == 25 and report["evidence_recall"] is not None
    assert report["timing"]["ingest_seconds"] > 0 and report["seconds"] > 0
    # The explicit clauses of the sample are found and cited (no reverse engineering, survival).
    assert report["per_key"]["nda-11"]["accuracy"] == 1.0
    assert report["accuracy"] >= 0.6


def test_eval_contractnli_text_output_and_limit(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "contractnli", str(MINI), "--limit", "1", "-q"]) == 0
    out = capsys.readouterr().out
    assert "documents 1, judgements 17" in out
    for label in ("accuracy", "macro-F1", "conflicting (Contradiction)", "evidence recall", "per check:", "time"):
        assert label in out


def test_eval_contractnli_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "contractnli", str(tmp_path / "absent.json")]) == ExitCode.NOT_FOUND
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    assert main(["eval", "contractnli", str(tmp_path / "bad.json")]) == ExitCode.BAD_INPUT
    assert "not a ContractNLI file" in capsys.readouterr().err


def test_trainer_writes_loadable_models_and_cross_validates(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "models"
    assert train.main(["nda", "--data", str(MINI), "--out", str(out), "--cv", "3", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["checks"] == 17 and figures["cv"]["judgements"] == figures["insample"]["judgements"] == 51
    model = load_model(out / "nda" / "nda-11.npz")
    assert model.check_id == "nda-11" and model.info["trained_on"] == MINI.name
