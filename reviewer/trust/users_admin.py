"""Managing users, with the permission checks and the audit entries (``users`` action).

The very first user may be added by anyone (there is nobody to ask yet) and must be an admin.
After that, admins manage users; every user may change their own password.
"""

from __future__ import annotations

from reviewer.settings import Settings
from reviewer.trust import audit
from reviewer.trust.access import forget_user, require
from reviewer.trust.session import resolve
from reviewer.trust.users import Identity, Role, User, UserStore


def _log(settings: Settings, identity: Identity, what: str, name: str, role: str | None = None) -> None:
    detail: dict[str, str] = {"change": what, "target": name}
    if role:
        detail["target_role"] = role
    audit.record(settings, "users", user=identity.name, role=identity.role, detail=detail)


def list_users(settings: Settings, identity: Identity | None) -> list[User]:
    who = resolve(settings, identity)
    require(settings, who, "manage_users")
    return UserStore(settings).all()


def add_user(settings: Settings, identity: Identity | None, name: str, role: Role, password: str) -> User:
    store = UserStore(settings)
    if store.empty():
        # Bootstrapping: nobody can log in yet, so the caller is whoever runs this on the machine.
        who = identity or Identity(name=settings.current_user, role="admin")
    else:
        who = resolve(settings, identity)
        require(settings, who, "manage_users")
    user = store.add(name, role, password)
    _log(settings, who, "add", name, role)
    return user


def remove_user(settings: Settings, identity: Identity | None, name: str) -> User:
    who = resolve(settings, identity)
    require(settings, who, "manage_users")
    user = UserStore(settings).remove(name)
    forget_user(settings, name)
    _log(settings, who, "remove", name, user.role)
    return user


def set_password(settings: Settings, identity: Identity | None, name: str, password: str) -> User:
    who = resolve(settings, identity)
    if who.name != name:
        require(settings, who, "manage_users")
    user = UserStore(settings).set_password(name, password)
    _log(settings, who, "password", name)
    return user
