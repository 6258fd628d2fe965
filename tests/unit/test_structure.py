from __future__ import annotations

import pytest

from reviewer.ingest.structure import detect_heading, join_lines


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("12.3 The Supplier shall delete data.", "12.3", None),
        ("5.1.2 Deletion", "5.1.2", "Deletion"),
        ("Article 5", "Article 5", None),
        ("ARTICLE 7 - CONFIDENTIALITY", "Article 7", "CONFIDENTIALITY"),
        ("Schedule 2 Security Measures", "Schedule 2", "Security Measures"),
        ("第五条 数据删除", "第五条", "数据删除"),
        ("三、保密义务", "三", "保密义务"),
        ("7. Confidentiality. Each party shall keep the other's information secret.", "7", "Confidentiality"),
        ("## 4. Retention", "4", "Retention"),
    ],
)
def test_headings_are_recognised(line: str, number: str, title: str | None) -> None:
    heading = detect_heading(line)
    assert heading is not None
    assert heading.number == number
    assert heading.title == title


@pytest.mark.parametrize(
    "line",
    ["30 days after termination the data is deleted.", "the vendor shall", "2026 was a good year for sales"],
)
def test_ordinary_sentences_are_not_headings(line: str) -> None:
    assert detect_heading(line) is None


def test_cjk_lines_join_without_spaces() -> None:
    assert (
        join_lines(["供应商应在合同终止后", "三十日内删除客户数据。"])
        == "供应商应在合同终止后三十日内删除客户数据。"
    )
    assert join_lines(["The vendor shall", "delete data."]) == "The vendor shall delete data."
