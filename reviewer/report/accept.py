"""Accept every tracked change of a Word file in memory, as Word's "Accept All Changes" does.

On the OOXML of the body, headers, footers and notes: ``w:del`` and ``w:moveFrom`` go with their
content, ``w:ins`` and ``w:moveTo`` keep their content without the wrapper, a paragraph whose mark
is deleted merges with the paragraph after it, deleted table rows go, and formatting changes
(``w:rPrChange``, ``w:pPrChange``, ...) keep the current formatting. Comments are left as they are.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from reviewer.errors import BadInputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARTS = re.compile(r"^word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


DROP = {_w("del"), _w("moveFrom")}
UNWRAP = {_w("ins"), _w("moveTo")}
MARKERS = {_w(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")}
PROPERTY_CHANGES = {
    _w(t)
    for t in (
        "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblGridChange", "trPrChange",
        "tcPrChange", "tblPrExChange", "numberingChange",
    )
}  # fmt: skip


def _mark_deleted(paragraph: etree._Element) -> bool:
    """Whether the paragraph's own mark (its pilcrow) is a tracked deletion."""
    return paragraph.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}") is not None


def _merge_deleted_marks(root: etree._Element) -> None:
    """A paragraph whose mark is deleted runs on into the next paragraph, which keeps its own
    properties (as in Word); a deleted mark on the last paragraph of its container is dropped."""
    for paragraph in list(root.iter(_w("p"))):
        if not _mark_deleted(paragraph):
            continue
        following = paragraph.getnext()
        while following is not None and following.tag != _w("p"):
            following = following.getnext() if following.tag in MARKERS | {_w("bookmarkEnd")} else None
        content = [c for c in paragraph if c.tag != _w("pPr")]
        if following is None or following.getparent() is not paragraph.getparent():
            mark = paragraph.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}")
            mark.getparent().remove(mark)
            if not [c for c in content if "".join(c.itertext()).strip()]:
                paragraph.getparent().remove(paragraph)
            continue
        anchor = following.find(_w("pPr"))
        for child in reversed(content):
            if anchor is not None:
                anchor.addnext(child)
            else:
                following.insert(0, child)
        paragraph.getparent().remove(paragraph)


def accept_xml(root: etree._Element) -> None:
    """Accept every tracked change under ``root`` (an lxml element of a WordprocessingML part)."""
    _merge_deleted_marks(root)
    for row in list(root.iter(_w("tr"))):
        if row.find(f"{_w('trPr')}/{_w('del')}") is not None:
            row.getparent().remove(row)
    for element in list(root.iter(*(DROP | MARKERS | PROPERTY_CHANGES))):
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag in DROP and parent.tag == _w("rPr"):
            continue  # a deleted paragraph mark, handled above
        parent.remove(element)
    for element in list(root.iter(*UNWRAP)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in (_w("rPr"), _w("trPr")):
            parent.remove(element)  # an inserted paragraph mark or row: now simply there
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for mark in list(root.iter(_w("del"))):  # marks left on last paragraphs
        if mark.getparent() is not None and mark.getparent().tag in (_w("rPr"), _w("trPr")):
            mark.getparent().remove(mark)


def accept_all(data: bytes) -> bytes:
    """The Word file ``data`` with every tracked change accepted (the rest of the package unchanged)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BadInputError("the redline is not a Word .docx file") from exc
    out = io.BytesIO()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if PARTS.match(info.filename):
                root = etree.fromstring(content, parser)
                accept_xml(root)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, content)
    return out.getvalue()


def body_text(data: bytes) -> str:
    """The visible text of a Word file's body, one line per paragraph (table cells included)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    lines = []
    for paragraph in root.iter(_w("p")):
        parts = []
        for node in paragraph.iter(_w("t"), _w("tab"), _w("br"), _w("delText")):
            if node.tag == _w("delText"):
                continue
            parts.append(node.text or "" if node.tag == _w("t") else "\t" if node.tag == _w("tab") else "\n")
        lines.append("".join(parts))
    return "\n".join(lines)
