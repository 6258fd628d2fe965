"""README.md and docs/*.md stay true: every repository path they name exists, every ``reviewer``
command they show parses (its sub-commands exist), every ``python -m`` module and ``make`` target
is real."""

from __future__ import annotations

import glob
import importlib.util
import re
import shlex
from pathlib import Path

import pytest

from reviewer.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = ("reviewer/", "tests/", "docs/", "bench/", "ui/", "clause_library/", "templates/", "scripts/", "labels/")
TOP_FILES = ("app.py", "Makefile", "pyproject.toml", ".streamlit/config.toml", ".ci/run")
CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def _snippets(text: str) -> list[str]:
    """Inline code and every line of the fenced blocks."""
    blocks = FENCE.findall(text)
    inline = CODE.findall(FENCE.sub("", text))
    return inline + [line for block in blocks for line in block.splitlines()]


def _is_path(token: str) -> bool:
    return token.startswith(TOP) or token in TOP_FILES


def _exists(token: str, base: Path) -> bool:
    token = token.rstrip(".,:;)")
    if any(c in token for c in "<>{}$") or "..." in token:  # a pattern, not a path
        return True
    if any(c in token for c in "*?["):
        return bool(glob.glob(str(ROOT / token), recursive=True))
    return (ROOT / token).exists() or (base / token).exists()


def _words(line: str) -> list[str]:
    line = line.split("#", 1)[0].replace("\\", " ")
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def _commands(words: list[str], name: str) -> list[list[str]]:
    """Each ``name ...`` run in a shell line (after env settings, ``|``, ``&&``, ``.venv/bin/``)."""
    runs, current = [], None
    for word in words:
        if word in ("|", "&&", ";"):
            current = None
        elif current is not None:
            current.append(word)
        elif word.rsplit("/", 1)[-1] == name:
            current = []
            runs.append(current)
    return runs


def _problems(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    problems = []
    for target in LINK.findall(text):
        if not target.startswith(("http:", "https:", "mailto:")) and not (doc.parent / target).exists():
            problems.append(f"link {target}")
    for snippet in _snippets(text):
        words = _words(snippet)
        words = [w.split("::")[0] for w in words]  # pytest node ids
        problems += [f"path {w}" for w in words if _is_path(w) and not _exists(w, doc.parent)]
        for argv in _commands(words, "reviewer"):
            problems += [f"command reviewer {' '.join(argv)}"] if not _parses(argv) else []
        for argv in _commands(words, "python"):
            if len(argv) > 1 and argv[0] == "-m" and importlib.util.find_spec(argv[1]) is None:
                problems.append(f"python -m {argv[1]}")
        for argv in _commands(words, "make"):
            problems += [f"make {t}" for t in argv[:1] if not re.search(rf"^{re.escape(t)}:", makefile, re.M)]
    return problems


def _parses(argv: list[str]) -> bool:
    """The command names exist (the words up to the first argument that is not a sub-command)."""
    parser = build_parser()
    for word in argv:
        if word.startswith("-"):
            return True
        actions = [a for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict)]
        if not actions:
            return True
        if word not in actions[0].choices:
            return "|" in word and all(w in actions[0].choices for w in word.split("|"))
        parser = actions[0].choices[word]
    return True


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_path_and_command_a_doc_names_exists(doc: Path) -> None:
    assert _problems(doc) == []


def test_the_check_catches_what_does_not_exist(tmp_path: Path) -> None:
    doc = tmp_path / "bad.md"
    doc.write_text(
        "Run `pytest tests/reports` and `reviewer frobnicate ID`; see `reviewer/nowhere.py` and [x](gone.md).\n"
        "```\nreviewer sets list\nmake no-such-target\npython -m reviewer.absent\n```\n",
        encoding="utf-8",
    )
    assert sorted(_problems(doc)) == sorted(
        [
            "link gone.md",
            "path tests/reports",
            "command reviewer frobnicate ID",
            "path reviewer/nowhere.py",
            "make no-such-target",
            "python -m reviewer.absent",
        ]
    )
