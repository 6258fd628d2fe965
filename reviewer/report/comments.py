"""The text of the redline's comments: which check a change answers, why, and the fallback the
lawyer may accept, as whole sentences separated as the language separates them (en, zh)."""

from __future__ import annotations

from reviewer.models import Finding
from reviewer.report.env import tr
from reviewer.report.view import changed_note, localized

_ENDS = '.!?。！？”")）'


def _sentence(text: str, lang: str) -> str:
    """``text`` trimmed and ending with a full stop."""
    text = " ".join(text.split())
    return text if not text or text.endswith(tuple(_ENDS)) else text + tr(lang, "redline.full_stop")


def _checks(findings: list[Finding], lang: str) -> str:
    parts = [
        tr(
            lang,
            "redline.comment_check",
            title=localized(f, "title", lang),
            status=tr(lang, f"statuses.{f.status}"),
        )
        for f in findings
    ]
    return tr(lang, "redline.list_sep").join(parts)


def comment_text(findings: list[Finding], lang: str, *, answers: bool = True) -> str:
    """One comment for one change: the checks it answers (unless ``answers`` is false, when the
    comment has named them already), why the first matters, its fallback."""
    lead = findings[0]
    why = localized(lead, "why_it_matters", lang) or lead.rationale
    changed = [changed_note(f, lang) for f in findings if f.override is not None]
    fallback = localized(lead, "fallback", lang)
    sentences = [tr(lang, "redline.comment_answers", checks=_checks(findings, lang))] if answers else []
    if why.strip():
        sentences.append(_sentence(tr(lang, "redline.comment_why", why=why.strip()), lang))
    if fallback.strip():
        sentences.append(_sentence(tr(lang, "redline.comment_fallback", fallback=fallback.strip()), lang))
    sentences.extend(_sentence(note, lang) for note in changed)
    return _joined(sentences, lang)


def _joined(sentences: list[str], lang: str) -> str:
    """Sentences one after the other; a space after one that ends as English does, in any language."""
    sep = tr(lang, "redline.sentence_sep")
    sentences = [s for s in sentences if s]
    out = sentences[0] if sentences else ""
    for sentence in sentences[1:]:
        out += (sep or (" " if out[-1:].isascii() else "")) + sentence
    return out


def deletion_text(findings: list[Finding], clause: str, lang: str) -> str:
    """The comment on a vendor sentence the redline deletes because an inserted clause replaces it."""
    deleted = tr(lang, "redline.comment_deleted", clause=clause, checks=_checks(findings, lang))
    return _joined([deleted, comment_text(findings, lang, answers=False)], lang)
