"""Runs a playbook over a contract set: for each check, retrieve -> judge -> finding.

One failing check is recorded as an error and never sinks the review; the review is then partial.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter

from reviewer.judge.base import CheckContext, Judge, Verdict
from reviewer.judge.retrieval.index import SetIndex
from reviewer.models import (
    SEVERITIES,
    STATUS_ORDER,
    STATUS_RANK,
    CheckError,
    ContractSet,
    Finding,
    Jurisdiction,
    PlaybookRef,
    Progress,
    ProgressCallback,
    Review,
    ReviewedDocument,
    ReviewedSet,
    RiskSummary,
    Tier,
    no_progress,
    utcnow_precise,
)
from reviewer.playbooks.schema import Check, Playbook
from reviewer.reasons import in_language
from reviewer.trust.integrity import check_integrity

_STATUS_WEIGHT = {s: len(STATUS_ORDER) - 1 - n for s, n in STATUS_RANK.items()}  # worst weighs most
_SEVERITY_WEIGHT = {s: i + 1 for i, s in enumerate(SEVERITIES)}


def review_id(
    contract_set: ContractSet, playbook: Playbook, tier: str, jurisdictions: list[str], judge: str
) -> str:
    key = "|".join(
        [contract_set.id, playbook.name, playbook.version, tier, ",".join(sorted(jurisdictions)), judge]
    )
    return hashlib.sha256(f"{key}|{utcnow_precise().isoformat()}".encode()).hexdigest()[:24]


def _chinese(check: Check, verdict: Verdict) -> dict[str, str | list[str]]:
    """The check's Chinese block, and the verdict's reasoning, notes and disagreement in Chinese."""
    assert check.zh is not None
    zh: dict[str, str | list[str]] = {k: v for k, v in check.zh.model_dump().items() if v}
    title, position = check.zh.title or check.title, check.zh.standard_position or check.standard_position
    own = {
        check.title[:1].lower() + check.title[1:]: title,
        check.standard_position.rstrip("."): position.rstrip("。"),
    }
    zh["rationale"] = in_language("zh", verdict.rationale, own)
    zh["notes"] = [in_language("zh", note, own) for note in verdict.notes]
    if verdict.disagreement:
        zh["disagreement"] = in_language("zh", verdict.disagreement, own)
    return zh


def finding_from(check: Check, verdict: Verdict, tier: Tier, *, chinese: bool = True) -> Finding:
    """The finding of one check; with ``chinese`` (the playbook's Chinese blocks are complete) its
    texts in Chinese too, else the finding reads in English in either language."""
    translations = {"zh": _chinese(check, verdict)} if chinese and check.zh is not None else {}
    return Finding(
        check_id=check.id,
        title=check.title,
        category=check.category,
        topic=check.topic,
        headline=check.headline,
        status=verdict.status,
        severity=check.severity_for(tier),
        confidence=verdict.confidence,
        rationale=verdict.rationale,
        evidence=verdict.evidence,
        value=verdict.value,
        judge=verdict.judge,
        notes=verdict.notes,
        document_statuses=verdict.document_statuses,
        disagreement=verdict.disagreement,
        standard_position=check.standard_position,
        fallback=check.fallback,
        why_it_matters=check.why_it_matters,
        ask=check.ask,
        red_flags=list(check.red_flags),
        legal_basis=list(check.legal_basis),
        template=check.template,
        must_have=tier in check.must_have_tiers,
        walk_away=tier in check.walk_away_tiers,
        hypothesis=check.hypothesis,
        cuad_category=check.cuad_category,
        translations=translations,
    )


def summarize(findings: list[Finding]) -> RiskSummary:
    counts = Counter(f.status for f in findings)
    risky = [f for f in findings if f.status != "satisfied"]
    risky.sort(
        key=lambda f: (-_SEVERITY_WEIGHT[f.severity] * _STATUS_WEIGHT[f.status], -int(f.must_have), f.check_id)
    )
    worst = 0
    for f in risky:
        worst = max(worst, _SEVERITY_WEIGHT[f.severity] if f.status in ("conflicting", "missing") else 1)
    overall = ("low", "low", "medium", "high", "critical")[worst]
    return RiskSummary(
        counts={s: counts.get(s, 0) for s in STATUS_ORDER},
        overall=overall,
        top_risks=[f.check_id for f in risky[:3]],
        headline={f.topic: f.status for f in findings if f.headline and f.topic},
    )


def run_review(
    contract_set: ContractSet,
    playbook: Playbook,
    *,
    tier: Tier,
    jurisdictions: list[Jurisdiction],
    index: SetIndex,
    judges: list[Judge],
    progress: ProgressCallback = no_progress,
    settings_snapshot: dict[str, str | int | float | None] | None = None,
) -> Review:
    started = time.perf_counter()
    checks = [c for c in playbook.checks if c.applies_to(tier, list(jurisdictions))]
    progress(Progress(stage="retrieve", current=0, total=len(checks), message="searching the contract"))
    index.configure(playbook)
    index.prefetch(checks)
    findings: list[Finding] = []
    errors: list[CheckError] = []
    for n, check in enumerate(checks, start=1):
        progress(Progress(stage="check", current=n, total=len(checks), message=check.title))
        try:
            context = CheckContext(
                check=check,
                tier=tier,
                jurisdictions=list(jurisdictions),
                passages=index.passages(check),
                hits=index.scan_check(check),
                relevance_gate=playbook.relevance_gate,
            )
            verdict: Verdict | None = None
            for judge in judges:
                verdict = judge.judge(context, verdict)
            assert verdict is not None, "no judge configured"
            findings.append(finding_from(check, verdict, tier, chinese=not playbook.zh_problems))
        except Exception as exc:  # one failing check never sinks the review
            errors.append(CheckError(check_id=check.id, message=f"{type(exc).__name__}: {exc}"))
    judge_name = "+".join(j.name for j in judges)
    warnings = [w for d in contract_set.documents for w in d.warnings]
    warning_files = [d.file_name for d in contract_set.documents for _ in d.warnings]
    playbook_findings = len(findings)
    findings.extend(check_integrity(contract_set, errors))  # hidden text, prompt injection: reviewer/trust
    status = "failed" if checks and not playbook_findings else ("partial" if errors else "complete")
    progress(Progress(stage="done", current=len(checks), total=len(checks), message="review complete"))
    return Review(
        id=review_id(contract_set, playbook, tier, list(jurisdictions), judge_name),
        status=status,
        contract_set=ReviewedSet(
            id=contract_set.id,
            name=contract_set.name,
            documents=[
                ReviewedDocument(
                    id=d.id, file_name=d.file_name, media_type=d.media_type, pages=len(d.pages), sha256=d.id
                )
                for d in contract_set.documents
            ],
        ),
        playbook=PlaybookRef(
            name=playbook.name,
            version=playbook.version,
            title=playbook.title,
            title_zh="" if playbook.zh_problems else playbook.title_zh,
        ),
        tier=tier,
        jurisdictions=list(jurisdictions),
        judge=judge_name,
        findings=findings,
        summary=summarize(findings),
        warnings=warnings,
        warning_files=warning_files,
        errors=errors,
        settings=settings_snapshot or {},
        seconds=round(time.perf_counter() - started, 3),
    )
