"""The deterministic judge: library signals, hedges and numbers decide the status.

Per document (``assess_document``):
- a contradicting signal -> conflicting, softened to partial by a mitigation nearby (an opt-out);
- a meeting signal -> satisfied, or partial when the same sentence hedges the promise (a hedge from
  ``clause_library/hedges.yaml`` or a ``weakened`` pattern), when a needed number of days or hours
  is absent, or when a carve-out elsewhere in the document hollows it;
- a check with named elements (list, notice, objection...) -> satisfied when all are there,
  partial when some are;
- only weakening signals -> partial; nothing -> missing.

Across documents (``combine``): one document that contradicts what another promises makes the
finding conflicting and says which file says what; so do two documents naming different values
(two governing laws).
"""

from __future__ import annotations

from collections import defaultdict

from reviewer.judge.base import CheckContext, SignalHit, Verdict
from reviewer.judge.retrieval.index import SetIndex
from reviewer.judge.rules.clauses import HedgeFound, HedgeMatcher
from reviewer.judge.rules.cuad_values import jurisdiction_in, number_value
from reviewer.judge.rules.red_flags import KIND as RED_FLAG
from reviewer.judge.rules.red_flags import floor_at_red_flags
from reviewer.judge.rules.values import find_number, governing_laws
from reviewer.judge.verdicts import DocAssessment, combine
from reviewer.playbooks.hedges import HedgeLibrary, load_hedges
from reviewer.playbooks.schema import Check

MITIGATION_REACH = 600  # characters around a contradiction where an opt-out softens it


def hedges_in(text: str, topic: str | None = None) -> list[str]:
    """The hedging words in ``text`` (kept for callers of the first version)."""
    return [h.words for h in HedgeMatcher(load_hedges()).find(text, topic=topic)]


class RuleJudge:
    name = "rules"

    def __init__(self, index: SetIndex, hedges: HedgeLibrary | None = None) -> None:
        self.index = index
        self.hedges = HedgeMatcher(hedges or load_hedges())

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        check = context.check
        by_doc: dict[str, list[SignalHit]] = defaultdict(list)
        for hit in context.hits:
            by_doc[hit.document_id].append(hit)
        flags: dict[str, list[SignalHit]] = defaultdict(list)
        for hit in self.index.red_flags(check):
            if self._relevant(check, hit):
                flags[hit.document_id].append(hit)
        assessments = {
            doc_id: floor_at_red_flags(check, self.assess_document(check, by_doc.get(doc_id, [])), flags[doc_id])
            for doc_id in dict.fromkeys([*by_doc, *flags])  # document order, not a set's
        }
        return combine(self.index.contract_set, context, assessments)

    # --- one document ------------------------------------------------------------------------

    def assess_document(self, check: Check, hits: list[SignalHit]) -> DocAssessment:
        hits = [h for h in hits if self._relevant(check, h)]
        kinds: dict[str, list[SignalHit]] = defaultdict(list)
        for hit in hits:
            kinds[hit.kind].append(hit)
        met, weak, contra = kinds["met"], kinds["weakened"], kinds["contradicted"]
        if not self.index.negation:  # without negation handling, "not use" also matches "use": the promise wins
            contra = [h for h in contra if all(h.start != m.start for m in met)]
        if contra:
            return self._contradiction(contra, kinds["mitigation"])
        if met:
            return self._promise(check, met, weak, kinds["carve_out"])
        elements = {k.removeprefix("element:"): v for k, v in kinds.items() if k.startswith("element:") and v}
        if elements:
            return self._elements(check, elements)
        if weak:
            return DocAssessment(
                "partial",
                f"The contract touches on this but does not commit to it: {self._words(_distinct(weak)[0])}.",
                [(h, "weakened") for h in _distinct(weak)[:2]],
                kind="weak",
            )
        return DocAssessment("missing", "", [], kind="missing")

    def _relevant(self, check: Check, hit: SignalHit) -> bool:
        """Whether a hit is about this check: not excluded, and in context where one is required."""
        needs_context = bool(check.context.all()) and hit.kind in ("met", "weakened", "contradicted", RED_FLAG)
        if not check.exclude.all() and not needs_context:
            return True
        ctx = self.index.clause_context(hit.document_id, hit.start, hit.end)
        if any(self.index.compiled(p).search(ctx.framed) for p in check.exclude.all()):
            return False
        return not needs_context or any(self.index.compiled(p).search(ctx.everything) for p in check.context.all())

    def _contradiction(self, contra: list[SignalHit], mitigations: list[SignalHit]) -> DocAssessment:
        cited = [(h, "contradicts") for h in _distinct(contra)[:2]]
        near = [m for m in mitigations if any(abs(m.start - c.start) <= MITIGATION_REACH for c in contra)]
        if near:
            return DocAssessment(
                "partial",
                f"The contract allows it by default ({self._words(contra[0])}), "
                f"but the customer can switch it off ({self._words(near[0])}).",
                [*cited[:1], (near[0], "mitigates")],
                kind="mitigated",
                strength=len(contra),
            )
        return DocAssessment(
            "conflicting",
            f"The contract says the opposite of what is needed: {self._words(contra[0])}.",
            cited,
            kind="contradicted",
            strength=len(contra),
        )

    def _promise(
        self, check: Check, met: list[SignalHit], weak: list[SignalHit], carve_outs: list[SignalHit]
    ) -> DocAssessment:
        first_problem: tuple[SignalHit, str] | None = None
        clean: list[SignalHit] = []
        for hit in _distinct(met):
            problem = self._problem_with(check, hit, weak)
            if problem is None:
                clean.append(hit)
            elif first_problem is None:
                first_problem = (hit, problem)
        value = self._value(check, clean or met)
        if clean:
            if carve_outs:
                return DocAssessment(
                    "partial",
                    f"The contract makes the promise but carves an exception out of it: "
                    f"{self._words(_distinct(carve_outs)[0])}.",
                    [(clean[0], "meets"), (_distinct(carve_outs)[0], "carve-out")],
                    kind="carve-out",
                    value=value,
                    strength=len(clean),
                )
            return DocAssessment(
                "satisfied",
                "The contract meets this requirement.",
                [(h, "meets") for h in clean[:2]],
                kind="met",
                value=value,
                strength=len(clean),
            )
        assert first_problem is not None
        hit, problem = first_problem
        return DocAssessment(
            "partial", problem, [(hit, "weakened")], kind="hedged", value=value, strength=len(met)
        )

    def _problem_with(self, check: Check, hit: SignalHit, weak: list[SignalHit]) -> str | None:
        """Why a meeting sentence falls short (a hedge, no number), or None when it does not."""
        ctx = self.index.clause_context(hit.document_id, hit.start, hit.end)
        number = find_number(ctx.framed, check.requires_number) if check.requires_number else None
        if check.requires_number and number is None:
            unit = "days, hours or months" if check.requires_number == "any" else check.requires_number
            return f"The clause gives no time limit in {unit}."
        if check.extract == "governing_law" and self._value(check, [hit]) is None:
            return "The clause names no law."  # "subject to applicable laws", "If … governed by the laws of:"
        hedges: list[HedgeFound] = self.hedges.find(
            ctx.sentence, topic=check.topic, ignore=check.ignore_hedges, number_stated=number is not None
        )
        if hedges:
            return f"The promise is weakened by {hedges[0].describe()}."
        qualifiers = [w for w in weak if w.start == hit.start and not _starts_within(w, hit)]
        if number is None and qualifiers:
            words = qualifiers[0]
            return f"The promise is qualified by {self._words(words)}."
        return None

    def _words(self, hit: SignalHit, limit: int = 120) -> str:
        """The words a signal matched, quoted and shortened for a rationale."""
        text = self.index.docs[hit.document_id].doc.text
        end = hit.match_end
        while end < len(text) and end - hit.match_end < 30 and text[end].isascii() and text[end].isalnum():
            end += 1  # finish the word a pattern stopped inside ("develop" -> "development")
        words = " ".join(text[hit.match_start : end].split())
        if len(words) > limit:
            words = words[: limit - 1] + "\u2026"
        return f"\u201c{words}\u201d"

    def _elements(self, check: Check, found: dict[str, list[SignalHit]]) -> DocAssessment:
        wanted = list(check.elements)
        have = [name for name in wanted if name in found]
        cited = [(found[name][0], f"element: {name}") for name in have]
        if len(have) == len(wanted):
            return DocAssessment(
                "satisfied",
                f"The contract covers every part: {', '.join(have)}.",
                cited,
                kind="met",
                strength=len(have),
            )
        lacking = [name for name in wanted if name not in found]
        return DocAssessment(
            "partial",
            f"The contract covers {', '.join(have)} but not {', '.join(lacking)}.",
            cited,
            kind="elements",
            strength=len(have),
        )

    def _value(self, check: Check, hits: list[SignalHit]) -> str | None:
        """What a value check reports: the governing law(s) named, or a duration."""
        if check.extract not in ("number", "governing_law"):
            return None  # most checks report no value: no clause contexts to build
        contexts = [self.index.clause_context(hit.document_id, hit.start, hit.end) for hit in hits]
        if check.extract == "number":
            return number_value(check, [ctx.sentence for ctx in contexts])
        laws: list[str] = []
        for ctx in contexts:
            named = governing_laws(ctx.framed)
            if not named:  # a gazetteer knows places the clause patterns miss ("the Commonwealth of Kentucky")
                place = jurisdiction_in(ctx.framed)
                named = [place] if place else []
            for law in named:
                if law not in laws:
                    laws.append(law)
        return "; ".join(laws) or None


def _starts_within(a: SignalHit, b: SignalHit) -> bool:
    """Whether match ``a`` starts inside match ``b``: weakening words that begin inside a promise
    are part of its wording ("Confidential Information"), words before it qualify it ("may be")."""
    return b.match_start <= a.match_start < b.match_end


def _distinct(hits: list[SignalHit]) -> list[SignalHit]:
    """One hit per sentence, in document order."""
    seen: set[tuple[str, int]] = set()
    out = []
    for hit in sorted(hits, key=lambda h: (h.document_id, h.start)):
        key = (hit.document_id, hit.start)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out
