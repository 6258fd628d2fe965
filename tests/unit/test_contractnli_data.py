"""Reading ContractNLI files, mapping offsets across white-space changes, and the scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.errors import BadInputError, NotFoundError
from reviewer.eval.nli_scores import Judgement, format_summary, summarize
from reviewer.judge.align import OffsetMap
from reviewer.judge.learned.datasets import labelled_documents, parse_texts, read_contractnli
from reviewer.settings import Settings

MINI = Path(__file__).parents[1] / "data" / "contractnli-mini.json"


def test_offsets_map_across_white_space_and_hyphenation() -> None:
    source = "1. Scope\n  The Recipient shall  return all docu-\nments on request.\nNothing else."
    target = "1. Scope The Recipient shall return all documents on request. Nothing else."
    mapping = OffsetMap(source, target)
    start = source.index("The Recipient")
    end = source.index("request.") + len("request.")
    mapped = mapping.span(start, end)
    assert mapped is not None
    assert target[mapped[0] : mapped[1]] == "The Recipient shall return all documents on request."
    back = OffsetMap(target, source).span(*mapped)
    assert back is not None and source[back[0] : back[1]] == source[start:end]
    assert mapping.span(source.index("  The"), source.index("The")) is None  # white space only


def test_read_contractnli_and_map_gold_spans(settings: Settings) -> None:
    data = read_contractnli(MINI)
    assert len(data.documents) == 3 and "nda-11" in data.hypotheses
    first = data.documents[0]
    assert first.status("nda-11") == "satisfied" and first.status("nda-2") == "satisfied"
    assert data.documents[1].status("nda-7") == "conflicting"
    texts = parse_texts(data, settings)
    labelled = labelled_documents(data, texts)
    for doc, original, text in zip(labelled, data.documents, texts, strict=True):
        for key, gold in doc.labels.items():
            assert gold.status == original.status(key)
            for (s, e), (os_, oe) in zip(gold.spans, original.gold_spans(key), strict=True):
                assert " ".join(text[s:e].split()) == " ".join(original.original[os_:oe].split())
    assert read_contractnli(MINI, limit=1).documents[0].doc_id == "0"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"documents": []}', "expected an object with `documents`"),
        ('{"documents": [], "labels": {"nda-1": {}}}', "no documents"),
        ('{"documents": [{"text": ""}], "labels": {"nda-1": {}}}', "non-empty `text`"),
        ('{"documents": [{"text": "x", "spans": [[0, 1]]}], "labels": {"nda-1": {}}}', "annotation_sets"),
        (
            '{"documents": [{"text": "x", "spans": [[0, 1]], "annotation_sets": [{"annotations": '
            '{"nda-1": {"choice": "Maybe", "spans": []}}}]}], "labels": {"nda-1": {}}}',
            "choice 'Maybe'",
        ),
    ],
)
def test_bad_contractnli_files_are_refused_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError, match=message) as info:
        read_contractnli(path)
    assert "bad.json" in info.value.user_message
    with pytest.raises(NotFoundError):
        read_contractnli(tmp_path / "absent.json")


def test_scores_are_the_ones_worked_out_by_hand() -> None:
    judgements = [
        Judgement("a", "nda-1", "satisfied", "satisfied", [(0, 10), (20, 30)], [(5, 8)]),
        Judgement("a", "nda-2", "conflicting", "conflicting", [(40, 50)], [(45, 60), (70, 80)]),
        Judgement("b", "nda-1", "missing", "satisfied", [], [(0, 4)]),
        Judgement("b", "nda-2", "conflicting", "missing", [(0, 9)], []),
    ]
    s = summarize(judgements)
    assert s["accuracy"] == 0.5
    per_label = s["per_label"]
    assert per_label["conflicting"]["f1"] == round(2 / 3, 4)  # P 1/1, R 1/2
    assert per_label["satisfied"]["f1"] == round(2 / 3, 4)  # P 1/2, R 1/1
    assert per_label["missing"]["f1"] == 0.0
    assert s["macro_f1"] == round((2 / 3 + 2 / 3 + 0) / 3, 4)
    assert s["evidence_recall"] == 0.5  # 2 of the 4 gold spans are overlapped
    assert s["evidence_precision"] == 0.5  # 2 of the 4 cited passages overlap gold evidence
    assert s["per_key"]["nda-1"] == {"accuracy": 0.5, "n": 2}
    text = format_summary(s, title="t")
    assert "conflicting (Contradiction)" in text and "evidence recall     0.500 of 4 gold spans" in text


def test_mini_fixture_is_our_own_contractnli_sample() -> None:
    raw = json.loads(MINI.read_text(encoding="utf-8"))
    assert {d["document_type"] for d in raw["documents"]} == {"fixture"}
