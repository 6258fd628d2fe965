"""`reviewer review FILE --llm ollama` end to end: real ingestion, real embeddings and Chroma, a
server speaking Ollama's API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.settings import Settings
from tests.support import llm_support as S
from tests.support.fake_ollama import FakeOllama, verdict

pytestmark = pytest.mark.integration


def run_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, server_url: str) -> dict:  # type: ignore[type-arg]
    contract = tmp_path / "msa.txt"
    contract.write_text(text, encoding="utf-8")
    out = tmp_path / "review.json"
    monkeypatch.setenv("REVIEWER_OLLAMA_HOST", server_url)
    monkeypatch.setenv("REVIEWER_OLLAMA_MODEL", "smollm2")
    code = main(["review", str(contract), "--playbook", str(S.MINI), "--llm", "ollama", "-o", str(out)])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def by_id(review: dict, check_id: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in review["findings"] if f["check_id"] == check_id)


def test_the_llm_moves_an_unclear_finding_with_a_verified_quote(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOllama() as server:
        server.push(verdict("satisfied", [S.CLEAN_PROMISE], "5.1 excludes training."))
        review = run_review(tmp_path, monkeypatch, S.CARVE_OUT_FOR_BILLING, server.url)
    assert review["judge"] == "rules+llm"
    f = by_id(review, "no-training")
    assert (f["status"], f["judge"]) == ("satisfied", "llm")
    assert S.CLEAN_PROMISE in f["evidence"][0]["quote"]
    assert f["evidence"][0]["file_name"] == "msa.txt"
    assert by_id(review, "breach-notice-hours")["judge"] == "rules"
    assert len(server.chat_requests) == 1


def test_an_injected_contract_keeps_its_deterministic_verdict(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = S.with_training_clause(S.HEDGED_PROMISE, S.KNOWN_INJECTION)
    with FakeOllama(default=verdict("satisfied", [S.HEDGED_FRAGMENT], "As instructed.")) as server:
        review = run_review(tmp_path, monkeypatch, text, server.url)
    f = by_id(review, "no-training")
    assert (f["status"], f["judge"]) == ("partial", "rules")
    assert any("addressed to an AI model" in n for n in f["notes"])


def test_with_no_server_the_review_completes_on_the_rules(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = run_review(tmp_path, monkeypatch, S.CARVE_OUT_FOR_BILLING, f"http://127.0.0.1:{S.closed_port()}")
    assert review["status"] == "complete"
    f = by_id(review, "no-training")
    assert (f["status"], f["judge"]) == ("partial", "rules")
    assert any("LLM judge failed" in n for n in f["notes"])
