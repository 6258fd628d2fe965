"""A playbook whose Chinese is incomplete: validation names the file, check and field; the
playbook still reviews, in English in either language. A complete one carries its Chinese into
every finding, the reasoning sentences included."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.judge.evidence import evidence_at
from reviewer.playbooks.loader import load_playbook_path
from reviewer.reasons import in_language
from reviewer.settings import Settings
from tests.support.vendor_terms import chinese_terms, contract_set

CHECK = """
  - id: no-training
    title: No training on customer data
    category: Training and secondary use
    severity: high
    standard_position: The vendor does not use customer data to train any model.
    ask: Write that our data is never used to train any model.
    queries: {en: [customer data to train models]}
    legal_basis: [PIPL Art. 21]
"""
ZH = """    zh:
      title: 不得使用客户数据训练模型
      category: 模型训练与二次使用
      standard_position: 供应商不使用客户数据训练任何模型。
      legal_basis: [《个人信息保护法》第二十一条]
"""


def _book(tmp_path: Path, *, title_zh: str = "迷你规则集", ask_zh: str | None = None) -> Path:
    path = tmp_path / "tiny.yaml"
    zh = ZH + (f"      ask: {ask_zh}\n" if ask_zh else "")
    path.write_text(
        f"name: tiny\nversion: '1'\ntitle: Tiny\ntitle_zh: {title_zh}\nchecks:{CHECK}{zh}", encoding="utf-8"
    )
    return path


def test_a_missing_chinese_field_is_named_by_file_check_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path)
    book = load_playbook_path(path)  # still a usable playbook
    assert book.zh_problems == [f"{path}: check no-training: field zh.ask is missing (the English has it)"]
    assert main(["playbooks", "validate", str(path)]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert "check no-training: field zh.ask is missing" in err and "English only" in err


def test_a_complete_chinese_block_validates(tmp_path: Path) -> None:
    path = _book(tmp_path, ask_zh="请写明我方数据绝不用于训练任何模型。")
    assert load_playbook_path(path).zh_problems == []
    assert main(["playbooks", "validate", str(path)]) == 0


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("The contract meets this requirement.", "合同满足此项要求。"),
        ("The clause gives no time limit in hours.", "该条款没有给出以小时计的时限。"),
        (
            "The promise is weakened by \u201cwe will try to\u201d (only a promise to try, not to achieve).",
            "该承诺被削弱：\u201cwe will try to\u201d（只是承诺尽力，而非保证做到）。",
        ),
        (
            "The contract does not address this: no training on customer data.",
            "合同未涉及此项：不得使用客户数据训练模型。",
        ),
        (
            "The contract says the opposite of what is needed: \u201cmay use\u201d. "
            "The documents disagree: a.docx: conflicting (The contract says the opposite of what is needed: "
            "\u201cmay use\u201d); b.pdf: satisfied (The contract meets this requirement).",
            "合同的约定与要求相反：\u201cmay use\u201d。各文件约定不一致：a.docx：冲突（合同的约定与要求相反："
            "\u201cmay use\u201d）；b.pdf：满足（合同满足此项要求）。",
        ),
        ("A sentence of no known form.", "A sentence of no known form."),
    ],
)
def test_reasoning_sentences_in_chinese(english: str, chinese: str) -> None:
    assert in_language("zh", english, {"no training on customer data": "不得使用客户数据训练模型"}) == chinese
    assert in_language("en", english) == english


def test_evidence_in_a_one_page_text_file_is_unpaged(settings: Settings) -> None:
    cs = contract_set({"条款.md": chinese_terms("我们不会使用你的数据训练模型。"), "msa.txt": "a\fb"}, settings)
    md, txt = cs.documents
    assert not evidence_at(md, 0, 5).paged
    assert evidence_at(txt, 0, 1).paged  # two pages (a form feed): pages are real


def test_chinese_chunks_are_sized_in_model_tokens(settings: Settings) -> None:
    from reviewer.ingest.chunking import chunk_document, text_length

    clause = "我们将在本协议终止后三十日内删除你的全部数据，并向你出具书面删除证明。" * 40
    cs = contract_set(
        {"条款.md": chinese_terms(clause), "terms.md": "3. Data. " + "We delete data. " * 200}, settings
    )
    zh, en = cs.documents
    assert max(len(c.text) for c in chunk_document(zh, "s")) <= 1200 // 4  # ~256 model tokens
    assert max(len(c.text) for c in chunk_document(en, "s")) > 1000  # English chunks as before
    assert text_length("数据") == 10 and text_length("data") == 4
