"""Training labels are checked row by row before anything is trained: an unknown check, status or
document, or a quote that is not in its document, is an error naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import BadInputError, ExitCode
from reviewer.judge.learned.label_corpus import LabelSource, labelled_corpus
from reviewer.playbooks import load_playbook
from reviewer.settings import Settings
from tests.support.vendor_terms import english_terms

HEADER = "document,check,status,allowed,value,section,quote,notes\n"
CLAUSE = "Provider shall not use Customer Data to train any artificial intelligence model."


def write(tmp_path: Path, rows: str) -> LabelSource:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "terms.md").write_text(english_terms(CLAUSE), encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text(HEADER + rows, encoding="utf-8")
    return LabelSource("test", labels, docs)


def test_good_rows_give_gold_spans_in_the_parsed_text(tmp_path: Path, settings: Settings) -> None:
    quote = "shall NOT use  Customer Data to train any artificial intelligence model"  # case, spaces
    source = write(tmp_path, f'terms.md,training,satisfied,,,3,"{quote}",\nterms.md,audit,missing,,,,,\n')
    [doc] = labelled_corpus(source, load_playbook("ai-vendor"), settings)
    gold = doc.labels["no-training"]
    assert gold.status == "satisfied"
    [(start, end)] = gold.spans
    assert doc.text[start:end] == "shall not use Customer Data to train any artificial intelligence model"
    assert doc.labels["audit-rights"].spans == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("terms.md,weather,missing,,,,,\n", "line 2: 'weather' is neither a check id nor a topic"),
        ("terms.md,training,great,,,,,\n", "line 2: status 'great'"),
        ("other.md,training,missing,,,,,\n", "line 2: no document 'other.md'"),
        ('terms.md,training,satisfied,,,,"Provider may train on everything",\n', "line 2: the quote"),
    ],
)
def test_a_bad_row_is_named(tmp_path: Path, settings: Settings, row: str, message: str) -> None:
    source = write(tmp_path, "terms.md,audit,missing,,,,,\n" + row.replace("line 2", "line 3"))
    with pytest.raises(BadInputError, match=message.replace("line 2", "line 3")):
        labelled_corpus(source, load_playbook("ai-vendor"), settings)


def test_reviewer_train_refuses_bad_data_with_the_bad_input_exit_code_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer.cli import main

    bad = tmp_path / "dev.json"
    bad.write_text('{"documents": [], "labels": {}}', encoding="utf-8")
    out = tmp_path / "models"
    assert main(["train", "nda", "--data", str(bad), "--out", str(out)]) == ExitCode.BAD_INPUT
    assert "dev.json" in capsys.readouterr().err
    assert not out.exists()
