"""The optional LLM judge: a local Ollama model adjudicates the findings the rules are unsure of.

It runs after the deterministic judges and sees only the passages retrieved for the check (the
retrieved chunks and the sentences the rules cited), neutralised and inside a data section
(``llm_prompt``). Its JSON answer is checked against the contract and may change a finding only
within the limits of ``llm_policy``. Any failure (server down, HTTP error, timeout, malformed
JSON) keeps the deterministic finding and says so in its notes. This is the only module that
imports the ``ollama`` client, lazily.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

from reviewer.errors import ConfigError, LLMError, OptionalDependencyError, ReviewerError
from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.evidence import evidence_at, locate_quote
from reviewer.judge.llm.injection import injection_phrases
from reviewer.judge.llm.policy import Adjudication, ConsultPolicy, QuoteCheck, adjudicate
from reviewer.judge.llm.prompt import (
    REMOVED,
    PromptPassage,
    build_messages,
    neutralise,
    new_nonce,
    parse_answer,
    verdict_schema,
)
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.text import CJK_RANGE
from reviewer.models import Evidence
from reviewer.settings import Settings

if TYPE_CHECKING:
    import ollama

OLLAMA_DEFAULT_PORT = 11434
MAX_PASSAGES = 8
MAX_PASSAGE_CHARS = 1500
MAX_PROMPT_CHARS = 9000
MAX_ANSWER_CHARS = 6000
FAILURES_BEFORE_GIVING_UP = 2
MIN_QUOTE_CHARS = 20
MIN_QUOTE_CHARS_CJK = 8
CJK = re.compile(f"[{CJK_RANGE}]")


def _ollama() -> Any:
    try:
        import ollama
    except ImportError as exc:  # pragma: no cover - ollama is a pinned dependency
        raise OptionalDependencyError(
            "the LLM judge needs the 'ollama' package: run `make install` or `.venv/bin/pip install ollama==0.6.3`"
        ) from exc
    return ollama


def ollama_base_url(host: str) -> str:
    """The server's URL, read as Ollama reads OLLAMA_HOST: a bare host or ``host:port`` means http, port 11434."""
    raw = host.strip().rstrip("/") or "127.0.0.1"
    parsed = urlparse(raw if "://" in raw else f"http://{raw}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"REVIEWER_OLLAMA_HOST: {host!r} is not a host or http(s) URL")
    port = parsed.port or (OLLAMA_DEFAULT_PORT if "://" not in raw else (443 if parsed.scheme == "https" else 80))
    name = f"[{parsed.hostname}]" if ":" in parsed.hostname else parsed.hostname
    return f"{parsed.scheme}://{name}:{port}{parsed.path}"


def describe_failure(exc: BaseException, timeout: float) -> str:
    """A short plain reason for an LLM failure."""
    import httpx

    ollama = _ollama()
    if isinstance(exc, ReviewerError):
        return exc.message
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, ConnectionError | httpx.ConnectError):
        return "the Ollama server cannot be reached"
    if isinstance(exc, ollama.ResponseError):
        code = f"HTTP {exc.status_code}: " if exc.status_code > 0 else ""
        return f"the Ollama server answered {code}{str(exc.error)[:200]}"
    if isinstance(exc, ValueError):
        return f"its answer was unusable: {str(exc)[:200]}"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def is_outage(exc: BaseException) -> bool:
    """Failures that will repeat for every check (no server, no answer in time)."""
    import httpx

    return isinstance(exc, ConnectionError | TimeoutError | httpx.TimeoutException | httpx.ConnectError) or (
        isinstance(exc, LLMError) and "timed out" in exc.message
    )


class ChatModel(Protocol):
    def chat(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> str: ...


class OllamaChat:
    """Talks to one Ollama server: JSON-schema chat (streamed or not) and the list of models."""

    def __init__(self, settings: Settings, *, stream: bool | None = None, timeout: float | None = None) -> None:
        self.host = ollama_base_url(settings.ollama_host)
        self.model = settings.ollama_model
        self.stream = settings.llm_stream if stream is None else stream
        self.timeout = settings.llm_timeout_s if timeout is None else timeout
        self._client: ollama.Client | None = None

    def client(self) -> ollama.Client:
        if self._client is None:
            import httpx

            self._client = _ollama().Client(
                host=self.host,
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                trust_env=False,  # no proxy from the environment: only the configured host is contacted
                follow_redirects=False,
            )
        return self._client

    def chat(self, messages: list[dict[str, str]], schema: dict[str, Any], *, max_tokens: int = 512) -> str:
        """The model's reply text; raises on HTTP errors, timeouts and replies past the size limit."""
        options = {"temperature": 0, "seed": 7, "num_predict": max_tokens}
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "format": schema, "options": options}
        if not self.stream:
            content = str(self.client().chat(**kwargs, stream=False).message.content or "")
            if len(content) > MAX_ANSWER_CHARS:
                raise LLMError(f"the answer ran past {MAX_ANSWER_CHARS} characters")
            return content
        deadline = time.monotonic() + self.timeout
        parts: list[str] = []
        size = 0
        for part in self.client().chat(**kwargs, stream=True):
            piece = str(part.message.content or "")
            parts.append(piece)
            size += len(piece)
            if time.monotonic() > deadline:
                raise LLMError(f"timed out: the answer took longer than {self.timeout:g} s")
            if size > MAX_ANSWER_CHARS:
                raise LLMError(f"the answer ran past {MAX_ANSWER_CHARS} characters")
            if part.done:
                break
        return "".join(parts)

    def models(self) -> list[str]:
        listing = self.client().list()
        return [str(m.model or m.get("name")) for m in listing.models if m.model or m.get("name")]


@dataclass(frozen=True)
class SentPassage:
    """A span of the contract shown to the model, and the instruction-like phrases it held."""

    document_id: str
    start: int
    end: int
    prompt: PromptPassage
    injected: tuple[str, ...]


class LlmJudge:
    """Asks the local LLM about unclear findings; keeps the rules' finding whenever anything goes wrong."""

    name = "llm"

    def __init__(
        self,
        index: SetIndex,
        settings: Settings,
        *,
        chat: ChatModel | None = None,
        policy: ConsultPolicy | None = None,
    ) -> None:
        self.index = index
        self.settings = settings
        self.chat = chat or OllamaChat(settings)
        self.policy = policy or ConsultPolicy.from_settings(settings)
        self.docs = {d.id: d for d in index.contract_set.documents}
        self._outages = 0
        self._given_up: str | None = None

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        if prior is None:
            raise ConfigError("the LLM judge runs after the rule judge; it has no verdict to adjudicate")
        if self.policy.reason(prior) is None:
            return prior
        if self._given_up:
            return _noted(prior, f"LLM judge skipped ({self._given_up}); the deterministic verdict is kept.")
        flagged: list[str] = []
        try:
            sent = self.passages(context, prior)
            if not sent:
                return prior
            flagged = sorted({p for s in sent for p in s.injected})
            verdict = self._consult(context, prior, sent, flagged)
            self._outages = 0
        except Exception as exc:  # any LLM failure keeps the deterministic finding
            reason = describe_failure(exc, self.chat_timeout)
            if is_outage(exc):
                self._outages += 1
                if self._outages >= FAILURES_BEFORE_GIVING_UP:
                    self._given_up = f"it failed {self._outages} times in a row: {reason}"
            verdict = _noted(prior, f"LLM judge failed ({reason}); the deterministic verdict is kept.")
        if flagged:
            verdict = _noted(
                verdict,
                "The passages for this check contain text addressed to an AI model "
                f"(\u201c{flagged[0][:80]}\u201d); it was removed before the LLM saw them, "
                "and the LLM may not upgrade this finding.",
            )
        return verdict

    @property
    def chat_timeout(self) -> float:
        return float(getattr(self.chat, "timeout", self.settings.llm_timeout_s))

    def _consult(
        self, context: CheckContext, prior: Verdict, sent: list[SentPassage], flagged: list[str]
    ) -> Verdict:
        messages = build_messages(context.check, [s.prompt for s in sent], new_nonce())
        answer = parse_answer(self.chat.chat(messages, verdict_schema()))
        quotes = [self.verify_quote(q, sent) for q in answer.quotes]
        adjudication = Adjudication(
            prior=prior,
            answer=answer,
            quotes=quotes,
            check=context.check,
            injected=flagged,
            upgrades=self.policy.upgrades,
        )
        return adjudicate(adjudication, self.sentences_text)

    # --- what the model is shown --------------------------------------------------------------

    def passages(self, context: CheckContext, prior: Verdict) -> list[SentPassage]:
        """The sentences the rules cited, then the retrieved chunks, without repeats, within a budget."""
        spans = [(e.document_id, e.start, e.end) for e in prior.evidence]
        spans += [(p.document_id, p.start, min(p.end, p.start + MAX_PASSAGE_CHARS)) for p in context.passages]
        chosen: list[tuple[str, int, int]] = []
        for doc_id, start, end in spans:
            if doc_id not in self.docs or end <= start:
                continue
            if any(d == doc_id and s <= start and end <= e for d, s, e in chosen):
                continue
            chosen = [(d, s, e) for d, s, e in chosen if not (d == doc_id and start <= s and e <= end)]
            chosen.append((doc_id, start, end))
        sent: list[SentPassage] = []
        total = 0
        for doc_id, start, end in chosen[:MAX_PASSAGES]:
            doc = self.docs[doc_id]
            raw = doc.text[start:end]
            if total + len(raw) > MAX_PROMPT_CHARS and sent:
                break
            total += len(raw)
            section = doc.section_at(start)
            source = f"{doc.file_name} p.{doc.page_at(start)}"
            if section and section.number:
                source += f" \u00a7{section.number}"
            prompt = PromptPassage(label=f"P{len(sent) + 1}", source=neutralise(source), text=neutralise(raw))
            sent.append(SentPassage(doc_id, start, end, prompt, tuple(injection_phrases(f"{source}\n{raw}"))))
        return sent

    # --- checking the answer against the contract ---------------------------------------------

    def verify_quote(self, quote: str, sent: list[SentPassage]) -> QuoteCheck:
        """Where ``quote`` is in the passages shown (as whole sentences), or why it cannot be used."""
        if REMOVED in quote or injection_phrases(quote):
            return QuoteCheck(quote, problem="it quotes instruction-like text, which is never evidence")
        if len(quote.strip()) < (MIN_QUOTE_CHARS_CJK if CJK.search(quote) else MIN_QUOTE_CHARS):
            return QuoteCheck(quote, problem="it is too short to identify a clause")
        for s in sent:
            doc = self.docs[s.document_id]
            at = doc.text.find(quote, s.start, s.end)
            if at >= 0 and quote:
                return QuoteCheck(quote, evidence=self.sentence_evidence(s.document_id, at, at + len(quote)))
        found = locate_quote(self.index.contract_set, quote)
        if found is None:
            return QuoteCheck(quote, problem="it is not found verbatim in the contract")
        if not any(
            s.document_id == found.document_id and s.start <= found.start and found.end <= s.end for s in sent
        ):
            return QuoteCheck(quote, problem="it is in the contract but not in the passages the LLM was shown")
        return QuoteCheck(quote, evidence=self.sentence_evidence(found.document_id, found.start, found.end))

    def sentence_evidence(self, doc_id: str, start: int, end: int) -> Evidence:
        """Evidence for the whole sentence(s) around ``start:end``: a quote is judged in its context."""
        sentences = [s for s in self.index.docs[doc_id].sentences if s.start < end and start < s.end]
        if sentences:
            start, end = min(start, sentences[0].start), max(end, sentences[-1].end)
        return evidence_at(self.docs[doc_id], start, end, signal="llm")

    def sentences_text(self, evidence: Evidence) -> str:
        return self.docs[evidence.document_id].text[evidence.start : evidence.end]


def _noted(verdict: Verdict, note: str) -> Verdict:
    return replace(verdict, notes=[*verdict.notes, note])


def server_status(settings: Settings, *, timeout: float = 5.0) -> dict[str, Any]:
    """Whether the configured Ollama server answers, and the models it lists (``/api/tags``)."""
    status: dict[str, Any] = {
        "host": settings.ollama_host,
        "url": None,
        "reachable": False,
        "models": [],
        "model": settings.ollama_model,
        "model_available": False,
        "error": None,
    }
    try:
        chat = OllamaChat(settings, timeout=min(timeout, settings.llm_timeout_s))
        status["url"] = chat.host
        models = chat.models()
    except Exception as exc:  # the app shows the reason next to the button
        status["error"] = describe_failure(exc, timeout)
        return status
    wanted = settings.ollama_model
    status.update(
        reachable=True,
        models=models,
        model_available=wanted in models or (":" not in wanted and f"{wanted}:latest" in models),
    )
    if not status["model_available"]:
        status["error"] = f"the server does not list the model {wanted!r}; run `ollama pull {wanted}` there"
    return status
