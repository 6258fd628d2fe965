"""The gap report as a Word document: real headings (navigation pane, table of contents), a findings
table, checkboxes in the checklist, and named styles (Evidence Quote, Checklist Item, ...)."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt

from reviewer.models import Review
from reviewer.report.content import ReportView, build_report_view
from reviewer.report.docx_common import (
    HEADER_FILL,
    add_checkbox,
    add_table,
    fill_row,
    labelled,
    new_document,
    sep_after,
    shade,
    status_cell,
    to_bytes,
)
from reviewer.report.view import FindingView


def render_docx_report(review: Review, lang: str = "en") -> bytes:
    view = build_report_view(review, lang)
    document = new_document(view.lang, title=view.header.title, created=review.created_at)
    _cover(document, view)
    if view.warnings:
        _warnings(document, view)
    _summary(document, view)
    _contract_set(document, view)
    _findings_table(document, view)
    _checklist(document, view)
    _details(document, view)
    _errors_and_about(document, view)
    return to_bytes(document)


def _cover(document: Document, view: ReportView) -> None:
    t, h = view.t, view.header
    document.add_heading(h.title, level=0)
    document.add_paragraph(t["report_subtitle"], style="Subtitle")
    meta = t["meta"]
    rows = [
        (meta["date"], h.date),
        (meta["tier"], h.tier),
        (meta["jurisdictions"], h.jurisdictions),
        (meta["playbook"], h.playbook),
        (meta["documents"], ", ".join(d.file_name for d in h.documents)),
        (meta["status"], h.status),
        (meta["review_id"], f"{h.review_id} ({meta['judge']}{sep_after(meta['judge'])}{h.judge})"),
    ]
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
    document.add_paragraph(t["generated_by"], style="Small Print")


def _warnings(document: Document, view: ReportView) -> None:
    t = view.t["warnings"]
    document.add_heading(f"⚠ {t['title']}", level=1)
    document.add_paragraph(t["intro"], style="Warning Text")
    for w in view.warnings:
        where = ", ".join(part for part in (w.file_name, w.where) if part)
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(w.kind).bold = True
        colon = view.t["sep"]
        paragraph.add_run(f" ({where}){colon}{w.message}" if where else f"{colon}{w.message}")
        if w.text:
            paragraph.add_run(f" “{w.text}”").italic = True


def _summary(document: Document, view: ReportView) -> None:
    t, s = view.t, view.summary
    document.add_heading(t["summary"]["title"], level=1)
    document.add_paragraph().add_run(s.overall_sentence).bold = True
    document.add_paragraph(f"{s.intro} {s.breakdown}")
    for alert in s.alerts:
        document.add_paragraph(alert, style="Warning Text").runs[0].bold = True
    table = add_table(document, [f"{c.symbol} {c.label}" for c in s.counts], [4.25] * 4)
    cells = fill_row(table, [str(c.count) for c in s.counts], size=14)
    for cell, count in zip(cells, s.counts, strict=True):
        status_cell(cell, count.status)
    document.add_heading(s.top_risks_title, level=2)
    for f in s.top_risks:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f.title).bold = True
        paragraph.add_run(f" ({f.status_label}, {f.severity_label}, #{f.number}): {f.ask}")
    if not s.top_risks:
        document.add_paragraph(t["summary"]["no_risks"])
    if s.at_a_glance:
        document.add_heading(t["summary"]["at_a_glance"], level=2)
        heads = [t["findings_table"]["check"], t["findings_table"]["status"]] * 2
        glance = add_table(document, heads, [5.5, 3.0, 5.5, 3.0])
        pairs = s.at_a_glance
        for left, right in zip(pairs[::2], [*pairs[1::2], None], strict=False):
            values = [
                left.topic,
                left.status_label,
                right.topic if right else "",
                right.status_label if right else "",
            ]
            cells = fill_row(glance, values)
            status_cell(cells[1], left.status)
            if right:
                status_cell(cells[3], right.status)


def _contract_set(document: Document, view: ReportView) -> None:
    t, h = view.t["contract_set"], view.header
    document.add_heading(t["title"], level=1)
    labelled(document, t["name"], h.set_name)
    labelled(document, t["id"], h.set_id, style="Small Print")
    table = add_table(document, [t["file"], t["type"], t["pages"], t["sha256"]], [4.6, 1.4, 1.5, 9.5])
    for d in h.documents:
        cells = fill_row(table, [d.file_name, d.kind, str(d.pages), d.sha256])
        cells[3].paragraphs[0].runs[0].font.size = Pt(7.5)


def _findings_table(document: Document, view: ReportView) -> None:
    t = view.t["findings_table"]
    document.add_heading(t["title"], level=1)
    document.add_paragraph(t["intro"], style="Small Print")
    table = add_table(
        document, [t["number"], t["check"], t["status"], t["severity"], t["where"]], [0.8, 5.6, 3.0, 2.0, 5.6]
    )
    for category in view.categories:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(category.name).bold = True
        shade(merged, HEADER_FILL)
        for f in category.findings:
            cells = fill_row(
                table, [str(f.number), f.title, f"{f.status_symbol} {f.status_label}", f.severity_label, f.where]
            )
            status_cell(cells[2], f.status)


def _checklist(document: Document, view: ReportView) -> None:
    t = view.t
    document.add_page_break()
    document.add_heading(t["checklist"]["title"], level=1)
    document.add_heading(t["questions"]["title"], level=2)
    document.add_paragraph(t["questions"]["intro"], style="Small Print")
    for q in view.questions:
        paragraph = document.add_paragraph(style="Checklist Item")
        add_checkbox(paragraph)
        paragraph.add_run(q.text)
        answers = "; ".join(f"{a.title}{sep_after(a.title)}{a.status_label} ({a.where})" for a in q.answers)
        labelled(
            document,
            t["questions"]["contract_now"],
            answers or t["questions"]["not_checked"],
            style="Checklist Detail",
        )
    document.add_paragraph(t["checklist"]["intro"], style="Small Print")
    c = t["checklist"]
    for group in view.checklist:
        document.add_heading(group.label, level=2)
        for item in group.items:
            paragraph = document.add_paragraph(style="Checklist Item")
            add_checkbox(paragraph, item.ticked)
            paragraph.add_run(f"{item.number}. {item.ask} ({item.finding.status_label})")
            labelled(document, c["why"], item.why, style="Checklist Detail")
            labelled(document, c["fallback"], item.fallback, style="Checklist Detail")
            labelled(
                document,
                c["walk_away"],
                t["answer_yes"] if item.walk_away else t["answer_no"],
                style="Checklist Detail",
            )
            where = "; ".join(item.where) if item.where else c["silent"]
            labelled(document, c["where"], f"{where} (#{item.finding.number})", style="Checklist Detail")
    if not view.checklist:
        document.add_paragraph(c["empty"])


def _details(document: Document, view: ReportView) -> None:
    document.add_page_break()
    document.add_heading(view.t["findings"]["title"], level=1)
    for f in view.findings:
        _finding(document, view, f)


def _finding(document: Document, view: ReportView, f: FindingView) -> None:
    t = view.t["findings"]
    document.add_heading(f"{f.number}. {f.title}", level=2)
    meta = document.add_paragraph(style="Finding Meta")
    status = meta.add_run(f"{f.status_symbol} {f.status_label}")
    status.bold = True
    meta.add_run(
        f" · {t['severity']}{view.t['sep']}{f.severity_label} · {f.category} · {t['check_id']} {f.check_id}"
        f" · {t['confidence']} {f.confidence}"
    )
    labelled(document, t["why"].format(tier=view.header.tier), f"{f.why} {f.tier_note}".strip())
    labelled(document, t["rationale"], f.rationale)
    if f.value:
        labelled(document, t["value"], f.value)
    if f.disagreement:
        labelled(document, t["disagreement"], f.disagreement)
    if f.document_statuses:
        labelled(document, t["per_document"], "; ".join(f"{n}{view.t['sep']}{s}" for n, s in f.document_statuses))
    document.add_paragraph().add_run(t["evidence"]).bold = True
    for e in f.evidence:
        document.add_paragraph(e.quote, style="Evidence Quote")
        document.add_paragraph(e.cite, style="Evidence Citation")
    if not f.evidence:
        document.add_paragraph(t["silent"], style="Evidence Quote").runs[0].italic = True
    labelled(document, t["standard"], f.standard)
    labelled(document, t["fallback"], f.fallback or t["no_fallback"])
    if f.is_open:
        labelled(document, t["ask"], f.ask)
    if f.red_flags:
        labelled(document, t["red_flags"], "; ".join(f"“{r}”" for r in f.red_flags), style="Small Print")
    if f.legal_basis:
        labelled(document, t["legal_basis"], "; ".join(f.legal_basis), style="Small Print")
    if f.notes:
        labelled(document, t["notes"], "; ".join(f.notes), style="Small Print")


def _errors_and_about(document: Document, view: ReportView) -> None:
    t = view.t
    if view.errors:
        document.add_heading(t["errors"]["title"], level=1)
        document.add_paragraph(t["errors"]["intro"])
        for e in view.errors:
            document.add_paragraph(f"{e.check_id}: {e.message}", style="List Bullet")
    document.add_heading(t["about"]["title"], level=1)
    document.add_paragraph(t["about"]["method"])
    document.add_paragraph(t["about"]["quotes"])
    document.add_paragraph(t["generated_by"], style="Small Print")
