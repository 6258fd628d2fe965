"""The learned judge: training on a tiny synthetic set, predictions, the model file, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import parse_bytes
from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.learned.datasets import GoldLabel, LabelledDocument
from reviewer.judge.learned.features import FeatureSpec, check_fingerprint
from reviewer.judge.learned.judge import CheckModel, LearnedJudge, ModelFileError, load_model, model_path
from reviewer.judge.learned.training import (
    TrainingParams,
    check_data,
    cross_validate,
    fit_check,
    predict,
    prepare_documents,
)
from reviewer.judge.retrieval.index import SetIndex
from reviewer.models import ContractSet
from reviewer.playbooks.schema import Check, Playbook
from reviewer.settings import Settings
from tests.conftest import FakeEmbedder

FILLER = [
    "This agreement is made between the parties named on the signature page.",
    "Each party shall bear its own costs of the discussions.",
    "Notices shall be sent by registered post to the addresses above.",
    "This agreement is governed by the laws of the State of Delaware.",
    "The headings in this agreement are for convenience only.",
    "This agreement may be signed in counterparts.",
]
GRANT = "The recipient shall not reverse engineer, decompile or disassemble any sample or prototype it receives."
ALLOW = "The recipient may freely reverse engineer and analyse any sample or prototype it receives."


def _check(model: str | None = "unit/no-reverse-engineering") -> Check:
    return Check.model_validate(
        {
            "id": "no-reverse-engineering",
            "title": "No reverse engineering",
            "category": "Restrictive covenants",
            "severity": "medium",
            "standard_position": "The recipient shall not reverse engineer samples or prototypes.",
            "queries": {"en": ["reverse engineer decompile disassemble samples prototypes"]},
            "signals": {
                "met": {"en": ["shall\\s+not\\s+reverse[\\s-]*engineer"]},
                "contradicted": {"en": ["may\\s+(?:freely\\s+)?reverse[\\s-]*engineer"]},
            },
            "model": model,
        }
    )


def _document(n: int, clause: str | None) -> tuple[str, list[tuple[int, int]]]:
    """A small agreement with ``clause`` (if any) somewhere among filler sentences."""
    sentences = [FILLER[(n + i) % len(FILLER)] for i in range(4)]
    if clause:
        sentences.insert(1 + n % 3, clause)
    text = "\n\n".join(sentences)
    spans = [(text.index(clause), text.index(clause) + len(clause))] if clause else []
    return text, spans


def _training_set() -> list[LabelledDocument]:
    docs = []
    for n in range(18):
        clause, status = [(GRANT, "satisfied"), (ALLOW, "conflicting"), (None, "missing")][n % 3]
        text, spans = _document(n, clause)
        docs.append(LabelledDocument(f"doc-{n}", text, {"no-reverse-engineering": GoldLabel(status, spans)}))  # type: ignore[arg-type]
    return docs


@pytest.fixture(scope="module")
def trained() -> tuple[CheckModel, object, FeatureSpec]:
    embedder = FakeEmbedder()
    spec = FeatureSpec(embedding_model=embedder.model_id, embedding_dim=embedder.dim, hash_dims=64)
    prepared = prepare_documents(_training_set(), embedder.embed, spec)
    data = check_data(_check(), "no-reverse-engineering", prepared, embedder.embed, spec)
    model = fit_check(data, np.arange(len(data.docs)), spec, TrainingParams(l2_sentence=1.0, inner_folds=3))
    return model, data, spec


def _contract_set(text: str, settings: Settings) -> ContractSet:
    doc = parse_bytes(text.encode(), "agreement.txt", settings)
    return ContractSet(
        id="set-1",
        name="agreement",
        embedding_model="fake",
        documents=[doc],
        chunks=chunk_document(doc, "set-1"),
    )


def _judge(model_file: Path, text: str, settings: Settings, prior: Verdict | None = None) -> Verdict:
    contract_set = _contract_set(text, settings)
    index = SetIndex(contract_set)
    check = _check(model=str(model_file))
    embedder = FakeEmbedder()
    judge = LearnedJudge(index, None, lambda model_id: embedder.embed)
    context = CheckContext(check=check, tier="internal", jurisdictions=[], passages=[], hits=[])
    return judge.judge(context, prior)


def test_training_learns_each_status(trained: tuple[CheckModel, object, FeatureSpec]) -> None:
    model, data, _ = trained
    assert model.statuses == ["missing", "satisfied", "conflicting"]
    predictions = [predict(model, data, i) for i in range(len(data.docs))]  # type: ignore[attr-defined]
    assert [p.predicted for p in predictions] == [p.gold for p in predictions]
    cited = [p for p in predictions if p.gold != "missing"]
    assert all(any(c[0] <= g[0] and g[1] <= c[1] for c in p.cited for g in p.gold_spans) for p in cited)


def test_cross_validation_holds_documents_out(trained: tuple[CheckModel, object, FeatureSpec]) -> None:
    _, data, spec = trained
    predictions = cross_validate(data, spec, TrainingParams(l2_sentence=1.0, inner_folds=3), folds=3)  # type: ignore[arg-type]
    assert sorted(p.doc_index for p in predictions) == list(range(18))
    assert sum(p.predicted == p.gold for p in predictions) >= 15


def test_predictions_follow_the_features(
    trained: tuple[CheckModel, object, FeatureSpec], tmp_path: Path, settings: Settings
) -> None:
    model, _, _ = trained
    path = model.save(tmp_path / "m.npz")
    granted = _judge(path, _document(40, GRANT)[0], settings)
    allowed = _judge(path, _document(40, ALLOW)[0], settings)
    silent = _judge(path, _document(40, None)[0], settings)
    assert (granted.status, allowed.status, silent.status) == ("satisfied", "conflicting", "missing")
    assert granted.judge == "model" and granted.evidence and not silent.evidence
    quote = granted.evidence[0]
    assert quote.quote == GRANT
    parsed = parse_bytes(_document(40, GRANT)[0].encode(), "agreement.txt", settings).text
    assert parsed[quote.start : quote.end] == GRANT


def test_model_file_round_trips(trained: tuple[CheckModel, object, FeatureSpec], tmp_path: Path) -> None:
    model, data, _ = trained
    loaded = load_model(model.save(tmp_path / "nested" / "m.npz"))
    assert loaded.statuses == model.statuses and loaded.evidence_statuses == model.evidence_statuses
    assert loaded.spec == model.spec and loaded.max_evidence == model.max_evidence
    assert loaded.info["fingerprint"] == check_fingerprint(_check())
    for i in range(3):
        a = model.document_probabilities(data.features[i], data.flags[i])[0]  # type: ignore[attr-defined]
        b = loaded.document_probabilities(data.features[i], data.flags[i])[0]  # type: ignore[attr-defined]
        assert np.allclose(a, b, atol=1e-4)


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"not found: .*absent\.npz.*retrain"):
        load_model(tmp_path / "absent.npz")


def test_garbage_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.npz"
    path.write_bytes(b"this is not a numpy archive")
    with pytest.raises(ModelFileError, match=r"garbage\.npz cannot be read"):
        load_model(path)


def test_inconsistent_model_file_is_a_clear_error(
    trained: tuple[CheckModel, object, FeatureSpec], tmp_path: Path
) -> None:
    model, _, _ = trained
    good = model.save(tmp_path / "good.npz")
    with np.load(good) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["relevance"] = arrays["relevance"][:-5]
    bad = tmp_path / "short.npz"
    np.savez(bad, **arrays)
    with pytest.raises(ModelFileError, match=r"short\.npz is inconsistent \(relevance has shape"):
        load_model(bad)
    with zipfile.ZipFile(tmp_path / "nometa.npz", "w") as zf:
        zf.writestr("relevance.npy", b"")
    with pytest.raises(ModelFileError, match=r"nometa\.npz"):
        load_model(tmp_path / "nometa.npz")


def test_judge_keeps_the_prior_verdict_when_the_model_is_unusable(tmp_path: Path, settings: Settings) -> None:
    prior = Verdict(status="partial", confidence=0.6, rationale="rules")
    verdict = _judge(tmp_path / "absent.npz", _document(1, GRANT)[0], settings, prior=prior)
    assert verdict.status == "partial" and verdict.judge == "rules"
    assert any("learned model not used" in note for note in verdict.notes)
    with pytest.raises(ModelFileError):
        _judge(tmp_path / "absent.npz", _document(1, GRANT)[0], settings, prior=None)


def test_checks_without_a_model_pass_through(settings: Settings) -> None:
    index = SetIndex(_contract_set(_document(2, GRANT)[0], settings))
    judge = LearnedJudge(index, None, lambda model_id: FakeEmbedder().embed)
    prior = Verdict(status="missing", confidence=0.7, rationale="rules")
    context = CheckContext(check=_check(model=None), tier="internal", jurisdictions=[], passages=[], hits=[])
    assert judge.judge(context, prior) is prior


def test_model_names_resolve_to_shipped_files_or_paths(tmp_path: Path) -> None:
    assert model_path("nda/nda-1").parts[-3:] == ("models", "nda", "nda-1.npz")
    book = Playbook(name="mine", version="1", title="Mine", checks=[_check()], source=str(tmp_path))
    assert model_path("models/x.npz", book) == tmp_path / "models" / "x.npz"
    with pytest.raises(ModelFileError, match="model name"):
        model_path("../../etc/passwd")
