"""Who is acting: logging in, and resolving the identity an api call acts as.

- Auth off (the default, one person on one machine): the local user acts as admin;
  ``REVIEWER_USER`` only changes the name written to the audit log and as owner.
- Auth on (``REVIEWER_AUTH=1``): the app logs a user in with ``login()`` and passes the returned
  ``Identity`` to every api call. The CLI logs in once per command from ``REVIEWER_USER`` and
  ``REVIEWER_PASSWORD``, or asks on the terminal for what is missing (``set_prompt``).

Every login, good or bad, is written to the audit log; the password never is.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from reviewer.errors import PermissionDeniedError
from reviewer.settings import Settings
from reviewer.trust import audit
from reviewer.trust.users import Identity, UserStore, auth_on

CredentialPrompt = Callable[[str | None], tuple[str, str]]  # known user name -> (name, password)

_prompt: CredentialPrompt | None = None
_sessions: dict[tuple[str, str], Identity] = {}  # CLI logins only
_lock = threading.Lock()


def set_prompt(prompt: CredentialPrompt | None) -> None:
    """Let a terminal front end ask for missing credentials (the CLI installs one)."""
    global _prompt
    _prompt = prompt


def local_identity(settings: Settings) -> Identity:
    return Identity(name=settings.current_user, role="admin", authenticated=False)


def login(settings: Settings, name: str, password: str) -> Identity:
    """Check a user's password; log the attempt either way. Nothing is cached: the caller keeps it."""
    if not auth_on(settings):
        identity = local_identity(settings)
        audit.record(settings, "login", user=identity.name, role=identity.role, detail={"auth": "off"})
        return identity
    try:
        identity = UserStore(settings).authenticate(name, password)
    except PermissionDeniedError:
        audit.record(settings, "login", user=_attempted(settings, name), outcome="denied")
        raise
    audit.record(settings, "login", user=identity.name, role=identity.role)
    return identity


def _attempted(settings: Settings, name: str) -> str:
    """The name a failed login gave, as the log keeps it: a user's name as is; anything else (a
    typo, a password typed in the wrong field, 100 KB of junk) only as a short hash."""
    if name and name in {u.name for u in UserStore(settings).all()}:
        return name
    return f"(unknown name, sha256 {hashlib.sha256(name.encode('utf-8', 'replace')).hexdigest()[:12]})"


def _key(settings: Settings, name: str | None, password: str | None) -> tuple[str, str]:
    secret = hashlib.sha256(f"{name}\0{password}".encode()).hexdigest() if password is not None else ""
    return (str(settings.data_dir), f"{name}:{secret}")


def resolve(settings: Settings, identity: Identity | None = None) -> Identity:
    """The identity an api call acts as: the one given, else from the environment or the terminal.

    The app must always pass ``identity``: the environment and terminal paths are for the CLI,
    which acts for one person per process.
    """
    if identity is not None:
        return identity
    if not auth_on(settings):
        return local_identity(settings)
    name = settings.user
    password = settings.password.get_secret_value() if settings.password else None
    terminal = (str(settings.data_dir), "terminal")
    with _lock:
        cached = _sessions.get(_key(settings, name, password)) or _sessions.get(terminal)
    if cached is not None and (name is None or cached.name == name):
        return cached
    if UserStore(settings).empty():
        raise PermissionDeniedError(
            "REVIEWER_AUTH=1 but no users exist yet; create an admin with `reviewer users add NAME --role admin`"
        )
    key = _key(settings, name, password)
    if (name is None or password is None) and _prompt is not None:
        name, password = _prompt(name)
        key = terminal
    if not name or password is None:
        raise PermissionDeniedError(
            "login required: set REVIEWER_USER and REVIEWER_PASSWORD, or run the command in a terminal to be asked"
        )
    identity = login(settings, name, password)
    with _lock:
        _sessions[key] = identity
    return identity


def forget_sessions() -> None:
    """Drop cached CLI logins (tests, or a process that changes users)."""
    with _lock:
        _sessions.clear()
