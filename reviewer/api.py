"""What the app and the CLI call. Nothing here prints; errors are ``ReviewerError``s."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.compare import ReviewComparison
from reviewer.compare import compare_reviews as _compare_reviews
from reviewer.contract_sets import ContractSets
from reviewer.errors import BadInputError, ConfigError, NotFoundError
from reviewer.judge.learned import model_versions
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval.index import SetIndex, dense_search_for
from reviewer.models import (
    SCHEMA_VERSION,
    ContractSet,
    IngestResult,
    Jurisdiction,
    ProgressCallback,
    Review,
    SearchHit,
    SetSummary,
    Tier,
    no_progress,
)
from reviewer.playbooks.loader import PlaybookEntry, available_playbooks, load_playbook, load_playbook_path
from reviewer.playbooks.positions import resolve_positions
from reviewer.playbooks.schema import Playbook
from reviewer.review import run_review
from reviewer.settings import Settings, get_settings
from reviewer.store.files import write_private
from reviewer.trust import access, users_admin
from reviewer.trust.audit import AuditEntry, read_entries, record
from reviewer.trust.audit_verify import AuditVerification, verify
from reviewer.trust.guard import audited
from reviewer.trust.users import Identity, Role, User
from reviewer.user_settings import EDITABLE, LANGUAGES_FILE, env_overrides, read_saved, saved_languages, saved_path


def _contract_sets(settings: Settings | None) -> ContractSets:
    return ContractSets(settings or get_settings())


def read_files(paths: Sequence[Path | str]) -> list[tuple[str, bytes]]:
    files = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise NotFoundError("no such file; check the path", file=str(path))
        files.append((path.name, path.read_bytes()))
    return files


@audited("ingest", permission="ingest")
def ingest(
    paths: Sequence[Path | str],
    *,
    name: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
    identity: Identity | None = None,
) -> IngestResult:
    """Parse, chunk, embed and store files as one contract set."""
    settings = settings or get_settings()
    from reviewer.ingest.pipeline import check_size

    for raw in paths:  # refuse an oversized file before reading it into memory
        path = Path(raw)
        if path.is_file():
            check_size(path.stat().st_size, path.name, settings)
    return ingest_bytes(read_files(paths), name=name, settings=settings, progress=progress, identity=identity)


@audited("ingest", permission="ingest")
def ingest_bytes(
    files: Sequence[tuple[str, bytes]],
    *,
    name: str | None = None,
    owner: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
    identity: Identity | None = None,
) -> IngestResult:
    """Like ``ingest`` for uploads already in memory: (file name, bytes) pairs."""
    settings = settings or get_settings()
    assert identity is not None  # resolved by @audited
    if owner not in (None, identity.name) and not identity.is_admin:
        access.deny(settings, identity, "ingest", None, f"{identity.name} may not store a set in {owner!r}'s name")
    result = _contract_sets(settings).ingest(files, name=name, owner=owner or identity.name, progress=progress)
    access.grant_uploader(settings, identity, result.contract_set.id)
    return result


@audited("read", permission="read", log="denied")
def list_sets(settings: Settings | None = None, *, identity: Identity | None = None) -> list[SetSummary]:
    """The sets the caller may see (all of them for an admin, or with auth off)."""
    settings = settings or get_settings()
    assert identity is not None  # resolved by @audited
    return access.visible_sets(settings, identity, _contract_sets(settings).all())


@audited("read", permission="read", log="denied")
def get_set(set_id: str, settings: Settings | None = None, *, identity: Identity | None = None) -> ContractSet:
    return _contract_sets(settings).load(set_id)


@audited("read", permission="read", log="denied")
def set_summary(set_id: str, settings: Settings | None = None, *, identity: Identity | None = None) -> SetSummary:
    return _contract_sets(settings).summary(set_id)


@audited("delete", permission="delete", log="denied")
def delete_set(
    set_id: str,
    settings: Settings | None = None,
    *,
    keep_labels: bool = False,
    identity: Identity | None = None,
) -> dict[str, object]:
    """Remove a set's vectors, stored originals, reviews and reports; verify that nothing of it is
    left; log it and write a deletion receipt (its path is ``receipt_path`` in the returned dict).
    The set's local labels go too, or with ``keep_labels`` stay as hashes only (the receipt says which)."""
    from reviewer.trust.deletion import delete_with_receipt

    assert identity is not None  # resolved by @audited
    return delete_with_receipt(settings or get_settings(), identity, set_id, keep_labels=keep_labels)


def set_label_count(set_id: str, settings: Settings | None = None) -> int:
    """How many local labels (overrides) a stored set has: whether deleting it should ask about them."""
    from reviewer.local_labels import LabelStore

    settings = settings or get_settings()
    return len(LabelStore(settings).for_set(_contract_sets(settings).resolve(set_id)))


@audited("read", permission="read", log="denied")
def search(
    set_id: str, query: str, *, k: int = 5, settings: Settings | None = None, identity: Identity | None = None
) -> list[SearchHit]:
    return _contract_sets(settings).search(set_id, query, k)


# --- review ----------------------------------------------------------------------------------


@audited("review", permission="review")
def review(
    *,
    set_id: str | None = None,
    paths: Sequence[Path | str] | None = None,
    playbook: str = "ai-vendor",
    tier: Tier = "internal",
    jurisdictions: Sequence[Jurisdiction] = (),
    llm: str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback = no_progress,
    save: bool = True,
    identity: Identity | None = None,
) -> Review:
    """Review a stored contract set (or files, ingested first) against a playbook."""
    settings = settings or get_settings()
    contract_sets = _contract_sets(settings)
    if set_id is None:
        if not paths:
            raise NotFoundError("give files to review or the id of a stored contract set (--set ID)")
        owner = identity.name if identity else None
        set_id = contract_sets.ingest(read_files(paths), owner=owner, progress=progress).contract_set.id
        if identity is not None:
            access.grant_uploader(settings, identity, set_id)
    contract_set = contract_sets.load(set_id)
    book = load_playbook(playbook, settings)
    index = SetIndex(contract_set, dense=dense_search_for(contract_sets.vectors, contract_set.id))
    judges = build_judges(index, book, llm=llm, settings=settings)
    result = run_review(
        contract_set,
        book,
        tier=tier,
        jurisdictions=list(jurisdictions),
        index=index,
        judges=judges,
        progress=progress,
        settings_snapshot=resolve_positions(book, settings),
    )
    result = result.model_copy(update={"model_version": model_versions.active_version(settings, book.name)})
    if save:
        save_review(result, settings)
    return result


def save_review(result: Review, settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    files = _contract_sets(settings).files
    folder = files.derived_dir(result.contract_set.id, "reviews")
    return write_private(folder / f"{result.id}.json", result.model_dump_json(indent=2))


@audited("read", permission="read", log="denied")
def list_reviews(
    set_id: str, settings: Settings | None = None, *, identity: Identity | None = None
) -> list[Review]:
    contract_sets = _contract_sets(settings)
    folder = contract_sets.files.path(contract_sets.resolve(set_id)) / "reviews"
    reviews = [load_review(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
    return sorted(reviews, key=lambda r: r.created_at, reverse=True)


def load_review(path: Path | str) -> Review:
    """A review JSON file, validated against the current schema."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError("no such review file", file=str(path))
    try:
        return Review.model_validate_json(path.read_bytes())
    except ValueError as exc:
        raise BadInputError(f"not a review JSON of schema {SCHEMA_VERSION}: {exc}", file=path.name) from exc


def playbooks(settings: Settings | None = None) -> dict[str, PlaybookEntry]:
    return available_playbooks(settings or get_settings())


def validate_playbook(path: Path | str) -> Playbook:
    return load_playbook_path(Path(path))


# --- reports ---------------------------------------------------------------------------------

if TYPE_CHECKING:
    from reviewer.local_labels import LocalLabel
    from reviewer.report.docx_redline import RedlineResult
    from reviewer.report.docx_rider import RiderResult


def _stored_set(review_: Review, settings: Settings | None) -> ContractSet | None:
    """The reviewed contract set when it is still stored here (drafts take names and terms from it)."""
    from reviewer.errors import ReviewerError

    try:
        return get_set(review_.contract_set.id, settings)
    except ReviewerError:
        return None


@audited("export", permission="export")
def render_report(
    review: Review, fmt: str = "html", lang: str = "en", *, identity: Identity | None = None
) -> bytes:
    """The gap report and negotiation checklist as html, md, docx or json."""
    from reviewer import report

    return report.render_report(review, fmt, lang)


@audited("export", permission="export")
def rider(
    review: Review, lang: str = "en", settings: Settings | None = None, *, identity: Identity | None = None
) -> RiderResult:
    """The rider: a DOCX of draft clauses for the review's open findings (titled "Data Protection
    and AI Use Addendum"), with the values left to confirm."""
    from reviewer import report

    return report.render_rider(review, lang, _stored_set(review, settings))


def render_rider(
    review: Review, lang: str = "en", settings: Settings | None = None, *, identity: Identity | None = None
) -> bytes:
    return rider(review, lang, settings, identity=identity).data


@audited("export", permission="export")
def redline(
    review: Review,
    source_docx_bytes: bytes,
    lang: str = "en",
    settings: Settings | None = None,
    *,
    verify: bool = False,
    identity: Identity | None = None,
) -> RedlineResult:
    """The uploaded Word contract with the fixes as tracked changes, and where each fix was put.
    The file must be the reviewed version (DocumentMismatchError otherwise, nothing drafted). With
    ``verify``, the accepted redline is reviewed again (``result.round_trip``)."""
    from reviewer import report
    from reviewer.report.docx_redline import open_source
    from reviewer.roundtrip import reviewed_version, round_trip

    settings = settings or get_settings()
    open_source(source_docx_bytes)  # not a Word file: refused before anything else
    stored = _stored_set(review, settings)
    source_name = reviewed_version(review, source_docx_bytes, stored, settings)
    contract_set = stored or _parsed_set(source_name, source_docx_bytes, settings)
    result = report.render_redline(review, source_docx_bytes, lang, contract_set, source_name=source_name)
    if verify and contract_set is not None:
        embedder = _contract_sets(settings).embedder
        result.round_trip = round_trip(review, contract_set, source_name, result.data, settings, embedder)
    return result


def _parsed_set(name: str, data: bytes, settings: Settings | None) -> ContractSet | None:
    """A one-document set parsed from ``data`` (not stored), for the names and terms a draft uses."""
    from reviewer.errors import ReviewerError
    from reviewer.ingest.pipeline import parse_bytes

    try:
        document = parse_bytes(data, name, settings or get_settings())
    except ReviewerError:
        return None
    return ContractSet(id=document.id, name=name, embedding_model="none", documents=[document], chunks=[])


def render_redline(
    review: Review,
    source_docx_bytes: bytes,
    lang: str = "en",
    settings: Settings | None = None,
    *,
    identity: Identity | None = None,
) -> bytes:
    return redline(review, source_docx_bytes, lang, settings, identity=identity).data


@audited("read", permission="read", log="denied")
def draft_clauses(
    review: Review, lang: str = "en", settings: Settings | None = None, *, identity: Identity | None = None
) -> dict[str, str]:
    """The draft clause for each open finding, by check id: its title, a blank line, its text."""
    from reviewer.report.rider import clauses_by_check

    clauses = clauses_by_check(review, lang, _stored_set(review, settings))
    return {check_id: f"{c.title}\n\n{c.text}" for check_id, c in clauses.items()}


# --- trust: login, users, shares, audit log ---------------------------------------------------
# With REVIEWER_AUTH=1 the app calls login() once per browser session and passes the Identity it
# returns as ``identity=`` to every call above; without auth the local user acts as admin.


def login(name: str, password: str, settings: Settings | None = None) -> Identity:
    """Check a user's password (logged either way); PermissionDeniedError when wrong."""
    from reviewer.trust.session import login as check_login

    return check_login(settings or get_settings(), name, password)


def current_identity(settings: Settings | None = None) -> Identity:
    """Who the CLI acts as: the local user (auth off) or the user logged in from the environment."""
    from reviewer.trust.session import resolve

    return resolve(settings or get_settings())


def can(
    identity: Identity, permission: access.Permission, set_id: str | None = None, settings: Settings | None = None
) -> bool:
    """Whether ``identity`` may do ``permission`` (to a set): for showing or hiding buttons."""
    settings = settings or get_settings()
    target = access.set_access(settings, set_id) if set_id else None
    return access.allowed(identity, permission, target)


@audited("share", permission="share", log="denied")
def share_set(
    set_id: str,
    users: Sequence[str],
    *,
    revoke: bool = False,
    settings: Settings | None = None,
    identity: Identity | None = None,
) -> list[str]:
    """Share a set with named users (or stop sharing it); returns who it is shared with now."""
    assert identity is not None  # resolved by @audited
    return access.share(settings or get_settings(), identity, set_id, list(users), revoke=revoke).shared_with


@audited("read", permission="read", log="denied")
def set_shares(
    set_id: str, *, settings: Settings | None = None, identity: Identity | None = None
) -> access.SetAccess:
    """The owner of a set and the users it is shared with."""
    return access.set_access(settings or get_settings(), set_id)


@audited("audit", permission="read_audit", log="denied")
def audit_log(
    *,
    set_id: str | None = None,
    user: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    identity: Identity | None = None,
) -> list[AuditEntry]:
    """Audit entries (oldest first) matching all filters given; admins only."""
    return read_entries(
        settings or get_settings(), set_id=set_id, user=user, action=action, outcome=outcome, limit=limit
    )


@audited("audit", permission="read_audit", log="denied")
def verify_audit_log(
    *, anchors: Sequence[str] = (), settings: Settings | None = None, identity: Identity | None = None
) -> AuditVerification:
    """Check the audit log's hash chain (and hashes noted earlier); each problem names its line."""
    return verify(settings or get_settings(), anchors=list(anchors))


def record_settings_change(
    changes: dict[str, str | int | float | bool | None],
    *,
    settings: Settings | None = None,
    identity: Identity | None = None,
) -> None:
    """Log a change of settings made in the app: names and new values (admins only)."""
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    identity = resolve(settings, identity)
    access.require(settings, identity, "settings")
    record(settings, "settings", user=identity.name, role=identity.role, detail=changes)


def list_users(*, settings: Settings | None = None, identity: Identity | None = None) -> list[User]:
    """Every user (admins only); the password hashes are not part of what callers should show."""
    return users_admin.list_users(settings or get_settings(), identity)


def add_user(
    name: str, role: Role, password: str, *, settings: Settings | None = None, identity: Identity | None = None
) -> User:
    """Add a user (admins; or anyone while there is no user yet, and then only an admin)."""
    return users_admin.add_user(settings or get_settings(), identity, name, role, password)


def remove_user(name: str, *, settings: Settings | None = None, identity: Identity | None = None) -> User:
    return users_admin.remove_user(settings or get_settings(), identity, name)


def set_password(
    name: str, password: str, *, settings: Settings | None = None, identity: Identity | None = None
) -> User:
    """Set a user's password: admins for anyone, every user for themselves."""
    return users_admin.set_password(settings or get_settings(), identity, name, password)


def list_receipts(
    *, settings: Settings | None = None, identity: Identity | None = None
) -> list[dict[str, object]]:
    """Deletion receipts kept on this machine, newest first: all for admins, else the caller's own."""
    from reviewer.trust.deletion import read_receipts
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    who = resolve(settings, identity)
    return [r for r in read_receipts(settings) if who.is_admin or r.get("deleted_by") == who.name]


def verify_deletion_receipt(path: Path | str, *, settings: Settings | None = None) -> list[str]:
    """Problems binding a kept deletion receipt to the audit log; empty when it matches."""
    from reviewer.trust.deletion import verify_receipt

    return verify_receipt(settings or get_settings(), Path(path))


# --- app support -----------------------------------------------------------------------------


@audited("read", permission="read", log="denied")
def original_file(
    set_id: str, document_id: str, settings: Settings | None = None, *, identity: Identity | None = None
) -> tuple[str, bytes]:
    """The uploaded file of one document of a stored set, byte for byte: (file name, bytes)."""
    contract_sets = _contract_sets(settings)
    contract_set = contract_sets.load(set_id)
    try:
        document = contract_set.document(document_id)
    except KeyError:
        raise NotFoundError(f"no document {document_id[:12]} in contract set {contract_set.id[:12]}") from None
    for path in contract_sets.files.originals(contract_set.id):
        if path.name.startswith(document.id[:16]):
            return document.file_name, path.read_bytes()
    raise NotFoundError("the stored original is missing; ingest the file again", file=document.file_name)


def compare_reviews(before: Review, after: Review) -> ReviewComparison:
    """Per check, what changed from ``before`` to ``after`` (e.g. two versions of one vendor's contract)."""
    return _compare_reviews(before, after)


EDITABLE_SETTINGS: tuple[str, ...] = EDITABLE  # what the app's Settings page may change


def saved_settings(settings: Settings | None = None) -> dict[str, object]:
    """What the app saved in ``<data dir>/settings.json`` (only the keys the app may change)."""
    settings = settings or get_settings()
    return dict(read_saved(settings.data_dir))


def settings_from_environment() -> dict[str, str]:
    """Editable settings fixed by a ``REVIEWER_*`` environment variable (they win over saved values)."""
    return env_overrides()


def save_settings(
    values: dict[str, str | int | float | bool | None],
    settings: Settings | None = None,
    *,
    identity: Identity | None = None,
) -> Settings:
    """Validate and save the app-editable settings (admins only; logged); returns the settings now in force."""
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    access.require(settings, resolve(settings, identity), "settings")
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise ConfigError(f"these settings cannot be saved from the app: {', '.join(unknown)}")
    merged = {**read_saved(settings.data_dir), **values}
    try:
        Settings.model_validate({**merged, "data_dir": settings.data_dir})
    except ValueError as exc:
        raise ConfigError(f"settings not saved: {exc}") from exc
    write_private(saved_path(settings.data_dir), json.dumps(merged, indent=2, sort_keys=True))
    record_settings_change(values, settings=settings, identity=identity)
    return get_settings(data_dir=settings.data_dir)


def saved_language(user: str, settings: Settings | None = None) -> str | None:
    """The interface language ``user`` chose last time, if any."""
    settings = settings or get_settings()
    return saved_languages(settings.data_dir).get(user)


def save_language(user: str, lang: str, settings: Settings | None = None) -> None:
    """Remember ``user``'s interface language (anyone may choose their own; not an admin setting)."""
    settings = settings or get_settings()
    if lang not in ("en", "zh"):
        raise ConfigError(f"unknown language {lang!r}; use en or zh")
    languages = {**saved_languages(settings.data_dir), user: lang}
    write_private(settings.data_dir / LANGUAGES_FILE, json.dumps(languages, indent=2, sort_keys=True))


# --- local LLM -------------------------------------------------------------------------------


def configured_hosts(settings: Settings | None = None) -> list[dict[str, object]]:
    """What ``reviewer doctor`` lists as the only hosts the product may contact (no probe), each
    with ``on_this_machine``."""
    from reviewer.trust.doctor import hosts

    return list(hosts(settings or get_settings(), probe=False))


def ollama_status(settings: Settings | None = None) -> dict[str, object]:
    """For the app's "test connection" button: does the configured Ollama server answer, and which
    models does it list? Keys: host, url, reachable, models, model, model_available, error."""
    from reviewer.judge.llm.judge import server_status

    return server_status(settings or get_settings())


# --- corrections: overrides and the local label store ----------------------------------------


def find_review(ref: str, settings: Settings | None = None) -> tuple[Review, Path | None]:
    """A review by the path of its JSON file or by its stored id; and the file it came from."""
    from reviewer.corrections import find_review as _find

    return _find(settings or get_settings(), ref)


def override_finding(
    review: Review,
    check_id: str,
    status: str,
    *,
    evidence: Sequence[str] = (),
    reason: str,
    review_file: Path | None = None,
    settings: Settings | None = None,
    identity: Identity | None = None,
) -> Review:
    """Change a finding's status and deciding sentences, with a reason; the judge's verdict is kept
    beside it, the stored review (and ``review_file``) rewritten, a local label added, the change logged."""
    from reviewer.corrections import override_finding as _override
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    return _override(
        settings,
        resolve(settings, identity),
        review,
        check_id=check_id,
        status=status,
        quotes=evidence,
        reason=reason,
        review_file=review_file,
    )


def local_labels(playbook: str | None = None, settings: Settings | None = None) -> list[LocalLabel]:
    """The labels this machine's overrides made (and those imported), oldest first."""
    from reviewer.corrections import list_labels

    return list_labels(settings or get_settings(), playbook)


def export_labels(playbook: str | None = None, settings: Settings | None = None) -> str:
    """The local labels as CSV text (the corpus labels' columns first)."""
    from reviewer.local_labels import to_csv

    return to_csv(local_labels(playbook, settings))


def import_labels(path: Path | str, settings: Settings | None = None, *, identity: Identity | None = None) -> int:
    """Add a labels file exported elsewhere; every row is checked first and any bad row refuses the file."""
    from reviewer.corrections import import_labels as _import
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    return _import(settings, resolve(settings, identity), Path(path))


# --- versions of the learned models retrained here -------------------------------------------


def model_versions_list(playbook: str, settings: Settings | None = None) -> list[dict[str, object]]:
    """The shipped models and every version retrained on this machine; ``active`` marks the one in force."""
    return model_versions.list_versions(settings or get_settings(), playbook)


def use_model_version(
    playbook: str, version: str, settings: Settings | None = None, *, identity: Identity | None = None
) -> str:
    """Put a model version in force (admins only; logged)."""
    return _model_change(playbook, version, settings, identity)


def rollback_models(playbook: str, settings: Settings | None = None, *, identity: Identity | None = None) -> str:
    """Go back to the model version in force before the current one (admins only; logged)."""
    return _model_change(playbook, None, settings, identity)


def _model_change(playbook: str, version: str | None, settings: Settings | None, identity: Identity | None) -> str:
    from reviewer.trust.session import resolve

    settings = settings or get_settings()
    who = resolve(settings, identity)
    access.require(settings, who, "settings")
    now = (
        model_versions.use(settings, playbook, version) if version else model_versions.rollback(settings, playbook)
    )
    record(settings, "settings", user=who.name, role=who.role, playbook=playbook, detail={"model_version": now})
    return now
