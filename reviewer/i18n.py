"""The interface language: the gettext message catalogue, the default language, and catalogue misses.

The catalogue is ``reviewer/locale/<lang>/LC_MESSAGES/messages.po`` (the source, edited by hand or
with ``make i18n``) compiled to ``messages.mo`` beside it; the compiled files are committed, so a
fresh clone runs without a build step, and a test fails when a ``.mo`` is older than its ``.po``.
English is the source language: its msgids are the English text.
"""

from __future__ import annotations

import gettext
import locale
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "zh": "中文"}
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"

# (lang, msgid) asked for but not in the catalogue; the tests assert it stays empty.
MISSES: set[tuple[str, str]] = set()


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; ``_()`` translates it where it is shown."""
    return message


JUDGE_WORD = {
    "rules": N_("rules"),
    "model": N_("learned model"),
    "relevance": N_("learned relevance model"),
    "llm": N_("local LLM"),
}


# What went wrong, said in the reader's language before the error's own detail (shown by the app).
ERROR_HEADLINES = {  # the typed errors of reviewer/errors.py, by class name
    "EmptyFileError": N_("The file is empty."),
    "UnsupportedFormatError": N_(
        "This kind of file is not supported; upload a PDF, Word (.docx), TXT or Markdown file."
    ),
    "FormatMismatchError": N_("The file's content does not match its extension."),
    "CorruptFileError": N_("The file is damaged and cannot be read; save it again from the program that made it."),
    "EncryptedFileError": N_("The file is password-protected; upload a copy without a password."),
    "NoTextError": N_("The file has no text that can be read."),
    "LegacyFormatError": N_("Old or macro-enabled formats are not accepted; save it as .docx or PDF."),
    "DocumentMismatchError": N_("This Word file is not the version that was reviewed; review this version first."),
    "ZipBombError": N_("The file unpacks to an unsafe size and was not opened."),
    "FileTooLargeError": N_("The file is too large."),
    "TooManyPagesError": N_("The file has too many pages."),
    "ParseTimeoutError": N_("Reading the file took too long and was stopped."),
    "BadInputError": N_("The file cannot be read as a contract."),
    "UsageError": N_("These options do not fit together."),
    "NotFoundError": N_("Not found."),
    "PlaybookError": N_("A playbook file does not validate."),
    "StoreError": N_("The local store reported an error."),
    "LLMError": N_("The local LLM reported an error."),
    "ConfigError": N_("A setting is wrong."),
    "PermissionDeniedError": N_("You do not have permission to do this."),
    "OptionalDependencyError": N_("An optional part is not installed."),
}


def error_headline(error: BaseException) -> str | None:
    """The catalogue message of the error's most specific listed class; None for any other error."""
    for cls in type(error).__mro__:
        if cls.__name__ in ERROR_HEADLINES:
            return ERROR_HEADLINES[cls.__name__]
    return None


def judge_name(lang: str, judge: str) -> str:
    """``rules+llm`` as the reader says it: each judge's name, in order."""
    return " + ".join(translate(lang, JUDGE_WORD[j]) if j in JUDGE_WORD else j for j in judge.split("+"))


def as_lang(value: str | None) -> Lang | None:
    """``zh_CN.UTF-8``, ``zh-Hans``, ``zh`` → zh; ``en_GB`` → en; anything else → None."""
    if not value:
        return None
    head = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return cast(Lang, head) if head in LANGS else None


def system_lang() -> Lang:
    """The language of the system locale (LC_ALL, LC_MESSAGES, LANG); English when it is neither."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        found = as_lang(os.environ.get(name))
        if found:
            return found
    return as_lang(locale.getlocale()[0]) or "en"


def default_lang(configured: str | None = None) -> Lang:
    """``REVIEWER_LANG`` (``Settings.lang``) when set, else the system locale's language."""
    return as_lang(configured) or system_lang()


class _MissRecorder(gettext.NullTranslations):
    """The last fallback of a catalogue: records what it was asked for, answers in English."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        MISSES.add((self.lang, message))
        return message


@lru_cache(maxsize=len(LANGS))
def catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        translations: gettext.NullTranslations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        translations = gettext.NullTranslations()
    translations.add_fallback(_MissRecorder(lang))
    return translations


def translate(lang: str, message: str, **values: object) -> str:
    """``message`` in ``lang``, its ``{name}`` fields filled from ``values``."""
    text = catalogue(lang).gettext(message) if message else message
    return text.format(**values) if values else text
