"""Finding places in a Word contract: the paragraph that holds a quote, the sections and their
headings, the section that deals with a finding's topic, and the next clause number of a section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn

from reviewer.judge.text import CJK_RANGE, tokens
from reviewer.models import Finding
from reviewer.quantities import from_chinese, to_chinese
from reviewer.report.ooxml import Element, paragraph_text

_QUOTES = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "}
_NUMBER = re.compile(
    r"^\s*(?:(?:Section|Clause|Article)\s+)?(?:\d+(?:\.\d+)*\.?|\([a-z0-9]{1,4}\)|[a-z]\)|第[一二三四五六七八九十百零〇\d]+条)\s*",
    re.IGNORECASE,
)
_TITLE_LINE = re.compile(
    r"^\s*(?:(?:Section|Clause|Article)\s+)?(?P<num>\d+(?:\.\d+)*)\.?\s+(?P<title>[^.。;；]{2,70})$|"
    r"^\s*(?P<zh>第[一二三四五六七八九十百零〇\d]+条)\s*(?P<zhtitle>[^。；]{0,30})$",
    re.IGNORECASE,
)
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_CJK = re.compile(f"[{CJK_RANGE}]")

# Words a section heading uses for each topic of the ai-vendor playbook (English and Chinese).
TOPIC_WORDS: dict[str, str] = {
    "residency": "location locations region residency storage store data centre center 存储 地点 境内 数据本地化",
    "transfer": "transfer transfers international cross-border export 传输 跨境 出境",
    "training": "training train machine learning model models improvement use 训练 模型 使用",
    "retention": "retention retain records logs 保留 保存期限",
    "deletion": "deletion delete return termination expiry 删除 返还 终止",
    "subprocessors": "subprocessor subprocessors sub-processor sub-processors subcontractor 分包 转委托",
    "security": "security safeguards measures 安全 措施",
    "breach-notice": "breach incident incidents security notification 安全事件 泄露 通知",
    "confidentiality": "confidentiality confidential 保密",
    "audit": "audit audits inspection records compliance 审计 检查",
    "output-ownership": "ownership intellectual property output outputs 知识产权 所有权 输出",
    "ip-indemnity": "indemnity indemnification infringement 赔偿 侵权",
    "liability": "liability limitation damages 责任 赔偿限额",
    "exit": "termination transition portability exit 终止 迁移 退出",
    "changes": "changes amendment amendments modification policies 变更 修改 修订",
    "governing-law": "governing law jurisdiction disputes 适用法律 管辖 争议",
}
_STOP = set(
    tokens(
        "the a an of and or to in for on with by from its this that customer vendor provider data "
        "agreement service services party parties right rights obligation obligations clause terms use "
        "notice 客户 供应商 数据 服务 协议"
    )
)


def strip_number(text: str) -> str:
    """``text`` without a leading clause number ("2.1 ", "(a) ", "第五条")."""
    return _NUMBER.sub("", text, count=1)


def _normalized(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        ch = _QUOTES.get(ch, ch)
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        index.append(i)
    return "".join(out), index


def _find_in(paragraph: Element, quote: str) -> tuple[int, int] | None:
    text = paragraph_text(paragraph)
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    haystack, index = _normalized(text)
    needle = _normalized(quote)[0].strip()
    at = haystack.find(needle) if needle else -1
    if at < 0:
        return None
    return index[at], index[at + len(needle) - 1] + 1


def find_quote(document: Document, quote: str) -> tuple[Element, int, int] | None:
    """The paragraph holding ``quote`` (or its longest line), with the quote's character range."""
    lines = sorted((line.strip() for line in quote.splitlines() if len(line.strip()) >= 12), key=len, reverse=True)
    bare = [strip_number(c).strip() for c in [quote.strip(), *lines]]  # a list number Word draws itself
    for candidate in dict.fromkeys([quote.strip(), *lines, *bare]):
        if not candidate:
            continue
        for paragraph in document.element.body.iter(qn("w:p")):
            hit = _find_in(paragraph, candidate)
            if hit is not None:
                return paragraph, hit[0], hit[1]
    return None


def find_row(document: Document, quote: str) -> Element | None:
    """The table row a quote is (a row is read as its cells joined by " | "), or None."""
    if " | " not in quote:
        return None
    needle = " ".join(_normalized(quote)[0].split())
    for row in document.element.body.iter(qn("w:tr")):
        cells = [" ".join(paragraph_text(p) for p in tc.iter(qn("w:p"))) for tc in row.iter(qn("w:tc"))]
        if " ".join(_normalized(" | ".join(cells))[0].split()) == needle:
            return row
    return None


@dataclass
class Section:
    heading: Element
    title: str
    level: int
    body: list[Element]  # top-level paragraphs and tables until the next heading of this level or above
    words: set[str]

    @property
    def last(self) -> Element:
        return self.body[-1] if self.body else self.heading

    @property
    def body_like(self) -> Element | None:
        """A body paragraph whose formatting new paragraphs copy."""
        return next((e for e in self.body if e.tag == qn("w:p") and paragraph_text(e).strip()), None)


def _heading_level(document: Document, paragraph: Element) -> int | None:
    style_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style_id is not None:
        style = document.styles.element.get_by_id(style_id.get(qn("w:val")))
        name = style.name_val if style is not None else ""
        match = _HEADING_STYLE.match(name or "")
        if match:
            return int(match.group(1))
        if name and name.lower() in ("title", "subtitle"):
            return None
    text = paragraph_text(paragraph).strip()
    match = _TITLE_LINE.match(text) if len(text) <= 80 else None
    if match:
        return 1 if match.group("zh") else match.group("num").count(".") + 1
    return None


def _words(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in _STOP and (not _CJK.match(t) or len(t) == 2)}


def sections_of(document: Document) -> list[Section]:
    children = [c for c in document.element.body if c.tag in (qn("w:p"), qn("w:tbl"))]
    heads = [
        (i, level)
        for i, c in enumerate(children)
        if c.tag == qn("w:p") and (level := _heading_level(document, c)) is not None
    ]
    sections = []
    for n, (i, level) in enumerate(heads):
        stop = next((j for j, lv in heads[n + 1 :] if lv <= level), len(children))
        title = strip_number(paragraph_text(children[i]))
        sections.append(Section(children[i], title, level, children[i + 1 : stop], _words(title)))
    return sections


def finding_words(finding: Finding) -> set[str]:
    if finding.topic in TOPIC_WORDS:
        return _words(TOPIC_WORDS[finding.topic])
    texts = [finding.title, finding.category, finding.translations.get("zh", {}).get("title", "")]
    return _words(" ".join(str(t) for t in texts))


def best_section(sections: list[Section], finding: Finding) -> int | None:
    """The section whose heading shares the most topic words with the finding; None if none does."""
    wanted = finding_words(finding)
    best, best_score = None, 0
    for n, section in enumerate(sections):
        score = len(wanted & section.words)
        if score > best_score:
            best, best_score = n, score
    return best


def numbered_after(text: str, count: int) -> list[str]:
    """Clause numbers that continue ``text``'s ("5.2 ..." -> "5.3", "5.4"); blanks if it has none."""
    match = re.match(r"^\s*(\d+(?:\.\d+)*)\.(\d+)\b", text)
    if not match:
        return [""] * count
    head, last = match.group(1), int(match.group(2))
    return [f"{head}.{last + k}" for k in range(1, count + 1)]


def next_section(heading: str) -> tuple[str, str]:
    """How a new last section continues the contract's numbering: its label and its clauses' prefix
    ("8. Governing Law" -> "9.", "9.{n}"; "第五条 适用法律" -> "第六条", "{n}."; unnumbered -> "", "{n}.")."""
    match = re.match(r"^\s*(?:(?:Section|Clause|Article)\s+)?(\d+)\.?\s", heading, re.IGNORECASE)
    if match:
        number = int(match.group(1)) + 1
        return f"{number}.", f"{number}.{{n}}"
    match = re.match(r"^\s*第([零一二三四五六七八九十\d]{1,4})条", heading)
    value = from_chinese(match.group(1)) if match else None
    if value is not None and value < 99:
        return f"第{to_chinese(value + 1)}条", "{n}."
    return "", "{n}."
