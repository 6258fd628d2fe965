"""Wiping a deleted set's bytes out of the embedded Chroma store's SQLite file.

Deleting a set's vectors through Chroma leaves its bytes in the file: Chroma's write-ahead log
(``embeddings_queue``) keeps each write (vector, metadata, and the passage where it is stored)
until about a thousand later writes let it purge them; the full-text index keeps deleted trigrams
until it is merged; and SQLite keeps freed pages until it is vacuumed. After a deletion this module removes the
set's add/update/upsert log rows (its delete rows stay: they hold only hashed ids, and Chroma's
vector index may still replay them), merges the full-text index and vacuums the file.

Only for the embedded store of this version of chromadb (pinned in pyproject.toml); a Chroma
server keeps its own files. The tests check that the set's text is gone from the file and that
the store keeps working, in this process and in the next.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DELETE_OPERATION = 3  # chromadb's Operation.DELETE; ADD=0, UPDATE=1, UPSERT=2 carry the passages
BATCH = 500


def purge_deleted(chroma_dir: Path, chunk_ids: list[str]) -> None:
    """Remove what is left of the given (already deleted) chunks; raises ``sqlite3.Error``."""
    path = chroma_dir / "chroma.sqlite3"
    if not path.is_file():
        return
    con = sqlite3.connect(path, timeout=30)
    try:
        with con:
            (last,) = con.execute("SELECT max(seq_id) FROM embeddings_queue").fetchone()
            # The newest row stays whatever it is: seq ids are not AUTOINCREMENT, so removing the
            # newest would let Chroma hand out its number again.
            for at in range(0, len(chunk_ids), BATCH):
                part = chunk_ids[at : at + BATCH]
                marks = ",".join("?" * len(part))
                con.execute(
                    f"DELETE FROM embeddings_queue WHERE id IN ({marks}) AND operation != ? AND seq_id < ?",
                    [*part, DELETE_OPERATION, last or 0],
                )
            con.execute("INSERT INTO embedding_fulltext_search(embedding_fulltext_search) VALUES ('optimize')")
        con.execute("VACUUM")
    finally:
        con.close()
