"""The typed values that travel one way through the product.

``ContractSet`` (documents, pages, blocks, chunks with provenance) -> ``Review`` (findings with
evidence) -> rendered files. This module imports nothing else of the project.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

BlockKind = Literal["heading", "paragraph", "list_item", "table", "header", "footer"]
WarningKind = Literal[
    "scanned_page",
    "hidden_text",
    "tracked_changes",
    "comments",
    "page_error",
    "prompt_injection",
    "empty_page",
    "external_link",
    "ocr_page",
    "low_confidence",
    "rotated_page",
    "seal_over_text",
]
Status = Literal["satisfied", "partial", "missing", "conflicting"]
STATUSES: tuple[Status, ...] = ("satisfied", "partial", "missing", "conflicting")
# The one status order. Worst first for the customer: how reports, tables and risk sort findings.
STATUS_ORDER: tuple[Status, ...] = ("conflicting", "missing", "partial", "satisfied")
STATUS_RANK: dict[Status, int] = {s: n for n, s in enumerate(STATUS_ORDER)}  # 0 = worst
# Which status wins when the documents of one set say different things about one check: a
# contradiction anywhere wins, then a promise, then a weak mention; silence never wins.
STATUS_PRECEDENCE: dict[Status, int] = {"conflicting": 3, "satisfied": 2, "partial": 1, "missing": 0}
Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
Tier = Literal["public", "internal", "core-secret"]
Jurisdiction = Literal["cn", "eu", "us"]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def utcnow_precise() -> datetime:
    """The time to the microsecond: orders two reviews made within one second."""
    return datetime.now(UTC)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- ingestion -------------------------------------------------------------------------------


class Block(_Model):
    """A paragraph, heading, list item, table or header/footer line, with offsets into the text."""

    kind: BlockKind
    text: str
    page: int  # 1-based
    start: int
    end: int
    section: str | None = None
    section_title: str | None = None
    level: int | None = None  # heading level when known
    ocr_confidence: float | None = None  # read by OCR from a page image, with this mean confidence (0-1)
    bbox: list[float] | None = None  # OCR: left, top, right, bottom on the page, in points from its top left


class Page(_Model):
    number: int  # 1-based
    start: int
    end: int
    has_text_layer: bool = True
    char_count: int = 0
    ocr_confidence: float | None = None  # the page's text was read by OCR, with this mean confidence


class Section(_Model):
    number: str | None  # "12.3", "Article 5", "Schedule 2", "第五条"; None for a titled heading
    title: str | None
    level: int
    start: int
    end: int
    page_start: int
    page_end: int

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.number, self.title) if part)


class IngestWarning(_Model):
    """Something a reviewer must be told about a document."""

    kind: WarningKind
    message: str
    page: int | None = None
    text: str | None = None  # the hidden text, the tracked change, the comment


class PageError(_Model):
    page: int
    message: str


class Document(_Model):
    id: str  # SHA-256 of the file's bytes
    file_name: str
    media_type: str
    size_bytes: int
    text: str
    pages: list[Page]
    blocks: list[Block]
    sections: list[Section]
    warnings: list[IngestWarning] = Field(default_factory=list)
    errors: list[PageError] = Field(default_factory=list)
    metadata: dict[str, str] = Field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return self.id

    def page_at(self, offset: int) -> int:
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end and page is self.pages[-1]):
                return page.number
        return self.pages[-1].number if self.pages else 1

    def pages_between(self, start: int, end: int) -> list[int]:
        hits = [p.number for p in self.pages if p.start < max(end, start + 1) and p.end > start]
        return hits or [self.page_at(start)]

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose range holds ``offset``."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (best is None or section.start >= best.start):
                best = section
        return best


class Chunk(_Model):
    id: str
    set_id: str
    document_id: str
    file_name: str
    text: str
    start: int
    end: int
    pages: list[int]
    section: str | None = None
    section_title: str | None = None
    index: int = 0  # order within its document

    @property
    def page(self) -> int:
        return self.pages[0]


class ContractSet(_Model):
    id: str  # SHA-256 over the sorted SHA-256 of its files
    name: str
    created_at: datetime = Field(default_factory=utcnow)
    owner: str | None = None
    embedding_model: str
    documents: list[Document]
    chunks: list[Chunk]

    def document(self, document_id: str) -> Document:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        raise KeyError(document_id)

    @property
    def warnings(self) -> list[tuple[str, IngestWarning]]:
        return [(doc.file_name, w) for doc in self.documents for w in doc.warnings]


class DocumentSummary(_Model):
    id: str
    file_name: str
    media_type: str
    size_bytes: int
    pages: int
    sections: int
    chunks: int
    warnings: list[IngestWarning] = Field(default_factory=list)


class SetSummary(_Model):
    id: str
    name: str
    created_at: datetime
    owner: str | None = None
    embedding_model: str
    documents: list[DocumentSummary]

    @property
    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents)


class SearchHit(_Model):
    chunk: Chunk
    score: float


class IngestResult(_Model):
    contract_set: SetSummary
    reused: bool  # True when the same files were already stored
    seconds: float = 0.0
    stages: dict[str, float] = Field(default_factory=dict)


# --- review ----------------------------------------------------------------------------------


class Evidence(_Model):
    """An exact quote from the contract, with where it is."""

    document_id: str
    file_name: str
    page: int
    pages: list[int] = Field(default_factory=list)
    section: str | None = None
    section_title: str | None = None
    quote: str
    start: int
    end: int
    chunk_id: str | None = None
    signal: str | None = None  # the library signal or reason this passage was cited for
    paged: bool = True  # False in a one-page text or Markdown file: cite its section, not "p.1"
    ocr_confidence: float | None = None  # the quote was read by OCR from a scan, with this confidence (0-1)


class Override(_Model):
    """A reviewer's correction of a finding; the judge's own verdict is kept beside it."""

    user: str
    reason: str
    at: datetime = Field(default_factory=utcnow)
    original_status: Status
    original_evidence: list[Evidence] = Field(default_factory=list)
    original_confidence: float = Field(ge=0.0, le=1.0)
    original_rationale: str = ""


class Finding(_Model):
    check_id: str
    title: str
    category: str
    topic: str | None = None
    headline: bool = False
    status: Status
    severity: Severity
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)
    value: str | None = None  # an extracted value, e.g. the governing law
    judge: Literal["rules", "model", "llm"] = "rules"
    notes: list[str] = Field(default_factory=list)  # e.g. "LLM timed out; deterministic verdict kept"
    document_statuses: dict[str, Status] = Field(default_factory=dict)  # file name -> status
    disagreement: str | None = None  # when documents of the set say different things
    standard_position: str = ""
    fallback: str = ""
    why_it_matters: str = ""
    ask: str = ""  # the negotiation ask in one sentence
    red_flags: list[str] = Field(default_factory=list)
    legal_basis: list[str] = Field(default_factory=list)
    template: str | None = None  # the drafting template that fixes it
    must_have: bool = False  # a must-have for the chosen tier
    walk_away: bool = False  # a walk-away point for the chosen tier
    hypothesis: str | None = None  # nda playbook: ContractNLI hypothesis key
    cuad_category: str | None = None  # commercial playbook: CUAD category
    translations: dict[str, dict[str, str | list[str]]] = Field(default_factory=dict)  # lang -> field -> text
    override: Override | None = None  # set when a reviewer changed the status; the verdict is kept in it


class CheckError(_Model):
    check_id: str
    message: str


class RiskSummary(_Model):
    counts: dict[str, int]
    overall: Literal["low", "medium", "high", "critical"]
    top_risks: list[str] = Field(default_factory=list)  # check ids, worst first
    headline: dict[str, str] = Field(default_factory=dict)  # topic -> status


class ReviewedDocument(_Model):
    id: str
    file_name: str
    media_type: str
    pages: int
    sha256: str


class ReviewedSet(_Model):
    id: str
    name: str
    documents: list[ReviewedDocument]


class PlaybookRef(_Model):
    name: str
    version: str
    title: str = ""
    title_zh: str = ""


class Review(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    created_at: datetime = Field(default_factory=utcnow_precise)
    status: Literal["complete", "partial", "failed"]
    contract_set: ReviewedSet
    playbook: PlaybookRef
    tier: Tier
    jurisdictions: list[Jurisdiction]
    judge: str = "rules"
    findings: list[Finding]
    summary: RiskSummary
    warnings: list[IngestWarning] = Field(default_factory=list)
    warning_files: list[str] = Field(default_factory=list)  # parallel to warnings: the file each is in
    errors: list[CheckError] = Field(default_factory=list)
    settings: dict[str, str | int | float | None] = Field(default_factory=dict)  # preferred positions
    seconds: float = 0.0
    # The user's own wording of a draft clause, by the check id of the finding it fixes (edited in
    # the app); renderers use it instead of the drafting template's text.
    draft_edits: dict[str, str] = Field(default_factory=dict)
    # Checklist items the user ticked in the app (the vendor agreed in writing), by check id.
    checklist_ticks: list[str] = Field(default_factory=list)
    model_version: str | None = None  # the version of the learned models that judged it (None: shipped)


# --- progress --------------------------------------------------------------------------------


class Progress(_Model):
    stage: Literal["parse", "ocr", "embed", "store", "retrieve", "check", "llm", "render", "document", "done"]
    current: int = 0
    total: int = 0
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    return None
