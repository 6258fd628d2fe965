"""The command line's surface: help on every argument, --json where data is printed, exit codes
from one table, completion scripts, and progress on stderr."""

from __future__ import annotations

import argparse
import io

import pytest

from reviewer.cli import build_parser, main
from reviewer.cli.progress import StderrProgress
from reviewer.errors import (
    EXIT_CODE_MEANINGS,
    EXIT_CODES,
    BadInputError,
    ConfigError,
    ExitCode,
    NotFoundError,
    PermissionDeniedError,
    UsageError,
    ZipBombError,
    exit_code_for,
)
from reviewer.models import Progress

# Commands that only act (print a line of confirmation), not print data.
ACTION_ONLY = {
    "users add",
    "users remove",
    "users passwd",
    "share",
    "report",
    "draft",
    "redline",
    "rider",
    "addendum",
    "completion",
    "labels export",  # CSV, the labels file format itself
    "labels import",
    "models use",
    "models rollback",
    "train",  # passes its options to the trainer, whose --json the next test checks
}


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_commands(sub, f"{prefix} {name}".strip()))
    return found or [(prefix, parser)]


COMMANDS = _commands(build_parser())


def test_every_argument_of_every_command_has_help() -> None:
    missing = [
        f"{name}: {action.dest}"
        for name, parser in [("reviewer", build_parser()), *COMMANDS]
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


def test_every_command_that_prints_data_takes_json() -> None:
    lacking = [
        name
        for name, parser in COMMANDS
        if name not in ACTION_ONLY and not any("--json" in a.option_strings for a in parser._actions)
    ]
    assert lacking == []


def test_the_trainer_behind_reviewer_train_takes_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["train", "nda", "--help"])
    assert "--json" in capsys.readouterr().out


def test_exit_codes_come_from_one_table_with_distinct_codes_per_kind() -> None:
    assert exit_code_for(ZipBombError("x")) == ExitCode.BAD_INPUT
    assert exit_code_for(NotFoundError("x")) == ExitCode.NOT_FOUND
    assert exit_code_for(PermissionDeniedError("x")) == ExitCode.PERMISSION
    assert exit_code_for(ConfigError("x")) == ExitCode.CONFIG
    assert exit_code_for(UsageError("x")) == ExitCode.USAGE == 2
    assert exit_code_for(RuntimeError("x")) == ExitCode.INTERNAL
    kinds = [ExitCode.BAD_INPUT, ExitCode.NOT_FOUND, ExitCode.PERMISSION, ExitCode.CONFIG, ExitCode.INTERNAL]
    assert len(set(kinds) | {ExitCode.USAGE, ExitCode.OK}) == 7
    assert set(EXIT_CODES.values()) <= set(EXIT_CODE_MEANINGS)
    assert BadInputError("x").exit_code == ExitCode.BAD_INPUT


def test_help_lists_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for code, meaning in EXIT_CODE_MEANINGS.items():
        assert f"{int(code):<3} {meaning}" in out


def test_usage_errors_exit_2_and_bugs_exit_internal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "--tier", "nonsense", "x.pdf"]) == ExitCode.USAGE
    assert main(["review"]) == ExitCode.USAGE  # neither files nor --set
    from reviewer import api

    def broken(*_a: object, **_k: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(api, "list_sets", broken)
    assert main(["sets", "list"]) == ExitCode.INTERNAL
    assert "internal error: KeyError" in capsys.readouterr().err


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_name_the_commands(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in ("ingest", "review", "sets", "completion", "--fail-on"):
        assert command in script
    assert ("complete " if shell == "bash" else "#compdef reviewer") in script


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _events() -> list[Progress]:
    return [
        Progress(stage="parse", current=1, total=1, message="reading msa.pdf"),
        Progress(stage="parse", current=1, total=1, message="msa.pdf: 50 pages read"),
        Progress(stage="embed", current=0, total=120, message="embedding passages"),
        Progress(stage="embed", current=120, total=120, message="embedded"),
        Progress(stage="done", current=1, total=1, message="stored"),
    ]


def test_progress_draws_stages_and_page_counts_on_a_terminal() -> None:
    stream = _Terminal()
    with StderrProgress.for_args(argparse.Namespace(quiet=False, progress=False), stream) as progress:
        for event in _events():
            progress(event)
    text = stream.getvalue()
    assert "reading: 1/1" in text and "50 pages read" in text
    assert "embedding: 120/120" in text


@pytest.mark.parametrize(
    ("stream", "quiet", "forced", "shown"),
    [
        (_Terminal(), True, False, False),  # --quiet
        (io.StringIO(), False, False, False),  # not a terminal
        (io.StringIO(), False, True, True),  # not a terminal, --progress
    ],
)
def test_progress_is_silent_when_asked_or_piped_unless_forced(
    stream: io.StringIO, quiet: bool, forced: bool, shown: bool
) -> None:
    with StderrProgress.for_args(argparse.Namespace(quiet=quiet, progress=forced), stream) as progress:
        for event in _events():
            progress(event)
    assert bool(stream.getvalue()) is shown
