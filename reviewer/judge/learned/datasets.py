"""Labelled documents for training and evaluating the learned judge, and the ContractNLI format.

A ``LabelledDocument`` is a document as the product sees it (the text the parser produced) with,
per check id, the gold status and the gold evidence spans in that text. Any labelled corpus can be
turned into these; ``read_contractnli`` does it for ContractNLI's JSON (documents with ``text``,
``spans`` and ``annotation_sets``), parsing each text with the product's own TXT parser so that
training sees exactly the text a review sees.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.errors import BadInputError, NotFoundError
from reviewer.judge.align import OffsetMap
from reviewer.models import Status
from reviewer.settings import Settings

CONTRACTNLI_STATUS: dict[str, Status] = {
    "Entailment": "satisfied",
    "NotMentioned": "missing",
    "Contradiction": "conflicting",
}


@dataclass
class GoldLabel:
    status: Status
    spans: list[tuple[int, int]] = field(default_factory=list)  # evidence, in the document's text


@dataclass
class LabelledDocument:
    doc_id: str
    text: str  # the text a review sees (the parser's output)
    labels: dict[str, GoldLabel]  # check id (or hypothesis key) -> gold label


@dataclass
class ContractNLIDocument:
    doc_id: str
    file_name: str
    original: str  # the text as given in the JSON
    spans: list[tuple[int, int]]  # the JSON's spans, in ``original``
    choices: dict[str, tuple[str, list[int]]]  # hypothesis -> (choice, span indexes)

    def gold_spans(self, hypothesis: str) -> list[tuple[int, int]]:
        return [self.spans[i] for i in self.choices[hypothesis][1] if 0 <= i < len(self.spans)]

    def status(self, hypothesis: str) -> Status:
        return CONTRACTNLI_STATUS[self.choices[hypothesis][0]]


@dataclass
class ContractNLIData:
    path: Path
    sha256: str
    hypotheses: dict[str, str]  # key -> hypothesis text
    documents: list[ContractNLIDocument]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fail(path: Path, message: str) -> BadInputError:
    return BadInputError(f"not a ContractNLI file: {message}", file=str(path))


def read_contractnli(path: Path | str, *, limit: int | None = None) -> ContractNLIData:
    """Read and check a ContractNLI JSON file (``documents`` and ``labels``)."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError("no such file; give the path of a ContractNLI JSON file", file=str(path))
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, f"invalid JSON ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), list) or "labels" not in raw:
        raise _fail(path, "expected an object with `documents` (a list) and `labels`")
    labels = raw["labels"]
    if not isinstance(labels, dict) or not labels:
        raise _fail(path, "`labels` must map hypothesis keys to their descriptions")
    hypotheses = {k: str(v.get("hypothesis", "")) if isinstance(v, dict) else str(v) for k, v in labels.items()}
    docs = [
        _document(path, n, d, hypotheses)
        for n, d in enumerate(raw["documents"][:limit] if limit else raw["documents"])
    ]
    if not docs:
        raise _fail(path, "no documents")
    return ContractNLIData(path=path, sha256=file_sha256(path), hypotheses=hypotheses, documents=docs)


def _document(path: Path, n: int, raw: Any, hypotheses: dict[str, str]) -> ContractNLIDocument:
    where = f"documents[{n}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise _fail(path, f"{where}: needs a non-empty `text`")
    try:
        spans = [(int(s), int(e)) for s, e in raw.get("spans", [])]
        annotations = raw["annotation_sets"][0]["annotations"]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise _fail(path, f"{where}: needs `spans` and `annotation_sets[0].annotations` ({exc})") from exc
    choices: dict[str, tuple[str, list[int]]] = {}
    for key, value in annotations.items():
        choice = value.get("choice") if isinstance(value, dict) else None
        if choice not in CONTRACTNLI_STATUS:
            raise _fail(path, f"{where}: {key}: choice {choice!r} is not one of {', '.join(CONTRACTNLI_STATUS)}")
        if key not in hypotheses:
            raise _fail(path, f"{where}: {key} is not among `labels`")
        choices[key] = (choice, [int(i) for i in value.get("spans", [])])
    doc_id = str(raw.get("id", n))
    name = str(raw.get("file_name") or f"document-{doc_id}")
    return ContractNLIDocument(doc_id=doc_id, file_name=name, original=raw["text"], spans=spans, choices=choices)


def txt_name(name: str) -> str:
    """A file name the TXT parser accepts."""
    stem = Path(name).name or "document"
    return stem if stem.lower().endswith(".txt") else f"{stem}.txt"


def parse_texts(data: ContractNLIData, settings: Settings) -> list[str]:
    """Each document's text as the product's own TXT parser reads it."""
    from reviewer.ingest.pipeline import parse_bytes

    return [parse_bytes(d.original.encode("utf-8"), txt_name(d.file_name), settings).text for d in data.documents]


def labelled_documents(data: ContractNLIData, parsed_texts: list[str]) -> list[LabelledDocument]:
    """ContractNLI documents as the product sees them: gold spans mapped into the parsed text."""
    out = []
    for doc, text in zip(data.documents, parsed_texts, strict=True):
        mapping = OffsetMap(doc.original, text)
        labels = {}
        for key in doc.choices:
            mapped = [mapping.span(s, e) for s, e in doc.gold_spans(key)]
            labels[key] = GoldLabel(doc.status(key), [m for m in mapped if m is not None])
        out.append(LabelledDocument(doc_id=doc.doc_id, text=text, labels=labels))
    return out
