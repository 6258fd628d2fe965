"""Reading CUAD's ``master_clauses.csv`` and finding its gold clauses in an ingested text.

``master_clauses.csv`` has one row a contract: ``Filename`` (ending in ``.pdf``; the text is
``contracts/<stem>.txt``) and, for each category, a column holding the clause texts found (a Python
list literal; parts of a clause cut by the annotators are joined with ``<omitted>``) and a
``<category>-Answer`` column (Yes/No, or a value such as the governing law).

The ingested text is not the raw file: lines are re-joined, hyphenated words mended and white space
collapsed. Gold clauses are therefore located on a key of letters and digits only, mapped back to
offsets in the ingested text.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import BadInputError, NotFoundError

MASTER_FILE = "master_clauses.csv"
CONTRACTS_DIR = "contracts"
OMITTED = "<omitted>"
MIN_KEY = 12  # a gold fragment shorter than this (letters and digits) is too short to locate
ANCHOR = 60  # when a long clause is not found whole, its first and last characters are looked for


# The 41 categories of CUAD v1, as named in its master_clauses.csv.
CUAD_CATEGORIES = (
    "Document Name",
    "Parties",
    "Agreement Date",
    "Effective Date",
    "Expiration Date",
    "Renewal Term",
    "Notice Period to Terminate Renewal",
    "Governing Law",
    "Most Favored Nation",
    "Competitive Restriction Exception",
    "Non-Compete",
    "Exclusivity",
    "No-Solicit of Customers",
    "No-Solicit of Employees",
    "Non-Disparagement",
    "Termination for Convenience",
    "Rofr/Rofo/Rofn",
    "Change of Control",
    "Anti-Assignment",
    "Revenue/Profit Sharing",
    "Price Restrictions",
    "Minimum Commitment",
    "Volume Restriction",
    "IP Ownership Assignment",
    "Joint IP Ownership",
    "License Grant",
    "Non-Transferable License",
    "Affiliate License-Licensor",
    "Affiliate License-Licensee",
    "Unlimited/All-You-Can-Eat-License",
    "Irrevocable or Perpetual License",
    "Source Code Escrow",
    "Post-Termination Services",
    "Audit Rights",
    "Uncapped Liability",
    "Cap on Liability",
    "Liquidated Damages",
    "Warranty Duration",
    "Insurance",
    "Covenant Not to Sue",
    "Third Party Beneficiary",
)


@dataclass
class CuadContract:
    name: str  # the file stem, shared by the PDF name in the CSV and the text file
    text_path: Path
    clauses: dict[str, list[str]] = field(default_factory=dict)  # category -> gold clause texts
    answers: dict[str, str] = field(default_factory=dict)  # category -> the -Answer column

    def has(self, category: str) -> bool:
        return bool(self.clauses.get(category))


@dataclass
class CuadData:
    folder: Path
    categories: list[str]
    contracts: list[CuadContract]


def _clause_list(raw: str, where: str) -> list[str]:
    raw = raw.strip()
    if not raw:
        return []
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError) as exc:
        raise BadInputError(f"{where}: not a list of clause texts: {raw[:60]!r}") from exc
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInputError(f"{where}: expected a list of clause texts")
    return [v for v in value if v.strip()]


def load_cuad(folder: Path | str) -> CuadData:
    """The contracts listed in ``master_clauses.csv`` whose text file exists, in file-name order."""
    folder = Path(folder).expanduser()
    master = folder / MASTER_FILE
    if not master.is_file():
        raise NotFoundError(f"no {MASTER_FILE} in {folder}; give the CUAD folder", file=str(master))
    if not (folder / CONTRACTS_DIR).is_dir():
        raise NotFoundError(f"no {CONTRACTS_DIR}/ folder of .txt contracts in {folder}", file=str(folder))
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with master.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        if "Filename" not in header:
            raise BadInputError(f"{master.name}: no Filename column", file=str(master))
        categories = [c for c in header if f"{c}-Answer" in header]
        contracts = []
        for line, row in enumerate(reader, start=2):
            stem = Path(row["Filename"]).stem
            text_path = folder / CONTRACTS_DIR / f"{stem}.txt"
            if not text_path.is_file():
                continue
            contract = CuadContract(name=stem, text_path=text_path)
            for category in categories:
                where = f"{master.name} line {line}, column {category!r}"
                contract.clauses[category] = _clause_list(row.get(category) or "", where)
                contract.answers[category] = (row.get(f"{category}-Answer") or "").strip()
            contracts.append(contract)
    if not contracts:
        raise NotFoundError(f"none of the contracts in {master.name} has a text file in {CONTRACTS_DIR}/")
    contracts.sort(key=lambda c: c.name)
    return CuadData(folder=folder, categories=categories, contracts=contracts)


# --- locating gold clauses -------------------------------------------------------------------


def alnum_key(text: str) -> tuple[str, list[int]]:
    """The lower-cased letters and digits of ``text`` and, for each, its offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).lower()
        for f in folded:
            if f.isalnum():
                chars.append(f)
                offsets.append(i)
    return "".join(chars), offsets


class GoldLocator:
    """Finds gold clause texts in one ingested document text."""

    def __init__(self, text: str) -> None:
        self.key, self.offsets = alnum_key(text)

    def _span(self, at: int, length: int) -> tuple[int, int]:
        return self.offsets[at], self.offsets[at + length - 1] + 1

    def locate(self, clause: str) -> tuple[int, int] | None:
        wanted, _ = alnum_key(clause)
        if len(wanted) < MIN_KEY:
            return None
        at = self.key.find(wanted)
        if at >= 0:
            return self._span(at, len(wanted))
        if len(wanted) < 2 * ANCHOR:
            return None
        head = self.key.find(wanted[:ANCHOR])
        if head < 0:
            return None
        tail = self.key.find(wanted[-ANCHOR:], head)
        if tail < 0 or tail - head > 2 * len(wanted):
            return None
        return self.offsets[head], self.offsets[tail + ANCHOR - 1] + 1

    def spans(self, clauses: list[str]) -> list[tuple[int, int]]:
        """Every located fragment of every clause (fragments are split at ``<omitted>``)."""
        out = []
        for clause in clauses:
            for part in clause.split(OMITTED):
                span = self.locate(part)
                if span is not None:
                    out.append(span)
        return out


# --- governing law values --------------------------------------------------------------------

_LAW_PREFIX = re.compile(
    r"^(?:the\s+)?(?:laws?\s+of\s+(?:the\s+)?)?(?:(?:state|commonwealth|province|republic|kingdom|"
    r"federal\s+republic|people'?s\s+republic)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
_LAW_ALIASES = {
    "ny": "new york",
    "prc": "china",
    "people's republic of china": "china",
    "peoples republic of china": "china",
    "uk": "united kingdom",
    "england": "england and wales",
    "wales": "england and wales",
    "usa": "united states",
    "us": "united states",
    "u s": "united states",
    "united states of america": "united states",
}


def normalise_law(value: str | None) -> str:
    """ "the State of New York" and "New York" compare equal; "England" equals "England and Wales"."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).replace("’", "'").strip().strip(".,;")
    text = _LAW_PREFIX.sub("", text)
    text = re.sub(r"[.,]", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip()
    return _LAW_ALIASES.get(text, text)


def same_law(predicted: str | None, gold: str) -> bool:
    """True when the extracted law names the gold jurisdiction. A place may be qualified by its
    country ("Ontario, Canada" equals "Ontario"); England, Wales and "England and Wales" are one
    legal system."""

    def forms(value: str) -> set[str]:
        whole = normalise_law(value)
        first = normalise_law(value.split(",")[0])
        out = {whole, first}
        return {_LAW_ALIASES.get(f, f) for f in out if f}

    if not predicted or not gold:
        return False
    said = set().union(*(forms(place) for place in predicted.split(";")))  # "United States; Kentucky"
    return bool(said & forms(gold))


_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_GOLD_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(day|week|month|year)s?", re.IGNORECASE)


def durations_in_days(text: str | None) -> list[float]:
    """ "successive 1 year; 6 months" -> [365, 180]."""
    return [float(n) * _DAYS[u.lower()] for n, u in _GOLD_DURATION.findall(text or "")]


def same_duration(predicted: str | None, gold: str) -> bool:
    """True when the predicted duration equals one of the gold answer's (12 months == 1 year)."""
    wanted = durations_in_days(gold)
    return any(abs(p - g) <= 0.05 * g for p in durations_in_days(predicted) for g in wanted)
