"""The store with real parts: Chroma ``PersistentClient`` in ``tmp_path`` and the ONNX model."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.contract_sets import ContractSets
from reviewer.errors import StoreError
from reviewer.settings import Settings
from reviewer.store.files import SetFiles
from reviewer.store.vectors import VectorStore
from tests.conftest import FakeEmbedder
from tests.support import builders

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def contract_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    folder = tmp_path_factory.mktemp("contract")
    return [
        ("msa.pdf", builders.english_pdf(folder / "msa.pdf").read_bytes()),
        ("dpa.docx", builders.reviewed_docx(folder / "dpa.docx").read_bytes()),
    ]


@pytest.fixture(scope="module")
def chinese_file(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    folder = tmp_path_factory.mktemp("cn")
    return [("cn.docx", builders.chinese_docx(folder / "cn.docx").read_bytes())]


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_ingest_stores_vectors_and_reingest_reuses_the_set(
    settings: Settings, contract_files: list[tuple[str, bytes]]
) -> None:
    contract_sets = ContractSets(settings)
    first = contract_sets.ingest(contract_files, name="Vendor X")
    summary = first.contract_set
    assert not first.reused
    assert summary.embedding_model == "all-minilm-l6-v2-int8"
    assert {"parse", "chunk", "embed", "store"} <= set(first.stages)
    assert contract_sets.vectors.count(summary.id) == summary.chunk_count > 10
    stored = files_under(settings.sets_dir / summary.id / "originals")
    assert len(stored) == 2 and {p.read_bytes() for p in stored} == {data for _, data in contract_files}

    again = ContractSets(settings).ingest(list(reversed(contract_files)), name="another name")
    assert again.reused and again.contract_set.id == summary.id
    assert again.contract_set.name == "Vendor X"
    assert "embed" not in again.stages and "parse" not in again.stages
    assert contract_sets.vectors.count(summary.id) == summary.chunk_count  # nothing duplicated
    renamed = [(f"copy of {name}", data) for name, data in contract_files]
    assert ContractSets(settings).ingest(renamed).contract_set.id == summary.id  # the bytes decide


def test_search_returns_chunks_with_citations(settings: Settings, contract_files: list[tuple[str, bytes]]) -> None:
    contract_sets = ContractSets(settings)
    set_id = contract_sets.ingest(contract_files).contract_set.id
    hits = contract_sets.search(set_id, "how many hours to notify a personal data breach", k=3)
    assert hits and hits[0].chunk.file_name == "msa.pdf"
    top = hits[0].chunk
    assert "forty-eight (48) hours" in top.text
    assert top.pages == [3] and top.section == "5.2" and top.section_title == "Security and Breach Notice"
    doc = contract_sets.load(set_id).document(top.document_id)
    assert doc.text[top.start : top.end] == top.text
    assert hits[0].score >= hits[-1].score
    other = ContractSets(settings).search(set_id, "Hosting provider in Frankfurt", k=1)[0].chunk
    assert other.file_name == "dpa.docx" and other.section == "2"


def test_chunk_ids_are_stable_across_runs_and_data_dirs(
    tmp_path: Path, contract_files: list[tuple[str, bytes]]
) -> None:
    ids = []
    for run in ("a", "b"):
        contract_sets = ContractSets(Settings(data_dir=tmp_path / run), embedder=FakeEmbedder())
        summary = contract_sets.ingest(contract_files).contract_set
        ids.append([c.id for c in contract_sets.load(summary.id).chunks])
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])


def test_delete_removes_vectors_originals_and_derived_files(
    settings: Settings, contract_files: list[tuple[str, bytes]], chinese_file: list[tuple[str, bytes]]
) -> None:
    contract_sets = ContractSets(settings)
    doomed = contract_sets.ingest(contract_files).contract_set
    kept = contract_sets.ingest(chinese_file).contract_set
    for kind in ("reviews", "reports"):
        (contract_sets.files.derived_dir(doomed.id, kind) / f"{kind}.json").write_text("{}")
    kept_files = files_under(settings.sets_dir / kept.id)

    receipt = ContractSets(settings).delete(doomed.id[:10])
    assert receipt["set_id"] == doomed.id
    assert receipt["vectors_removed"] == doomed.chunk_count
    assert receipt["vectors_remaining"] == 0 and receipt["files_remaining"] == 0
    assert len(receipt["files_removed"]) == 2 + 2 + 2  # type: ignore[arg-type]  # originals, set files, derived
    assert not (settings.sets_dir / doomed.id).exists()
    assert not any(doomed.id in str(p) for p in files_under(settings.data_dir) if "chroma" not in p.parts)
    assert contract_sets.vectors.count(doomed.id) == 0
    assert [s.id for s in contract_sets.all()] == [kept.id]
    assert contract_sets.vectors.count(kept.id) == kept.chunk_count
    assert files_under(settings.sets_dir / kept.id) == kept_files


def test_one_collection_per_embedding_model(settings: Settings, contract_files: list[tuple[str, bytes]]) -> None:
    real = ContractSets(settings)
    set_id = real.ingest(contract_files).contract_set.id
    fake = ContractSets(settings, embedder=FakeEmbedder())
    result = fake.ingest(contract_files)  # stored already, but not for this model: vectors are added
    assert result.reused and result.contract_set.embedding_model == FakeEmbedder.model_id
    assert "embed" in result.stages and "parse" not in result.stages
    names = {c.name for c in real.vectors.client.list_collections()}
    assert names == {"chunks-all-minilm-l6-v2-int8", "chunks-fake-hash-256"}
    assert fake.vectors.count(set_id) == real.vectors.count(set_id) == result.contract_set.chunk_count
    assert ContractSets(settings).delete(set_id)["vectors_removed"] == 2 * result.contract_set.chunk_count
    assert fake.vectors.count(set_id) == real.vectors.count(set_id) == 0


def test_lost_vectors_are_put_back_and_reviews_kept(
    settings: Settings, contract_files: list[tuple[str, bytes]]
) -> None:
    contract_sets = ContractSets(settings, embedder=FakeEmbedder())
    summary = contract_sets.ingest(contract_files).contract_set
    review = contract_sets.files.derived_dir(summary.id, "reviews") / "r1.json"
    review.write_text("{}")
    contract_sets.vectors.delete_set(summary.id)
    again = ContractSets(settings, embedder=FakeEmbedder()).ingest(contract_files)
    assert again.reused and "embed" in again.stages
    assert contract_sets.vectors.count(summary.id) == summary.chunk_count
    assert review.read_text() == "{}"


def test_store_failing_half_way_leaves_no_partial_set(
    settings: Settings,
    contract_files: list[tuple[str, bytes]],
    chinese_file: list[tuple[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contract_sets = ContractSets(settings, embedder=FakeEmbedder())
    earlier = contract_sets.ingest(chinese_file).contract_set
    before = files_under(settings.sets_dir)

    def disk_full(self: SetFiles, *args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SetFiles, "save", disk_full)
    with pytest.raises(StoreError) as caught:
        ContractSets(settings, embedder=FakeEmbedder()).ingest(contract_files)
    assert "No space left on device" in str(caught.value) and "\n" not in str(caught.value)
    monkeypatch.undo()

    assert [s.id for s in contract_sets.all()] == [earlier.id]
    assert files_under(settings.sets_dir) == before
    assert not list(settings.sets_dir.glob(".staging-*"))
    total = contract_sets.vectors.collection.count()
    assert total == earlier.chunk_count == contract_sets.vectors.count(earlier.id)  # nothing of the failed set


def test_vector_store_failing_half_way_takes_its_vectors_out(
    settings: Settings,
    contract_files: list[tuple[str, bytes]],
    chinese_file: list[tuple[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contract_sets = ContractSets(settings, embedder=FakeEmbedder())
    earlier = contract_sets.ingest(chinese_file).contract_set
    real_upsert = VectorStore.add

    def add_then_fail(self: VectorStore, chunks: list, vectors: object) -> None:
        real_upsert(self, chunks[:3], vectors[:3])  # type: ignore[index]
        raise RuntimeError("connection to the vector store lost")

    monkeypatch.setattr(VectorStore, "add", add_then_fail)
    with pytest.raises(StoreError):
        ContractSets(settings, embedder=FakeEmbedder()).ingest(contract_files)
    assert contract_sets.vectors.collection.count() == earlier.chunk_count
    assert [s.id for s in contract_sets.all()] == [earlier.id]
