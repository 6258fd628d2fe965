"""The learned judge's document summary versions and the per-check choice of the classifier's penalty."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from reviewer.judge.learned.features import FeatureSpec, document_features
from reviewer.judge.learned.judge import CheckModel, ModelFileError, load_model
from reviewer.judge.learned.training import TrainingParams, choose_l2_document

SPEC = FeatureSpec(embedding_model="fake", embedding_dim=4, hash_dims=2)


def _scores() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Six sentences: the three most relevant lean one way, the fourth most relevant the other."""
    relevance = np.array([0.1, 3.0, 2.5, 0.0, 2.0, 1.5])
    polarity = np.array([[0.0], [0.6], [0.5], [0.0], [0.4], [-0.9]])
    return relevance, polarity, np.zeros((6, 3))


def test_summary_two_sees_a_dissenting_sentence_below_the_top_three() -> None:
    relevance, polarity, flags = _scores()
    old = document_features(relevance, polarity, flags, 3, 1)
    new = document_features(relevance, polarity, flags, 3, 2)
    assert len(old) == SPEC.__class__(**{**SPEC.to_dict(), "summary": 1}).document_width(1) == 8
    assert len(new) == SPEC.document_width(1) == 11
    assert np.allclose(new[:5], old[:5]) and np.allclose(new[-3:], old[-3:])
    weighted, highest, lowest = new[5:8]
    assert highest == pytest.approx(0.6) and lowest == pytest.approx(-0.9)
    assert 0.3 < weighted < 0.6  # dominated by the most relevant sentences
    assert len(document_features(np.zeros(0), np.zeros((0, 2)), np.zeros((0, 3)), 3, 2)) == SPEC.document_width(2)
    with pytest.raises(ValueError, match="summary version 7"):
        document_features(relevance, polarity, flags, 3, 7)


def _model(spec: FeatureSpec) -> CheckModel:
    width = spec.document_width(1)
    rng = np.random.default_rng(0)
    return CheckModel(
        check_id="c",
        spec=spec,
        statuses=["missing", "satisfied", "conflicting"],
        evidence_statuses=["satisfied"],
        relevance=rng.normal(size=spec.sentence_width()),
        polarity=rng.normal(size=(spec.sentence_width(), 1)),
        doc_mean=np.zeros(width),
        doc_std=np.ones(width),
        doc_coef=rng.normal(size=(width + 1, 3)),
    )


def _rewrite_meta(path: Path, change: dict[str, object]) -> Path:
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays["meta"]))
    spec = {k: v for k, v in {**meta["spec"], **change}.items() if v is not None}
    arrays["meta"] = np.array(json.dumps({**meta, "spec": spec}))
    out = path.with_name("rewritten.npz")
    np.savez(out, **arrays)
    return out


def test_model_files_without_a_summary_version_are_read_as_version_one(tmp_path: Path) -> None:
    model = _model(replace(SPEC, summary=1))
    old_file = _rewrite_meta(model.save(tmp_path / "m.npz"), {"summary": None})
    loaded = load_model(old_file)
    assert loaded.spec.summary == 1
    features, flags = np.random.default_rng(1).normal(size=(5, SPEC.sentence_width())), np.zeros((5, 3))
    assert np.allclose(
        loaded.document_probabilities(features, flags)[0],
        model.document_probabilities(features, flags)[0],
        atol=1e-4,
    )


def test_a_file_whose_arrays_do_not_fit_its_summary_version_is_refused(tmp_path: Path) -> None:
    path = _model(replace(SPEC, summary=1)).save(tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match="doc_mean has shape"):
        load_model(_rewrite_meta(path, {"summary": 2}))
    with pytest.raises(ModelFileError, match="inconsistent"):
        load_model(_rewrite_meta(path, {"summary": 9}))


def test_the_penalty_is_chosen_by_cross_validation_on_the_training_documents() -> None:
    rng = np.random.default_rng(3)
    summaries = rng.normal(size=(60, 4))
    params = TrainingParams(l2_document_choices=(0.01, 1.0, 100.0))
    separable = (summaries[:, 0] > 0).astype(int)
    assert choose_l2_document(summaries, separable, 2, params, seed=0) == 0.01
    noise = rng.integers(0, 2, size=60)
    assert choose_l2_document(summaries, noise, 2, params, seed=0) == 100.0
    fixed = TrainingParams(l2_document=2.5, l2_document_choices=())
    assert choose_l2_document(summaries, separable, 2, fixed, seed=0) == 2.5
