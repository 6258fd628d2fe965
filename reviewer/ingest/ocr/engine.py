"""The OCR engine: RapidOCR (PP-OCRv4 detection and recognition for Chinese and English, the models
shipped inside the ``rapidocr-onnxruntime`` wheel) on onnxruntime; the only module that imports it.

Its own line-angle classifier is off: on English lines it turns good lines upside down (measured in
``bench.ocr``); the page's orientation is decided once per page instead (``orientation``).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
NAME = "rapidocr-onnxruntime 1.4.4 (PP-OCRv4)"
MIN_LINE_SCORE = 0.5  # a recognised line below this is noise, not text

# One engine per thread (a session is not shared between threads), kept in this dict and not in
# ``threading.local``: when another thread forks (the parser sandbox), the child clears the other
# threads' local storage, and an engine destroyed there waits for the parent's onnxruntime threads
# for ever (measured: 8 of 8 children hung). Keyed by process too, so a child never uses or frees
# an engine it inherited; an engine of a thread that ended is freed by its own process.
_ENGINES: dict[tuple[int, int, int], Any] = {}  # (process, thread, threads per session) -> engine
_ENGINES_LOCK = threading.Lock()


@dataclass
class RawLine:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom in the image's pixels
    confidence: float


class EngineMissingError(RuntimeError):
    """The OCR engine (or OpenCV under it) is not installed."""


def available() -> bool:
    try:
        _engine()
    except EngineMissingError:
        return False
    return True


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def set_threads(threads: int) -> None:
    """How many threads each page's engine session uses from now on (pages at once x threads = cores)."""
    global _threads
    _threads = max(1, threads)


_threads = 1


def _engine() -> Any:
    key = (os.getpid(), threading.get_ident(), _threads)
    engine = _ENGINES.get(key)
    if engine is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # cv2 or the wheel itself
            raise EngineMissingError(str(exc)) from exc
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        # One page per core with one thread each, or one page on all cores (set_threads).
        engine = RapidOCR(intra_op_num_threads=_threads, inter_op_num_threads=1, text_score=MIN_LINE_SCORE)
        with _ENGINES_LOCK:
            _free_engines_of_ended_threads()
            _ENGINES[key] = engine
    return engine


def _free_engines_of_ended_threads() -> None:
    pid = os.getpid()
    running = {thread.ident for thread in threading.enumerate()}
    for key in [k for k in _ENGINES if k[0] == pid and k[1] not in running]:
        del _ENGINES[key]


def recognise(image: np.ndarray) -> list[RawLine]:
    """The text lines found in an RGB image, in the engine's order."""
    result, _ = _engine()(image, use_cls=False)
    lines = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if text.strip():
            lines.append(RawLine(text=text, box=(min(xs), min(ys), max(xs), max(ys)), confidence=float(score)))
    return lines


def upside_down_share(image: np.ndarray, lines: list[RawLine], sample: int = 24) -> float:
    """The share of (up to ``sample``) line crops that the engine's angle classifier sees as turned 180°."""
    engine = _engine()
    boxes = [
        np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)
        for x0, y0, x1, y1 in (ln.box for ln in lines[:sample])
    ]
    if not boxes:
        return 0.0
    crops = engine.get_crop_img_list(image, boxes)
    _, results, _ = engine.text_cls(crops)
    flipped = sum(1 for label, score in results if label == "180" and score >= 0.8)
    return flipped / len(results)
