"""The deterministic judge: library signals, hedges and numbers decide the status.

Per document: a contradicting signal -> conflicting; a meeting signal -> satisfied, or partial when
the same sentence hedges the promise ("commercially reasonable efforts", "unless you opt out",
"may", "subject to our policies") or gives no number where one is needed; only weakening signals
-> partial; nothing -> missing. Across documents: one document that contradicts what another
promises makes the finding conflicting, and says which says what.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reviewer.judge.base import CheckContext, SignalHit, Verdict
from reviewer.judge.cuad_values import number_value
from reviewer.judge.evidence import evidence_at
from reviewer.judge.retrieval import SetIndex
from reviewer.judge.values import find_number, governing_law
from reviewer.models import Evidence, Status

HEDGES_EN = [
    r"commercially\s+reasonable\s+efforts",
    r"reasonable\s+(?:best\s+)?efforts",
    r"\bendeavou?r\s+to\b",
    r"unless\s+(?:you|customer)\s+(?:opt|choose|elect)s?\s+out",
    r"\bopt[\s-]?out\b",
    r"subject\s+to\s+(?:our|vendor's|provider's|its)\s+(?:policies|policy|terms)",
    r"\bwhere\s+(?:feasible|practicable|possible)\b",
    r"\bto\s+the\s+extent\s+(?:practicable|feasible|possible)\b",
    r"\bas\s+(?:soon\s+as\s+)?(?:reasonably\s+)?practicable\b",
    r"\bfrom\s+time\s+to\s+time\b",
    r"\bat\s+(?:our|its)\s+(?:sole\s+)?discretion\b",
    r"\bas\s+long\s+as\s+(?:necessary|needed|required)\b",
    r"\bexcept\s+(?:as|where|for)\b",
    r"\bde-?identified\b",
    r"\baggregated?\b",
]
HEDGES_ZH = [
    r"合理努力",
    r"尽力",
    r"尽可能",
    r"除非您(?:选择)?退出",
    r"在可行的情况下",
    r"视情况",
    r"必要的期限",
    r"去标识化",
    r"匿名化",
    r"聚合",
]
_HEDGES = [re.compile(p, re.IGNORECASE) for p in HEDGES_EN + HEDGES_ZH]
_PRIORITY: dict[Status, int] = {"conflicting": 3, "satisfied": 2, "partial": 1, "missing": 0}


def hedges_in(text: str) -> list[str]:
    return [m.group(0) for p in _HEDGES for m in [p.search(text)] if m]


class RuleJudge:
    name = "rules"

    def __init__(self, index: SetIndex) -> None:
        self.index = index

    def judge(self, context: CheckContext, prior: Verdict | None = None) -> Verdict:
        check = context.check
        by_doc: dict[str, list[SignalHit]] = defaultdict(list)
        for hit in context.hits:
            by_doc[hit.document_id].append(hit)
        statuses: dict[str, Status] = {}
        reasons: dict[str, str] = {}
        cited: dict[str, list[tuple[SignalHit, str]]] = {}
        for doc_id, hits in by_doc.items():
            status, reason, chosen = self._document_status(context, hits)
            statuses[doc_id] = status
            reasons[doc_id] = reason
            cited[doc_id] = chosen
        docs = {d.id: d for d in self.index.contract_set.documents}
        if not statuses or all(s == "missing" for s in statuses.values()):
            best = context.passages[0] if context.passages else None
            note = []
            if best is not None:
                closest = docs[best.document_id]
                note.append(f"closest passage: {closest.file_name} p.{closest.page_at(best.start)}")
            return Verdict(
                status="missing",
                confidence=0.7 if not context.passages or context.passages[0].score < 0.45 else 0.55,
                rationale=f"The contract does not address this: {check.title.lower()}.",
                notes=note,
                document_statuses={docs[d].file_name: "missing" for d in docs},
            )
        overall = max(statuses.values(), key=lambda s: _PRIORITY[s])
        disagreement = None
        distinct = {s for s in statuses.values() if s != "missing"}
        if "conflicting" in distinct and ("satisfied" in distinct or "partial" in distinct) and len(statuses) > 1:
            says = "; ".join(f"{docs[d].file_name}: {s}" for d, s in statuses.items() if s != "missing")
            disagreement = f"The documents disagree ({says})."
        evidence: list[Evidence] = []
        for doc_id in sorted(statuses, key=lambda d: -_PRIORITY[statuses[d]]):
            for hit, label in cited[doc_id]:
                if len(evidence) >= 3:
                    break
                if any(e.document_id == doc_id and e.start == hit.start for e in evidence):
                    continue
                evidence.append(evidence_at(docs[doc_id], hit.start, hit.end, signal=label))
        lead = max(statuses, key=lambda d: _PRIORITY[statuses[d]])
        value = None
        if check.extract == "governing_law":
            for e in evidence:
                value = governing_law(e.quote)
                if value:
                    break
        if value is None and check.extract == "number":
            value = number_value(check, [e.quote for e in evidence])
        expected = [v.lower() for v in check.expected_values]
        if expected and value and overall == "satisfied" and not any(v in value.lower() for v in expected):
            overall = "conflicting"
            reasons[lead] = f"The contract names {value}, not {' or '.join(check.expected_values)}."
        confidence = {"satisfied": 0.75, "partial": 0.6, "conflicting": 0.7, "missing": 0.6}[overall]
        if len(evidence) > 1 and overall in ("satisfied", "conflicting"):
            confidence += 0.1
        return Verdict(
            status=overall,
            confidence=round(min(confidence, 0.95), 2),
            rationale=reasons[lead] + (f" {disagreement}" if disagreement else ""),
            evidence=evidence,
            value=value,
            document_statuses={docs[d].file_name: s for d, s in statuses.items()},
            disagreement=disagreement,
        )

    def _document_status(
        self, context: CheckContext, hits: list[SignalHit]
    ) -> tuple[Status, str, list[tuple[SignalHit, str]]]:
        check = context.check
        met = [h for h in hits if h.kind == "met"]
        weak = [h for h in hits if h.kind == "weakened"]
        contra = [h for h in hits if h.kind == "contradicted"]
        contra_only = [h for h in contra if not any(m.start == h.start for m in met)]
        if contra_only:
            return (
                "conflicting",
                "The contract says the opposite of what is needed.",
                [(h, "contradicts") for h in contra_only],
            )
        if met:
            for hit in met:
                sentence = self.index.sentence_text(hit.document_id, hit.start, hit.end)
                hedged = hedges_in(sentence) + [w.pattern for w in weak if w.start == hit.start]
                number_ok = (
                    check.requires_number is None or find_number(sentence, check.requires_number) is not None
                )
                if not hedged and number_ok:
                    carve_outs = [w for w in weak if w.start != hit.start]
                    if carve_outs:
                        return (
                            "partial",
                            "The contract makes the promise but carves exceptions out of it elsewhere.",
                            [(hit, "meets"), (carve_outs[0], "weakened")],
                        )
                    return "satisfied", "The contract meets this requirement.", [(hit, "meets")]
            hit = met[0]
            sentence = self.index.sentence_text(hit.document_id, hit.start, hit.end)
            hedges = hedges_in(sentence)
            if hedges:
                why = f"The promise is weakened by \u201c{hedges[0]}\u201d."
            elif check.requires_number is not None and find_number(sentence, check.requires_number) is None:
                why = f"The clause gives no number of {check.requires_number}."
            else:
                why = "The promise is qualified."
            return "partial", why, [(hit, "weakened")]
        if weak:
            return (
                "partial",
                "The contract touches on this but does not commit to it.",
                [(h, "weakened") for h in weak[:2]],
            )
        return "missing", "", []
