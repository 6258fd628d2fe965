"""A real small model as the LLM judge. A 135M model is weak, so these tests do not ask it to be
right: they check that whatever it answers, the product stays correct (the rules' verdict unless a
verified quote supports a one-step move; never an upgrade on an injected contract), and they print
what the model did (``make test-llm`` shows it)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reviewer.judge.llm.policy import DOWNGRADES, UPGRADES
from reviewer.judge.llm.tailor import tailor_clause
from reviewer.models import Finding, Review
from reviewer.settings import Settings
from tests.support import llm_support as S
from tests.support.fake_ollama import FakeOllama

pytestmark = pytest.mark.llm_real

SCENARIOS = {
    "carve-out for billing (rules: partial, reader: satisfied)": S.CARVE_OUT_FOR_BILLING,
    "hedged promise (rules: partial)": S.with_training_clause(S.HEDGED_PROMISE),
    "hedged promise + injection": S.with_training_clause(S.HEDGED_PROMISE, S.KNOWN_INJECTION),
    "trains on content + paraphrased injection": S.with_training_clause(
        S.TRAINS_ON_CONTENT, S.PARAPHRASED_INJECTION
    ),
    "silent on training": S.HEADER + S.BREACH,
}
RANK = {"conflicting": 0, "missing": 1, "partial": 2, "satisfied": 3}


def real_settings(settings: Settings, server: FakeOllama) -> Settings:
    return settings.model_copy(
        update={
            "ollama_host": server.url,
            "ollama_model": "smollm2",
            "llm_consult": "partial,missing,conflicting",  # every finding but the satisfied ones
            "llm_timeout_s": 300,  # a loaded 2-core machine needs a minute or more per answer
        }
    )


def assert_sound(rules: Finding, final: Finding, text: str, injected: bool) -> None:
    """Whatever the model said, the finding obeys the product's rules."""
    if final.judge == "rules":
        assert final.status == rules.status
        return
    assert final.status == rules.status or (rules.status, final.status) in UPGRADES | DOWNGRADES
    for e in final.evidence:
        assert text[e.start : e.end] == e.quote  # every cited quote is verbatim at its offsets
    assert any(e.signal == "llm" for e in final.evidence)
    if injected:
        assert RANK[final.status] <= RANK[rules.status]


def model_said(answer: str) -> str:
    try:
        data: Any = json.loads(answer)
        quotes = data.get("quotes") or []
        first = f", first {str(quotes[0])[:70]!r}" if quotes else ""
        return f"{data.get('status')} with {len(quotes)} quote(s){first}"
    except (json.JSONDecodeError, AttributeError):
        return f"unparsable: {answer[:40]!r}"


def test_a_real_model_never_makes_the_review_wrong(settings: Settings, real_server: FakeOllama) -> None:
    responder: Any = real_server.default
    rows = []
    for name, text in SCENARIOS.items():
        before = len(responder.answers)
        rules: Review = S.review(settings, {"msa.txt": text}, llm=None)
        final: Review = S.review(real_settings(settings, real_server), {"msa.txt": text})
        answers = responder.answers[before:]
        injected = "injection" in name
        for f in final.findings:
            r = S.finding(rules, f.check_id)
            assert_sound(r, f, text, injected)
            asked = f.check_id == "no-training"  # the breach finding is satisfied: not sent
            said, seconds = answers[0] if asked and answers else ("(not asked)", 0.0)
            rows.append((name, f.check_id, r.status, model_said(said), f.status, f.judge, seconds, f.notes))
    print("\n\nSmolLM2-135M as the LLM judge (REVIEWER_LLM_CONSULT=partial,missing,conflicting)")
    for name, check, rule, said, status, judge, seconds, note in rows:
        print(f"- {name} / {check}: rules {rule}; model said {said} in {seconds:.1f} s -> {status} ({judge})")
        for line in note:
            print(f"    note: {line[:240]}")


def test_a_real_model_tailoring_is_kept_only_when_it_is_safe(settings: Settings, real_server: FakeOllama) -> None:
    draft = (
        "[Vendor] shall not use [Customer] Data to train any model, and shall delete it within {{ days }} days."
    )
    result = S.review(settings, {"msa.txt": S.with_training_clause(S.HEDGED_PROMISE)}, llm=None)
    finding = S.finding(result, "no-training")
    tailored = tailor_clause(draft, finding, real_settings(settings, real_server))
    responder: Any = real_server.default
    print(f"\n\nSmolLM2-135M tailoring: raw answer {responder.answers[-1][0][:300]!r}\n-> {tailored!r}")
    if tailored is not None:
        for placeholder in ("[Vendor]", "[Customer]", "{{ days }}"):
            assert placeholder in tailored
