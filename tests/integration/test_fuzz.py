"""Fuzzing the parsers with mutated PDF and DOCX files (hypothesis, about a minute in all).

Every mutated file goes through ``parse_bytes`` exactly as an upload does (parser sandbox on),
and must give a ``Document`` or a ``ReviewerError``: never another exception, never a hang.
Seeds are built by ``tests.support.builders``; DOCX files are also mutated inside the zip (one XML part
changed, the package re-zipped with valid checksums), so that the XML readers are reached too.

``pytest tests/integration/test_fuzz.py --hypothesis-show-statistics`` shows the outcomes.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviewer.errors import ReviewerError
from reviewer.ingest.pipeline import parse_bytes
from reviewer.settings import Settings
from tests.support import builders, hostile

pytestmark = [pytest.mark.integration, pytest.mark.slow]

Mutation = tuple[str, float, bytes]
mutations = st.lists(
    st.tuples(
        st.sampled_from(["overwrite", "insert", "delete", "truncate", "duplicate"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.binary(min_size=1, max_size=24),
    ),
    min_size=1,
    max_size=8,
)
FUZZ = settings(
    max_examples=90,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@lru_cache(maxsize=1)
def _seeds() -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    return {
        "msa.pdf": builders.english_pdf(folder / "msa.pdf").read_bytes(),
        "zh.pdf": builders.chinese_pdf(folder / "zh.pdf").read_bytes(),
        "hidden.pdf": hostile.pdf_with_hidden_text(folder / "hidden.pdf").read_bytes(),
        "msa.docx": builders.english_docx(folder / "msa.docx").read_bytes(),
        "zh.docx": builders.chinese_docx(folder / "zh.docx").read_bytes(),
        "hidden.docx": hostile.docx_with_hidden_run(folder / "hidden.docx").read_bytes(),
        "remote-template.docx": hostile.with_remote_template(
            builders.english_docx(folder / "remote.docx").read_bytes()
        ),
    }


DOCX_SEEDS = ["msa.docx", "zh.docx", "hidden.docx", "remote-template.docx"]
HEADER = 16  # kept intact, so that most cases get past format detection into the parser


def mutate(data: bytes, steps: list[Mutation]) -> bytes:
    out = bytearray(data)
    for op, where, chunk in steps:
        at = HEADER + int(where * max(len(out) - HEADER, 0))
        if op == "overwrite":
            out[at : at + len(chunk)] = chunk
        elif op == "insert":
            out[at:at] = chunk
        elif op == "delete":
            del out[at : at + len(chunk) * 8]
        elif op == "truncate":
            del out[at:]
        else:
            out[at:at] = out[at : at + 256]
    return bytes(out)


def mutate_docx_part(data: bytes, part: int, steps: list[Mutation]) -> bytes:
    """Change one XML part of a DOCX and re-zip it, so that the package itself stays valid."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        xml_parts = sorted(
            (n for n in names if n.endswith((".xml", ".rels"))), key=lambda n: n != "word/document.xml"
        )
        target = xml_parts[part % len(xml_parts)]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for name in names:
                content = source.read(name)
                out.writestr(name, mutate(content, steps) if name == target else content)
    event(f"part {target}")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def parse_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("fuzz"), parse_timeout_s=20)


def _parse(data: bytes, name: str, settings_: Settings) -> None:
    try:
        doc = parse_bytes(data, name, settings_)
    except ReviewerError as exc:
        event(f"refused: {type(exc).__name__}")
        assert exc.user_message  # a message the user can act on
        return
    event("parsed")
    assert doc.pages and doc.text is not None


@FUZZ
@given(seed=st.sampled_from(["msa.pdf", "zh.pdf", "hidden.pdf"]), steps=mutations)
def test_mutated_pdfs_give_a_document_or_a_typed_error(
    parse_settings: Settings, seed: str, steps: list[Mutation]
) -> None:
    _parse(mutate(_seeds()[seed], steps), seed, parse_settings)


@FUZZ
@given(seed=st.sampled_from(DOCX_SEEDS), steps=mutations)
def test_mutated_docx_bytes_give_a_document_or_a_typed_error(
    parse_settings: Settings, seed: str, steps: list[Mutation]
) -> None:
    _parse(mutate(_seeds()[seed], steps), seed, parse_settings)


@FUZZ
@given(
    seed=st.sampled_from(DOCX_SEEDS),
    part=st.one_of(st.just(0), st.integers(0, 50)),  # 0 is word/document.xml
    steps=mutations,
)
def test_mutated_docx_parts_give_a_document_or_a_typed_error(
    parse_settings: Settings, seed: str, part: int, steps: list[Mutation]
) -> None:
    _parse(mutate_docx_part(_seeds()[seed], part, steps), seed, parse_settings)


# Names and text that reach the files we write (issue 15): control characters, path parts, long
# non-Latin names, Markdown and spreadsheet syntax. Each must give a result or a typed error.
HOSTILE_PIECES = [
    "../",
    "..\\",
    "\x07",
    "\x01",
    "\x0b",
    "\x00",
    "合同" * 40,
    "![x](http://h/i.png)",
    "=1+1",
    "/",
    " ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)), max_size=8).map("".join)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(file_name=hostile_text, set_name=hostile_text, body=hostile_text)
def test_hostile_names_and_text_give_safe_files_or_a_typed_error(
    parse_settings: Settings, file_name: str, set_name: str, body: str
) -> None:
    import docx

    from reviewer.names import check_set_name, file_name_from
    from reviewer.report import render_report
    from reviewer.store.files import safe_name
    from tests.support.report_data import fixture_review

    stored, output = safe_name(file_name + ".md"), file_name_from(set_name)
    for name, limit in ((stored, 150), (output, 120)):  # the stored name always has the file's id in front
        assert "/" not in name and "\x00" not in name and len(name.encode()) <= limit, name
    assert not output.startswith(".") and output.strip() == output, output
    try:
        check_set_name(set_name)
        _parse(f"# Terms\n\n{body}\n".encode("utf-8", "surrogatepass"), file_name + ".md", parse_settings)
    except ReviewerError as exc:
        event(f"refused: {type(exc).__name__}")
    except UnicodeEncodeError:
        event("not encodable")
    review = fixture_review()
    finding = review.findings[0].model_copy(update={"rationale": body, "value": body})
    named = review.contract_set.model_copy(update={"name": set_name or "x"})
    hostile_review = review.model_copy(update={"findings": [finding, *review.findings[1:]], "contract_set": named})
    assert docx.Document(io.BytesIO(render_report(hostile_review, "docx"))).paragraphs
