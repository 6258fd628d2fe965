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


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("Section 7.2 Data Deletion", "Section 7.2", "Data Deletion"),
        ("ANNEX A – SECURITY MEASURES", "Annex A", "SECURITY MEASURES"),
        ("Exhibit B", "Exhibit B", None),
        ("12. LIMITATION OF LIABILITY", "12", "LIMITATION OF LIABILITY"),
        ("1.1. Definitions", "1.1", "Definitions"),
        ("第十二条　保密", "第十二条", "保密"),
        ("第 5 条 数据删除", "第5条", "数据删除"),
        ("第三章 数据安全", "第三章", "数据安全"),
        ("一、总则", "一", "总则"),
        ("Schedule 2: Sub-processors", "Schedule 2", "Sub-processors"),
        ("ARTICLE IV CONFIDENTIALITY", "Article IV", "CONFIDENTIALITY"),
        ("§ 5 Place of Processing", "§ 5", "Place of Processing"),
        ("§12a. Deletion", "§ 12a", "Deletion"),
    ],
)
def test_more_headings_are_recognised(line: str, number: str, title: str | None) -> None:
    heading = detect_heading(line)
    assert heading is not None
    assert (heading.number, heading.title) == (number, title)


@pytest.mark.parametrize(
    "line",
    [
        "Section 5 of the Agreement applies to all Orders.",  # a cross-reference opening a sentence
        "Clause 7 is deleted in its entirety.",
        "§ 5 applies to every Order.",
        "Schedule of Fees",  # "of" is not a schedule's number
        "Annex to the Data Processing Agreement",
        "10.5 GB of storage is included in every plan.",  # a quantity, not a section number
        "99.9 % availability is measured monthly.",
        "3 months after the Effective Date the licence ends.",
        "第三条规定的义务在本协议终止后继续有效。",  # a reference to article 3, not its heading
        "第五条所述的数据应当在境内存储。",
        "(a) the Customer's prompts;",
        "• Hosting provider in Frankfurt",
    ],
)
def test_sentences_and_references_are_not_headings(line: str) -> None:
    assert detect_heading(line) is None


def test_numbered_list_inside_a_clause_is_not_a_run_of_sections() -> None:
    from reviewer.ingest.base import ParsedDocument, RawBlock
    from reviewer.ingest.structure import assemble

    lines = [
        "1. Scope",
        "Vendor provides the Services.",
        "2. Sub-processors",
        "Vendor uses:",
        "1. Hosting Provider GmbH",
        "2. Support Desk Ltd",
        "3. Mail Relay BV",
        "3. Fees",
        "Customer pays monthly.",
        "Schedule 1 Service Levels",
        "1. Availability",
        "Availability is 99.9 %.",
    ]
    parsed = ParsedDocument(media_type="text/plain", page_count=1, blocks=[RawBlock(t, 1) for t in lines])
    doc = assemble(doc_id="d" * 64, file_name="x.txt", size_bytes=1, parsed=parsed)
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("1", "Scope", 1),
        ("2", "Sub-processors", 1),
        ("3", "Fees", 1),
        ("Schedule 1", "Service Levels", 1),
        ("1", "Availability", 2),  # numbering restarts inside the schedule, one level below it
    ]
    fees = next(s for s in doc.sections if s.number == "3")
    assert doc.text[fees.start : fees.end].strip() == "3. Fees\nCustomer pays monthly."
    item = next(b for b in doc.blocks if b.text == "2. Support Desk Ltd")
    assert item.section == "2" and item.section_title == "Sub-processors"


def test_a_lost_heading_does_not_hide_the_ones_after_it() -> None:
    from reviewer.ingest.sections import Heading, SectionSequence

    sequence = SectionSequence()
    admitted = [sequence.admit(Heading(n, "Title", 1), styled=False) for n in ["1", "2", "4", "5", "2", "3", "6"]]
    assert [h.number if h else None for h in admitted] == ["1", "2", "4", "5", None, None, "6"]


@pytest.mark.parametrize(
    ("previous", "line", "opens"),
    [
        ("the escalation procedure in", "Schedule 2. The parties agree.", False),
        ("Vendor shall comply with clause", "12.3 The Supplier shall delete data.", False),
        ("Vendor retains logs for thirty days.", "12.3 The Supplier shall delete data.", True),
        ("5. Deletion", "5.1 Vendor deletes data.", True),
        (None, "Article 7", True),
        ("Customer pays monthly.", "the fees are due", False),
    ],
)
def test_a_wrapped_line_does_not_open_a_section(previous: str | None, line: str, opens: bool) -> None:
    from reviewer.ingest.structure import opens_block

    assert opens_block(line, previous) is opens


def test_lines_wrapped_next_to_chinese_join_without_a_space() -> None:
    assert join_lines(["包括第38", "项整改措施"]) == "包括第38项整改措施"
    assert join_lines(["适用 Service", "Level 协议"]) == "适用 Service Level 协议"
    assert join_lines(["termi-", "nation of the", "Agreement"]) == "termination of the Agreement"
