"""Deletion that can be shown: everything of the set goes, it is checked, and a receipt is kept."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer import api
from reviewer.contract_sets import ContractSets
from reviewer.errors import StoreError
from reviewer.settings import Settings
from reviewer.store.files import write_private
from reviewer.store.vectors import VectorStore
from reviewer.trust import audit
from reviewer.trust.deletion import verify_receipt
from tests.conftest import FakeEmbedder
from tests.support.builders import english_docx, english_pdf


@pytest.fixture
def stored(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A set of two files with a saved review and a rendered report beside it."""
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    files = [english_docx(tmp_path / "msa.docx"), english_pdf(tmp_path / "dpa.pdf")]
    set_id = api.ingest(files, settings=settings).contract_set.id
    mini = Path(__file__).parents[1] / "data" / "mini-playbook.yaml"
    api.review(set_id=set_id, playbook=str(mini), settings=settings)
    write_private(settings.sets_dir / set_id / "reports" / "gap-report.html", "<html>report</html>")
    yield set_id


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_stored_originals_are_owner_only(settings: Settings, stored: str) -> None:
    folder = settings.sets_dir / stored
    assert _mode(settings.sets_dir) == 0o700
    for path in [folder, *folder.rglob("*")]:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert len(list((folder / "originals").iterdir())) == 2


def test_delete_removes_everything_and_writes_a_receipt(settings: Settings, stored: str) -> None:
    contract_sets = ContractSets(settings, embedder=FakeEmbedder())
    chunks = len(contract_sets.load(stored).chunks)
    assert contract_sets.vectors.count(stored) == chunks
    receipt = api.delete_set(stored[:10], settings=settings)
    assert not (settings.sets_dir / stored).exists()
    assert contract_sets.vectors.count(stored) == 0
    assert receipt["set_id"] == stored and receipt["vectors_removed"] == chunks
    assert receipt["verification"] == {
        "set_folder_exists": False,
        "files_remaining": 0,
        "vectors_remaining": 0,
        "store_residue": receipt["verification"]["store_residue"],  # type: ignore[index]
        "complete": True,
    }
    assert receipt["reviews_removed"] == 1 and receipt["reports_removed"] == 1
    names = {Path(str(f["path"])).name for f in receipt["files_removed"]}  # type: ignore[union-attr]
    assert {"set.json", "summary.json", "gap-report.html"} <= names
    assert {d["file_name"] for d in receipt["documents"]} == {"msa.docx", "dpa.pdf"}  # type: ignore[union-attr]
    # The receipt is kept outside the set's folder, owner-only, and matches the audit log.
    path = Path(str(receipt["receipt_path"]))
    assert path.parent == settings.data_dir / "receipts" and _mode(path) == 0o600
    assert json.loads(path.read_text())["audit"] == receipt["audit"]
    entry = audit.read_entries(settings, action="delete")[-1]
    assert entry.hash == receipt["audit"]["hash"] and entry.set_id == stored  # type: ignore[index]
    assert entry.detail["verified"] is True and entry.detail["vectors_removed"] == chunks
    assert verify_receipt(settings, path) == []
    assert api.verify_deletion_receipt(path, settings=settings) == []
    assert [r["set_id"] for r in api.list_receipts(settings=settings)] == [stored]


def test_an_edited_receipt_no_longer_matches_the_log(settings: Settings, stored: str) -> None:
    path = Path(str(api.delete_set(stored, settings=settings)["receipt_path"]))
    receipt = json.loads(path.read_text())
    receipt["vectors_removed"] += 1
    path.write_text(json.dumps(receipt))
    assert any("changed after it was written" in p for p in verify_receipt(settings, path))


def test_vectors_left_behind_fail_the_deletion_loudly(
    settings: Settings, stored: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VectorStore, "delete_set", lambda self, set_id: 0)
    with pytest.raises(StoreError, match="not fully removed"):
        api.delete_set(stored, settings=settings)
    entry = audit.read_entries(settings, action="delete")[-1]
    assert entry.outcome == "error" and entry.detail["verified"] is False
    receipt = json.loads(next((settings.data_dir / "receipts").iterdir()).read_text())
    assert receipt["verification"]["vectors_remaining"] > 0 and not receipt["verification"]["complete"]


def test_the_log_holds_hashes_not_contract_text(settings: Settings, stored: str) -> None:
    api.delete_set(stored, settings=settings)
    log = audit.log_path(settings).read_text()
    for phrase in ("Customer Data", "European Union", "forty-eight", "Vendor shall"):
        assert phrase not in log
    actions = [e.action for e in audit.read_entries(settings)]
    assert actions == ["ingest", "review", "delete"]


def _bytes_in_store(settings: Settings, needle: str, *, index_files: bool = True) -> list[str]:
    """Store files holding ``needle``; ``index_files=False`` leaves out the HNSW ``*.bin`` files.

    The HNSW files hold vectors and integer labels only, but Chroma allocates them from process
    memory, so their unused space can hold stray bytes of whatever this process had in memory
    (a whole test run: other tests' contracts). Text is looked for where Chroma keeps text and
    metadata (its SQLite file), which the deletion wipes; see docs/trust.md.
    """
    return [
        p.name
        for p in settings.chroma_dir.rglob("*")
        if p.is_file() and (index_files or p.suffix != ".bin") and needle.encode() in p.read_bytes()
    ]


def test_the_deleted_passages_are_wiped_from_the_store_files(
    settings: Settings, stored: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    other = api.ingest([english_docx(tmp_path / "other.docx", title="Order Form")], settings=settings)
    contract_sets = ContractSets(settings, embedder=FakeEmbedder())
    only_deleted = "Master Services Agreement"  # passage text is never copied into the vector store
    assert _bytes_in_store(settings, stored)  # the set id is in the vectors' metadata
    receipt = api.delete_set(stored, settings=settings)
    assert receipt["verification"]["store_residue"] == [] and receipt["notes"] == []  # type: ignore[index]
    assert _bytes_in_store(settings, stored) == []
    assert _bytes_in_store(settings, only_deleted, index_files=False) == []
    assert _bytes_in_store(settings, other.contract_set.id)  # the other set's vectors are still there
    # The other set is intact, in this process and in the next one.
    other_id = other.contract_set.id
    assert contract_sets.vectors.count(other_id) == other.contract_set.chunk_count
    assert contract_sets.search(other_id, "data location", k=2)
    check = (
        "from pathlib import Path; from reviewer.contract_sets import ContractSets; from reviewer.settings import Settings; "
        "from tests.conftest import FakeEmbedder; "
        f"lib = ContractSets(Settings(data_dir=Path({str(settings.data_dir)!r})), embedder=FakeEmbedder()); "
        f"print(lib.vectors.count({other_id!r}), len(lib.search({other_id!r}, 'breach notice', 3)))"
    )
    root = Path(__file__).parents[2]
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=root, timeout=120)
    assert done.stdout.split() == [str(other.contract_set.chunk_count), "3"], done.stderr[-2000:]
