"""The secret keying the audit log's MACs, kept outside the data dir: write access to data cannot forge entries.

Where it lives, first match wins:

1. ``REVIEWER_AUDIT_KEY_FILE``: a JSON file ``{data dir: key}`` readable by its owner only (an
   administrator's file; it must not be inside the data dir);
2. the operating system's keyring (through the ``keyring`` library), when a real backend is
   available: service ``contract-reviewer-audit``, user name the data dir;
3. otherwise the same JSON file at ``<user config dir>/contract-reviewer/audit-keys.json``.

Each data dir has its own 32-byte key, made when its first entry is written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

import platformdirs
from filelock import FileLock

from reviewer.errors import ConfigError
from reviewer.settings import Settings
from reviewer.store.files import FILE_MODE, private_dir, write_private

KEYRING_SERVICE = "contract-reviewer-audit"


def mac(key: bytes, text: str) -> str:
    """HMAC-SHA256 of ``text`` under ``key``, hex."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str | None, b: str) -> bool:
    return isinstance(a, str) and hmac.compare_digest(a, b)


def _keyring() -> object | None:
    """The keyring backend, when a real one is available (not the fail or null backend)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring setup means: no keyring
        return None
    if isinstance(backend, fail.Keyring | null.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def key_file(settings: Settings) -> Path:
    return settings.audit_key_file or Path(platformdirs.user_config_dir("contract-reviewer")) / "audit-keys.json"


def _check_outside(settings: Settings, path: Path) -> None:
    if path.resolve().is_relative_to(settings.data_dir):
        raise ConfigError(
            f"the audit key file {path} is inside the data dir {settings.data_dir}: anyone who can write "
            "the data could then forge the audit log; set REVIEWER_AUDIT_KEY_FILE to a path outside it"
        )


def where(settings: Settings) -> str:
    """Where this data dir's key is kept, for messages."""
    if settings.audit_key_file is None and _keyring() is not None:
        return f"the system keyring (service {KEYRING_SERVICE})"
    return str(key_file(settings))


def _read_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the audit key file {path}: {exc}") from exc
    if not isinstance(keys, dict):
        raise ConfigError(f"the audit key file {path} is not a JSON object of data dir to key")
    return {str(k): str(v) for k, v in keys.items()}


def load(settings: Settings, *, create: bool = False) -> bytes | None:
    """This data dir's key; made (and stored) when ``create`` and there is none yet."""
    name = str(settings.data_dir)
    backend = _keyring() if settings.audit_key_file is None else None
    if backend is not None:
        stored = backend.get_password(KEYRING_SERVICE, name)  # type: ignore[attr-defined]
        if stored is None and create:
            stored = secrets.token_hex(32)
            backend.set_password(KEYRING_SERVICE, name, stored)  # type: ignore[attr-defined]
        return bytes.fromhex(stored) if stored else None
    path = key_file(settings)
    _check_outside(settings, path)
    stored = _read_file(path).get(name)
    if stored is None and create:
        private_dir(path.parent)
        with FileLock(str(path) + ".lock", mode=FILE_MODE):
            keys = _read_file(path)
            stored = keys.setdefault(name, secrets.token_hex(32))
            write_private(path, json.dumps(keys, indent=1))
    return bytes.fromhex(stored) if stored else None
