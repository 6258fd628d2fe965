"""The one list of phrases that address an AI model rather than a contracting party (prompt injection).

The LLM judge withholds them from its prompts (``judge/llm/prompt.py``) and the integrity check
reports them as findings (``trust/integrity.py``); both read this list. Case-insensitive; ``^`` is
the start of a line.
"""

from __future__ import annotations

import re

# English: orders to ignore instructions, to mark clauses as met, notes addressed to an AI, role
# play, chat-template tokens.
PATTERNS_EN = [
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding"
    r"|all|any|other|system|your)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?"
    r"|context|messages?|requirements?|checks?)\b",
    r"\b(?:mark|label|classify|rate|treat|flag|score|set)\b[^.\n]{0,40}?\b(?:all|every|each|any"
    r"|this|these|the)\b[^.\n]{0,40}?\b(?:clauses?|checks?|findings?|requirements?|sections?|items?|obligations?"
    r"|questions?|answers?)\b[^.\n]{0,30}?\b(?:satisfied|compliant|met|passed|acceptable|approved|green|fine|ok)\b",
    r"\b(?:note|instructions?|message|prompt)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:AI|LLM|GPT|model|assistant"
    r"|chatbot|language\s+model|automated\s+reviewers?|reviewer\s+bots?)\b",
    r"\bif\s+you\s+are\s+an?\s+(?:AI|LLM|language\s+model|assistant|chatbot|automated)\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:AI|LLM|helpful\s+assistant|assistant|language\s+model|chatbot)\b",
    r"\b(?:AI|LLM|language\s+model|assistant|chatbot)s?\s+(?:reviewing|reading|analy[sz]ing|processing|evaluating)"
    r"\s+this\b",
    r"\b(?:new|updated|revised|additional|real)\s+(?:system\s+)?instructions?\s*:",
    r"\bsystem\s+prompt\b",
    r"\b(?:respond|answer|reply|output)\s+(?:only\s+)?with\b[^.\n]{0,40}?(?:\"?satisfied\"?|json|\{)",
    r"\bdo\s+not\s+(?:flag|mark|report)\s+(?:this|these|any)\b",
    r"<\|[a-z_]{2,30}\|>",
    r"\[/?INST\]",
    r"<</?SYS>>",
    r"^\s*assistant\s*:",
    r"#{2,}\s*(?:instruction|system|response)\b",
    r"\b(?:begin|end)\s+contract\s+data\b",
    # from the integrity check's earlier list
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|preceding|earlier|"
    r"other|your)\s+(?:instructions?|prompts?|directions?|rules|guidelines)",
    r"\b(?:you\s+are|you're|act\s+as|pretend\s+to\s+be)\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:ai|a\.i\.|assistant|chatbot|"
    r"language\s+model|llm)\b",
    r"\b(?:as\s+an?|to\s+the|note\s+to\s+(?:the\s+|any\s+)?)\s*(?:ai|llm|language\s+model|ai\s+reviewer|"
    r"automated\s+reviewer|reviewing\s+(?:ai|model))\b[^.\n]{0,40}\b(?:must|should|shall|will|instructions?)\b",
    r"\b(?:mark|report|classify|treat|rate|score|flag)\s+(?:this|the|all|every|each)\s+(?:clause|clauses|"
    r"check|checks|contract|agreement|document|section|term|terms)\s+as\s+(?:satisfied|compliant|acceptable|"
    r"low[\s-]risk|approved|safe|met)\b",
    r"\b(?:do\s+not|don't|never)\s+(?:flag|report|mention|highlight|disclose)\s+(?:this|these|any|the)\s+"
    r"(?:clause|clauses|issue|issues|risk|risks|term|terms|section)\b",
    r"\b(?:reveal|print|output|repeat|ignore)\s+(?:your|the)\s+system\s+prompt\b",
    r"<\|?\s*(?:system|im_start|im_end|assistant)\s*\|?>|\[/?INST\]|^\s*#{2,}\s*(?:instruction|system)\b",
]
PATTERNS_ZH = [
    r"(?:忽略|无视|忘记|忽视)[^。\n]{0,20}(?:指令|指示|提示|规则|要求|说明)",
    r"(?:将|把)[^。\n]{0,20}(?:所有|全部|每一?[个项条]?)[^。\n]{0,20}(?:条款|检查|要求|项目)[^。\n]{0,10}"
    r"(?:标记|标注|认定|判定|视为|评为)为?[^。\n]{0,6}(?:满足|合规|通过|符合|合格)",
    r"你现在是",
    r"系统提示",
    r"(?:致|给|对)(?:人工智能|AI|模型|大模型|语言模型|审查助手)[^。\n]{0,10}(?:的)?(?:指令|说明|消息|提示)",
    r"(?:人工智能|AI|模型|大模型|语言模型)[^。\n]{0,6}(?:应当|必须|请)[^。\n]{0,20}(?:标记|判定|回答|输出)",
    # from the integrity check's earlier list
    r"(?:忽略|无视|忘记)(?:以上|之前|先前|上述|前面|所有)[^。\n]{0,6}(?:指令|指示|提示|规则)",
    r"你(?:现在)?是(?:一个)?(?:AI|人工智能|助手|语言模型)",
    r"(?:将|把)(?:本|此|该|所有)?(?:条款|合同|协议|检查项)(?:标记|视为|判定|评为)(?:为)?(?:满足|合规|低风险|通过)",
    r"不要(?:标记|报告|提示|指出)(?:此|该|这些|任何)?(?:条款|风险|问题)",
]
PATTERNS = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in PATTERNS_EN + PATTERNS_ZH]
# All of them as one expression, for a search or a substitution in one pass.
INJECTION = re.compile("|".join(f"(?:{p})" for p in PATTERNS_EN + PATTERNS_ZH), re.IGNORECASE | re.MULTILINE)


def injection_phrases(text: str) -> list[str]:
    """The instruction-like phrases in ``text`` (empty for ordinary contract language)."""
    found: list[str] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            phrase = " ".join(match.group(0).split())
            if phrase and phrase not in found:
                found.append(phrase)
    return found
