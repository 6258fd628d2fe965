"""Deleting a contract set so that it can be shown: remove, verify, and hand over a receipt.

The receipt lists what was removed (each file with its SHA-256 and size, the vector count), what
was checked afterwards (no set folder, no file, no vector of the set left; in the embedded store,
after wiping the set's passages out of Chroma's SQLite file, no byte of the set left in Chroma's
files), who deleted it and when. It is
written to the audit log and, as JSON, to ``<data dir>/receipts/`` for the user to keep; the two
are bound together (the log entry holds the receipt's SHA-256, the receipt holds the entry's hash).
"""

from __future__ import annotations

import hashlib
import json
import mmap
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.contract_sets import ContractSets
from reviewer.errors import BadInputError, NotFoundError, StoreError
from reviewer.local_labels import LabelStore
from reviewer.settings import Settings
from reviewer.store.embedding import file_sha256
from reviewer.store.files import write_private
from reviewer.store.purge import purge_deleted
from reviewer.trust import audit
from reviewer.trust.users import Identity

RECEIPT_KIND = "contract-set-deletion"
RESIDUE_NOTE = (
    "The set's vectors are deleted and unreachable, but bytes of the set were still found in the "
    "embedded vector store's files (see verification.store_residue)."
)


class _CollectionOnly:
    """Names the vector collection a set was stored in; deleting needs no embedding model."""

    dim = 0

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def embed(self, texts: list[str]) -> np.ndarray:
        raise StoreError("deleting a set does not embed anything")


def receipts_dir(settings: Settings) -> Path:
    return settings.data_dir / "receipts"


def _inventory(contract_sets: ContractSets, set_id: str, settings: Settings) -> list[dict[str, Any]]:
    out = []
    for path in contract_sets.files.inventory(set_id):
        out.append(
            {
                "path": str(path.relative_to(settings.data_dir)),
                "sha256": file_sha256(path),
                "bytes": path.stat().st_size,
            }
        )
    return out


def store_residue(settings: Settings, needles: list[str]) -> list[str]:
    """Files of the embedded vector store that still hold any of ``needles`` (the set's id, which
    every stored passage of the set carries in its metadata)."""
    if settings.chroma_url or not settings.chroma_dir.is_dir():
        return []
    found = []
    encoded = [n.encode() for n in needles if n]
    for path in sorted(p for p in settings.chroma_dir.rglob("*") if p.is_file()):
        if path.stat().st_size == 0:
            continue
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            hits = sum(1 for n in encoded if data.find(n) >= 0)
        if hits:
            found.append(f"{path.relative_to(settings.data_dir)} still holds bytes of the set")
    return found


def _wipe_embedded_store(settings: Settings, set_id: str, chunk_ids: list[str]) -> list[str]:
    """Purge the deleted chunks' bytes from the embedded store; what is still found afterwards."""
    if settings.chroma_url:
        return []  # a Chroma server keeps its own files; see docs/trust.md
    try:
        purge_deleted(settings.chroma_dir, chunk_ids)
    except sqlite3.Error as exc:
        return [f"the embedded store could not be wiped ({exc}); try again when no other process uses it"]
    return store_residue(settings, [set_id])


def _body_hash(receipt: dict[str, Any]) -> str:
    body = {k: v for k, v in receipt.items() if k not in ("audit", "receipt_path")}
    return hashlib.sha256(audit.canonical(body).encode()).hexdigest()


def delete_with_receipt(
    settings: Settings, identity: Identity, set_id: str, *, keep_labels: bool = False
) -> dict[str, Any]:
    """Remove a set's files, vectors, reviews and reports (and its local labels' text); verify; log;
    write the receipt."""
    probe = ContractSets(settings, embedder=_CollectionOnly("probe"))
    full = probe.resolve(set_id)
    contract_set = probe.load(full)
    contract_sets = ContractSets(settings, embedder=_CollectionOnly(contract_set.embedding_model))
    folder = contract_sets.files.path(full)
    removed_files = _inventory(contract_sets, full, settings)
    kinds = [Path(f["path"]).parts[2] if len(Path(f["path"]).parts) > 3 else "" for f in removed_files]
    outcome = contract_sets.delete(full)
    residue = _wipe_embedded_store(settings, full, [c.id for c in contract_set.chunks])
    labels = LabelStore(settings).forget_set(full, keep_hashes=keep_labels)
    verification = {
        "set_folder_exists": folder.exists(),
        "files_remaining": int(outcome["files_remaining"]),  # type: ignore[call-overload]
        "vectors_remaining": int(outcome["vectors_remaining"]),  # type: ignore[call-overload]
        "store_residue": residue,
    }
    verification["complete"] = not (
        verification["set_folder_exists"] or verification["files_remaining"] or verification["vectors_remaining"]
    )
    now = datetime.now(UTC)
    receipt: dict[str, Any] = {
        "receipt": RECEIPT_KIND,
        "version": 1,
        "set_id": full,
        "set_name": contract_set.name,
        "owner": contract_set.owner,
        "deleted_by": identity.name,
        "role": identity.role,
        "deleted_at": now.isoformat(timespec="seconds"),
        "documents": [
            {"file_name": d.file_name, "sha256": d.id, "size_bytes": d.size_bytes, "pages": len(d.pages)}
            for d in contract_set.documents
        ],
        "files_removed": removed_files,
        "bytes_removed": sum(f["bytes"] for f in removed_files),
        "reviews_removed": kinds.count("reviews"),
        "reports_removed": kinds.count("reports"),
        "chunks_in_set": len(contract_set.chunks),
        "vectors_removed": int(outcome["vectors_removed"]),  # type: ignore[call-overload]
        "vector_store": settings.chroma_url or str(settings.chroma_dir),
        "verification": verification,
        "notes": [RESIDUE_NOTE] if residue else [],
        "labels": {
            "count": labels,
            "kept": ("hashes only, without text" if keep_labels else "no") if labels else "none",
        },
    }
    entry = audit.record(
        settings,
        "delete",
        user=identity.name,
        role=identity.role,
        outcome="ok" if verification["complete"] else "error",
        set_id=full,
        files=[d.id for d in contract_set.documents],
        detail={
            "files_removed": len(removed_files),
            "vectors_removed": receipt["vectors_removed"],
            "verified": bool(verification["complete"]),
            "store_residue": len(residue),
            "receipt_sha256": _body_hash(receipt),
        },
    )
    receipt["audit"] = {"seq": entry.seq, "hash": entry.hash}
    path = receipts_dir(settings) / f"{now:%Y%m%dT%H%M%SZ}-{full[:12]}.json"
    receipt["receipt_path"] = str(path)
    write_private(path, json.dumps(receipt, indent=2, ensure_ascii=False))
    if not verification["complete"]:
        raise StoreError(
            f"the set was not fully removed ({verification['files_remaining']} files, "
            f"{verification['vectors_remaining']} vectors remain); the receipt is {path}"
        )
    return receipt


def verify_receipt(settings: Settings, path: Path) -> list[str]:
    """Problems binding a kept receipt to the audit log (empty when it matches)."""
    try:
        receipt = json.loads(Path(path).read_bytes())
    except FileNotFoundError as exc:
        raise NotFoundError("no such receipt file", file=str(path)) from exc
    except ValueError as exc:
        raise BadInputError("not a deletion receipt (not JSON)", file=str(path)) from exc
    if not isinstance(receipt, dict) or receipt.get("receipt") != RECEIPT_KIND:
        raise BadInputError("not a deletion receipt", file=str(path))
    logged = {e.hash: e for e in audit.AuditLog(settings).entries()}
    entry = logged.get(str(receipt.get("audit", {}).get("hash")))
    if entry is None:
        return ["the audit log holds no entry with the receipt's hash (log replaced, or receipt from elsewhere)"]
    problems = []
    if entry.action != "delete" or entry.set_id != receipt.get("set_id"):
        problems.append(f"audit entry #{entry.seq} is not the deletion of set {receipt.get('set_id')}")
    if entry.detail.get("receipt_sha256") != _body_hash(receipt):
        problems.append(f"the receipt was changed after it was written (audit entry #{entry.seq} differs)")
    return problems


def read_receipts(settings: Settings) -> list[dict[str, Any]]:
    """Every readable receipt in the receipts folder, newest first."""
    folder = receipts_dir(settings)
    out = []
    for path in sorted(folder.glob("*.json"), reverse=True) if folder.is_dir() else []:
        try:
            receipt = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        if isinstance(receipt, dict) and receipt.get("receipt") == RECEIPT_KIND:
            out.append(receipt)
    return out
