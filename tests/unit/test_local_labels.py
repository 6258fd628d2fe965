"""The local label store: export and import (all rows checked, nothing half-imported), and what
deleting a contract set does to its labels (gone, or kept as hashes only; the receipt says which)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.contract_sets import ContractSets
from reviewer.errors import BadInputError, ExitCode
from reviewer.local_labels import LabelStore
from reviewer.settings import Settings
from tests.conftest import FakeEmbedder
from tests.support.builders import english_docx

QUOTE = "Vendor shall store and process Customer Data, including backups and logs, only in data"


@pytest.fixture
def labelled(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A stored set whose residency finding a reviewer overrode: one local label."""
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    set_id = api.ingest([english_docx(tmp_path / "msa.docx")], settings=settings).contract_set.id
    review = api.review(set_id=set_id, playbook="ai-vendor", settings=settings)
    check = next(f.check_id for f in review.findings if f.topic == "residency" and f.headline)
    api.override_finding(review, check, "partial", evidence=[QUOTE], reason="backups", settings=settings)
    yield set_id


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_export_then_import_elsewhere_round_trips(settings: Settings, labelled: str, tmp_path: Path) -> None:
    exported = api.export_labels(settings=settings)
    rows = _rows(exported)
    assert list(rows[0])[:8] == ["document", "check", "status", "allowed", "value", "section", "quote", "notes"]
    other = Settings(data_dir=tmp_path / "other")
    path = tmp_path / "team.csv"
    path.write_text(exported, encoding="utf-8")
    assert api.import_labels(path, settings=other) == 1
    assert LabelStore(other).all() == LabelStore(settings).all()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("playbook_version", "0.0.1", "version '0.0.1'"),
        ("check", "no-such-check", "no check 'no-such-check'"),
        ("status", "fine", "status 'fine'"),
        ("quote", "words that were changed", "quote_sha256 does not match"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    settings: Settings, labelled: str, tmp_path: Path, field: str, value: str, words: str
) -> None:
    good = _rows(api.export_labels(settings=settings))[0]
    second = {**good, "set_id": "a" * 64, field: value}
    path = _write(tmp_path / "bad.csv", [{**good, "set_id": "b" * 64}, second])
    before = LabelStore(settings).all()
    with pytest.raises(BadInputError, match=f"row 3: .*{words}"):
        api.import_labels(path, settings=settings)
    assert LabelStore(settings).all() == before
    assert main(["labels", "import", str(path)]) == ExitCode.BAD_INPUT


@pytest.mark.parametrize("keep", [True, False])
def test_deleting_a_set_keeps_its_labels_only_as_hashes(settings: Settings, labelled: str, keep: bool) -> None:
    assert api.set_label_count(labelled, settings) == 1
    receipt = api.delete_set(labelled, settings=settings, keep_labels=keep)
    assert receipt["labels"] == {"count": 1, "kept": "hashes only, without text" if keep else "no"}
    left = LabelStore(settings).all()
    assert len(left) == (1 if keep else 0)
    if keep:
        label = left[0]
        assert label.quote == label.document == label.notes == label.section == ""
        assert len(label.quote_sha256) == 64 and label.status == "partial"
    assert QUOTE not in LabelStore(settings).path.read_text()


def test_cli_delete_asks_about_labels_when_not_on_a_terminal(settings: Settings, labelled: str) -> None:
    assert main(["sets", "delete", labelled]) == ExitCode.BAD_INPUT
    assert api.set_label_count(labelled, settings) == 1
    assert main(["sets", "delete", labelled, "--keep-labels"]) == 0


def test_labels_go_to_training_in_the_corpus_format_with_their_documents(
    settings: Settings, labelled: str, tmp_path: Path
) -> None:
    from reviewer.corrections import training_folder
    from reviewer.ingest.pipeline import parse_bytes

    csv_path, docs, count = training_folder(settings, "ai-vendor", tmp_path / "train")
    (row,) = _rows(csv_path.read_text(encoding="utf-8"))
    assert count == 1 and list(row) == [
        "document",
        "check",
        "status",
        "allowed",
        "value",
        "section",
        "quote",
        "notes",
    ]
    parsed = parse_bytes((docs / row["document"]).read_bytes(), row["document"], settings)
    assert row["quote"] in parsed.text
    api.delete_set(labelled, settings=settings, keep_labels=True)  # hash-only labels cannot train
    assert training_folder(settings, "ai-vendor", tmp_path / "again")[2] == 0
