"""What Word would show, worked out from the XML without rendering: a run's effective formatting
(direct, character style, paragraph style, document defaults), whether a reader can see it, and on
which page a paragraph lands when the file carries no rendered page breaks (files written by
python-docx, LibreOffice or Google Docs): an estimate from the page size, margins, font sizes and
spacing, recorded as such on the document.
"""

from __future__ import annotations

import math
import re
from typing import Any

from reviewer.ingest.docx.numbering import W, val

BACKGROUND_DISTANCE = 0.08
MIN_VISIBLE_HALF_POINTS = 4  # w:sz is in half-points: under 2 pt
_CJK_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_HIGHLIGHT = {
    "white": "FFFFFF",
    "yellow": "FFFF00",
    "green": "00FF00",
    "cyan": "00FFFF",
    "lightGray": "C0C0C0",
    "darkGray": "808080",
    "black": "000000",
}


def hex_rgb(value: str | None) -> tuple[float, float, float] | None:
    if not value or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return None  # "auto", theme colours and the like: Word picks a readable colour
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def shading(pr: Any) -> tuple[float, float, float] | None:
    """The fill of a ``w:shd`` under a properties element, when it is a plain colour."""
    if pr is None:
        return None
    shd = pr.find(f"{W}shd")
    return hex_rgb(shd.get(f"{W}fill")) if shd is not None else None


class StyleCascade:
    """Effective run and paragraph properties: direct formatting, then styles, then defaults."""

    def __init__(self, styles_root: Any) -> None:
        self.styles = (
            {s.get(f"{W}styleId"): s for s in styles_root.findall(f"{W}style")} if styles_root is not None else {}
        )
        defaults = styles_root.find(f"{W}docDefaults") if styles_root is not None else None
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None

    def _chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            style_id = val(style.find(f"{W}basedOn"))
        return chain

    def run_property(self, run: Any, paragraph_style: str | None, tag: str) -> Any:
        rpr = run.find(f"{W}rPr")
        if rpr is not None and rpr.find(f"{W}{tag}") is not None:
            return rpr.find(f"{W}{tag}")
        run_style = val(rpr.find(f"{W}rStyle")) if rpr is not None else None
        for style in self._chain(run_style) + self._chain(paragraph_style):
            found = style.find(f"{W}rPr/{W}{tag}")
            if found is not None:
                return found
        return self.default_rpr.find(f"{W}{tag}") if self.default_rpr is not None else None

    def paragraph_property(self, p: Any, paragraph_style: str | None, tag: str) -> Any:
        ppr = p.find(f"{W}pPr")
        if ppr is not None and ppr.find(f"{W}{tag}") is not None:
            return ppr.find(f"{W}{tag}")
        for style in self._chain(paragraph_style):
            found = style.find(f"{W}pPr/{W}{tag}")
            if found is not None:
                return found
        return self.default_ppr.find(f"{W}{tag}") if self.default_ppr is not None else None


def _on(element: Any) -> bool:
    return element is not None and val(element) not in ("0", "false", "off")


class Visibility:
    """Whether a reader of the printed or on-screen document can see a run."""

    def __init__(self, cascade: StyleCascade, page_background: tuple[float, float, float] | None) -> None:
        self.cascade = cascade
        self.page_background = page_background or (1.0, 1.0, 1.0)

    def hidden_reason(
        self, run: Any, paragraph_style: str | None, background: tuple[float, float, float] | None
    ) -> str | None:
        if _on(self.cascade.run_property(run, paragraph_style, "vanish")):
            return "formatted as hidden"
        size = val(self.cascade.run_property(run, paragraph_style, "sz"))
        if size and size.isdigit() and int(size) < MIN_VISIBLE_HALF_POINTS:
            return "font size under 2 pt"
        color = hex_rgb(val(self.cascade.run_property(run, paragraph_style, "color")))
        if color is None:
            return None
        rpr = run.find(f"{W}rPr")
        highlight = rpr.find(f"{W}highlight") if rpr is not None else None
        under = (
            shading(rpr)
            or (hex_rgb(_HIGHLIGHT.get(val(highlight) or "")) if highlight is not None else None)
            or background
            or self.page_background
        )
        if max(abs(a - b) for a, b in zip(color, under, strict=True)) <= BACKGROUND_DISTANCE:
            return "white text" if min(color) > 0.92 else "text in the background colour"
        return None


class PageEstimator:
    """Lays paragraphs out on pages of the document's size: an estimate, good to about a page."""

    LINE_FACTOR = 1.2  # single line spacing as a share of the font size
    LATIN_WIDTH = 0.5  # average character width as a share of the font size

    def __init__(self, body: Any, cascade: StyleCascade) -> None:
        self.cascade = cascade
        sect = body.find(f"{W}sectPr")
        size = sect.find(f"{W}pgSz") if sect is not None else None
        margins = sect.find(f"{W}pgMar") if sect is not None else None

        def twips(element: Any, attribute: str, default: float) -> float:
            raw = element.get(f"{W}{attribute}") if element is not None else None
            return float(raw) / 20 if raw and raw.lstrip("-").isdigit() else default

        self.height = twips(size, "h", 792) - twips(margins, "top", 72) - twips(margins, "bottom", 72)
        self.width = twips(size, "w", 612) - twips(margins, "left", 72) - twips(margins, "right", 72)
        self.height, self.width = max(self.height, 144.0), max(self.width, 144.0)
        self.used = 0.0

    def new_page(self) -> None:
        self.used = 0.0

    def _font_size(self, p: Any, style: str | None) -> float:
        sizes = [val(r.find(f"{W}rPr/{W}sz")) for r in p.iter(f"{W}r")]
        explicit = [int(s) for s in sizes if s and s.isdigit()]
        if explicit:
            return max(explicit) / 2
        default = val(self.cascade.run_property(p, style, "sz"))
        return int(default) / 2 if default and default.isdigit() else 11.0

    def paragraph_height(self, p: Any, style: str | None, text: str, width: float | None = None) -> float:
        size = self._font_size(p, style)
        spacing = self.cascade.paragraph_property(p, style, "spacing")

        def twips(attribute: str, default: float) -> float:
            raw = spacing.get(f"{W}{attribute}") if spacing is not None else None
            return float(raw) / 20 if raw and raw.isdigit() else default

        line = spacing.get(f"{W}line") if spacing is not None else None
        rule = spacing.get(f"{W}lineRule") if spacing is not None else None
        line_height = size * self.LINE_FACTOR
        if line and line.isdigit():
            line_height = line_height * int(line) / 240 if rule in (None, "auto") else max(int(line) / 20, 1.0)
        wide = len(_CJK_WIDE.findall(text))
        units = (wide + self.LATIN_WIDTH * (len(text) - wide)) * size
        lines = max(1, math.ceil(units / (width or self.width)))
        return twips("before", 0.0) + lines * line_height + twips("after", 0.0)

    def place(self, height: float) -> tuple[int, int]:
        """Lay out a block: (pages started before it begins, pages started within it)."""
        before = 0
        if self.used > 0 and self.used + min(height, 14.0) > self.height:
            before, self.used = 1, 0.0
        self.used += height
        within = 0
        while self.used > self.height:
            self.used -= self.height
            within += 1
        return before, within
