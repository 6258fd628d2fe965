"""Reading a CUAD-format folder, locating gold clauses, and scoring findings against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import BadInputError, NotFoundError
from reviewer.eval.cuad_data import GoldLocator, load_cuad
from reviewer.eval.cuad_score import category_scores, evidence_hit_rate, law_score, macro_f1, score_contract
from reviewer.models import Evidence, Finding

MINI = Path(__file__).parents[1] / "data" / "cuad-mini"


def finding(check_id: str, status: str, spans: list[tuple[int, int]] = (), value: str | None = None) -> Finding:
    evidence = [Evidence(document_id="d", file_name="f.txt", page=1, quote="x", start=a, end=b) for a, b in spans]
    return Finding(
        check_id=check_id,
        title=check_id,
        category="c",
        status=status,  # type: ignore[arg-type]
        severity="medium",
        confidence=0.7,
        rationale="r",
        evidence=evidence,
        value=value,
    )


def test_load_cuad_reads_the_mini_sample() -> None:
    data = load_cuad(MINI)
    assert len(data.contracts) == 3
    assert "Governing Law" in data.categories and "Exclusivity" in data.categories
    northwind = next(c for c in data.contracts if c.name.startswith("NORTHWIND"))
    assert northwind.has("Renewal Term") and not northwind.has("Exclusivity")
    assert northwind.answers["Governing Law"] == "New York"
    assert northwind.text_path.suffix == ".txt"


def test_gold_clauses_are_located_whatever_the_line_breaks() -> None:
    text = "1. Law.\nThis Agreement shall be\n   governed by the laws of\nthe State of Oregon.\n2. Other."
    locator = GoldLocator(text)
    span = locator.locate("This Agreement shall be governed by the laws of the State of Oregon.")
    assert span is not None
    assert text[span[0] : span[1]].startswith("This Agreement") and text[span[0] : span[1]].endswith("Oregon")
    assert locator.locate("A clause that is nowhere in the text at all.") is None
    parts = locator.spans(["This Agreement shall be<omitted>the State of Oregon."])
    assert len(parts) == 2


def test_missing_folder_and_bad_rows_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_cuad(tmp_path)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "A.txt").write_text("text", encoding="utf-8")
    (tmp_path / "master_clauses.csv").write_text(
        "Filename,Insurance,Insurance-Answer\nA.pdf,[not a list,Yes\n", encoding="utf-8"
    )
    with pytest.raises(BadInputError, match="Insurance"):
        load_cuad(tmp_path)


def test_scores_count_presence_evidence_and_law() -> None:
    data = load_cuad(MINI)
    northwind = next(c for c in data.contracts if c.name.startswith("NORTHWIND"))
    text = northwind.text_path.read_text(encoding="utf-8")
    law_at = text.index("This Agreement shall be governed")
    covered = {"Governing Law": "governing-law", "Exclusivity": "exclusivity", "Insurance": "insurance"}
    findings = {
        "governing-law": finding("governing-law", "satisfied", [(law_at, law_at + 40)], value="State of New York"),
        "exclusivity": finding("exclusivity", "partial", [(0, 10)]),  # a false positive
        "insurance": finding("insurance", "missing"),  # a false negative
    }
    outcomes = score_contract(northwind, text, findings, covered)
    scores = {s.category: s for s in category_scores(outcomes, covered)}
    assert (scores["Governing Law"].tp, scores["Governing Law"].evidence_hits) == (1, 1)
    assert scores["Exclusivity"].fp == 1 and scores["Exclusivity"].f1 == 0.0
    assert scores["Insurance"].fn == 1
    assert macro_f1(list(scores.values())) == pytest.approx(1 / 3)
    assert evidence_hit_rate(list(scores.values())) == (1, 1)
    law = law_score(outcomes)
    assert (law.scored, law.correct) == (1, 1)


def test_a_category_with_no_gold_and_no_prediction_is_left_out_of_macro_f1() -> None:
    data = load_cuad(MINI)
    quill = next(c for c in data.contracts if c.name.startswith("QUILLSTONE"))
    covered = {"Exclusivity": "exclusivity"}
    outcomes = score_contract(quill, "text", {"exclusivity": finding("exclusivity", "missing")}, covered)
    scores = category_scores(outcomes, covered)
    assert not scores[0].defined and macro_f1(scores) == 0.0
