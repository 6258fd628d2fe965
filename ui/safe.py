"""One escape for text from a contract, file name, set name, user or model before Streamlit renders it as Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, titles, alerts, expander and widget labels,
help tooltips and progress text. Text we did not write could otherwise load an image from any
address (``![x](http://host/p.png)``), show a link or HTML, or run Streamlit's directives
(``:material/icon:``, ``:red[text]``, emoji short codes, ``$maths$``). ``md`` makes it inert and
keeps it readable: the marks that build images, links, HTML, emphasis, tables and maths are
backslash-escaped (CommonMark shows them as themselves), so are marks that start a heading, list
or quote at the start of a line, and a word joiner (U+2060, invisible) follows each colon that
starts a word, so no directive and no ``http://`` or ``www.`` link can form. Newlines are kept.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~$&])")
_LINE_START = re.compile(r"^([ \t]*)([#+=>-]|\d+(?=[.)]))", re.MULTILINE)
_COLON_BEFORE_WORD = re.compile(r":(?=[A-Za-z/])")
_WWW = re.compile(r"(?i)\b(www)\.")


def md(text: object) -> str:
    """``text`` as Markdown that shows exactly these characters and does nothing else."""
    escaped = _ANYWHERE.sub(r"\\\1", str(text))
    escaped = _LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), escaped)
    escaped = _WWW.sub(r"\1" + WORD_JOINER + ".", escaped)
    return _COLON_BEFORE_WORD.sub(":" + WORD_JOINER, escaped)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A table cell from data as a spreadsheet opening the app's CSV download sees it: text that
    starts with ``=``, ``+``, ``-`` or ``@`` (a formula there) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cells(row: dict[str, object]) -> dict[str, object]:
    return {key: cell(value) for key, value in row.items()}
