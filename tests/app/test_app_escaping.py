"""A hostile string from a contract, a file name, a set name, a playbook and a model goes through
every view of the app (AppTest): wherever Streamlit would render it as Markdown it must be inert
(no image, link or HTML, no Streamlit directive) and still read exactly as written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.app.contracts import hostile_docx
from tests.app.helpers import button, new_app, shown, start_review
from tests.support.fake_ollama import FakeOllama

pytestmark = pytest.mark.integration

PAYLOAD = (
    "![x](http://127.0.0.1:9/leak.png) <img src=http://127.0.0.1:9/leak2.png> "
    "[click](http://127.0.0.1:9/leak3) :material/skull: :red[pwn] $x^2$"
)
SET_NAME = "![x](leak.png) <img src=leak.png> [click](leak) :red[pwn] :skull: $x^2$"  # "/" is refused
FILE_NAME = "![f](leak.png) <img src=leak.png> :red[pwn] :skull:.docx"  # no "/" in a file name
NOT_MARKDOWN = {"html", "code", "json", "text_area", "text_input", "arrow_data_frame", "selectbox", "pills"}
MARKDOWN_FIELDS = {"body", "label", "help", "text", "caption"}
DIRECTIVE = re.compile(r":material/skull:|:red\[|:skull:")


def _strings(proto: Any) -> Iterator[str]:
    for field, value in proto.ListFields():
        if field.message_type is not None:
            items = value if getattr(field, "is_repeated", False) or isinstance(value, Sequence) else [value]
            for item in items:
                yield from _strings(item)
        elif field.name in MARKDOWN_FIELDS and isinstance(value, str):
            yield value


def _markdown_of(at: Any) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if getattr(node, "type", None) in NOT_MARKDOWN:
            return
        if getattr(node, "proto", None) is not None:
            found.extend(_strings(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _assert_inert(at: Any, where: str) -> list[str]:
    """No image, link or HTML anywhere, no hostile directive; returns what the reader sees."""
    texts = []
    for body in _markdown_of(at):
        rendered = MarkdownIt("commonmark").render(body)
        assert "<img" not in rendered and "<a " not in rendered, f"{where}: {body!r} renders {rendered!r}"
        assert "<b>" not in rendered, f"{where}: HTML left in {body!r}"
        assert not DIRECTIVE.search(rendered), f"{where}: directive left in {body!r}"
        assert not re.search(r"(?<!\\)\$", body), f"{where}: maths left in {body!r}"
        texts.append(shown(body))
    return texts


def _page(at: Any, page: str) -> Any:
    at.radio(key="nav").set_value(page).run()
    assert not at.exception, at.exception
    return at


def test_a_hostile_string_is_inert_in_every_view(app_env: Path, tmp_path: Path) -> None:
    (app_env.parent / "playbooks" / f"{FILE_NAME[:-5]}.yaml").write_text("checks: [", encoding="utf-8")
    document = hostile_docx(tmp_path / "hostile.docx", PAYLOAD)
    at = new_app()
    review = start_review(at, [(FILE_NAME, document.read_bytes())], name=SET_NAME).review
    assert review is not None
    seen = _assert_inert(at, "results")
    assert SET_NAME in seen, "the set name is not shown as written"
    hidden = next(f for f in review.findings if f.check_id == "integrity-hidden-text")
    at.selectbox(key=f"finding_pick_{review.id}").select(hidden.check_id).run()
    assert any(PAYLOAD in text for text in _assert_inert(at, "finding")), "the hidden text is not shown"
    for view in ("Checklist & drafts", "Export"):
        at.segmented_control(key="results_view").set_value(view).run()
        assert not at.exception, at.exception
        _assert_inert(at, view)
    start_review(_page(at, "New review"), [(FILE_NAME, document.read_bytes())], name=SET_NAME)
    seen = _assert_inert(_page(at, "History"), "history")
    assert any(FILE_NAME in text for text in seen), "the file name is not shown as written"
    button(at, "Delete…").click().run()
    _assert_inert(at, "confirm delete")
    button(at, "Delete permanently").click().run()
    assert any(SET_NAME in text for text in _assert_inert(at, "deleted")), "the deletion notice lost the name"
    assert any(SET_NAME in text for text in _assert_inert(_page(at, "Audit log"), "audit log"))
    seen = _assert_inert(_page(at, "Settings"), "settings")
    assert any(FILE_NAME[:-5] in text for text in seen), "the broken playbook's name is not shown"


def test_a_hostile_model_name_from_the_llm_server_is_inert(app_env: Path) -> None:
    with FakeOllama(models=[PAYLOAD]) as server:
        host = server.url
        at = _page(new_app(), "Settings")
        at.text_input[0].input(host)
        at.text_input[1].input("absent")
        button(at, "Test connection").click().run()
    assert any(PAYLOAD in text for text in _assert_inert(at, "test connection"))
