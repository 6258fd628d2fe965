"""The learned relevance gate: a clause in words the signals do not know comes out partial with its
passage, not missing; silence stays missing; a missing or broken model file falls back to the rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewer.ingest.chunking import chunk_document
from reviewer.ingest.pipeline import parse_bytes
from reviewer.judge.base import CheckContext, Verdict
from reviewer.judge.learned.datasets import GoldLabel, LabelledDocument
from reviewer.judge.learned.relevance import RelevanceJudge, RelevanceModel, load_relevance, using_model
from reviewer.judge.learned.train_relevance import Params, build_units, choose_threshold, cross_validate, fit_gate
from reviewer.judge.retrieval.index import SetIndex
from reviewer.models import ContractSet
from reviewer.playbooks.schema import Check, Playbook
from reviewer.settings import Settings
from tests.conftest import FakeEmbedder

FILLER = [
    "This agreement is made between the parties named on the signature page.",
    "Each party shall bear its own costs of the discussions.",
    "Notices shall be sent by registered post to the addresses above.",
    "The headings in this agreement are for convenience only.",
    "This agreement may be signed in counterparts.",
    "Fees are payable within thirty days of the invoice date.",
]
# How long customer files are kept, said without the words the check's signal looks for.
PARAPHRASES = [
    "We hold uploaded customer files on our servers for ninety days and then erase them.",
    "Customer files uploaded to the service are held for a period of twelve months.",
    "Files you upload are held on our servers only as long as your workspace is open.",
    "Uploaded customer files are held in storage for six months after upload.",
]
UNSEEN = "Customer files that you upload are held on our servers for sixty days."


def _check() -> Check:
    return Check.model_validate(
        {
            "id": "retention-period",
            "title": "Retention period of customer content",
            "category": "Retention",
            "severity": "medium",
            "standard_position": "Customer content is retained for a stated period only.",
            "queries": {"en": ["how long customer files uploaded are held on servers retention period"]},
            "signals": {"met": {"en": ["retain(?:ed|s)?\\s+for\\s+\\d+\\s+days"]}},
        }
    )


def _playbook(model_file: Path) -> Playbook:
    return Playbook.model_validate(
        {
            "name": "unit-gate",
            "version": "1",
            "title": "Unit gate",
            "relevance_model": str(model_file),
            "checks": [_check().model_dump(exclude_none=True)],
        }
    )


def _text(n: int, clause: str | None) -> str:
    sentences = [FILLER[(n + i) % len(FILLER)] for i in range(4)]
    if clause:
        sentences.insert(1 + n % 3, clause)
    return "\n\n".join(sentences)


def _corpus() -> list[LabelledDocument]:
    docs = []
    for n in range(16):
        clause = PARAPHRASES[n % len(PARAPHRASES)] if n % 2 == 0 else None
        text = _text(n, clause)
        spans = [(text.index(clause), text.index(clause) + len(clause))] if clause else []
        status = "partial" if clause else "missing"
        docs.append(LabelledDocument(f"doc-{n}", text, {"retention-period": GoldLabel(status, spans)}))  # type: ignore[arg-type]
    return docs


@pytest.fixture(scope="module")
def gate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    embedder = FakeEmbedder()
    playbook = _playbook(Path("unused.npz"))
    units = build_units(_corpus(), playbook, embedder.embed)
    weights, threshold = fit_gate(units, np.arange(16), Params(l2=1e-4, inner_folds=4), seed=0)
    model = RelevanceModel("unit-gate", embedder.model_id, embedder.dim, weights, threshold, ["retention-period"])
    return model.save(tmp_path_factory.mktemp("gate") / "relevance.npz")


def _judge(model_file: Path, text: str, settings: Settings, prior: Verdict) -> Verdict:
    doc = parse_bytes(text.encode(), "terms.txt", settings)
    contract_set = ContractSet(
        id="set-1", name="terms", embedding_model="fake", documents=[doc], chunks=chunk_document(doc, "set-1")
    )
    embedder = FakeEmbedder()
    judge = RelevanceJudge(SetIndex(contract_set), _playbook(model_file), lambda model_id: embedder.embed)
    context = CheckContext(check=_check(), tier="internal", jurisdictions=[], passages=[], hits=[])
    return judge.judge(context, prior)


def _missing() -> Verdict:
    return Verdict(status="missing", confidence=0.8, rationale="The contract does not address this.")


def test_a_paraphrase_the_signals_miss_comes_out_partial_with_its_passage(
    gate_file: Path, settings: Settings
) -> None:
    text = _text(3, UNSEEN)
    verdict = _judge(gate_file, text, settings, _missing())
    assert verdict.status == "partial"
    assert verdict.judge == "model"
    assert "needs a lawyer's read" in verdict.notes
    assert [e.quote for e in verdict.evidence] == [UNSEEN]


def test_silence_stays_missing(gate_file: Path, settings: Settings) -> None:
    verdict = _judge(gate_file, _text(5, None), settings, _missing())
    assert verdict.status == "missing"
    assert verdict.evidence == []


def test_a_verdict_the_rules_reached_passes_through(gate_file: Path, settings: Settings) -> None:
    prior = Verdict(status="satisfied", confidence=0.75, rationale="met")
    assert _judge(gate_file, _text(3, UNSEEN), settings, prior) is prior


@pytest.mark.parametrize("damage", ["absent", "corrupt", "wrong-shape"])
def test_a_missing_or_broken_model_falls_back_to_the_rules_and_says_so(
    damage: str, gate_file: Path, tmp_path: Path, settings: Settings
) -> None:
    bad = tmp_path / "relevance.npz"
    if damage == "corrupt":
        bad.write_bytes(gate_file.read_bytes()[:200])
    elif damage == "wrong-shape":
        model = load_relevance(gate_file)
        RelevanceModel(**{**model.__dict__, "weights": model.weights[:-3]}).save(bad)
    verdict = _judge(bad, _text(3, UNSEEN), settings, _missing())
    assert verdict.status == "missing"
    assert any(n.startswith("learned model not used:") and str(bad) in n for n in verdict.notes)


def test_a_fold_model_is_used_while_in_force(gate_file: Path, tmp_path: Path, settings: Settings) -> None:
    with using_model("unit-gate", tmp_path / "absent.npz"):
        assert _judge(gate_file, _text(3, UNSEEN), settings, _missing()).status == "missing"
    assert _judge(gate_file, _text(3, UNSEEN), settings, _missing()).status == "partial"


def test_the_threshold_separates_present_from_silent_and_prefers_saying_less_missing() -> None:
    scores = np.array([0.9, 0.7, 0.4, 0.2, 0.1])
    present = np.array([True, True, True, False, False])
    assert choose_threshold(scores, present) == pytest.approx(0.3)


def test_cross_validation_judges_every_document_by_a_gate_trained_without_it() -> None:
    embedder = FakeEmbedder()
    units = build_units(_corpus(), _playbook(Path("unused.npz")), embedder.embed)
    results, folds = cross_validate(units, 16, Params(l2=1e-4, inner_folds=3), folds=4, seed=0)
    assert sorted(d for f in folds for d in f.held) == list(range(16))
    assert len(results) == 16
    assert sum(r.fires == r.present for r in results) >= 12


# Retraining with this machine's labels: a phrasing the shipped corpus never used ("kept in our
# archive") is what the user's corrections teach.
LOCAL_PHRASES = [
    "Your documents are kept in our archive for ninety days.",
    "We keep your documents in our archive for a year.",
    "Documents you send are kept in our archive until you close the account.",
    "Your documents stay in our archive for six months.",
]


def _write_set(folder: Path, texts: dict[str, str], checks: dict[str, list[tuple[str, str]]]) -> Path:
    """A corpus-format labels CSV and its documents: ``checks`` maps a document to (status, quote)."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    lines = ["document,check,status,allowed,quote"]
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
        for status, quote in checks[name]:
            lines.append(f'{name},retention-period,{status},,"{quote}"')
    labels = folder / "labels.csv"
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return labels


def _retrain(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, local: int) -> dict[str, object]:
    import argparse

    import reviewer.corrections as corrections
    from reviewer.judge.learned import train_relevance as tr
    from reviewer.judge.learned.label_corpus import LabelSource, labelled_corpus

    embedder = FakeEmbedder()
    corpus_texts = {f"c{n}.txt": _text(n, PARAPHRASES[n % 4] if n % 2 == 0 else None) for n in range(12)}
    corpus_checks = {
        name: [("partial", PARAPHRASES[n % 4])] if n % 2 == 0 else [("missing", "")]
        for n, name in enumerate(corpus_texts)
    }
    corpus_texts["h0.txt"] = _text(1, PARAPHRASES[1])  # the hold-out
    corpus_checks["h0.txt"] = [("partial", PARAPHRASES[1])]
    labels = _write_set(tmp_path / "corpus", corpus_texts, corpus_checks)
    source = LabelSource("corpus", labels, tmp_path / "corpus" / "docs")
    playbook = _playbook(Path("unused.npz"))
    holdout = frozenset({"h0.txt"})
    docs = labelled_corpus(source, playbook, settings, skip=holdout)
    units = tr.build_units(docs, playbook, embedder.embed)
    params = Params(l2=1e-4, inner_folds=3)
    weights, threshold = tr.fit_gate(units, np.arange(len(docs)), params, 0)
    template = RelevanceModel(
        "unit-gate", embedder.model_id, embedder.dim, weights, threshold, ["retention-period"]
    )
    in_force = template.save(tmp_path / "in-force.npz")

    def folder(settings_: Settings, name: str, where: Path) -> tuple[Path, Path, int]:
        texts = {f"l{n}.txt": _text(n + 3, LOCAL_PHRASES[n % 4] if n % 2 == 0 else None) for n in range(local)}
        checks = {
            name: [("partial", LOCAL_PHRASES[n % 4])] if n % 2 == 0 else [("missing", "")]
            for n, name in enumerate(texts)
        }
        return (
            (_write_set(where / "local", texts, checks), where / "local" / "docs", len(texts))
            if texts
            else (
                where / "none.csv",
                where,
                0,
            )
        )

    monkeypatch.setattr(corrections, "training_folder", folder)
    args = argparse.Namespace(cv=4, seed=0)
    with using_model("unit-gate", in_force):
        return tr.retrain_with_local_labels(
            args, playbook, source, holdout, (docs, units), embedder.embed, params, template, settings
        )


def test_local_labels_that_teach_a_new_phrasing_install_a_new_version(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.judge.learned import model_versions

    out = _retrain(tmp_path, settings, monkeypatch, local=8)
    before, after = out["before"], out["after"]
    assert out["local_labels"] == 8 and out["holdout_labels"] == 1
    assert after["local"] > before["local"], out  # type: ignore[index]
    assert after["holdout"] >= before["holdout"] - 0.005, out  # type: ignore[index]
    assert out["installed"] and model_versions.active_version(settings, "unit-gate") == out["installed"]
    installed = model_versions.playbook_dir(settings, "unit-gate") / str(out["installed"]) / "relevance.npz"
    assert load_relevance(installed).checks == ["retention-period"]


def test_without_local_labels_the_model_in_force_is_kept(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.judge.learned import model_versions

    out = _retrain(tmp_path, settings, monkeypatch, local=0)
    assert out["installed"] is None and "no local labels" in str(out["why"])
    assert model_versions.active_version(settings, "unit-gate") == model_versions.SHIPPED


def test_training_without_the_corpus_documents_says_where_they_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer.errors import ExitCode
    from reviewer.judge.learned import train_relevance as tr

    monkeypatch.setenv("REVIEWER_DATA_DIR", str(tmp_path / "data"))
    absent = tmp_path / "absent"
    code = tr.main(["ai-vendor", "--with-local-labels", "--docs", str(absent)])
    err = capsys.readouterr().err
    assert code == ExitCode.NOT_FOUND, err
    assert str(absent) in err and "--docs DIR" in err and "not shipped" in err


def test_a_stored_sets_sentence_vectors_are_kept_for_the_next_review(
    gate_file: Path, tmp_path: Path, settings: Settings
) -> None:
    """A second review of the same stored set (another tier, another law) embeds no sentence again."""
    doc = parse_bytes(_text(3, UNSEEN).encode(), "terms.txt", settings)
    contract_set = ContractSet(
        id="set-1", name="terms", embedding_model="fake", documents=[doc], chunks=chunk_document(doc, "set-1")
    )
    embedded: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return FakeEmbedder().embed(texts)

    context = CheckContext(check=_check(), tier="internal", jurisdictions=[], passages=[], hits=[])
    verdicts = []
    for _ in range(2):
        judge = RelevanceJudge(SetIndex(contract_set), _playbook(gate_file), lambda _: embed, tmp_path / "set")
        verdicts.append(judge.judge(context, _missing()))
        if len(verdicts) == 1:
            first_time, embedded[:] = list(embedded), []
    assert UNSEEN in first_time
    assert not any(UNSEEN in text for text in embedded)  # the second review read the kept vectors
    assert [v.status for v in verdicts] == ["partial", "partial"]
    assert [e.quote for e in verdicts[1].evidence] == [UNSEEN]
    assert [p.name for p in (tmp_path / "set").iterdir()] == ["sentence-vectors-fake-hash-256.npz"]


def test_only_a_stored_set_keeps_its_sentence_vectors_on_disk(settings: Settings) -> None:
    from reviewer.judge.pipeline import build_judges
    from reviewer.playbooks import load_playbook
    from reviewer.store.files import SetFiles

    doc = parse_bytes(_text(3, UNSEEN).encode(), "terms.txt", settings)
    unsaved = ContractSet(
        id="01-optout", name="t", embedding_model="fake", documents=[doc], chunks=chunk_document(doc, "01-optout")
    )
    judges = build_judges(SetIndex(unsaved), load_playbook("ai-vendor"), llm=None, settings=settings)
    gate = [j for j in judges if isinstance(j, RelevanceJudge)]
    assert len(gate) == 1 and gate[0].cache_dir is None  # an id that is no stored set's (not even hex)
    files = SetFiles(settings.sets_dir)
    assert files.folder_if_stored("ab" * 32) is None
    (settings.sets_dir / ("ab" * 32)).mkdir(parents=True)
    (settings.sets_dir / ("ab" * 32) / "set.json").write_text("{}")
    assert files.folder_if_stored("ab" * 32) == settings.sets_dir / ("ab" * 32)
