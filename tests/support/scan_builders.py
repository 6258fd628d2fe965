"""Scanned pages rendered from known text (PIL), degraded as a scanner would (skew, blur, speckle,
a red seal over the text), and PDFs made of them: what the OCR tests and ``bench.ocr`` read."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.contract_texts import CHINESE_SECTIONS, ENGLISH_SECTIONS

A4_INCHES = (8.27, 11.69)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
FONT_PT = 12
MARGIN_IN = 1.0
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


def cjk_font_path() -> str | None:
    """A font with Chinese glyphs (Debian's fonts-wqy-microhei or fonts-noto-cjk), if installed."""
    return next((p for p in CJK_FONTS if Path(p).exists()), None)


@dataclass
class Degrade:
    skew: float = 0.0  # degrees
    blur: float = 0.0  # Gaussian radius in pixels at 300 dpi
    speckle: float = 0.0  # share of pixels flipped to dark dots
    seal: bool = False  # a red company seal stamped over the text
    rotate: int = 0  # the page scanned upside down (180) or sideways (90, 270)


def contract_lines(lang: str) -> list[str]:
    """The team-written contract text of ``tests.support.contract_texts`` as lines: headings then clauses."""
    sections = ENGLISH_SECTIONS if lang == "en" else CHINESE_SECTIONS
    lines: list[str] = []
    for number, title, clauses in sections:
        lines.append(f"{number}. {title}" if lang == "en" else f"{number} {title}")
        lines.extend(clauses)
    return lines


def _font(lang: str, px: int) -> Any:
    from PIL import ImageFont

    path = cjk_font_path() if lang == "zh" else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(path or "DejaVuSans.ttf", px)
    except OSError:
        return ImageFont.truetype(cjk_font_path() or "DejaVuSans.ttf", px)


def _wrap(text: str, font: Any, width: float) -> list[str]:
    """Words (English) or characters (Chinese) packed into lines no wider than ``width`` pixels."""
    words = " " in text and not _CJK.search(text)
    tokens = text.split(" ") if words else list(text)
    joiner = " " if words else ""
    lines, current = [], ""
    for token in tokens:
        trial = f"{current}{joiner}{token}" if current else token
        if current and font.getlength(trial) > width:
            lines.append(current)
            current = token
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def render_page(paragraphs: list[str], lang: str, dpi: int, degrade: Degrade | None = None) -> tuple[Any, str]:
    """An A4 page image of ``paragraphs`` at ``dpi`` and the exact text drawn on it (line by line);
    what does not fit on the page is left out."""
    return render_pages(paragraphs, lang, dpi, degrade, max_pages=1)[0]


def render_pages(
    paragraphs: list[str], lang: str, dpi: int, degrade: Degrade | None = None, *, max_pages: int = 100
) -> list[tuple[Any, str]]:
    """A4 page images of ``paragraphs`` at ``dpi`` (as many as they fill), each with the text drawn on it."""
    from PIL import Image, ImageDraw

    degrade = degrade or Degrade()
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    px = round(FONT_PT * dpi / 72)
    font = _font(lang, px)
    left = top = round(MARGIN_IN * dpi)
    pages: list[tuple[Any, list[str]]] = []

    def new_page() -> Any:
        image = Image.new("RGB", size, "white")
        pages.append((image, []))
        return ImageDraw.Draw(image)

    draw, y = new_page(), top
    for paragraph in paragraphs:
        for line in _wrap(paragraph, font, size[0] - 2 * left):
            if y + px > size[1] - top:
                if len(pages) >= max_pages:
                    break
                draw, y = new_page(), top
            draw.text((left, y), line, fill="black", font=font)
            pages[-1][1].append(line)
            y += round(px * 1.5)
        y += round(px * 0.6)
    out = []
    for image, drawn in pages:
        if degrade.seal:
            _stamp_seal(image, (left + round(2.2 * dpi), top + round(0.4 * dpi)), round(0.8 * dpi))
        out.append((_degrade(image, dpi, degrade), "\n".join(drawn)))
    return out


def markdown_paragraphs(markdown: str) -> list[str]:
    """A Markdown contract as the paragraphs a printed copy shows: heading marks, emphasis and table
    rules gone, table rows as their cells side by side."""
    paragraphs = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "").replace("__", "")
        if line.startswith("|"):
            line = "   ".join(cell.strip() for cell in line.strip("|").split("|"))
        paragraphs.append(line)
    return paragraphs


def _stamp_seal(image: Any, centre: tuple[int, int], radius: int) -> None:
    """A translucent red ring with a star and a name, as a Chinese company seal (公章) is stamped."""
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    red = (220, 30, 30, 170)
    x, y = centre
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=red, width=max(3, radius // 12))
    star = [
        (x + radius * 0.3 * r * math.sin(a), y - radius * 0.3 * r * math.cos(a))
        for k in range(10)
        for a, r in [(k * math.pi / 5, 1.0 if k % 2 == 0 else 0.4)]
    ]
    draw.polygon(star, fill=red)
    font = _font("zh", max(8, radius // 4))
    draw.text((x - radius * 0.6, y + radius * 0.4), "合同专用章", fill=red, font=font)
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


def _degrade(image: Any, dpi: int, degrade: Degrade) -> Any:
    from PIL import Image, ImageFilter

    if degrade.skew:
        image = image.rotate(degrade.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white")
    if degrade.blur:
        image = image.filter(ImageFilter.GaussianBlur(degrade.blur * dpi / 300))
    if degrade.speckle:
        rng = random.Random(11)
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * degrade.speckle)):
            pixels[rng.randrange(width), rng.randrange(height)] = (40, 40, 40)
    if degrade.rotate:
        image = image.rotate(degrade.rotate, expand=True)
    return image


def scan_pdf(path: Path, images: list[Any], dpi: int) -> Path:
    """A PDF whose pages are only these images (no text layer), each page A4 at ``dpi``."""
    first, *rest = [im.convert("RGB") for im in images]
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path


def scanned_contract_pdf(path: Path, lang: str = "en", dpi: int = 200, degrade: Degrade | None = None) -> Path:
    """The team contract of ``lang`` as a one-page scan."""
    image, _ = render_page(contract_lines(lang), lang, dpi, degrade)
    return scan_pdf(path, [image], dpi)


def two_column_page(left: list[str], right: list[str], dpi: int = 200) -> tuple[Any, str]:
    """A page set in two columns: the left column is read to its end before the right one."""
    from PIL import Image, ImageDraw

    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    px = round(FONT_PT * dpi / 72)
    font = _font("en", px)
    margin = round(MARGIN_IN * 0.7 * dpi)
    column = (size[0] - 3 * margin) // 2
    drawn = []
    for index, paragraphs in enumerate((left, right)):
        x, y = margin + index * (column + margin), margin
        for paragraph in paragraphs:
            for line in _wrap(paragraph, font, column):
                draw.text((x, y), line, fill="black", font=font)
                drawn.append(line)
                y += round(px * 1.5)
            y += round(px * 0.6)
    return image, "\n".join(drawn)


def scan_docx(path: Path, images: list[Any], *, before: str | None = None, logo: bool = False) -> Path:
    """A Word file of pictures of pages (a scan pasted into Word, one picture per page, as JPEG),
    after an optional typed paragraph, with an optional small picture (a logo) that is no page."""
    import io

    import docx
    from docx.shared import Inches

    document = docx.Document()
    if before:
        document.add_paragraph(before)
    if logo:
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (200, 80), "navy").save(buf, "PNG")
        buf.seek(0)
        document.add_picture(buf, width=Inches(1.5))
    for image in images:
        buf = io.BytesIO()
        image.convert("RGB").save(buf, "JPEG", quality=85)
        buf.seek(0)
        document.add_picture(buf, width=Inches(6.0))
    document.save(str(path))
    return path
