"""The shipped embedding model (MiniLM, ONNX): a text's vector does not depend on the texts embedded
with it, so the batch size is a matter of speed only; its thread count is a setting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from reviewer.settings import Settings
from reviewer.store.embedding import MiniLMEmbedder, get_embedder

pytestmark = pytest.mark.integration

TEXTS = [
    "Provider shall delete Customer Data within 30 days after termination.",
    "Customer Data will not be used to train our models.",
    "数据存储于中华人民共和国境内。",
    "Notice.",
    "The Supplier may engage sub-processors with prior written notice to the Customer, who may object "
    "on reasonable grounds within fourteen (14) days; if the parties cannot agree, either may terminate.",
]


def test_a_vector_is_the_same_alone_and_in_any_batch() -> None:
    embedder = MiniLMEmbedder()
    alone = np.vstack([embedder.embed([text]) for text in TEXTS])
    for size in (2, 4, 32):
        embedder.batch_size = size
        together = embedder.embed(TEXTS)
        assert together.shape == (len(TEXTS), MiniLMEmbedder.dim)
        assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(alone, axis=1), 1.0, atol=1e-5)
    assert float(alone[0] @ alone[1]) < 0.99  # different texts, different vectors


def test_the_threads_setting_reaches_the_model(tmp_path: Path) -> None:
    one = get_embedder(Settings(data_dir=tmp_path, embedding_threads=1))
    assert isinstance(one, MiniLMEmbedder)
    assert one.session.get_session_options().intra_op_num_threads == 1
    every_core = get_embedder(Settings(data_dir=tmp_path, embedding_threads=0))
    assert every_core is not one  # one model per thread count, each loaded once
    assert get_embedder(Settings(data_dir=tmp_path, embedding_threads=1)) is one
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, embedding_threads=-1)
