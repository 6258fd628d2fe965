"""Users, roles, owners and shares through the api, with every refusal logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer import api
from reviewer.contract_sets import ContractSets
from reviewer.errors import ConfigError, PermissionDeniedError
from reviewer.settings import Settings
from reviewer.trust import audit, session, users
from reviewer.trust.users import Identity
from tests.conftest import FakeEmbedder
from tests.support.builders import english_docx

PASSWORD = "correct horse battery"


@pytest.fixture
def office(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Settings]:
    """Auth on, an admin, two reviewers and a viewer; the fake embedder behind the api."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or on, embedder=FakeEmbedder()))
    on = Settings(data_dir=settings.data_dir, auth=True)
    api.add_user("ada", "admin", PASSWORD, settings=on)
    admin = api.login("ada", PASSWORD, settings=on)
    for name, role in (("rita", "reviewer"), ("rob", "reviewer"), ("vic", "viewer")):
        api.add_user(name, role, PASSWORD, settings=on, identity=admin)  # type: ignore[arg-type]
    session.forget_sessions()
    yield on
    session.forget_sessions()


def _as(settings: Settings, name: str) -> Identity:
    return api.login(name, PASSWORD, settings=settings)


def _upload(settings: Settings, who: Identity, tmp_path: Path, title: str = "Master Services Agreement") -> str:
    path = english_docx(tmp_path / f"{title}.docx", title=title)
    return api.ingest([path], settings=settings, identity=who).contract_set.id


def _denied(settings: Settings) -> list[audit.AuditEntry]:
    return audit.read_entries(settings, outcome="denied")


def test_passwords_are_hashed_and_never_written_in_clear(office: Settings) -> None:
    stored = (office.data_dir / "users.json").read_text()
    assert PASSWORD not in stored and "bcrypt-sha256$" in stored
    assert PASSWORD not in audit.log_path(office).read_text()
    assert oct((office.data_dir / "users.json").stat().st_mode & 0o777) == "0o600"


def test_login_is_logged_good_or_bad(office: Settings) -> None:
    _as(office, "rita")
    with pytest.raises(PermissionDeniedError):
        api.login("rita", "wrong password", settings=office)
    with pytest.raises(PermissionDeniedError):
        api.login("nobody", PASSWORD, settings=office)
    with pytest.raises(PermissionDeniedError):
        api.login(PASSWORD * 4000, PASSWORD, settings=office)  # a password typed into the name field
    logins = audit.read_entries(office, action="login")
    assert [(e.user, e.outcome) for e in logins][-4:-2] == [("rita", "ok"), ("rita", "denied")]
    unknown = [e.user for e in logins[-2:]]
    assert all(u.startswith("(unknown name, sha256 ") and len(u) < 40 for u in unknown), unknown
    assert (
        "nobody" not in audit.log_path(office).read_text() and PASSWORD not in audit.log_path(office).read_text()
    )


def test_the_uploader_owns_the_set_and_others_do_not_see_it(office: Settings, tmp_path: Path) -> None:
    rita, rob, vic, ada = (_as(office, n) for n in ("rita", "rob", "vic", "ada"))
    set_id = _upload(office, rita, tmp_path)
    assert api.set_summary(set_id, settings=office, identity=rita).owner == "rita"
    assert [s.id for s in api.list_sets(office, identity=rita)] == [set_id]
    assert api.list_sets(office, identity=rob) == [] and api.list_sets(office, identity=vic) == []
    assert [s.id for s in api.list_sets(office, identity=ada)] == [set_id]
    with pytest.raises(PermissionDeniedError, match="may not read"):
        api.get_set(set_id, settings=office, identity=rob)
    with pytest.raises(PermissionDeniedError, match="may not delete"):
        api.delete_set(set_id, settings=office, identity=rob)
    with pytest.raises(PermissionDeniedError):
        api.search(set_id, "breach", settings=office, identity=vic)
    assert [(e.user, e.action, e.set_id) for e in _denied(office)] == [
        ("rob", "read", set_id),
        ("rob", "delete", set_id),
        ("vic", "read", set_id),
    ]


def test_viewers_cannot_upload_or_review(office: Settings, tmp_path: Path) -> None:
    vic = _as(office, "vic")
    with pytest.raises(PermissionDeniedError, match="may not ingest"):
        _upload(office, vic, tmp_path)
    with pytest.raises(PermissionDeniedError, match="may not review"):
        api.review(paths=[english_docx(tmp_path / "x.docx")], settings=office, identity=vic)
    assert [e.action for e in _denied(office)] == ["ingest", "review"]
    assert api.list_sets(office, identity=_as(office, "ada")) == []  # nothing was stored


def test_sharing_gives_read_to_viewers_and_review_to_reviewers(office: Settings, tmp_path: Path) -> None:
    rita, rob, vic = (_as(office, n) for n in ("rita", "rob", "vic"))
    set_id = _upload(office, rita, tmp_path)
    assert api.share_set(set_id, ["rob", "vic"], settings=office, identity=rita) == ["rob", "vic"]
    assert api.get_set(set_id, settings=office, identity=vic).id == set_id
    assert api.can(vic, "read", set_id, office) and not api.can(vic, "review", set_id, office)
    assert api.can(rob, "review", set_id, office) and api.can(rob, "export", set_id, office)
    assert not api.can(rob, "delete", set_id, office) and not api.can(rob, "share", set_id, office)
    with pytest.raises(PermissionDeniedError):
        api.share_set(set_id, ["vic"], revoke=True, settings=office, identity=rob)
    api.share_set(set_id, ["vic"], revoke=True, settings=office, identity=rita)
    with pytest.raises(PermissionDeniedError):
        api.get_set(set_id, settings=office, identity=vic)
    shares = json.loads((office.sets_dir / set_id / "shares.json").read_text())
    assert shares == {"users": ["rob"]}


def test_sharing_with_an_unknown_user_is_refused(office: Settings, tmp_path: Path) -> None:
    rita = _as(office, "rita")
    set_id = _upload(office, rita, tmp_path)
    with pytest.raises(Exception, match="no user"):
        api.share_set(set_id, ["mallory"], settings=office, identity=rita)


def test_uploading_the_same_files_grants_read_access(office: Settings, tmp_path: Path) -> None:
    rita, rob = _as(office, "rita"), _as(office, "rob")
    path = english_docx(tmp_path / "same.docx")  # the very same bytes, uploaded twice
    first = api.ingest([path], settings=office, identity=rita).contract_set.id
    second = api.ingest([path], settings=office, identity=rob).contract_set.id
    assert first == second
    assert api.set_summary(first, settings=office, identity=rob).owner == "rita"
    assert not api.can(rob, "delete", first, office)


def test_users_are_managed_by_admins_only(office: Settings) -> None:
    rita, ada = _as(office, "rita"), _as(office, "ada")
    with pytest.raises(PermissionDeniedError):
        api.add_user("eve", "admin", PASSWORD, settings=office, identity=rita)
    with pytest.raises(PermissionDeniedError):
        api.list_users(settings=office, identity=rita)
    with pytest.raises(PermissionDeniedError):
        api.set_password("rob", "new password 1", settings=office, identity=rita)
    api.set_password("rita", "new password 1", settings=office, identity=rita)  # her own
    assert api.login("rita", "new password 1", settings=office).role == "reviewer"
    with pytest.raises(ConfigError, match="last admin"):
        api.remove_user("ada", settings=office, identity=ada)
    api.remove_user("vic", settings=office, identity=ada)
    assert [u.name for u in api.list_users(settings=office, identity=ada)] == ["ada", "rita", "rob"]
    changes = [e.detail["change"] for e in audit.read_entries(office, action="users", outcome="ok")]
    assert changes == ["add", "add", "add", "add", "password", "remove"]


def test_the_audit_log_is_for_admins(office: Settings) -> None:
    rita, ada = _as(office, "rita"), _as(office, "ada")
    with pytest.raises(PermissionDeniedError):
        api.audit_log(settings=office, identity=rita)
    entries = api.audit_log(user="rita", settings=office, identity=ada)
    assert entries and all(e.user == "rita" for e in entries)
    assert api.verify_audit_log(settings=office, identity=ada).ok


def test_the_first_user_must_be_an_admin(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    on = Settings(data_dir=settings.data_dir, auth=True)
    with pytest.raises(ConfigError, match="first user must be an admin"):
        api.add_user("rita", "reviewer", PASSWORD, settings=on)
    with pytest.raises(PermissionDeniedError, match="no users exist"):
        api.list_sets(on)


def test_auth_on_without_credentials_is_refused(office: Settings) -> None:
    session.set_prompt(None)
    with pytest.raises(PermissionDeniedError, match="login required"):
        api.list_sets(office)


def test_the_cli_logs_in_from_the_environment_once(office: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_AUTH", "1")
    monkeypatch.setenv("REVIEWER_USER", "rita")
    monkeypatch.setenv("REVIEWER_PASSWORD", PASSWORD)
    env = Settings()
    assert (
        api.current_identity(env)
        == api.current_identity(env)
        == Identity(name="rita", role="reviewer", authenticated=True)
    )
    assert len(audit.read_entries(office, action="login", user="rita")) == 1


def test_with_auth_off_the_local_user_acts_as_admin(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    local = Settings(data_dir=settings.data_dir, user="owner-of-laptop")
    set_id = api.ingest([english_docx(tmp_path / "m.docx")], settings=local).contract_set.id
    assert api.set_summary(set_id, settings=local).owner == "owner-of-laptop"
    assert api.current_identity(local).role == "admin"
    entry = audit.read_entries(local, action="ingest")[-1]
    assert entry.user == "owner-of-laptop" and entry.set_id == set_id and entry.files


def test_a_re_added_user_does_not_inherit_the_old_users_sets(office: Settings, tmp_path: Path) -> None:
    ada, rita = _as(office, "ada"), _as(office, "rita")
    own = _upload(office, rita, tmp_path)
    shared = _upload(office, ada, tmp_path, title="Data Processing Agreement")
    api.share_set(shared, ["vic"], settings=office, identity=ada)
    for name in ("rita", "vic"):
        api.remove_user(name, settings=office, identity=ada)
        api.add_user(name, "viewer", PASSWORD, settings=office, identity=ada)
    new_rita, new_vic = _as(office, "rita"), _as(office, "vic")
    assert api.list_sets(office, identity=new_rita) == [] and api.list_sets(office, identity=new_vic) == []
    for who, set_id in ((new_rita, own), (new_vic, shared)):
        with pytest.raises(PermissionDeniedError):
            api.search(set_id, "data", settings=office, identity=who)


def test_with_users_in_the_data_dir_login_is_on_whatever_the_environment_says(
    office: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REVIEWER_AUTH", raising=False)
    monkeypatch.delenv("REVIEWER_USER", raising=False)
    monkeypatch.delenv("REVIEWER_PASSWORD", raising=False)
    off = Settings(data_dir=office.data_dir)
    assert off.auth is False
    with pytest.raises(PermissionDeniedError, match="login required"):
        api.audit_log(settings=off)
    with pytest.raises(PermissionDeniedError):
        api.login("mallory", "anything", settings=off)


def test_a_review_whose_set_id_is_cut_short_is_checked_against_that_set(office: Settings, tmp_path: Path) -> None:
    rita, rob = _as(office, "rita"), _as(office, "rob")
    set_id = _upload(office, rita, tmp_path)
    review = api.review(set_id=set_id, playbook="ai-vendor", settings=office, identity=rita)
    cut = review.model_copy(update={"contract_set": review.contract_set.model_copy(update={"id": set_id[:8]})})
    with pytest.raises(PermissionDeniedError):
        api.render_report(cut, "json", settings=office, identity=rob)
    exports = audit.read_entries(office, action="export", user="rob")
    assert [(e.outcome, e.set_id) for e in exports] == [("denied", set_id)]
    assert api.render_report(cut, "json", settings=office, identity=rita)  # its owner still may


def test_a_user_cannot_store_a_set_in_another_users_name(office: Settings, tmp_path: Path) -> None:
    rob = _as(office, "rob")
    data = english_docx(tmp_path / "m.docx").read_bytes()
    with pytest.raises(PermissionDeniedError, match="in 'rita'"):
        api.ingest_bytes([("m.docx", data)], owner="rita", settings=office, identity=rob)
    assert api.list_sets(office, identity=_as(office, "ada")) == []
    assert audit.read_entries(office, action="ingest")[-1].outcome == "denied"
