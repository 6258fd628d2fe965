"""Stored originals and derived files of each contract set, on local disk, owner-only.

Layout under the data dir::

    sets/<set id>/set.json          the parsed set (documents, pages, blocks, chunks)
    sets/<set id>/summary.json      what listings show
    sets/<set id>/originals/        the uploaded files, byte for byte
    sets/<set id>/reviews/          reviews of this set (JSON)
    sets/<set id>/reports/          rendered reports, riders, redlines

A set is written to a staging folder and renamed into place, so a failed ingest leaves nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from filelock import FileLock
from pydantic import ValidationError

from reviewer.errors import NotFoundError, StoreError
from reviewer.models import ContractSet, DocumentSummary, SetSummary
from reviewer.names import cut_utf8

DIR_MODE = 0o700
FILE_MODE = 0o600
STALE_STAGING_S = 3600  # a staging folder this old was left by a process that died mid-write
OWN_FILES = {"set.json", "summary.json", "originals"}  # the rest of a set's folder is derived


def set_id_for(file_hashes: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(set(file_hashes))).encode()).hexdigest()


def private_dir(path: Path) -> Path:
    """``path`` as an owner-only folder; folders made on the way to it (the data dir on a fresh
    install) are owner-only too, whatever the umask."""
    for folder in [*reversed(path.parents), path]:
        if not folder.exists():
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def write_private(path: Path, data: bytes | str) -> Path:
    """Write a file atomically with owner-only permissions."""
    private_dir(path.parent)
    payload = data.encode() if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_output(path: Path, data: bytes) -> Path:
    """A file the user asked for (``-o``), created owner-only whatever the umask: it holds contract
    text. An existing file keeps its own permissions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def safe_name(name: str) -> str:
    """The stored original's file name: no folder part, cut to 150 UTF-8 bytes (file systems count bytes)."""
    base = Path(name).name.replace("\x00", "")
    kept = "".join(c if c.isalnum() or c in "._- ()" or ord(c) > 127 else "_" for c in base)
    stem, suffix = os.path.splitext(kept)
    suffix = cut_utf8(suffix, 16)
    return cut_utf8(stem, 150 - len(suffix.encode())) + suffix if stem else "file"


def summarize(contract_set: ContractSet) -> SetSummary:
    docs = []
    for doc in contract_set.documents:
        docs.append(
            DocumentSummary(
                id=doc.id,
                file_name=doc.file_name,
                media_type=doc.media_type,
                size_bytes=doc.size_bytes,
                pages=len(doc.pages),
                sections=len(doc.sections),
                chunks=sum(1 for c in contract_set.chunks if c.document_id == doc.id),
                warnings=doc.warnings,
            )
        )
    return SetSummary(
        id=contract_set.id,
        name=contract_set.name,
        created_at=contract_set.created_at,
        owner=contract_set.owner,
        embedding_model=contract_set.embedding_model,
        documents=docs,
    )


class SetFiles:
    def __init__(self, sets_dir: Path) -> None:
        self.root = sets_dir
        self._locks: dict[str, FileLock] = {}

    def path(self, set_id: str) -> Path:
        if not set_id or not all(c in "0123456789abcdef" for c in set_id):
            raise NotFoundError(f"no contract set {set_id!r}; `reviewer sets list` shows the stored sets")
        return self.root / set_id

    def exists(self, set_id: str) -> bool:
        return (self.path(set_id) / "set.json").is_file()

    def folder_if_stored(self, set_id: str) -> Path | None:
        """The set's folder when it is stored here; None for a set never saved (any id)."""
        try:
            return self.path(set_id) if self.exists(set_id) else None
        except NotFoundError:
            return None

    def starting_with(self, prefix: str) -> list[str]:
        """Ids of stored sets that begin with ``prefix`` (an exact id among them)."""
        prefix = prefix.strip().lower()
        return [p.name for p in self._set_dirs() if prefix and p.name.startswith(prefix)]

    def resolve(self, prefix: str) -> str:
        """A full set id from an id or a unique prefix of at least 6 characters."""
        prefix = prefix.strip().lower()
        if len(prefix) == 64 and self.exists(prefix):
            return prefix
        matches = [p.name for p in self._set_dirs() if p.name.startswith(prefix)] if len(prefix) >= 6 else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NotFoundError(f"{prefix!r} matches {len(matches)} sets; give more of the id")
        raise NotFoundError(f"no contract set {prefix!r}; `reviewer sets list` shows the stored sets")

    def _set_dirs(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return [
            p
            for p in self.root.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (p / "set.json").is_file()
        ]

    def save(self, contract_set: ContractSet, originals: dict[str, tuple[str, bytes]]) -> Path:
        """Write the set atomically. ``originals`` maps document id -> (file name, bytes)."""
        private_dir(self.root)
        staging = self.root / f".staging-{uuid.uuid4().hex}"
        try:
            private_dir(staging / "originals")
            for doc_id, (name, data) in originals.items():
                write_private(staging / "originals" / f"{doc_id[:16]}-{safe_name(name)}", data)
            write_private(staging / "set.json", contract_set.model_dump_json())
            write_private(staging / "summary.json", summarize(contract_set).model_dump_json(indent=2))
            final = self.path(contract_set.id)
            if final.exists():
                self._replace_keeping_derived(staging, final)
            else:
                os.replace(staging, final)
            return final
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"cannot write the contract set to {self.root}: {exc}") from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _replace_keeping_derived(self, staging: Path, final: Path) -> None:
        """Swap a set's folder for a new one; its reviews and reports move over to the new one."""
        previous = self.root / f".replaced-{uuid.uuid4().hex}"
        os.replace(final, previous)
        try:
            os.replace(staging, final)
        except BaseException:
            os.replace(previous, final)
            raise
        for derived in previous.iterdir():
            if derived.name not in OWN_FILES:
                os.replace(derived, final / derived.name)
        shutil.rmtree(previous, ignore_errors=True)

    def rewrite(self, contract_set: ContractSet) -> None:
        """Replace a stored set's parsed data and summary in place (originals and reviews stay)."""
        root = self.path(contract_set.id)
        write_private(root / "set.json", contract_set.model_dump_json())
        write_private(root / "summary.json", summarize(contract_set).model_dump_json(indent=2))

    def lock(self, set_id: str) -> FileLock:
        """Held while a set is written or deleted, so two processes never half-write one set.
        The same lock object for the same set: taking it again inside it does not wait."""
        path = str(private_dir(self.root / ".locks") / f"{set_id}.lock")
        if path not in self._locks:
            self._locks[path] = FileLock(path, timeout=600, mode=FILE_MODE)
        return self._locks[path]

    def drop_lock(self, set_id: str) -> None:
        """Remove a deleted set's lock file (nothing named after a deleted set stays behind)."""
        path = self.root / ".locks" / f"{set_id}.lock"
        self._locks.pop(str(path), None)
        path.unlink(missing_ok=True)

    def load(self, set_id: str) -> ContractSet:
        path = self.path(set_id) / "set.json"
        if not path.is_file():
            raise NotFoundError(f"no contract set {set_id!r}; `reviewer sets list` shows the stored sets")
        try:
            return ContractSet.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError) as exc:
            raise StoreError(f"the stored set {set_id} is damaged ({path}): delete it and ingest again") from exc

    def summary(self, set_id: str) -> SetSummary:
        path = self.path(set_id) / "summary.json"
        if not path.is_file():
            return summarize(self.load(set_id))
        return SetSummary.model_validate_json(path.read_bytes())

    def all(self) -> list[SetSummary]:
        out = []
        for d in self._set_dirs():
            try:
                out.append(self.summary(d.name))
            except (StoreError, ValidationError, ValueError, json.JSONDecodeError):
                continue
        return sorted(out, key=lambda s: s.created_at, reverse=True)

    def originals(self, set_id: str) -> list[Path]:
        folder = self.path(set_id) / "originals"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    def derived_dir(self, set_id: str, kind: str) -> Path:
        return private_dir(self.path(set_id) / kind)

    def inventory(self, set_id: str) -> list[Path]:
        root = self.path(set_id)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []

    def delete(self, set_id: str) -> list[Path]:
        """Remove the set's folder (originals, reviews, reports) and return what was removed."""
        root = self.path(set_id)
        removed = self.inventory(set_id)
        if root.exists():
            shutil.rmtree(root)
        return removed

    def cleanup_staging(self, *, older_than_s: float = STALE_STAGING_S) -> None:
        """Remove staging folders left behind (another process may be writing a young one)."""
        if not self.root.is_dir():
            return
        now = time.time()
        for p in self.root.glob(".staging-*"):
            try:
                if now - p.stat().st_mtime >= older_than_s:
                    shutil.rmtree(p, ignore_errors=True)
            except FileNotFoundError:
                continue
