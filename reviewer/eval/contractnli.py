"""Evaluation: contractnli. (To be written.)"""

from __future__ import annotations

import argparse

from reviewer.errors import ConfigError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    raise ConfigError("the contractnli evaluation is not written yet")
