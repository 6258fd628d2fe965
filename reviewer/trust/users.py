"""Users and roles for an app shared in an office (``REVIEWER_AUTH=1``).

Users live in ``<data dir>/users.json`` (owner-only). Passwords are hashed with bcrypt over a
SHA-256 digest of the password (so that passwords longer than bcrypt's 72 bytes still count in
full); the clear password is never stored, logged or returned.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field

from reviewer.errors import ConfigError, NotFoundError, PermissionDeniedError, StoreError
from reviewer.models import utcnow
from reviewer.settings import Settings
from reviewer.store.files import FILE_MODE, private_dir, write_private

Role = Literal["admin", "reviewer", "viewer"]
ROLES: tuple[Role, ...] = ("admin", "reviewer", "viewer")
BCRYPT_ROUNDS = 12
HASH_PREFIX = "bcrypt-sha256$"
MIN_PASSWORD_CHARS = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class User(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    role: Role
    password_hash: str = Field(repr=False)
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)


class Identity(BaseModel):
    """Who is acting. ``authenticated`` is False when auth is off (the local user acts as admin)."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    authenticated: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    import bcrypt

    return HASH_PREFIX + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def check_password(password: str, stored: str) -> bool:
    import bcrypt

    if not stored.startswith(HASH_PREFIX):
        return False
    try:
        return bcrypt.checkpw(_prehash(password), stored[len(HASH_PREFIX) :].encode("ascii"))
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when the user does not exist, so that a wrong name costs as long as a wrong password."""
    return hash_password("not a password of anyone")


def validate_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise ConfigError(
            f"invalid user name {name!r}: use 1-64 letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit"
        )
    return name


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ConfigError(f"the password is too short: use at least {MIN_PASSWORD_CHARS} characters")
    return password


class UserStore:
    def __init__(self, settings: Settings) -> None:
        self.path: Path = settings.data_dir / "users.json"
        self.lock_path = settings.data_dir / "users.lock"

    def _lock(self) -> FileLock:
        private_dir(self.path.parent)
        return FileLock(str(self.lock_path), timeout=30, mode=FILE_MODE)

    def _load(self) -> dict[str, User]:
        if not self.path.is_file():
            return {}
        try:
            raw = json.loads(self.path.read_bytes())
            return {u["name"]: User.model_validate(u) for u in raw.get("users", [])}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"the user file {self.path} is damaged: {type(exc).__name__}") from exc

    def _save(self, users: dict[str, User]) -> None:
        payload = {"users": [u.model_dump(mode="json") for u in sorted(users.values(), key=lambda u: u.name)]}
        write_private(self.path, json.dumps(payload, indent=2))

    def all(self) -> list[User]:
        return sorted(self._load().values(), key=lambda u: u.name)

    def empty(self) -> bool:
        return not self._load()

    def get(self, name: str) -> User:
        user = self._load().get(name)
        if user is None:
            raise NotFoundError(f"no user {name!r}; `reviewer users list` shows the users")
        return user

    def add(self, name: str, role: Role, password: str) -> User:
        validate_name(name)
        validate_password(password)
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}; use admin, reviewer or viewer")
        with self._lock():
            users = self._load()
            if name in users:
                raise ConfigError(
                    f"user {name!r} exists already; `reviewer users passwd {name}` changes the password"
                )
            if not users and role != "admin":
                raise ConfigError("the first user must be an admin (--role admin), who can then add the others")
            users[name] = User(name=name, role=role, password_hash=hash_password(password))
            self._save(users)
            return users[name]

    def remove(self, name: str) -> User:
        with self._lock():
            users = self._load()
            user = users.pop(name, None)
            if user is None:
                raise NotFoundError(f"no user {name!r}; `reviewer users list` shows the users")
            if user.role == "admin" and not any(u.role == "admin" for u in users.values()):
                raise ConfigError(f"{name!r} is the last admin; add another admin before removing this one")
            self._save(users)
            return user

    def set_password(self, name: str, password: str) -> User:
        validate_password(password)
        with self._lock():
            users = self._load()
            if name not in users:
                raise NotFoundError(f"no user {name!r}; `reviewer users list` shows the users")
            users[name] = users[name].model_copy(
                update={"password_hash": hash_password(password), "password_changed_at": utcnow()}
            )
            self._save(users)
            return users[name]

    def authenticate(self, name: str, password: str) -> Identity:
        """The user's identity if the password is right; PermissionDeniedError otherwise."""
        user = self._load().get(name)
        ok = check_password(password, user.password_hash if user else _dummy_hash())
        if user is None or not ok:
            raise PermissionDeniedError("wrong user name or password")
        return Identity(name=user.name, role=user.role, authenticated=True)


def auth_on(settings: Settings) -> bool:
    """Login is on with ``REVIEWER_AUTH=1``, and for any data dir that has users, whatever the
    environment says (unsetting a variable must not make everyone admin)."""
    return settings.auth or not UserStore(settings).empty()
