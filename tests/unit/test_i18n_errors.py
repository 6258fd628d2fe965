"""Every typed error has a headline the app shows in the reader's language before its own detail."""

from __future__ import annotations

import inspect

from reviewer import errors
from reviewer.i18n import ERROR_HEADLINES, error_headline, translate


def _typed_errors() -> list[type[errors.ReviewerError]]:
    return [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.ReviewerError) and c is not errors.ReviewerError
    ]


def test_every_typed_error_has_a_translated_headline() -> None:
    assert len(_typed_errors()) >= 20
    for cls in _typed_errors():
        line = error_headline(cls("detail"))
        assert line is not None, cls.__name__
        assert translate("zh", line) != line, cls.__name__


def test_the_most_specific_headline_wins_and_unknown_errors_have_none() -> None:
    assert error_headline(errors.CorruptFileError("x")) == ERROR_HEADLINES["CorruptFileError"]
    assert error_headline(errors.BadInputError("x")) == ERROR_HEADLINES["BadInputError"]
    assert error_headline(errors.ReviewerError("x")) is None
    assert error_headline(ValueError("x")) is None
    assert set(ERROR_HEADLINES) <= {c.__name__ for c in _typed_errors()}  # no headline for a class gone
