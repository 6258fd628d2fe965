"""Recognised pages kept by the hash of the page image (and the engine), so that a page read once
is never read again: a re-ingest, the same scan in another file, or a run that stopped at the time
limit costs nothing for the pages already read. Files live under ``<data dir>/ocr-cache``."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

import numpy as np

from reviewer.ingest.ocr.engine import NAME
from reviewer.ingest.ocr.page import OcrPage

log = logging.getLogger(__name__)
VERSION = "2"  # bump when what is stored, or how a page is read, changes


def page_key(image: np.ndarray) -> str:
    digest = hashlib.sha256(f"{NAME}|{VERSION}|{image.shape}|".encode())
    digest.update(np.ascontiguousarray(image).data)
    return digest.hexdigest()


class PageCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrPage | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return OcrPage.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring a damaged OCR cache entry %s: %s", path.name, exc)
            return None

    def put(self, key: str, page: OcrPage) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(page.to_json(), fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as exc:  # a read-only data dir: OCR still works, only slower next time
            log.warning("could not cache an OCR page: %s", exc)
