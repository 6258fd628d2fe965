"""Who may do what to which contract set: roles, owners and shares.

- admin: everything, on every set; manages users, reads the audit log, changes settings.
- reviewer: uploads (ingests); on sets they own: read, review, export, delete, share;
  on sets shared with them: read, review, export.
- viewer: on sets shared with them: read (the set, its reviews and reports).

A set with no owner (ingested before auth was on, or by an older version) is for admins only.
Shares are kept beside the set, in ``sets/<id>/shares.json``, and go when the set is deleted.
With auth off, the local user acts as admin and no check refuses anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reviewer.errors import NotFoundError, PermissionDeniedError
from reviewer.models import SetSummary
from reviewer.settings import Settings
from reviewer.store.files import SetFiles, write_private
from reviewer.trust import audit
from reviewer.trust.users import Identity, UserStore, auth_on

Permission = Literal[
    "read", "ingest", "review", "export", "delete", "share", "manage_users", "read_audit", "settings"
]
SET_PERMISSIONS: frozenset[str] = frozenset({"read", "review", "export", "delete", "share"})
OWNER_GRANTS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"read", "review", "export", "delete", "share"}),
    "viewer": frozenset({"read"}),
}
SHARED_GRANTS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"read", "review", "export"}),
    "viewer": frozenset({"read"}),
}
ROLE_GRANTS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"read", "ingest", "review", "export"}),
    "viewer": frozenset({"read"}),
}
# The audit action recorded when a permission is refused.
DENIED_ACTION: dict[str, audit.Action] = {
    "read": "read",
    "ingest": "ingest",
    "review": "review",
    "export": "export",
    "delete": "delete",
    "share": "share",
    "manage_users": "users",
    "read_audit": "audit",
    "settings": "settings",
}


@dataclass
class SetAccess:
    set_id: str
    owner: str | None
    shared_with: list[str] = field(default_factory=list)


def set_access(settings: Settings, set_id: str) -> SetAccess:
    files = SetFiles(settings.sets_dir)
    full = files.resolve(set_id)
    summary = files.summary(full)
    path = files.path(full) / "shares.json"
    shares = _read_shares(path)
    owner = None if summary.owner in shares.get("removed_owners", []) else summary.owner
    return SetAccess(set_id=full, owner=owner, shared_with=[str(u) for u in shares.get("users", [])])


def _read_shares(path: Path) -> dict[str, list[str]]:
    """``shares.json``: who a set is shared with, and owners removed as users (their sets are then
    for admins, so a new user of the same name does not inherit them)."""
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_bytes())
        return {k: [str(u) for u in raw.get(k, [])] for k in ("users", "removed_owners")}
    except (ValueError, AttributeError, TypeError):
        return {}


def allowed(identity: Identity, permission: str, access: SetAccess | None = None) -> bool:
    """True when ``identity`` may do ``permission`` (to the set described by ``access``, if any)."""
    if identity.is_admin:
        return True
    if access is None or permission not in SET_PERMISSIONS:
        return permission in ROLE_GRANTS.get(identity.role, frozenset())
    if access.owner is not None and access.owner == identity.name:
        return permission in OWNER_GRANTS.get(identity.role, frozenset())
    if identity.name in access.shared_with:
        return permission in SHARED_GRANTS.get(identity.role, frozenset())
    return False


def forget_user(settings: Settings, name: str) -> None:
    """A removed user's name taken off every set's shares, and their sets made admin-only, so a new
    user of that name starts with nothing."""
    files = SetFiles(settings.sets_dir)
    for summary in files.all() if settings.sets_dir.is_dir() else []:
        path = files.path(summary.id) / "shares.json"
        shares = _read_shares(path)
        users, removed = shares.get("users", []), shares.get("removed_owners", [])
        if name in users or summary.owner == name:
            removed = sorted({*removed, name}) if summary.owner == name else removed
            _write_shares(settings, summary.id, [u for u in users if u != name], removed)


def deny(settings: Settings, identity: Identity, permission: str, set_id: str | None, why: str) -> None:
    """Log the refusal, then raise it."""
    audit.record(
        settings,
        DENIED_ACTION.get(permission, "read"),
        user=identity.name,
        role=identity.role,
        outcome="denied",
        set_id=set_id,
        detail={"permission": permission},
    )
    raise PermissionDeniedError(why)


def require(settings: Settings, identity: Identity, permission: Permission, set_id: str | None = None) -> None:
    """Raise ``PermissionDeniedError`` (and log it) unless ``identity`` may do ``permission``."""
    access = set_access(settings, set_id) if set_id and permission in SET_PERMISSIONS else None
    if allowed(identity, permission, access):
        return
    what = permission.replace("_", " ")
    if access is None:
        why = f"{identity.name} ({identity.role}) may not {what}; ask an admin"
    else:
        why = f"{identity.name} ({identity.role}) may not {what} contract set {access.set_id[:12]}; ask its owner"
    deny(settings, identity, permission, access.set_id if access else None, why)


def visible_sets(settings: Settings, identity: Identity, sets: list[SetSummary]) -> list[SetSummary]:
    if identity.is_admin:
        return sets
    return [s for s in sets if allowed(identity, "read", set_access(settings, s.id))]


def share(
    settings: Settings, identity: Identity, set_id: str, users: list[str], *, revoke: bool = False
) -> SetAccess:
    """Share a set with named users (or stop sharing it); the owner or an admin may."""
    require(settings, identity, "share", set_id)
    access = set_access(settings, set_id)
    if not revoke and auth_on(settings):
        known = {u.name for u in UserStore(settings).all()}
        unknown = [u for u in users if u not in known]
        if unknown:
            raise NotFoundError(f"no user {', '.join(unknown)}; `reviewer users list` shows the users")
    current = [u for u in access.shared_with if not (revoke and u in users)]
    if not revoke:
        current += [u for u in users if u not in current and u != access.owner]
    _write_shares(settings, access.set_id, current)
    _log_share(settings, identity, access.set_id, {"revoke" if revoke else "grant": ",".join(users)})
    return SetAccess(set_id=access.set_id, owner=access.owner, shared_with=current)


def _log_share(settings: Settings, identity: Identity, set_id: str, detail: dict[str, str]) -> None:
    audit.record(settings, "share", user=identity.name, role=identity.role, set_id=set_id, detail=detail)


def _write_shares(
    settings: Settings, set_id: str, users: list[str], removed_owners: list[str] | None = None
) -> None:
    path = SetFiles(settings.sets_dir).path(set_id) / "shares.json"
    if removed_owners is None:
        removed_owners = _read_shares(path).get("removed_owners", [])
    payload: dict[str, list[str]] = {"users": sorted(set(users))}
    if removed_owners:
        payload["removed_owners"] = removed_owners
    write_private(path, json.dumps(payload, indent=2))


def grant_uploader(settings: Settings, identity: Identity, set_id: str) -> None:
    """Someone who uploads the very files of a stored set already holds them: give them read access.

    Sets are identified by the hash of their files, so a second upload of the same files lands
    on the set already stored (someone else's, perhaps).
    """
    access = set_access(settings, set_id)
    if allowed(identity, "read", access):
        return
    _write_shares(settings, access.set_id, [*access.shared_with, identity.name])
    _log_share(settings, identity, access.set_id, {"grant": identity.name, "reason": "uploaded the same files"})
