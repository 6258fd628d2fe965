"""Names from data (set and file names): checked at ingest, made into one safe file name, cut by UTF-8 bytes."""

from __future__ import annotations

import re
import unicodedata

from reviewer.errors import BadInputError

MAX_SET_NAME_CHARS = 200
_UNSAFE_IN_FILE_NAME = re.compile(r"[^\w.\- ()]+")


def cut_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, on a character boundary."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def file_name_from(text: str, *, fallback: str = "review", max_bytes: int = 120) -> str:
    """One file name for the current folder made from ``text``: no folder part, no separator, no
    control character, no leading dot, at most ``max_bytes`` bytes (letters of any script kept)."""
    cleaned = _UNSAFE_IN_FILE_NAME.sub("-", unicodedata.normalize("NFC", text)).strip("-. ")
    return cut_utf8(cleaned, max_bytes).strip("-. ") or fallback


def check_set_name(name: str | None) -> str | None:
    """A set name as given, or a typed error naming what is wrong with it."""
    if name is None:
        return None
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise BadInputError("the contract set name contains control characters; type it again")
    if "/" in name or "\\" in name:
        raise BadInputError("the contract set name may not contain '/' or '\\'; use another separator")
    if len(name) > MAX_SET_NAME_CHARS:
        raise BadInputError(f"the contract set name is longer than {MAX_SET_NAME_CHARS} characters; shorten it")
    return name.strip() or None
