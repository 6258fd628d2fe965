"""From detected headings to sections: which numbered lines really are sections, how deep each
sits, and where each one ends.

A contract's top-level clause numbers go up: 1, 2, 3. A plain number that restarts ("1." after
section 2) is a numbered list inside a clause, not a new section, and so are the items that
continue that list. Numbers restarting under a "Schedule 2" or "第一章" heading belong to that part
and sit one level below it. A heading with a Word heading style is always a section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from reviewer.models import Page, Section

MAX_JUMP = 3  # "4." after "1." is still a section (a heading may have been lost); "9." is not
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3})+$")


@dataclass
class Heading:
    number: str | None
    title: str | None
    level: int


@dataclass
class SectionSequence:
    last: int | None = None  # the last top-level plain number accepted
    nested_next: int | None = None  # the next item of a numbered list found inside a clause
    in_part: bool = False  # under a "Schedule 2" / "第一章" heading

    def admit(self, heading: Heading, *, styled: bool) -> Heading | None:
        """The heading as a section (its level adjusted), or None when it is a list item."""
        number = heading.number
        if number is None or not (number.isdigit() or _DOTTED.match(number)):
            if heading.level <= 1:  # a part, or a titled top-level heading: numbering may restart
                self.last, self.nested_next = None, None
                self.in_part = number is not None
            return heading
        shifted = replace(heading, level=heading.level + 1) if self.in_part else heading
        if styled or not number.isdigit():
            if number.isdigit():
                self.last, self.nested_next = int(number), None
            return shifted
        n = int(number)
        if self.nested_next is not None and n == self.nested_next:
            self.nested_next = n + 1  # the list inside the clause goes on
            return None
        if self.last is None or self.last < n <= self.last + MAX_JUMP:
            self.last, self.nested_next = n, None
            return shifted
        self.nested_next = n + 1  # a restart: a numbered list inside the current clause
        return None


def build_sections(headings: list[tuple[int, Heading, int]], text_len: int, pages: list[Page]) -> list[Section]:
    """Each heading opens a section that runs to the next heading of the same or a higher level."""
    ends = [text_len] * len(headings)
    open_sections: list[int] = []  # indexes of headings whose section has not ended yet
    for i, (start, heading, _) in enumerate(headings):
        while open_sections and headings[open_sections[-1]][1].level >= heading.level:
            ends[open_sections.pop()] = start
        open_sections.append(i)
    page_starts = [p.start for p in pages]

    def page_of(offset: int) -> int:
        if not pages:
            return 1
        return pages[max(0, bisect.bisect_right(page_starts, offset) - 1)].number

    return [
        Section(
            number=heading.number,
            title=heading.title,
            level=heading.level,
            start=start,
            end=end,
            page_start=page,
            page_end=page_of(max(start, end - 1)),
        )
        for (start, heading, page), end in zip(headings, ends, strict=True)
    ]
