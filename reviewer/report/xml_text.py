"""Text made fit for Word's XML once, where it enters the DOCX builders: characters XML 1.0 forbids are dropped."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
M = TypeVar("M", bound=BaseModel)


def xml_text(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def xml_safe(model: M) -> M:
    """A copy of ``model`` with every string XML-safe (the same object when nothing needed it)."""
    dumped = model.model_dump()
    cleaned = _clean(dumped)
    return model if cleaned == dumped else type(model).model_validate(cleaned)


def xml_safe_optional(model: M | None) -> M | None:
    return None if model is None else xml_safe(model)
