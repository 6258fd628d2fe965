"""External links in a Word package: warned of at ingest; the loading ones stripped from every Word file we write.

A relationship with ``TargetMode="External"`` points outside the file. Some only wait for a click
(hyperlinks); others make Word fetch the address when the file opens: an attached template, a
linked image, a linked OLE object, a frame, a sub-document, an external data source. Those are
"loading" links: they tell the sender when and where the file was opened, and can pull content in.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CLICK_ONLY = "hyperlink"  # the one kind Word does not fetch by itself
REMOVED_TARGET = "#removed-external-link"
_RELS = re.compile(r"(^|/)_rels/[^/]*\.rels$")


@dataclass(frozen=True)
class ExternalLink:
    part: str  # the .rels part that holds it
    kind: str  # the relationship type's last word: attachedTemplate, image, oleObject, hyperlink, ...
    target: str

    @property
    def loads(self) -> bool:
        return self.kind != CLICK_ONLY


def _relationships(xml: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def external_links(data: bytes) -> list[ExternalLink]:
    """Every external relationship in the package ``data`` (an unreadable package: none)."""
    found: list[ExternalLink] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return found
    with archive:
        for name in sorted(n for n in archive.namelist() if _RELS.search(n)):
            root = _relationships(archive.read(name))
            for rel in [] if root is None else root.iter(f"{{{RELS_NS}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
                    found.append(ExternalLink(name, kind, str(rel.get("Target", ""))))
    return found


def strip_loading_links(data: bytes) -> bytes:
    """``data`` with every loading external relationship pointed nowhere (hyperlinks kept); the
    same bytes when there is none."""
    if not any(link.loads for link in external_links(data)):
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            root = _relationships(payload) if _RELS.search(info.filename) else None
            if root is not None:
                for rel in root.iter(f"{{{RELS_NS}}}Relationship"):
                    link = ExternalLink(info.filename, str(rel.get("Type", "")).rsplit("/", 1)[-1], "")
                    if rel.get("TargetMode") == "External" and link.loads:
                        rel.set("Target", REMOVED_TARGET)
                payload = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, payload)
    return out.getvalue()
