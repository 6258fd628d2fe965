"""A copy of the uploaded Word contract with the fixes as tracked changes (``w:del``/``w:ins``).

Where each fix goes:
1. a partial or conflicting finding whose causing sentence is found in the document (quoted as
   evidence, or matched by the check's contradicting, weakening or carve-out signals): that
   sentence is deleted (its leading clause number kept) and the draft clause inserted in its place;
   every further causing sentence is deleted, so that nothing left standing contradicts the clause;
2. otherwise, a new paragraph after the last paragraph of the section that deals with the topic
   (numbered on from that section's last clause when the contract numbers clauses by hand);
3. otherwise, in an addendum section inserted at the end of the document.
Each change carries one comment: the check it answers, why, and the fallback the lawyer may accept.
The rest of the file is left as it was.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reviewer.errors import BadInputError
from reviewer.models import ContractSet, Finding, Review, utcnow
from reviewer.report.causes import (
    causing_sentences,
    is_protected,
    overridden,
    protected_sentences,
    source_document,
)
from reviewer.report.clauses import draft_terms, placeholders_in
from reviewer.report.comments import comment_text, deletion_text
from reviewer.report.docx_common import to_bytes
from reviewer.report.env import check_lang, tr
from reviewer.report.facts import contract_facts
from reviewer.report.locate import (
    Section,
    best_section,
    find_quote,
    find_row,
    next_section,
    numbered_after,
    sections_of,
    strip_number,
)
from reviewer.report.ooxml import (
    Element,
    Revisions,
    anchor_comment,
    delete_paragraph_mark,
    inserted_paragraph,
    inserted_runs,
    mark_deleted,
    paragraph_text,
    runs_between,
    runs_of,
)
from reviewer.report.rider import PlannedClause, plan_clauses

if TYPE_CHECKING:
    from reviewer.roundtrip import RoundTrip


@dataclass
class Placement:
    """What the redline did with each finding, for the command's summary."""

    inline: list[str] = field(default_factory=list)
    in_section: list[str] = field(default_factory=list)
    addendum: list[str] = field(default_factory=list)


@dataclass
class RedlineResult:
    data: bytes
    placement: Placement
    placeholders: list[str]
    round_trip: RoundTrip | None = None  # with --verify: the review of the accepted redline


def open_source(source: bytes) -> Document:
    try:
        return docx.Document(io.BytesIO(source))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadInputError("the redline source must be the contract as a Word .docx file") from exc
    except Exception as exc:  # lxml and package errors from a damaged file
        raise BadInputError(f"the Word file cannot be opened ({type(exc).__name__}); save it again") from exc


def turn_on_tracking(document: Document) -> None:
    """Ask Word to track the lawyer's own edits too (Review > Track Changes on)."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        settings.insert(0, OxmlElement("w:trackRevisions"))


class Redliner:
    def __init__(
        self,
        document: Document,
        review: Review,
        lang: str,
        contract_set: ContractSet | None,
        author: str,
        date: datetime,
        source_name: str | None = None,
    ) -> None:
        self.document = document
        self.lang = lang
        self.terms = draft_terms(review, contract_facts(review, contract_set), lang)
        self.terms.instrument = tr(lang, "drafting.instrument_contract")
        self.terms.whole = tr(lang, "drafting.whole_contract")
        self.author = author
        self.revisions = Revisions.for_document(document.element.body, author, date)
        self.sections = sections_of(document)
        self.headings = {id(s.heading) for s in self.sections}
        self.source = source_document(contract_set, source_name)
        self.causes = causing_sentences(review, self.source)
        self.protected = protected_sentences(review, self.source)
        self.after: dict[int, Element] = {}  # section index -> the last paragraph inserted into it
        self.addendum: list[tuple[str, list[str], list[Finding]]] = []
        self.placement = Placement()
        self.text: list[str] = []

    # --- one finding -------------------------------------------------------------------------

    def place(self, item: PlannedClause) -> None:
        clause, findings = item.clause, item.findings
        lead = findings[0]
        self.text.append(clause.title + "\n" + clause.text)
        note = comment_text(findings, self.lang)
        causes = [q for f in findings for q in self.causes.get(f.check_id, [])]
        causes += overridden(self.source, clause.replaces)
        inline = ("" if self.lang == "zh" else " ").join(clause.paragraphs)
        replaced = False
        for quote in dict.fromkeys(causes):
            if is_protected(quote, self.protected):
                continue  # it satisfies another check: the clause goes beside it instead
            if self._delete_row(quote, deletion_text(findings, clause.title, self.lang)):
                continue  # a table row ("Logs | Indefinitely"): struck out; the clause goes in the text
            lines = [line for line in quote.splitlines() if line.strip()] or [quote]
            for line in lines if self._locate(quote) is None else [quote]:  # a clause split over paragraphs
                if not replaced:
                    replaced = self._replace(line, inline, note)
                else:
                    self._delete(line, deletion_text(findings, clause.title, self.lang))
        if replaced:
            self.placement.inline.append(lead.check_id)
            return
        section = best_section(self.sections, lead)
        if section is not None:
            self._insert_in_section(section, clause.paragraphs, note)
            self.placement.in_section.append(lead.check_id)
            return
        self.addendum.append((clause.title, clause.paragraphs, findings))
        self.placement.addendum.append(lead.check_id)

    def _comment(self, first: Element, last: Element, text: str) -> None:
        comment = self.document.comments.add_comment(text=text, author=self.author, initials="CR")
        anchor_comment(first, last, comment.comment_id)

    def _locate(self, quote: str) -> tuple[Element, int, int] | None:
        """The quote in a body paragraph (never in a heading), as a character range."""
        hit = find_quote(self.document, quote)
        if hit is None or id(hit[0]) in self.headings:
            return None
        return hit

    def _replace(self, quote: str, text: str, note: str) -> bool:
        """The quoted words deleted (the clause's own number kept) and ``text`` inserted in their place."""
        hit = self._locate(quote)
        if hit is None:
            return False
        paragraph, start, end = hit
        whole = paragraph_text(paragraph)
        quoted = whole[start:end]
        start += len(quoted) - len(strip_number(quoted))  # keep the clause's own number
        if whole[end : end + 1] in ("；", ";") and text.rstrip().endswith(("。", ".")):
            end += 1  # the quoted clause's separator goes with it: the inserted text ends its own sentence
        runs = runs_between(paragraph, start, end)
        if not runs:
            return False
        rpr = runs[0].find(qn("w:rPr"))
        deleted = mark_deleted(runs, self.revisions)
        inserted = inserted_runs(text, self.revisions, rpr)
        deleted[-1].addnext(inserted)
        self._comment(deleted[0], inserted, note)
        return True

    def _delete(self, quote: str, note: str) -> None:
        """A further sentence that says what the inserted clause takes back: deleted, and its
        paragraph too when nothing else is left in it."""
        hit = self._locate(quote)
        if hit is None:
            return
        paragraph, start, end = hit
        whole = paragraph_text(paragraph)
        rest = (whole[:start] + whole[end:]).strip()
        if not strip_number(rest).strip():
            start, end = 0, len(whole)
        elif whole[end : end + 1] == " ":
            end += 1  # the space after the sentence goes with it
        runs = runs_between(paragraph, start, end)
        if not runs:
            return
        deleted = mark_deleted(runs, self.revisions)
        if (start, end) == (0, len(whole)):
            delete_paragraph_mark(paragraph, self.revisions)
        self._comment(deleted[0], deleted[-1], note)

    def _delete_row(self, quote: str, note: str) -> bool:
        """A table row the quote is, deleted as a tracked row deletion (its text and the row itself)."""
        row = find_row(self.document, quote)
        if row is None:
            return False
        trpr = row.find(qn("w:trPr"))
        if trpr is not None and trpr.find(qn("w:del")) is not None:
            return True  # struck already, for another check
        runs = [r for p in row.iter(qn("w:p")) for r in list(runs_of(p))]
        if not runs:
            return False
        deleted = mark_deleted(runs, self.revisions)
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            before = row.find(qn("w:tblPrEx"))  # w:trPr comes after it, before the cells
            if before is not None:
                before.addnext(trpr)
            else:
                row.insert(0, trpr)
        trpr.append(self.revisions.mark("w:del"))
        self._comment(deleted[0], deleted[-1], note)
        return True

    def _insert_in_section(self, index: int, paragraphs: list[str], note: str) -> None:
        section: Section = self.sections[index]
        anchor: Element = self.after.get(index, section.last)
        numbers = numbered_after(paragraph_text(anchor), len(paragraphs))
        first: Element | None = None
        for text, number in zip(paragraphs, numbers, strict=True):
            text = f"{number} {text}" if number else text
            new = inserted_paragraph(text, self.revisions, like=section.body_like)
            anchor.addnext(new)
            anchor = new
            first = first if first is not None else new
        assert first is not None
        self.after[index] = anchor
        self._comment(first, anchor, note)

    # --- the addendum at the end -------------------------------------------------------------

    def write_addendum(self) -> None:
        """A new last section holding the fixes no place in the contract fits, numbered like it."""
        if not self.addendum:
            return
        top = [s for s in self.sections if s.level == 1]
        heading_like = top[-1].heading if top else None
        body_like = next((s.body_like for s in self.sections if s.body_like is not None), None)
        label, clause_prefix = next_section(paragraph_text(top[-1].heading)) if top else ("", "{n}.")
        title = f"{label} {tr(self.lang, 'redline.addendum_title')}".strip()
        new = [
            inserted_paragraph(title, self.revisions, like=heading_like, bold=heading_like is None),
            inserted_paragraph(tr(self.lang, "redline.addendum_intro"), self.revisions, like=body_like),
        ]
        comments = []
        for n, (clause_title, paragraphs, findings) in enumerate(self.addendum, start=1):
            prefix = clause_prefix.format(n=n)
            head = inserted_paragraph(f"{prefix} {clause_title}", self.revisions, like=body_like, bold=True)
            body = [inserted_paragraph(text, self.revisions, like=body_like) for text in paragraphs]
            new.extend([head, *body])
            comments.append((head, body[-1] if body else head, comment_text(findings, self.lang)))
        end = self.document.element.body.find(qn("w:sectPr"))
        for element in new:
            if end is not None:
                end.addprevious(element)
            else:
                self.document.element.body.append(element)
        for first, last, note in comments:
            self._comment(first, last, note)

    def run(self, review: Review) -> None:
        for item in plan_clauses(review, self.terms):
            self.place(item)
        self.write_addendum()
        turn_on_tracking(self.document)


def render_docx_redline(
    review: Review,
    source: bytes,
    lang: str = "en",
    contract_set: ContractSet | None = None,
    *,
    author: str | None = None,
    date: datetime | None = None,
    source_name: str | None = None,
) -> RedlineResult:
    lang = check_lang(lang)
    document = open_source(source)
    redliner = Redliner(
        document, review, lang, contract_set, author or tr(lang, "redline.author"), date or utcnow(), source_name
    )
    redliner.run(review)
    return RedlineResult(to_bytes(document), redliner.placement, placeholders_in("\n".join(redliner.text)))
