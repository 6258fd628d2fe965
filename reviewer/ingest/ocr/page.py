"""One page image in, its text out: blank pages told apart, a red seal taken out of the way (and
noted when it lies over text), the page turned upright when it was scanned sideways or upside
down, and the lines put in reading order."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from reviewer.ingest.ocr import engine
from reviewer.ingest.ocr.order import reading_order

INK_LEVEL = 128  # a pixel darker than this (0-255) is ink
BLANK_INK_SHARE = 0.0005  # a page with less ink than this is blank
SEAL_SHARE = 0.002  # this share of strongly red pixels is a seal (or a red stamp or signature)
LOW_CONFIDENCE = 0.80  # a page whose mean confidence is below this is reported
UNREADABLE_CONFIDENCE = 0.60  # ... below this its "text" is not text
MIN_TEXT_CHARS = 20  # a page with fewer characters read with confidence holds no text (noise, a picture)
SEAL_INK_RED = 160  # red ink over paper keeps a red channel above this; black text under it does not
STRETCH = (60, 190)  # grey levels mapped to black and white before reading
SMOOTH_SIGMA = 1.0  # pixels (at 200 dpi) of blur before the stretch: CER 0.8 % instead of 22 % on clean JPEG scans
MAX_SKEW = 3.0  # degrees: a page scanned at most this far askew is set straight before reading
SKEW_STEP = 0.25
SKEW_WIDTH = 640  # pixels: the width at which the skew is measured
UPRIGHT_CONFIDENCE = 0.90  # a page read with less than this may be turned: the other ways are tried


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in the upright image's pixels
    confidence: float


@dataclass
class OcrPage:
    width: int  # the upright image, in pixels
    height: int
    lines: list[OcrLine] = field(default_factory=list)
    rotation: int = 0  # degrees (counter-clockwise) the image was turned to be upright
    blank: bool = False
    seal_over_text: bool = False
    unreadable: bool = False  # ink, but nothing the engine could read with confidence

    @property
    def mean_confidence(self) -> float | None:
        chars = sum(len(ln.text) for ln in self.lines)
        if not chars:
            return None
        return sum(ln.confidence * len(ln.text) for ln in self.lines) / chars

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrPage:
        lines = [OcrLine(ln["text"], tuple(ln["box"]), ln["confidence"]) for ln in data["lines"]]
        return cls(**{**data, "lines": lines})


def _seal_mask(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (r - np.maximum(g, b) > 60) & (r > 120)


def _without_seal(rgb: np.ndarray, seal: np.ndarray) -> np.ndarray:
    """The red channel as grey, with the seal's own ink whitened: black text under it stays dark."""
    grey = rgb[..., 0].copy()
    grey[seal & (grey > SEAL_INK_RED)] = 255
    return grey


def _crisp(grey: np.ndarray) -> np.ndarray:
    """Levels stretched (dark grey to black, light grey to white): JPEG ringing around letters
    otherwise makes the engine drop the spaces between English words (measured in ``bench.ocr``)."""
    import cv2  # OpenCV (headless), which the engine needs anyway

    low, high = STRETCH
    smooth = cv2.GaussianBlur(grey, (0, 0), SMOOTH_SIGMA).astype(np.int16)  # ringing out first
    out = np.clip((smooth - low) * 255 // (high - low), 0, 255).astype(np.uint8)
    return np.repeat(out[..., None], 3, axis=2)


def _skew(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) by which the lines of text are tilted: the turn that
    makes the rows of ink sharpest (the projection profile with the most contrast)."""
    import cv2

    scale = min(1.0, SKEW_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = (small < INK_LEVEL).astype(np.float32)
    height, width = ink.shape
    centre = (width / 2, height / 2)
    best, best_angle = -1.0, 0.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for k in range(-steps, steps + 1):
        angle = k * SKEW_STEP
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), (width, height))
        rows = turned.sum(axis=1)
        sharpness = float(np.square(np.diff(rows)).sum())
        if sharpness > best:
            best, best_angle = sharpness, angle
    return -best_angle


def _straighten(image: np.ndarray, angle: float, border: int) -> np.ndarray:
    """``image`` turned by ``-angle`` degrees about its centre, same size, the corners filled."""
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)


def _overlaps(mask: np.ndarray, lines: list[OcrLine]) -> bool:
    for line in lines:
        x0, y0, x1, y1 = (max(0, int(v)) for v in line.box)
        if mask[y0 : y1 + 1, x0 : x1 + 1].any():
            return True
    return False


def _sideways(lines: list[engine.RawLine]) -> bool:
    """Most lines taller than wide: the page lies on its side (the engine reads such lines anyway)."""
    tall = sum(1 for x0, y0, x1, y1 in (ln.box for ln in lines) if y1 - y0 > x1 - x0)
    return tall > len(lines) / 2


def _score(lines: list[engine.RawLine]) -> float:
    return 0.0 if _sideways(lines) else sum(ln.confidence * len(ln.text) for ln in lines)


def _mean(lines: list[engine.RawLine]) -> float:
    chars = sum(len(ln.text) for ln in lines)
    return _score(lines) / chars if chars else 0.0


def _looks_turned(image: np.ndarray, lines: list[engine.RawLine]) -> bool:
    if not lines or _mean(lines) < UPRIGHT_CONFIDENCE:
        return True
    return engine.upside_down_share(image, lines) > 0.5


def _upright(image: np.ndarray) -> tuple[np.ndarray, list[engine.RawLine], int]:
    """The page read the right way up: as scanned, else the best of the other three turns."""
    lines = engine.recognise(image)
    best = (image, lines, 0)
    if not _looks_turned(image, lines):
        return best
    order = (1, 3, 2) if lines and _sideways(lines) else (2, 1, 3)  # upside down is the commonest mistake
    for turns in order:
        turned = np.ascontiguousarray(np.rot90(image, turns))
        found = engine.recognise(turned)
        if _score(found) > _score(best[1]) * 1.2:
            best = (turned, found, 90 * turns)
            if _mean(found) >= UPRIGHT_CONFIDENCE:
                break
    return best


def read_image(rgb: np.ndarray) -> OcrPage:
    """Read one page image (H x W x 3, uint8)."""
    height, width = rgb.shape[:2]
    grey = rgb.min(axis=2)
    if (grey < INK_LEVEL).mean() < BLANK_INK_SHARE:
        return OcrPage(width=width, height=height, blank=True)
    seal = _seal_mask(rgb)
    has_seal = bool(seal.mean() >= SEAL_SHARE)
    plain = _without_seal(rgb, seal) if has_seal else grey
    angle = _skew(plain)
    if abs(angle) >= SKEW_STEP:  # tilted rows of text run into each other in reading order
        plain = _straighten(plain, angle, 255)
        seal = _straighten(seal.astype(np.uint8), angle, 0) > 0
    image = _crisp(plain)
    image, raw, rotation = _upright(image)
    if rotation:
        seal = np.rot90(seal, rotation // 90)
    lines = reading_order([OcrLine(ln.text.strip(), ln.box, ln.confidence) for ln in raw])
    page = OcrPage(width=image.shape[1], height=image.shape[0], lines=lines, rotation=rotation)
    page.seal_over_text = bool(has_seal and _overlaps(seal, lines))
    mean = page.mean_confidence
    sure = sum(len(ln.text) for ln in lines if ln.confidence >= LOW_CONFIDENCE)
    if mean is None or mean < UNREADABLE_CONFIDENCE or sure < MIN_TEXT_CHARS:
        page.unreadable, page.lines = True, []
    return page
