"""``@audited`` makes an api function permission-checked and audited in one line (e.g. an export)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer import api
from reviewer.contract_sets import ContractSets
from reviewer.errors import NotFoundError, PermissionDeniedError
from reviewer.models import Review
from reviewer.settings import Settings
from reviewer.trust import audit, session, users
from reviewer.trust.guard import audited
from reviewer.trust.users import Identity
from tests.conftest import FakeEmbedder
from tests.support.builders import english_docx

MINI = Path(__file__).parents[1] / "data" / "mini-playbook.yaml"


@audited("export", permission="export")
def render_bytes(review: Review, fmt: str = "html") -> bytes:
    """A renderer that takes neither settings nor identity (like api.render_report)."""
    return f"{review.id} as {fmt}".encode()


@audited("export", permission="export")
def render_report(
    review: Review, fmt: str, out: Path, *, settings: Settings | None = None, identity: Identity | None = None
) -> Path:
    """What a report renderer in api.py looks like with the one added line."""
    if fmt not in ("html", "md"):
        raise NotFoundError(f"no {fmt} renderer")
    target = out / f"report.{fmt}"
    target.write_text(f"{review.contract_set.name}: {len(review.findings)} findings")
    return target


def _office_with_admin(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[Settings, Identity]:
    """Settings with login on (and a fake embedder), and its first admin, logged in."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)
    office = Settings(data_dir=settings.data_dir, auth=True)
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or office, embedder=FakeEmbedder()))
    api.add_user("ada", "admin", "password one", settings=office)
    return office, api.login("ada", "password one", settings=office)


def test_an_export_is_checked_and_logged(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    office, ada = _office_with_admin(settings, monkeypatch)
    api.add_user("rita", "reviewer", "password two", settings=office, identity=ada)
    api.add_user("vic", "viewer", "password three", settings=office, identity=ada)
    rita, vic = (
        api.login("rita", "password two", settings=office),
        api.login("vic", "password three", settings=office),
    )
    session.forget_sessions()

    review = api.review(
        paths=[english_docx(tmp_path / "msa.docx")],
        playbook=str(MINI),
        tier="core-secret",
        settings=office,
        identity=rita,
    )
    api.share_set(review.contract_set.id, ["vic"], settings=office, identity=rita)

    path = render_report(review, "html", tmp_path, settings=office, identity=rita)
    entry = audit.read_entries(office, action="export")[-1]
    assert (entry.user, entry.outcome, entry.set_id) == ("rita", "ok", review.contract_set.id)
    assert (entry.playbook, entry.tier) == ("mini", "core-secret")
    assert entry.files == [d.sha256 for d in review.contract_set.documents]
    assert entry.detail["fmt"] == "html" and entry.detail["output"] == path.name
    assert entry.detail["review_id"] == review.id

    with pytest.raises(PermissionDeniedError, match="may not export"):
        render_report(review, "html", tmp_path, settings=office, identity=vic)  # shared for reading only
    with pytest.raises(NotFoundError):
        render_report(review, "pdf", tmp_path, settings=office, identity=rita)
    assert render_bytes(review, "md", settings=office, identity=rita).endswith(b"as md")
    with pytest.raises(PermissionDeniedError):
        render_bytes(review, "md", settings=office, identity=vic)
    outcomes = [(e.user, e.outcome) for e in audit.read_entries(office, action="export")]
    assert outcomes == [("rita", "ok"), ("vic", "denied"), ("rita", "error"), ("rita", "ok"), ("vic", "denied")]
    assert audit.read_entries(office, action="export")[2].detail["error"] == "not-found"


def test_nested_calls_act_for_the_caller(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A renderer that reads the stored set (as the drafts do) needs no identity of its own."""
    office, ada = _office_with_admin(settings, monkeypatch)
    api.add_user("rita", "reviewer", "password two", settings=office, identity=ada)
    rita = api.login("rita", "password two", settings=office)
    session.set_prompt(None)
    session.forget_sessions()

    @audited("export", permission="export")
    def draft(review: Review) -> str:
        return api.get_set(review.contract_set.id, settings=office).name  # no identity passed

    review = api.review(
        paths=[english_docx(tmp_path / "msa.docx")], playbook=str(MINI), settings=office, identity=rita
    )
    assert draft(review, settings=office, identity=rita) == "msa"
    assert [e.action for e in audit.read_entries(office) if e.user == "rita"][-1] == "export"
    assert audit.read_entries(office, outcome="denied") == []
