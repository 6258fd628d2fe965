"""The house rules of docs/architecture.md, enforced: which package may import which.

Every ``import`` in ``reviewer/``, ``ui/`` and ``app.py`` counts, also those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package -> packages it must never import (names under reviewer/, plus "ui" and "app").
FORBIDDEN: dict[str, set[str]] = {
    "models": {"*"},  # imports nothing else of the project
    "errors": {"*"},
    "ingest": {"store", "judge", "review", "report", "trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "store": {"ingest", "judge", "review", "report", "trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "playbooks": {"ingest", "store", "judge", "review", "report", "trust", "eval", "api", "cli", "ui", "app"},
    "judge": {"review", "report", "trust", "api", "cli", "ui", "app", "contract_sets"},
    "contract_sets": {"judge", "review", "report", "trust", "eval", "api", "cli", "ui", "app"},
    "review": {"report", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "report": {"ingest", "store", "review", "trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "trust": {"cli", "ui", "app", "eval"},
    "eval": {"ui", "app"},
    "api": {"cli", "ui", "app", "eval"},
    "cli": {"ui", "app"},
    "ui": {"cli", "eval"},
    "app": {"cli", "eval"},
    # small modules beside the stages
    "quantities": {"*"},  # numbers, durations and amounts in words and digits, English and Chinese
    "i18n": {"*"},  # the message catalogue
    "docx_links": {"*"},  # external links of a Word package: warned of at ingest, stripped from what we write
    "names": {
        "ingest",
        "store",
        "playbooks",
        "judge",
        "review",
        "report",
        "trust",
        "eval",
        "api",
        "cli",
        "ui",
        "app",
    },
    "reasons": {"ingest", "store", "judge", "review", "report", "trust", "eval", "api", "cli", "ui", "app"},
    "overrides": {"ingest", "store", "report", "trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "local_labels": {"ingest", "review", "report", "trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
    "corrections": {"ingest", "report", "eval", "api", "cli", "ui", "app"},
    "roundtrip": {"trust", "eval", "api", "cli", "ui", "app", "contract_sets"},
}
# Outside libraries that live in one room only.
ONE_ROOM: dict[str, set[str]] = {
    "chromadb": {"store"},
    "streamlit": {"ui", "app"},
    "pdfplumber": {"ingest"},
    "pypdfium2": {"ingest", "report"},
    "docx": {"ingest", "report"},
}


def _package(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if rel.parts[0] != "reviewer":
        return rel.parts[0].removesuffix(".py")
    name = rel.parts[1].removesuffix(".py")
    return name


def _imported(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] in ("ui", "app"):
        return parts[0]
    if parts[0] != "reviewer" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "reviewer":  # from reviewer import api
                found += [(node.lineno, f"reviewer.{a.name}") for a in node.names]
    return found


SOURCES = sorted([*(ROOT / "reviewer").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"])


def test_the_rules_cover_every_package() -> None:
    packages = {_package(p) for p in SOURCES} - {
        "__init__",
        "__main__",
        "py",
        "compare",
        "settings",
        "user_settings",
    }
    assert packages <= set(FORBIDDEN)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    package = _package(path)
    forbidden = FORBIDDEN.get(package, set())
    wrong = []
    for line, module in _imports(path):
        target = _imported(module)
        if target is not None and target != package and ("*" in forbidden or target in forbidden):
            wrong.append(f"line {line}: {package} imports {module}")
        top = module.split(".")[0]
        if top in ONE_ROOM and package not in ONE_ROOM[top]:
            wrong.append(f"line {line}: {top} belongs in {sorted(ONE_ROOM[top])}, not {package}")
    assert wrong == []
