"""Where an offset of a document's text is: its pages and its innermost section, by bisection.

``Document.page_at``/``section_at`` scan every page and section; a long contract has thousands of
blocks and sections, so ingestion asks this index instead (same answers).
"""

from __future__ import annotations

import bisect

from reviewer.models import Document, Section


def enclosing_title(sections: list[Section], section: Section) -> str | None:
    """The section's own title, or the title of the nearest enclosing section that has one."""
    if section.title:
        return section.title
    enclosing = [s for s in sections if s.title and s.start <= section.start < s.end and s.level < section.level]
    return max(enclosing, key=lambda s: s.start).title if enclosing else None


class OffsetIndex:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.page_starts = [p.start for p in doc.pages]
        self.sections = sorted(doc.sections, key=lambda s: (s.start, -s.end))
        self.section_starts = [s.start for s in self.sections]
        self._titles: dict[int, str | None] = {}

    def pages(self, start: int, end: int) -> list[int]:
        """What ``Document.pages_between`` says."""
        stop = max(end, start + 1)
        first = max(0, bisect.bisect_right(self.page_starts, start) - 1)
        last = bisect.bisect_left(self.page_starts, stop)
        hits = [p.number for p in self.doc.pages[first:last] if p.start < stop and p.end > start]
        return hits or [self.doc.page_at(start)]

    def section(self, offset: int) -> Section | None:
        """What ``Document.section_at`` says: the latest-starting section holding the offset."""
        for i in range(bisect.bisect_right(self.section_starts, offset) - 1, -1, -1):
            candidate = self.sections[i]
            if candidate.start <= offset < candidate.end:
                return candidate
        return None

    def title(self, section: Section) -> str | None:
        """What ``enclosing_title`` says, walking back from the section instead of over all."""
        if section.title:
            return section.title
        key = id(section)
        if key not in self._titles:
            found = None
            for i in range(bisect.bisect_right(self.section_starts, section.start) - 1, -1, -1):
                s = self.sections[i]
                if s.title and s.start <= section.start < s.end and s.level < section.level:
                    found = s.title
                    break
            self._titles[key] = found
        return self._titles[key]
