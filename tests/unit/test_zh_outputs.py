"""A Chinese contract reviewed and written up in Chinese: the report (HTML, Markdown, Word), the
rider and the redline comments carry no English word of ours; only the contract's words (here all
Chinese), file names, ids, hashes and the abbreviations of foreign laws stay in Latin letters."""

from __future__ import annotations

import html
import io
import re
import zipfile

import docx
import pytest

from reviewer.contract_sets import ContractSets
from reviewer.judge.pipeline import build_judges
from reviewer.judge.retrieval.index import SetIndex
from reviewer.models import Review
from reviewer.playbooks import load_playbook
from reviewer.report import render_redline, render_report, render_rider
from reviewer.review import run_review
from reviewer.settings import Settings
from tests.support.docx_builders import chinese_docx

# Latin-letter words a Chinese reader sees in Chinese legal and technical writing as they are:
# abbreviations of laws and standards (GDPR, ISO/IEC 27001, Directive 93/13/EEC), products (Word).
KEPT = {"GDPR", "CCPA", "EEC", "ISO", "IEC", "SOC", "AI", "API", "SaaS", "SHA", "UTC", "LLM", "Ollama", "Word"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
HEX = re.compile(r"[0-9a-f]+")


@pytest.fixture(scope="module")
def chinese_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Review, bytes]:
    from tests.conftest import FakeEmbedder

    folder = tmp_path_factory.mktemp("zh")
    settings = Settings(data_dir=folder / "data")
    source = chinese_docx(folder / "协议.docx")
    library = ContractSets(settings, embedder=FakeEmbedder())  # type: ignore[arg-type]
    contract_set = library.load(library.ingest([(source.name, source.read_bytes())]).contract_set.id)
    book = load_playbook("ai-vendor", settings)
    index = SetIndex(contract_set)
    judges = build_judges(index, book, llm=None, settings=settings)
    review = run_review(
        contract_set, book, tier="core-secret", jurisdictions=["cn", "eu"], index=index, judges=judges
    )
    return review, source.read_bytes()


def _english(text: str, review: Review) -> list[str]:
    ours = {review.id, review.contract_set.id, review.playbook.name, *(f.check_id for f in review.findings)}
    ours |= set(review.playbook.name.split("-"))
    ours |= {part for f in review.findings for part in f.check_id.split("-")}
    ours |= {part for d in review.contract_set.documents for part in re.split(r"[.\s]", d.file_name)}
    ours |= {d.sha256 for d in review.contract_set.documents}
    words = [w for w in LATIN_WORD.findall(text) if w not in KEPT and w not in ours and not HEX.fullmatch(w)]
    return sorted(set(words))


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name in ("word/comments.xml", "word/header1.xml", "word/footer1.xml"):
                xml = re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", " ", package.read(name).decode("utf-8"))
                parts.append(re.sub(r"<[^>]+>", " ", xml))  # without field codes (PAGE, NUMPAGES)
    return "\n".join(parts)


def _visible_html(data: bytes) -> str:
    text = data.decode("utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_the_chinese_report_has_no_english_of_ours(chinese_review: tuple[Review, bytes], fmt: str) -> None:
    review, _ = chinese_review
    data = render_report(review, fmt, "zh")
    text = {"html": _visible_html, "md": lambda b: b.decode("utf-8"), "docx": _docx_text}[fmt](data)
    assert "判定方式：规则" in text.replace(" ", "") or fmt != "md"
    words = _english(text, review)
    assert not words, " ".join(words)


def test_the_chinese_rider_and_redline_have_no_english_of_ours(chinese_review: tuple[Review, bytes]) -> None:
    review, source = chinese_review
    rider = render_rider(review, "zh")
    words = _english(_docx_text(rider.data), review)
    assert not words, " ".join(words)
    redline = render_redline(review, source, "zh")
    words = _english(_docx_text(redline.data), review)
    assert not words, " ".join(words)


def test_findings_carry_chinese_reasoning_and_legal_names(chinese_review: tuple[Review, bytes]) -> None:
    review, _ = chinese_review
    bases = " ".join(str(b) for f in review.findings for b in f.translations["zh"].get("legal_basis", []))
    for name in (
        "《个人信息保护法》第三十八条",
        "《数据安全法》",
        "《网络安全法》",
        "个人信息出境标准合同",
        "数据出境安全评估",
    ):
        assert name in bases
    assert review.playbook.title_zh.startswith("AI 供应商合同")
    for finding in review.findings:
        rationale = finding.translations.get("zh", {}).get("rationale", "")
        assert isinstance(rationale, str)
        assert not re.search(r"\b(?:The|contract|documents)\b", rationale), (finding.check_id, rationale)
