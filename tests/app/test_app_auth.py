"""The app with accounts on (REVIEWER_AUTH=1): sign-in, what each role sees, the audit log page,
and the deletion receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewer import api
from reviewer.settings import get_settings
from tests.app.contracts import vendor_docx
from tests.app.helpers import button, new_app, start_review

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery"


@pytest.fixture
def team(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REVIEWER_AUTH", "1")
    settings = get_settings()
    admin = api.add_user("alice", "admin", PASSWORD, settings=settings)
    api.add_user("bob", "reviewer", PASSWORD, settings=settings, identity=api.login("alice", PASSWORD, settings))
    api.add_user("carol", "viewer", PASSWORD, settings=settings, identity=api.login("alice", PASSWORD, settings))
    assert admin.name == "alice"
    return app_env


def _sign_in(name: str, password: str = PASSWORD) -> Any:
    at = new_app()
    assert at.title[0].value == "Sign in"
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    button(at, "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def _pages(at: Any) -> list[str]:
    return list(at.radio(key="nav").options)


def test_a_wrong_password_is_refused_with_a_message(team: Path) -> None:
    at = _sign_in("bob", "not the password")
    assert at.title[0].value == "Sign in" and at.error, "no message for a wrong password"
    assert "identity" not in at.session_state


def test_roles_see_what_they_may_do_and_the_admin_reads_the_audit_log(team: Path, tmp_path: Path) -> None:
    bob = _sign_in("bob")
    assert any("Signed in as **bob** (reviewer)" in c.value for c in bob.sidebar.caption)
    assert "Audit log" not in [o.split()[-1] for o in _pages(bob)] and len(_pages(bob)) == 4
    path = vendor_docx(tmp_path / "dpa.docx")
    review = start_review(bob, [(path.name, path.read_bytes())], name="Acme AI").review
    assert review is not None and bob.session_state["nav"] == "Results"
    bob.radio(key="nav").set_value("History").run()
    assert bob.button(key=f"delete_{review.contract_set.id}")  # the uploader may delete their own set

    carol = _sign_in("carol")
    assert any("starting a review needs the reviewer role" in i.value for i in carol.info)
    carol.radio(key="nav").set_value("History").run()
    assert any("Nothing stored yet" in i.value for i in carol.info)  # bob's set is not shared with her

    alice = _sign_in("alice")
    assert len(_pages(alice)) == 5
    alice.radio(key="nav").set_value("Audit log").run()
    assert not alice.exception
    table = next(d.value for d in alice.dataframe if "Action" in d.value.columns)
    assert {"login", "ingest", "review"} <= set(table["Action"])
    assert "bob (reviewer)" in set(table["User"])
    button(alice, "Verify the log's hash chain").click().run()
    assert any("the chain is intact" in s.value for s in alice.success)


def test_deleting_gives_a_receipt(team: Path, tmp_path: Path) -> None:
    bob = _sign_in("bob")
    path = vendor_docx(tmp_path / "dpa.docx")
    review = start_review(bob, [(path.name, path.read_bytes())], name="Acme AI").review
    bob.radio(key="nav").set_value("History").run()
    bob.button(key=f"delete_{review.contract_set.id}").click().run()
    bob.button(key=f"delete_yes_{review.contract_set.id}").click().run()
    notice = next(s.value for s in bob.success if s.value.startswith("Deleted Acme AI"))
    assert "checked that nothing is left" in notice and "deletion receipt" in notice
    (receipt,) = api.list_receipts(settings=get_settings(), identity=api.login("alice", PASSWORD, get_settings()))
    assert receipt["set_name"] == "Acme AI" and receipt["deleted_by"] == "bob"
