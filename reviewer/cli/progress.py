"""Progress on stderr for ``ingest``, ``review`` and ``eval``: one tqdm bar per stage, fed by the
same ``Progress`` events (``reviewer.models.ProgressCallback``) that the app's progress bar reads.

Silent with ``--quiet``, or when stderr is not a terminal unless ``--progress`` forces it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TextIO

from tqdm import tqdm

from reviewer.models import Progress

# What each stage's bar says, and what it counts.
STAGES: dict[str, tuple[str, str]] = {
    "parse": ("reading", "file"),
    "ocr": ("OCR", "page"),
    "embed": ("embedding", "passage"),
    "store": ("storing", "set"),
    "retrieve": ("searching", "check"),
    "check": ("checking", "check"),
    "llm": ("asking the LLM", "finding"),
    "render": ("writing", "file"),
    "document": ("evaluating", "document"),
}


def add_progress_arguments(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` and ``--progress`` for a command that shows progress."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    group.add_argument(
        "--progress", action="store_true", help="show progress on stderr even when it is not a terminal"
    )


class StderrProgress:
    """A ``ProgressCallback`` that draws a bar per stage on ``stream``; a context manager that
    closes the last bar. Disabled, it does nothing at all."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._bar: tqdm | None = None
        self._stage: str | None = None

    @classmethod
    def for_args(cls, args: argparse.Namespace, stream: TextIO | None = None) -> StderrProgress:
        stream = stream or sys.stderr
        if getattr(args, "quiet", False):
            return cls(False, stream)
        return cls(bool(getattr(args, "progress", False)) or _is_terminal(stream), stream)

    def __call__(self, event: Progress) -> None:
        if not self.enabled:
            return
        if event.stage == "done":
            self.close(event.message)
            return
        if event.stage != self._stage or self._bar is None:
            self.close()
            label, unit = STAGES.get(event.stage, (event.stage, "step"))
            self._bar = tqdm(
                total=event.total or None,
                desc=label,
                unit=f" {unit}s" if event.total != 1 else f" {unit}",
                file=self.stream,
                leave=True,
                dynamic_ncols=True,
                mininterval=0.1,
                bar_format="{desc}: {n_fmt}/{total_fmt}{unit} |{bar:20}| {elapsed} {postfix}"
                if event.total
                else "{desc}: {n_fmt}{unit} {elapsed} {postfix}",
            )
            self._stage = event.stage
        bar = self._bar
        if event.total and bar.total != event.total:
            bar.total = event.total
        bar.n = event.current
        bar.set_postfix_str(event.message, refresh=False)
        bar.refresh()

    def starting(self, files: Sequence[Path]) -> None:
        """Show the first bar at once, before the heavy imports and the first file are read."""
        if files:
            self(Progress(stage="parse", current=0, total=len(files), message="starting"))

    def close(self, message: str = "") -> None:
        if self._bar is not None:
            if message:
                self._bar.set_postfix_str(message, refresh=False)
            self._bar.close()
        self._bar = None
        self._stage = None

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
