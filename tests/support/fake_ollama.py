"""An HTTP server on 127.0.0.1 that speaks the part of Ollama's API the product uses.

- ``GET /api/tags``: the models it "has"; ``GET /api/version``; ``GET /``: "Ollama is running".
- ``POST /api/chat``: ``model``, ``messages``, ``stream`` (true when left out, as in Ollama: NDJSON
  pieces over chunked transfer, the last one with ``done: true``), ``format`` ("json" or a JSON
  schema), ``options``. An unknown model gets 404 ``{"error": "model '...' not found"}``, a bad body 400.
- Replies are scripted per test (``Reply`` values or functions of the request), in order; every
  request is recorded. A ``Reply`` can be late (timeouts), fail with an HTTP status, fail in the
  middle of a stream, or send raw bytes.

``llama_responder`` turns a ``llama_cpp.Llama`` into a responder, so the same server fronts a real
model in the ``llm_real`` tier.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str = ""  # the assistant message's content
    status: int = 200  # an HTTP error status sends {"error": error}
    error: str | None = None  # with status 200 and streaming: an error line after the first piece
    delay: float = 0.0  # seconds before the first byte
    chunk_delay: float = 0.0  # seconds between streamed pieces
    chunks: int = 4  # pieces a streamed answer is cut into
    raw: bytes | None = None  # a body sent as it is (malformed answers)


Responder = Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All message contents of a chat request, joined."""
        messages = (self.body or {}).get("messages") or []
        return "\n".join(str(m.get("content", "")) for m in messages)


def _stamp() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def verdict(status: str, quotes: Iterable[str] = (), rationale: str = "scripted") -> Reply:
    """A reply holding a verdict in the product's JSON schema."""
    return Reply(content=json.dumps({"status": status, "quotes": list(quotes), "rationale": rationale}))


class FakeOllama:
    """``with FakeOllama(replies=[Reply(...)]) as server: ...server.url...``"""

    def __init__(
        self,
        *,
        models: Iterable[str] = ("smollm2:latest",),
        replies: Iterable[Reply | Responder] = (),
        default: Reply | Responder | None = None,
    ) -> None:
        self.models = list(models)
        self.replies: deque[Reply | Responder] = deque(replies)
        self.default = default
        self.requests: list[Recorded] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ---------------------------------------------------------------------------

    def __enter__(self) -> FakeOllama:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-ollama", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        assert self._server is not None, "the server is not started"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- scripting ----------------------------------------------------------------------------

    def push(self, *replies: Reply | Responder) -> None:
        with self._lock:
            self.replies.extend(replies)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            scripted = self.replies.popleft() if self.replies else self.default
        if scripted is None:
            return Reply(status=500, error="the fake server has no reply scripted for this request")
        return scripted(body) if callable(scripted) else scripted

    def record(self, entry: Recorded) -> None:
        with self._lock:
            self.requests.append(entry)

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == "/api/chat"]

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the server stops."""
        self._stop.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOllama
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self.fake.record(Recorded("GET", self.path, None, dict(self.headers)))
        if self.path == "/api/tags":
            self._json(200, {"models": [_model_entry(m) for m in self.fake.models]})
        elif self.path == "/api/version":
            self._json(200, {"version": "0.12.6"})
        elif self.path == "/":
            self._send(200, b"Ollama is running", "text/plain; charset=utf-8")
        else:
            self._send(404, b"404 page not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self.fake.record(Recorded("POST", self.path, None, dict(self.headers)))
            self._json(400, {"error": "invalid character in request body"})
            return
        self.fake.record(Recorded("POST", self.path, body, dict(self.headers)))
        if self.path != "/api/chat":
            self._send(404, b"404 page not found", "text/plain")
            return
        problem = _chat_request_problem(body, self.fake.models)
        if problem:
            self._json(*problem)
            return
        self._chat(body, self.fake.next_reply(body))

    # --- /api/chat ----------------------------------------------------------------------------

    def _chat(self, body: dict[str, Any], reply: Reply) -> None:
        if reply.delay:
            self.fake.wait(reply.delay)
        try:
            if reply.raw is not None:
                self._send(reply.status, reply.raw, "application/json; charset=utf-8")
            elif reply.status != 200:
                self._json(reply.status, {"error": reply.error or "internal error"})
            elif body.get("stream", True):
                self._stream(body, reply)
            else:
                self._json(200, _message(body, reply.content, done=True))
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            return

    def _stream(self, body: dict[str, Any], reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        content = reply.content
        step = max(1, -(-len(content) // max(1, reply.chunks)))
        pieces = [content[i : i + step] for i in range(0, len(content), step)] or [""]
        for n, piece in enumerate(pieces):
            self._chunk(_message(body, piece, done=False))
            if reply.error and n == 0:
                self._chunk({"error": reply.error})
                break
            if reply.chunk_delay:
                self.fake.wait(reply.chunk_delay)
        else:
            self._chunk(_message(body, "", done=True))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _chunk(self, obj: dict[str, Any]) -> None:
        data = json.dumps(obj).encode() + b"\n"
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    # --- plumbing -----------------------------------------------------------------------------

    def _json(self, status: int, obj: dict[str, Any]) -> None:
        self._send(status, json.dumps(obj).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


def _chat_request_problem(body: dict[str, Any], models: list[str]) -> tuple[int, dict[str, Any]] | None:
    model = body.get("model")
    if not model:
        return 400, {"error": "model is required"}
    if model not in models and f"{model}:latest" not in models:
        return 404, {"error": f"model '{model}' not found"}
    messages = body.get("messages")
    if not isinstance(messages, list) or not all(isinstance(m, dict) and "role" in m for m in messages):
        return 400, {"error": "messages must be a list of {role, content}"}
    fmt = body.get("format")
    if fmt not in (None, "", "json") and not (isinstance(fmt, dict) and fmt.get("type") == "object"):
        return 400, {"error": 'invalid format: expected "json" or a JSON schema'}
    return None


def _message(body: dict[str, Any], content: str, *, done: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": body.get("model"),
        "created_at": _stamp(),
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        out.update(done_reason="stop", total_duration=1_000_000, eval_count=len(content.split()))
    return out


def _model_entry(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": _stamp(),
        "size": 1234567,
        "digest": "0" * 64,
        "details": {
            "parent_model": "",
            "format": "gguf",
            "family": "llama",
            "families": ["llama"],
            "parameter_size": "135M",
            "quantization_level": "Q4_1",
        },
    }


def llama_responder(llm: Any, *, max_tokens: int = 256) -> Responder:
    """Answer /api/chat with a real ``llama_cpp.Llama``, constrained to the request's JSON schema.

    One request at a time: a ``Llama`` is not thread-safe, and a client that timed out leaves its
    request running in a server thread while the next one arrives."""
    lock = threading.Lock()

    def respond(body: dict[str, Any]) -> Reply:
        with lock:
            return generate(body)

    def generate(body: dict[str, Any]) -> Reply:
        fmt = body.get("format")
        response_format: dict[str, Any] | None = None
        if isinstance(fmt, dict):
            response_format = {"type": "json_object", "schema": fmt}
        elif fmt == "json":
            response_format = {"type": "json_object"}
        options = body.get("options") or {}
        started = time.perf_counter()
        result = llm.create_chat_completion(
            messages=body["messages"],
            response_format=response_format,
            temperature=float(options.get("temperature", 0.0)),
            seed=int(options.get("seed", 7)),
            max_tokens=min(int(options.get("num_predict", max_tokens)), max_tokens),
        )
        content = result["choices"][0]["message"]["content"] or ""
        respond.answers.append((content, time.perf_counter() - started))  # type: ignore[attr-defined]
        return Reply(content=content)

    respond.answers = []  # type: ignore[attr-defined]  # (raw answer, seconds) per request
    return respond
