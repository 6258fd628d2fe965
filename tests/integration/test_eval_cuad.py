"""``reviewer eval cuad`` end to end on a tiny sample in CUAD's format: the real embedding model,
a real Chroma in a temporary folder, the shipped ``commercial`` playbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.settings import Settings

pytestmark = pytest.mark.integration

MINI = Path(__file__).parents[1] / "data" / "cuad-mini"


def test_eval_cuad_prints_the_figures_as_json(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "ingested"
    assert main(["eval", "cuad", str(MINI), "--json", "-q", "--data-dir", str(keep)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["contracts"] == 3
    per = {c["category"]: c for c in report["per_category"]}
    assert report["categories_covered"] == len(per) == 13
    # Every gold clause of the sample is found, and cited where the gold clause is.
    assert all(c["fn"] == 0 for c in per.values()), [c for c in per.values() if c["fn"]]
    assert report["macro_f1"] >= 0.9
    assert report["evidence_hit_rate"] == 1.0
    assert report["governing_law"]["correct"] == report["governing_law"]["scored"] == 2
    assert report["duration_values"]["Renewal Term"]["correct"] == 1
    assert report["duration_values"]["Notice Period to Terminate Renewal"]["correct"] == 1
    # The consulting agreement has none of the clauses: no category is claimed for it.
    assert per["Termination for Convenience"]["fp"] == 0 and per["Exclusivity"]["fp"] == 0
    assert report["seconds"]["total"] > 0 and not report["errors"]
    assert (keep / "chroma").is_dir(), "--data-dir keeps the ingested contracts"


def test_eval_cuad_text_report_and_category_filter(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["eval", "cuad", str(MINI), "-q", "--limit", "2", "--categories", "Governing Law,exclusivity"]) == 0
    )
    out = capsys.readouterr().out
    assert "CUAD: 2 contracts, 2 categories covered" in out
    assert "macro-F1" in out and "governing law value accuracy: 1.000 (2/2" in out
    assert "Insurance" not in out


def test_eval_cuad_refuses_an_unknown_category(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "cuad", str(MINI), "-q", "--categories", "Price Restrictions"]) != 0
    assert "not covered" in capsys.readouterr().err
