"""Typed errors. Each carries a one-line message that tells the user what to do.

The CLI and the app translate them at the edge (exit code 2, a message next to the upload);
nothing below the edge prints or exits.
"""

from __future__ import annotations


class ReviewerError(Exception):
    """Base of every error the product reports to a user."""

    exit_code = 2
    kind = "error"

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.message = message
        self.file = file
        super().__init__(self.user_message)

    @property
    def user_message(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


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
