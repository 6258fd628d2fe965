"""A typed error as the reader of the app's language reads it: what went wrong in their language,
then the product's own detail (which names the file, page or setting), escaped for Markdown."""

from __future__ import annotations

from reviewer.errors import ReviewerError
from reviewer.i18n import error_headline
from ui.i18n import _, lang
from ui.safe import md


def error_text(error: ReviewerError) -> str:
    """Markdown: in English the error's own message; in another language the headline in that
    language, then the message, which keeps the names and values it quotes."""
    return explained(error_headline(error), error.user_message)


def explained(line: str | None, message: str) -> str:
    """Markdown of an error ``message`` after its ``line`` (a catalogue message) in the app's language."""
    detail = md(message)
    if lang() == "en" or line is None:
        return detail
    return _("{headline} Details: {detail}", headline=_(line), detail=detail)
