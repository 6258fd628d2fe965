"""The rider as a Word document: a cover note for the lawyer (values to confirm first, then what each
clause fixes and what was taken from the contract), then the "Data Protection and AI Use Addendum"
with clauses numbered by Word itself (1., 1.1, ...), so that inserting a clause renumbers the rest."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reviewer.models import ContractSet, Review
from reviewer.report.docx_common import add_table, fill_row, new_document, status_cell, to_bytes
from reviewer.report.env import strings, tr
from reviewer.report.ooxml import Element
from reviewer.report.rider import Rider, plan_rider
from reviewer.report.view import format_date, playbook_title

HEADING_STYLE, TEXT_STYLE = "Clause Heading", "Clause Text"
_ABSTRACT_ID = 90  # above the ids python-docx's template uses


@dataclass
class RiderResult:
    data: bytes
    clauses: int  # clauses that fix a finding
    placeholders: list[str]


def render_docx_rider(review: Review, lang: str = "en", contract_set: ContractSet | None = None) -> RiderResult:
    rider = plan_rider(review, lang, contract_set)
    t = strings(rider.lang)["rider"]
    document = new_document(rider.lang, title=t["title"], created=review.created_at)
    document.add_heading(t["title"], level=0)
    date = format_date(review.created_at, rider.lang)
    document.add_paragraph(t["draft_label"].format(name=review.contract_set.name, date=date), style="Subtitle")
    _placeholders(document, rider)
    _cover_note(document, rider, review)
    if rider.fixing:
        document.add_page_break()
        _operative(document, rider)
    return RiderResult(to_bytes(document), len(rider.fixing), rider.placeholders)


def _placeholders(document: Document, rider: Rider) -> None:
    t = strings(rider.lang)["rider"]
    document.add_heading(t["placeholders_title"], level=1)
    if not rider.placeholders:
        document.add_paragraph(t["no_placeholders"])
        return
    document.add_paragraph(t["placeholders_intro"])
    for placeholder in rider.placeholders:
        document.add_paragraph(placeholder, style="List Bullet").runs[0].bold = True


def _cover_note(document: Document, rider: Rider, review: Review) -> None:
    lang = rider.lang
    t = strings(lang)["rider"]
    document.add_heading(t["cover_title"], level=1)
    playbook = playbook_title(review, lang)
    document.add_paragraph(
        t["cover_intro"].format(
            name=review.contract_set.name,
            date=format_date(review.created_at, lang),
            playbook=f"{playbook} {review.playbook.version}",
            tier=tr(lang, f"tiers.{review.tier}"),
        )
    )
    if not rider.fixing:
        document.add_paragraph(t["no_clauses"])
    else:
        document.add_heading(t["fixes_title"], level=2)
        table = add_table(
            document, [t["clause_col"], t["fixes_col"], t["status_col"], t["source_col"]], [4.2, 5.2, 2.2, 5.4]
        )
        for item in rider.fixing:
            for n, fix in enumerate(item.fixes):
                label = f"{t['clause_ref'].format(n=item.number)} {item.clause.title}" if n == 0 else ""
                title = f"{fix.title} ({t['generic_note']})" if item.generic else fix.title
                where = "; ".join(fix.cites) or strings(lang)["checklist"]["silent"]
                cells = fill_row(table, [label, title, fix.status_label, where])
                status_cell(cells[2], fix.status)
    if rider.terms.sources:
        document.add_heading(t["facts_title"], level=2)
        facts = add_table(document, [t["item_col"], t["value_col"], t["source_col"]], [5.0, 6.0, 6.0])
        for what, value, where in rider.terms.sources:
            fill_row(facts, [what, value, where])


def clause_numbering(document: Document) -> None:
    """A two-level Word list (1. / 1.1) tied to the clause heading and clause text styles."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(_ABSTRACT_ID))
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "multilevel")
    abstract.append(kind)
    for level, (text, style) in enumerate((("%1.", HEADING_STYLE), ("%1.%2", TEXT_STYLE))):
        abstract.append(_level(level, text, document.styles[style].style_id))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num_id = str(_ABSTRACT_ID)
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(_ABSTRACT_ID))
    num.append(ref)
    numbering.append(num)
    for level, style in enumerate((HEADING_STYLE, TEXT_STYLE)):
        ppr = document.styles[style].element.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), num_id)
        num_pr.append(ilvl)
        num_pr.append(nid)
        ppr.insert(0, num_pr)


def _level(level: int, text: str, style_id: str) -> Element:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(level))
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", "decimal"),
        ("w:pStyle", style_id),
        ("w:lvlText", text),
        ("w:lvlJc", "left"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        lvl.append(child)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "680")
    ind.set(qn("w:hanging"), "680")
    ppr.append(ind)
    lvl.append(ppr)
    return lvl


def _operative(document: Document, rider: Rider) -> None:
    t = strings(rider.lang)["rider"]
    clause_numbering(document)
    document.add_heading(t["title"], level=1)
    for item in rider.clauses:
        document.add_paragraph(item.clause.title, style=HEADING_STYLE)
        for paragraph in item.clause.paragraphs:
            document.add_paragraph(paragraph, style=TEXT_STYLE)
    document.add_heading(t["signature_title"], level=2)
    terms = rider.terms
    table = document.add_table(rows=4, cols=2)
    for col, party in enumerate((terms.customer_name, terms.vendor_name)):
        cells = [table.cell(row, col) for row in range(4)]
        cells[0].text = t["signed_for"].format(party=party)
        cells[0].paragraphs[0].runs[0].bold = True
        for cell, label in zip(cells[1:], (t["sig_name"], t["sig_title"], t["sig_date"]), strict=True):
            cell.text = f"{label} ______________________"
            cell.paragraphs[0].paragraph_format.space_before = Pt(14)
