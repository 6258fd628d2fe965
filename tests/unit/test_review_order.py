"""Two reviews of the same set made within one second are two reviews, in the order they were made."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer import api
from reviewer.contract_sets import ContractSets
from reviewer.settings import Settings
from tests.conftest import FakeEmbedder
from tests.support.builders import english_docx

MINI = Path(__file__).parents[1] / "data" / "mini-playbook.yaml"


def test_reviews_in_one_second_keep_their_own_ids_and_order(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(api, "_contract_sets", lambda s: ContractSets(s or settings, embedder=FakeEmbedder()))
    contract = english_docx(tmp_path / "msa.docx")
    made = [api.review(paths=[contract], playbook=str(MINI), tier="internal", settings=settings) for _ in range(3)]
    for review in made:
        api.save_review(review, settings)
    assert len({r.id for r in made}) == 3
    assert made[0].created_at < made[1].created_at < made[2].created_at
    listed = api.list_reviews(made[0].contract_set.id, settings)
    assert [r.id for r in listed] == [r.id for r in reversed(made)]  # newest first
