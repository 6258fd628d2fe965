"""Typed errors. Each carries a one-line message that tells the user what to do.

The CLI and the app translate them at the edge (an exit code from ``EXIT_CODES`` below, a message
next to the upload); nothing below the edge prints or exits.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the ``reviewer`` command's exit status means (documented in ``reviewer --help``)."""

    OK = 0
    CHECK_FAILED = 1  # a verification found a problem (audit verify, doctor --selftest)
    USAGE = 2  # wrong arguments (argparse uses 2 too)
    BAD_INPUT = 3  # a file that cannot be read as a contract, labels or playbook
    NOT_FOUND = 4  # no such file, set, review, user or playbook
    PERMISSION = 5  # login failed or the role may not do this
    CONFIG = 6  # a setting, a missing optional part, or a store / LLM service that fails
    INTERNAL = 7  # a bug: an unexpected exception
    FINDINGS = 10  # `review --fail-on`: a finding at or above the threshold exists


EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "done",
    ExitCode.CHECK_FAILED: "a verification found a problem (audit verify, doctor --selftest)",
    ExitCode.USAGE: "usage: wrong or missing arguments",
    ExitCode.BAD_INPUT: "bad input: a file that cannot be read (contract, playbook, labels, review JSON)",
    ExitCode.NOT_FOUND: "not found: no such file, contract set, user or playbook",
    ExitCode.PERMISSION: "permission denied: login failed or your role may not do this",
    ExitCode.CONFIG: "configuration: a setting, an optional part not installed, or the store/LLM failing",
    ExitCode.INTERNAL: "internal error: a bug (run with -v and report it)",
    ExitCode.FINDINGS: "review --fail-on: a finding at or above the threshold exists",
}


class ReviewerError(Exception):
    """Base of every error the product reports to a user."""

    kind = "error"

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.message = message
        self.file = file
        super().__init__(self.user_message)

    @property
    def user_message(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self)


# --- bad input -------------------------------------------------------------------------------


class BadInputError(ReviewerError):
    """A file the product cannot read as a contract."""

    kind = "bad-input"


class EmptyFileError(BadInputError):
    pass


class UnsupportedFormatError(BadInputError):
    pass


class FormatMismatchError(BadInputError):
    pass


class CorruptFileError(BadInputError):
    pass


class EncryptedFileError(BadInputError):
    pass


class NoTextError(BadInputError):
    """A document with no text layer at all (scanned)."""


class LegacyFormatError(BadInputError):
    pass


class DocumentMismatchError(BadInputError):
    """A Word file for the redline whose text is not the text that was reviewed."""


class ZipBombError(BadInputError):
    pass


class FileTooLargeError(BadInputError):
    pass


class TooManyPagesError(BadInputError):
    pass


class ParseTimeoutError(BadInputError):
    pass


# --- other kinds -----------------------------------------------------------------------------


class UsageError(ReviewerError):
    """Arguments that do not fit together (found after argparse accepted them)."""

    kind = "usage"


class NotFoundError(ReviewerError):
    kind = "not-found"


class PlaybookError(ReviewerError):
    """A clause-library file that does not validate; the message names the file, check and field."""

    kind = "playbook"


class StoreError(ReviewerError):
    kind = "store"


class LLMError(ReviewerError):
    kind = "llm"


class ConfigError(ReviewerError):
    kind = "config"


class PermissionDeniedError(ReviewerError):
    kind = "permission"


class OptionalDependencyError(ReviewerError):
    """An optional part is used but not installed; the message says what to install."""

    kind = "missing-dependency"


# The one table from error kinds to exit codes; the most specific class listed wins.
EXIT_CODES: dict[type[ReviewerError], ExitCode] = {
    UsageError: ExitCode.USAGE,
    BadInputError: ExitCode.BAD_INPUT,
    PlaybookError: ExitCode.BAD_INPUT,
    NotFoundError: ExitCode.NOT_FOUND,
    PermissionDeniedError: ExitCode.PERMISSION,
    ConfigError: ExitCode.CONFIG,
    OptionalDependencyError: ExitCode.CONFIG,
    StoreError: ExitCode.CONFIG,
    LLMError: ExitCode.CONFIG,
}


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code of an error: its kind's entry in ``EXIT_CODES``; anything else is a bug."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return ExitCode.INTERNAL
