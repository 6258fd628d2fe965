"""A review running in a background thread, so the page stays responsive while it works.

The thread only calls ``reviewer.api`` and writes plain attributes; the page polls them.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from reviewer import api
from reviewer.errors import ReviewerError
from reviewer.i18n import N_, error_headline, translate
from reviewer.models import IngestResult, Jurisdiction, Progress, Review, Tier
from reviewer.settings import Settings
from reviewer.trust.users import Identity

# Share of the progress bar given to each stage (ingest, then review).
STAGE_SPAN: dict[str, tuple[float, float]] = {
    "parse": (0.0, 0.35),
    "ocr": (0.0, 0.35),
    "embed": (0.35, 0.6),
    "store": (0.6, 0.65),
    "retrieve": (0.65, 0.7),
    "check": (0.7, 0.97),
    "llm": (0.7, 0.97),
    "render": (0.97, 1.0),
}
# What the progress bar says for each stage; {n} of {total} is the count, {detail} the event's message.
STAGE_TEXT = {
    "parse": N_("Reading file {n} of {total}{detail}"),
    "ocr": N_("OCR page {n} of {total}{detail}"),
    "embed": N_("Indexing passages ({n} of {total})"),
    "store": N_("Saving the contract set"),
    "retrieve": N_("Searching the contract"),
    "check": N_("Checking {n} of {total}{detail}"),
    "llm": N_("Asking the local LLM ({n} of {total}){detail}"),
    "render": N_("Writing the report"),
}
STAGE_TEXT_NO_COUNT = {
    "parse": N_("Reading files{detail}"),
    "embed": N_("Indexing passages"),
    "check": N_("Checking{detail}"),
    "llm": N_("Asking the local LLM{detail}"),
}


@dataclass(frozen=True)
class ReviewRequest:
    files: list[tuple[str, bytes]]
    name: str | None
    playbook: str
    tier: Tier
    jurisdictions: list[Jurisdiction]
    llm: str | None = None
    owner: str | None = None
    set_id: str | None = None  # review a stored set instead of ingesting files
    identity: Identity | None = None  # who started it (REVIEWER_AUTH=1); the thread acts for them


@dataclass
class ReviewJob:
    request: ReviewRequest
    settings: Settings
    progress: Progress | None = None
    phase: str = "ingest"  # ingest -> review -> finished
    ingest: IngestResult | None = None
    review: Review | None = None
    error: str | None = None
    error_file: str | None = None
    error_headline: str | None = None  # a catalogue message: what went wrong, before the error's detail
    started: float = field(default_factory=time.monotonic)
    finished_at: float | None = None
    opened: bool = False  # the page has shown the finished review
    noticed: bool = False  # the user was told it finished while on another page
    lang: str = "en"  # the language the page shows the progress in
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> ReviewJob:
        self._thread = threading.Thread(target=self._run, name="review-job", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    def wait(self, timeout: float) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done

    def _on_progress(self, event: Progress) -> None:
        self.progress = event

    def _run(self) -> None:
        try:
            set_id = self.request.set_id
            if set_id is None:
                self.ingest = api.ingest_bytes(
                    self.request.files,
                    name=self.request.name,
                    owner=self.request.owner,
                    settings=self.settings,
                    progress=self._on_progress,
                    identity=self.request.identity,
                )
                set_id = self.ingest.contract_set.id
            self.phase = "review"
            self.review = api.review(
                set_id=set_id,
                playbook=self.request.playbook,
                tier=self.request.tier,
                jurisdictions=self.request.jurisdictions,
                llm=self.request.llm,
                settings=self.settings,
                progress=self._on_progress,
                identity=self.request.identity,
            )
        except ReviewerError as exc:
            self.error, self.error_file = exc.user_message, exc.file
            self.error_headline = error_headline(exc)
        except Exception as exc:  # the page shows a message; the traceback goes nowhere near the user
            self.error = translate(
                self.lang, N_("the review stopped unexpectedly ({error})"), error=f"{type(exc).__name__}: {exc}"
            )
        finally:
            self.phase = "finished"
            self.finished_at = time.monotonic()

    # --- what the page shows -------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        return (self.finished_at or time.monotonic()) - self.started

    def fraction(self) -> float:
        event = self.progress
        if self.done:
            return 1.0
        if event is None:
            return 0.0
        low, high = STAGE_SPAN.get(event.stage, (0.97, 1.0))
        if event.stage == "done":
            return 0.65 if self.phase == "review" else 1.0
        share = event.current / event.total if event.total else 0.0
        return round(low + (high - low) * min(max(share, 0.0), 1.0), 3)

    def describe(self) -> str:
        event = self.progress
        if event is None:
            return translate(self.lang, N_("Starting…"))
        if event.stage == "done":
            return translate(
                self.lang, N_("Stored; starting the review…") if self.phase == "review" else N_("Done")
            )
        message = event.message.removeprefix("reading ").strip()
        detail = f" · {message}" if message and event.stage in ("parse", "check", "llm") else ""
        if event.stage == "ocr" and message:
            detail = f" · {message.partition(': ')[0]}"  # the file; the count is in the text
        if event.stage not in STAGE_TEXT:
            return event.stage
        text = (
            STAGE_TEXT[event.stage]
            if event.total
            else STAGE_TEXT_NO_COUNT.get(event.stage, STAGE_TEXT[event.stage])
        )
        return translate(self.lang, text, n=event.current, total=event.total, detail=detail)
