"""Shared fixtures: settings pointed at ``tmp_path``, and a fake embedder for unit tests.

Integration tests use the real ONNX model and a real Chroma in ``tmp_path`` (marked
``integration``); unit tests use ``FakeEmbedder``, which is deterministic and instant.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from reviewer.settings import Settings


class FakeEmbedder:
    """Bag-of-words hashed into 256 dimensions: texts sharing words are near each other."""

    model_id = "fake-hash-256"
    dim = 256

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-12, None)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    data = tmp_path / "data"
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(data))
    for var in ("REVIEWER_CHROMA_URL", "REVIEWER_PLAYBOOKS", "REVIEWER_AUTH", "REVIEWER_EMBEDDING_MODEL"):
        monkeypatch.delenv(var, raising=False)
    yield Settings(data_dir=data)


@pytest.fixture(autouse=True)
def _audit_key_outside_the_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test keeps its audit log's key in a folder of its own, outside any data dir (and never
    in the keyring or config dir of the person running the tests; subprocesses that drop the
    REVIEWER_ variables still find the key file under XDG_CONFIG_HOME)."""
    folder = tmp_path_factory.mktemp("audit-key")
    # the same file a subprocess without REVIEWER_ variables finds (platformdirs' user config dir)
    monkeypatch.setenv("REVIEWER_AUDIT_KEY_FILE", str(folder / "contract-reviewer" / "audit-keys.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def pytest_configure(config: pytest.Config) -> None:
    """With ``-n`` workers, each worker's embedding model takes its share of the cores: two
    models each running a thread per core on the same cores spend their time waiting for each other."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        os.environ.setdefault("REVIEWER_EMBEDDING_THREADS", str(max(1, cores // workers)))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``slow`` tests first, the longest first (``@pytest.mark.slow(seconds=...)``, 10 when not
    said), so that with ``-n`` (``make test``) the other worker takes the rest instead of waiting for
    a long test started last. The order of the other tests is kept."""

    def expected_seconds(item: pytest.Item) -> float:
        mark = item.get_closest_marker("slow")
        return 0.0 if mark is None else float(mark.kwargs.get("seconds", 10))

    items.sort(key=expected_seconds, reverse=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the files in tests/golden/ from the current output"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
