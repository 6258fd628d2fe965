"""Word building blocks shared by the report and the rider: named styles a lawyer can edit in Word's
style pane, shaded table cells, checkboxes that Word can tick, page-number footers.

python-docx is imported here and in the other ``reviewer/report/docx_*`` modules only.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

STATUS_FILL = {"conflicting": "FDE8E6", "missing": "FFF0E0", "partial": "FFF8D6", "satisfied": "E3F6EC"}
STATUS_INK = {"conflicting": "B42318", "missing": "A64B00", "partial": "7A5D00", "satisfied": "05603A"}
HEADER_FILL = "E8EDF5"
LATIN_FONT = "Calibri"
CJK_FONT = {"en": "SimSun", "zh": "Microsoft YaHei"}
QUOTE_FONT = "Georgia"


def _set_east_asian(rpr_owner: Any, font: str) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _paragraph_style(
    document: Document,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    italic: bool | None = None,
    bold: bool | None = None,
    color: str | None = None,
    font: str | None = None,
    indent_cm: float | None = None,
    space_after: float | None = None,
) -> None:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    if size:
        style.font.size = Pt(size)
    if italic is not None:
        style.font.italic = italic
    if bold is not None:
        style.font.bold = bold
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    if font:
        style.font.name = font
    if indent_cm is not None:
        style.paragraph_format.left_indent = Cm(indent_cm)
    if space_after is not None:
        style.paragraph_format.space_after = Pt(space_after)


def new_document(lang: str, *, title: str, created: datetime) -> Document:
    """An A4 document with the project's named styles and fixed metadata (so output is reproducible)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    _set_east_asian(normal.element, CJK_FONT.get(lang, "SimSun"))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_east_asian(document.styles[name].element, CJK_FONT.get(lang, "SimSun"))
    _paragraph_style(document, "Evidence Quote", size=10, italic=False, font=QUOTE_FONT, indent_cm=0.8)
    _paragraph_style(document, "Evidence Citation", size=8.5, color="5B6474", indent_cm=0.8, space_after=8)
    _paragraph_style(document, "Finding Meta", size=9, color="5B6474")
    _paragraph_style(document, "Checklist Item", bold=True, space_after=2)
    _paragraph_style(document, "Checklist Detail", size=9.5, indent_cm=0.75, space_after=1)
    _paragraph_style(document, "Small Print", size=8.5, color="5B6474")
    _paragraph_style(document, "Warning Text", color="B42318")
    _paragraph_style(document, "Clause Heading", base="Heading 2")
    _paragraph_style(document, "Clause Text", space_after=6)
    _paragraph_style(document, "Placeholder Note", color="B42318", bold=True)
    props = document.core_properties
    props.title = title
    props.author = "Contract Reviewer"
    props.last_modified_by = "Contract Reviewer"
    props.created = props.modified = created.replace(tzinfo=None)
    props.revision = 1
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    add_page_footer(document, title)
    return document


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out the page."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text or ""


def add_page_footer(document: Document, title: str) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run(f"{title}  ·  ")
    add_field(footer, "PAGE")
    footer.add_run(" / ")
    add_field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor.from_string("5B6474")


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def add_table(document: Document, headers: list[str], widths_cm: list[float]) -> Table:
    """A grid table with a shaded header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        shade(cell, HEADER_FILL)
    repeat_header(table)
    set_widths(table, widths_cm)
    return table


def set_widths(table: Table, widths_cm: list[float]) -> None:
    """Column widths in the grid (which LibreOffice reads) and in every cell (which Word reads)."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=False):
        col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def fill_row(table: Table, values: list[str], *, size: float = 9) -> list[_Cell]:
    """A new row that Word keeps on one page."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = row.cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(value)
        run.font.size = Pt(size)
    return cells


def status_cell(cell: _Cell, status: str) -> None:
    shade(cell, STATUS_FILL[status])
    for run in cell.paragraphs[0].runs:
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(STATUS_INK[status])


def add_checkbox(paragraph: Paragraph, ticked: bool = False) -> None:
    """A checkbox content control: Word ticks it on click; other readers show the ☐ character."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    box = OxmlElement("w14:checkbox")
    checked = OxmlElement("w14:checked")
    checked.set(qn("w14:val"), "1" if ticked else "0")
    box.append(checked)
    for tag, code in (("w14:checkedState", "2612"), ("w14:uncheckedState", "2610")):
        state = OxmlElement(tag)
        state.set(qn("w14:val"), code)
        state.set(qn("w14:font"), "MS Gothic")
        box.append(state)
    pr.append(box)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "☒" if ticked else "☐"
    run.append(text)
    content.append(run)
    sdt.append(pr)
    sdt.append(content)
    paragraph._p.append(sdt)
    paragraph.add_run(" ")


def sep_after(text: str) -> str:
    """The colon that follows ``text``: a full-width one after Chinese."""
    last = text[-1:] or " "
    wide = "\u3000" <= last <= "\u303f" or "\u3400" <= last <= "\u9fff" or "\uff00" <= last <= "\uffef"
    return "：" if wide else ": "


def labelled(document: Document, label: str, text: str, *, style: str = "Normal") -> Paragraph:
    """A paragraph that opens with a bold label."""
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(f"{label}{sep_after(label)}").bold = True
    paragraph.add_run(text)
    return paragraph


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
