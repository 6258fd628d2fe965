"""Map character offsets between two versions of the same text.

A parser may normalise white space (join wrapped lines, drop blank lines, strip indents) and, rarely,
join a word hyphenated across lines. ``OffsetMap`` aligns the two texts on their non-space
characters, so an offset or a span in one maps to the other even when the white space differs.
"""

from __future__ import annotations

import bisect
import difflib


def _visible(text: str) -> tuple[str, list[int]]:
    """The text without white space, and where each kept character was."""
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in positions), positions


class OffsetMap:
    """Offsets of ``source`` mapped to offsets of ``target`` (same words, different white space)."""

    def __init__(self, source: str, target: str) -> None:
        src, self._src_pos = _visible(source)
        dst, self._dst_pos = _visible(target)
        self._pairs: list[tuple[int, int]] = []  # (source visible index, target visible index)
        if src == dst:
            self._identical = True
        else:
            self._identical = False
            for block in _matching_blocks(src, dst):
                self._pairs.extend((block[0] + k, block[1] + k) for k in range(block[2]))
        self._src_keys = [a for a, _ in self._pairs]
        self.source_len = len(source)
        self.target_len = len(target)

    def _visible_target(self, visible_index: int) -> int | None:
        if self._identical:
            return visible_index
        at = bisect.bisect_left(self._src_keys, visible_index)
        if at < len(self._pairs) and self._pairs[at][0] == visible_index:
            return self._pairs[at][1]
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target span covering the visible characters of ``source[start:end]``; None if none map."""
        first = bisect.bisect_left(self._src_pos, start)
        last = bisect.bisect_left(self._src_pos, end) - 1
        mapped = [m for m in (self._visible_target(i) for i in _ends_inward(first, last)) if m is not None]
        if not mapped:
            return None
        lo, hi = min(mapped), max(mapped)
        return self._dst_pos[lo], self._dst_pos[hi] + 1


def _ends_inward(first: int, last: int, tries: int = 64) -> list[int]:
    """Indexes from both ends of [first, last] inward: the first that map give the span's bounds."""
    if last < first:
        return []
    out = list(range(first, min(last, first + tries) + 1))
    out += list(range(max(first, last - tries), last + 1))
    return out


def _matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """Matching blocks of two mostly equal strings, fast: equal stretches are skipped without diffing."""
    blocks: list[tuple[int, int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        k = 0
        while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
            k += 1
        if k:
            blocks.append((i, j, k))
            i, j = i + k, j + k
            continue
        # Resynchronise on a small window around the difference.
        window = 200
        matcher = difflib.SequenceMatcher(None, a[i : i + window], b[j : j + window], autojunk=False)
        block = next((m for m in matcher.get_matching_blocks() if m.size >= 8), None)
        if block is None:
            i, j = i + window, j + window
            continue
        i, j = i + block.a, j + block.b
    return blocks
