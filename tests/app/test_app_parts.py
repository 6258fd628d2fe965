"""The app's pieces that need no browser: evidence in context, progress wording, the config file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reviewer.models import ContractSet, Document, Evidence, Page, Progress
from reviewer.settings import Settings
from ui.evidence import WINDOW, passage_for, passage_html, short_citation, shown_html, shown_passages
from ui.jobs import ReviewJob, ReviewRequest

ROOT = Path(__file__).resolve().parents[2]


def _set(text: str) -> ContractSet:
    doc = Document(
        id="d1",
        file_name="msa.docx",
        media_type="x",
        size_bytes=1,
        text=text,
        pages=[Page(number=1, start=0, end=len(text))],
        blocks=[],
        sections=[],
    )
    return ContractSet(id="s", name="n", embedding_model="m", documents=[doc], chunks=[])


def _evidence(quote: str, start: int) -> Evidence:
    return Evidence(
        document_id="d1",
        file_name="msa.docx",
        page=4,
        section="12.3",
        quote=quote,
        start=start,
        end=start + len(quote),
    )


def test_the_quote_is_marked_inside_its_context_and_escaped() -> None:
    text = "Intro <b>bold</b>.\n12.3 Vendor may train on Customer Data. Next clause."
    quote = "Vendor may train on Customer Data."
    passage = passage_for(_set(text), _evidence(quote, text.index(quote)))
    assert passage.located and passage.quote == quote
    assert passage.before.endswith("12.3 ") and passage.after == " Next clause."
    html = passage_html(passage)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and f"<mark>{quote}</mark>" in html


def test_stale_offsets_fall_back_to_finding_the_quote() -> None:
    text = "A.  Vendor   deletes data\nwithin 30 days. B."
    passage = passage_for(_set(text), _evidence("Vendor deletes data within 30 days.", 0))
    assert passage.located and passage.quote == "Vendor   deletes data\nwithin 30 days."


def test_a_quote_not_in_the_text_is_shown_alone() -> None:
    passage = passage_for(_set("Nothing relevant here."), _evidence("Vendor never trains.", 0))
    assert not passage.located and (passage.before, passage.after) == ("", "")
    assert not passage_for(None, _evidence("x", 0)).located


def test_long_context_is_cut_at_a_boundary_with_an_ellipsis() -> None:
    filler = "word " * 300
    text = filler + "THE QUOTE." + filler
    passage = passage_for(_set(text), _evidence("THE QUOTE.", len(filler)))
    assert passage.before.startswith("… ") and passage.after.endswith(" …")
    assert len(passage.before) <= WINDOW + 2 and len(passage.after) <= WINDOW + 2


def test_short_citation() -> None:
    assert short_citation(_evidence("q", 0)) == "msa.docx p.4 §12.3"


def test_progress_is_described_per_stage_and_only_moves_forward(tmp_path: Path) -> None:
    request = ReviewRequest(files=[], name=None, playbook="p", tier="internal", jurisdictions=[])
    job = ReviewJob(request, Settings(data_dir=tmp_path))
    seen = []
    for event in [
        Progress(stage="parse", current=1, total=2, message="reading msa.docx"),
        Progress(stage="embed", current=64, total=128),
        Progress(stage="store", current=0, total=1),
        Progress(stage="retrieve", current=0, total=40),
        Progress(stage="check", current=20, total=40, message="No training on customer data"),
    ]:
        job.progress = event
        if event.stage != "parse":
            job.phase = "review" if event.stage in ("retrieve", "check") else "ingest"
        seen.append((job.fraction(), job.describe()))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and 0 < fractions[0] < fractions[-1] < 1
    assert seen[0][1] == "Reading file 1 of 2 · msa.docx"
    assert seen[1][1] == "Indexing passages (64 of 128)"
    assert seen[2][1] == "Saving the contract set"
    assert seen[4][1] == "Checking 20 of 40 · No training on customer data"


def test_ocr_progress_names_the_page_and_the_file(tmp_path: Path) -> None:
    request = ReviewRequest(files=[], name=None, playbook="p", tier="internal", jurisdictions=[])
    job = ReviewJob(request, Settings(data_dir=tmp_path))
    job.progress = Progress(stage="ocr", current=3, total=12, message="scan.pdf: OCR page 3 of 12")
    assert job.describe() == "OCR page 3 of 12 · scan.pdf"
    assert 0 < job.fraction() < 0.35


def test_streamlit_config_keeps_the_app_local_private_and_within_the_ingest_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["maxUploadSize"] == Settings.model_fields["max_file_mb"].default


def test_a_chinese_quote_is_highlighted_to_the_end_of_its_sentence() -> None:
    text = "第三条 数据使用\n我们可能使用你的对话改进模型，除非你在设置中选择退出。第四条 期限。"
    fragment = "我们可能使用你的对话改进模型"
    passage = passage_for(_set(text), _evidence(fragment, text.index(fragment)))
    assert passage.quote == "我们可能使用你的对话改进模型，除非你在设置中选择退出。"
    inner = "除非你在设置中选择退出"
    passage = passage_for(_set(text), _evidence(inner, text.index(inner)))  # starts mid-sentence
    assert passage.quote.startswith("我们可能使用") and passage.quote.endswith("选择退出。")


def test_quotes_of_one_short_document_are_shown_once_each_highlighted() -> None:
    text = "我们可能使用你的数据训练模型；你可以随时选择退出。其他条款。"
    first, second = "我们可能使用你的数据训练模型", "你可以随时选择退出"
    shown = shown_passages(
        _set(text), [_evidence(first, text.index(first)), _evidence(second, text.index(second))]
    )
    assert len(shown) == 1
    marked = [t for t, on in shown[0].runs if on]
    assert marked == ["我们可能使用你的数据训练模型；", "你可以随时选择退出。"]
    assert shown_html(shown[0]).count("<mark>") == 2


def test_a_one_page_text_file_is_cited_by_section_not_page() -> None:
    from reviewer.report.view import evidence_view

    unpaged = _evidence("q", 0).model_copy(update={"file_name": "terms.md", "paged": False})
    assert short_citation(unpaged) == "terms.md §12.3"
    assert "p." not in evidence_view(unpaged, "en").cite and "页" not in evidence_view(unpaged, "zh").cite
