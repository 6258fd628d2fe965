"""``@audited``: one line on an api function checks the caller's permission and writes the audit entry.

    @audited("export", permission="export")
    def render_report(review: Review, fmt: str, *, settings=None, identity=None) -> Path: ...

The decorator finds its context in the call: ``settings`` and ``identity`` (resolved when absent,
passed on when the function takes them, and accepted from the caller even when it does not, so
that ``render_report(review, "html", identity=who)`` works on a function without them), a
``set_id`` argument, any ``Review`` argument (set, playbook, tier, file hashes), ``files`` as
(name, bytes) pairs (hashed), and ``playbook``/``tier`` arguments. From the result it adds what
it can (an ``IngestResult``, a ``Review``, a written ``Path``). A refused permission is logged as
``denied``; an error as ``error`` with its kind (never its text). Calls nested in an audited call
act for the same user, are checked, and are not logged again.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

from reviewer.errors import PermissionDeniedError, ReviewerError
from reviewer.models import IngestResult, Review
from reviewer.settings import Settings, get_settings
from reviewer.store.files import SetFiles
from reviewer.trust import audit
from reviewer.trust.access import Permission, require
from reviewer.trust.session import resolve
from reviewer.trust.users import Identity

P = ParamSpec("P")
R = TypeVar("R")
# Who the audited call in progress acts for: calls nested in it act for the same user.
_acting: contextvars.ContextVar[Identity | None] = contextvars.ContextVar("audited_identity", default=None)


@dataclass
class AuditContext:
    set_id: str | None = None
    files: list[str] = field(default_factory=list)
    playbook: str | None = None
    tier: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    from_review: bool = False  # the set id came from a review file, whose set may not be stored here

    def add_review(self, review: Review) -> None:
        self.set_id = review.contract_set.id
        self.from_review = True
        self.files = [d.sha256 for d in review.contract_set.documents]
        self.playbook = review.playbook.name
        self.tier = review.tier
        self.detail.setdefault("review_id", review.id)

    def add_result(self, result: Any) -> None:
        if isinstance(result, IngestResult):
            self.set_id = result.contract_set.id
            self.files = [d.id for d in result.contract_set.documents]
            self.detail.update(
                reused=result.reused,
                documents=len(result.contract_set.documents),
                chunks=result.contract_set.chunk_count,
            )
        elif isinstance(result, Review):
            self.add_review(result)
            self.detail.update(
                status=result.status,
                findings=len(result.findings),
                overall=result.summary.overall,
                judge=result.judge,
            )
        elif isinstance(result, Path):
            self.detail.update(output=result.name, format=result.suffix.lstrip(".") or None)
        elif isinstance(result, list):
            self.detail["count"] = len(result)


def _context(arguments: dict[str, Any], settings: Settings) -> AuditContext:
    ctx = AuditContext()
    set_id = arguments.get("set_id")
    if isinstance(set_id, str) and set_id:
        try:
            ctx.set_id = SetFiles(settings.sets_dir).resolve(set_id)
        except ReviewerError:
            ctx.set_id = set_id
    for value in arguments.values():
        if isinstance(value, Review):
            ctx.add_review(value)
    files = arguments.get("files")
    if isinstance(files, list | tuple):
        ctx.files = [hashlib.sha256(f[1]).hexdigest() for f in files if isinstance(f, tuple) and len(f) == 2]
    for key in ("playbook", "tier"):
        if isinstance(arguments.get(key), str):
            setattr(ctx, key, arguments[key])
    for key in ("format", "fmt", "lang"):
        if isinstance(arguments.get(key), str):
            ctx.detail[key] = arguments[key]
    return ctx


def _write(
    settings: Settings, action: audit.Action, identity: Identity, ctx: AuditContext, outcome: audit.Outcome
) -> None:
    audit.record(
        settings,
        action,
        user=identity.name,
        role=identity.role,
        outcome=outcome,
        set_id=ctx.set_id,
        files=ctx.files,
        playbook=ctx.playbook,
        tier=ctx.tier,
        detail=ctx.detail,
    )


def _sets_checked(ctx: AuditContext, settings: Settings) -> list[str | None]:
    """The sets a permission is checked on. A review file names its set by id, resolved exactly: a
    set not stored here leaves the decision to the role, but an id cut short is checked against
    every stored set it could stand for."""
    if not (ctx.from_review and ctx.set_id):
        return [ctx.set_id]
    files = SetFiles(settings.sets_dir)
    if files.exists(ctx.set_id):
        return [ctx.set_id]
    return list(files.starting_with(ctx.set_id)) or [None]


def audited(
    action: audit.Action,
    *,
    permission: Permission | None = None,
    log: Literal["always", "denied"] = "always",
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Check ``permission`` (on the call's set, if it names one) and log ``action`` with its outcome."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        takes_identity = "identity" in signature.parameters
        takes_settings = "settings" in signature.parameters

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            # ``identity=`` and ``settings=`` are accepted even when ``fn`` does not take them.
            given_identity = None if takes_identity else kwargs.pop("identity", None)
            given_settings = None if takes_settings else kwargs.pop("settings", None)
            bound = signature.bind(*args, **kwargs)
            settings: Settings = bound.arguments.get("settings") or given_settings or get_settings()  # type: ignore[assignment]
            outer = _acting.get() is None
            explicit = bound.arguments.get("identity") or given_identity or _acting.get()
            identity = resolve(settings, explicit)  # type: ignore[arg-type]
            if takes_settings:
                bound.arguments["settings"] = settings
            if takes_identity:
                bound.arguments["identity"] = identity
            ctx = _context(bound.arguments, settings)
            if permission is not None:
                for on_set in _sets_checked(ctx, settings):
                    require(settings, identity, permission, on_set)  # logs a refusal itself
            token = _acting.set(identity)
            started = time.perf_counter()
            try:
                result = fn(*bound.args, **bound.kwargs)
            except PermissionDeniedError:
                raise  # refused deeper down, and logged there
            except Exception as exc:
                if outer and log == "always":
                    ctx.detail.update(error=getattr(exc, "kind", "internal"), error_type=type(exc).__name__)
                    _write(settings, action, identity, ctx, "error")
                raise
            finally:
                _acting.reset(token)
            if outer and log == "always":
                ctx.add_result(result)
                ctx.detail["seconds"] = round(time.perf_counter() - started, 3)
                _write(settings, action, identity, ctx, "ok")
            return result

        return wrapper

    return decorate
