"""Versions of the learned models in the data dir: a file that does not load installs nothing;
use, rollback and the version every review records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewer import api
from reviewer.cli import main
from reviewer.errors import ExitCode
from reviewer.judge.learned import model_versions
from reviewer.judge.learned.judge import MODELS_DIR, ModelFileError, model_path
from reviewer.settings import Settings

SHIPPED = MODELS_DIR / "nda" / "nda-1.npz"


def test_a_model_file_that_does_not_load_installs_nothing(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "nda-1.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelFileError, match=r"nda-1\.npz"):
        model_versions.install(settings, "nda", {"nda-1": bad}, figures={})
    assert model_versions.active_version(settings, "nda") == "shipped"
    assert not list(model_versions.playbook_dir(settings, "nda").glob("v*"))


def test_install_use_and_rollback(settings: Settings, tmp_path: Path) -> None:
    copy = shutil.copyfile(SHIPPED, tmp_path / "nda-1.npz")
    first = model_versions.install(settings, "nda", {"nda-1": copy}, figures={"cv_accuracy": 0.8}, note="local")
    assert model_versions.active_version(settings, "nda") == first
    assert model_path("nda/nda-1") == model_versions.playbook_dir(settings, "nda") / first / "nda-1.npz"
    assert model_path("nda/nda-2") == MODELS_DIR / "nda" / "nda-2.npz"  # not retrained: the shipped one
    second = model_versions.install(settings, "nda", {"nda-1": copy}, figures={})
    assert [v["version"] for v in api.model_versions_list("nda", settings) if v["active"]] == [second]
    assert api.rollback_models("nda", settings) == first
    assert api.use_model_version("nda", "shipped", settings) == "shipped"
    assert model_path("nda/nda-1") == SHIPPED
    assert main(["models", "use", "nda", "v-none"]) == ExitCode.NOT_FOUND
    assert main(["models", "use", "nda", second]) == 0
    assert model_versions.active_version(settings, "nda") == second
