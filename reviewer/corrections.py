"""What a reviewer's correction does on this machine: the stored review changes, the local label
store gains a row, and the audit log records who changed what (never the contract's words)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reviewer.contract_sets import ContractSets
from reviewer.errors import BadInputError, NotFoundError, ReviewerError
from reviewer.local_labels import LabelStore, LocalLabel, label_from, read_labels_file
from reviewer.models import Review
from reviewer.overrides import apply_override
from reviewer.playbooks.loader import available_playbooks, load_playbook
from reviewer.playbooks.schema import Playbook
from reviewer.settings import Settings
from reviewer.store.files import write_private
from reviewer.trust import access, audit
from reviewer.trust.users import Identity


def stored_reviews(settings: Settings) -> list[Path]:
    return sorted(settings.sets_dir.glob("*/reviews/*.json"))


def find_review(settings: Settings, ref: str) -> tuple[Review, Path | None]:
    """A review by the path of its JSON file or by its id (a prefix will do); and that file."""
    path = Path(ref)
    if path.is_file():
        try:
            return Review.model_validate_json(path.read_bytes()), path
        except ValueError as exc:
            raise BadInputError(f"not a review JSON file: {exc}", file=path.name) from exc
    hits = [p for p in stored_reviews(settings) if p.stem.startswith(ref)] if len(ref) >= 6 else []
    if len(hits) != 1:
        why = (
            "matches several reviews; give more of it"
            if hits
            else "is neither a review file nor a stored review id"
        )
        raise NotFoundError(f"{ref!r} {why}; `reviewer sets show ID` lists a set's reviews")
    return Review.model_validate_json(hits[0].read_bytes()), None


def _save(settings: Settings, review: Review, also: Path | None) -> None:
    files = ContractSets(settings).files
    write_private(
        files.derived_dir(review.contract_set.id, "reviews") / f"{review.id}.json",
        review.model_dump_json(indent=2),
    )
    if also is not None:
        write_private(also, review.model_dump_json(indent=2))


def override_finding(
    settings: Settings,
    identity: Identity,
    review: Review,
    *,
    check_id: str,
    status: str,
    quotes: Sequence[str],
    reason: str,
    review_file: Path | None = None,
) -> Review:
    """Change one finding's status (and its deciding sentences); refused for viewers, and with a
    typed error (nothing changed) for an unknown check, a status not allowed or a quote not in the contract."""
    set_id = review.contract_set.id
    access.require(settings, identity, "review", set_id if ContractSets(settings).files.exists(set_id) else None)
    try:
        contract_set = ContractSets(settings).load(set_id)
    except ReviewerError as exc:
        raise NotFoundError(
            f"contract set {set_id[:12]} is not stored here to check the quotes against; ingest its files first"
        ) from exc
    playbook = load_playbook(review.playbook.name, settings)
    changed, finding = apply_override(
        review,
        contract_set,
        playbook,
        check_id=check_id,
        status=status,
        quotes=quotes,
        reason=reason,
        user=identity.name,
    )
    _save(settings, changed, review_file)
    LabelStore(settings).add([label_from(changed, finding, playbook, identity.name)])
    assert finding.override is not None
    audit.record(
        settings,
        "review",
        user=identity.name,
        role=identity.role,
        set_id=set_id,
        files=[d.sha256 for d in review.contract_set.documents],
        playbook=review.playbook.name,
        tier=review.tier,
        detail={
            "change": "override",
            "review_id": review.id,
            "check": check_id,
            "from": finding.override.original_status,
            "to": status,
            "evidence": len(finding.evidence),
        },
    )
    return changed


def _playbooks(settings: Settings) -> dict[str, Playbook]:
    return {name: load_playbook(name, settings) for name in available_playbooks(settings)}


def import_labels(settings: Settings, identity: Identity, path: Path) -> int:
    """Validate every row of a labels file, then add them all (or refuse the whole file)."""
    access.require(settings, identity, "review")
    labels = read_labels_file(path, _playbooks(settings))
    count = LabelStore(settings).add(labels)
    audit.record(
        settings,
        "review",
        user=identity.name,
        role=identity.role,
        detail={"change": "labels-import", "rows": count},
    )
    return count


def list_labels(settings: Settings, playbook: str | None = None) -> list[LocalLabel]:
    return [label for label in LabelStore(settings).all() if playbook is None or label.playbook == playbook]


def training_folder(settings: Settings, playbook: str, folder: Path) -> tuple[Path, Path, int]:
    """The local labels of ``playbook`` whose text and set are still here, as a corpus-format labels
    CSV and a folder of their documents (the stored originals, under the labelled file names), for
    the learned judge's trainer: (labels CSV, documents folder, rows). Hash-only labels are left out."""
    from reviewer.local_labels import CORPUS_COLUMNS, SET_SEPARATOR, to_csv

    files = ContractSets(settings).files
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    rows = []
    for label in list_labels(settings, playbook):
        if not files.exists(label.set_id) or not label.document:
            continue
        originals = files.originals(label.set_id)
        names = label.document.split(SET_SEPARATOR)
        for sha, name in zip(label.document_sha256.split(SET_SEPARATOR), names, strict=False):
            source = next((p for p in originals if p.name.startswith(sha[:16])), None)
            if source is not None:
                (docs / name).write_bytes(source.read_bytes())
        rows.append(label)
    path = write_private(folder / f"{playbook}-local.csv", to_csv(rows, CORPUS_COLUMNS))
    return path, docs, len(rows)
