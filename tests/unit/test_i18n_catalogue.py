"""The app's message catalogue: every string the code marks has a Chinese translation, the shipped
``.mo`` is the compiled ``.po``, placeholders survive translation, and the default language follows
REVIEWER_LANG, then the system locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from reviewer import api, i18n
from reviewer.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "zh" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def _code_msgids() -> set[str]:
    """What ``pybabel extract -F babel.cfg`` would find: the first argument of every _() and N_()."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, _options = parse_mapping_cfg(fh)
    found = set()
    for _path, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "N_": None}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _po() -> dict[str, str]:
    with PO.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_string_in_the_app_code_has_a_chinese_translation() -> None:
    code, po = _code_msgids(), _po()
    assert len(code) > 200  # the whole app is marked, not a sample
    untranslated = sorted(m for m in code if not po.get(m, "").strip())
    assert not untranslated, f"add these to {PO.relative_to(ROOT)} (make i18n): {untranslated}"


def test_the_shipped_mo_is_the_compiled_po() -> None:
    with MO.open("rb") as fh:
        compiled = {m.id: m.string for m in read_mo(fh) if m.id}
    assert compiled == {k: v for k, v in _po().items() if v}, "run `make i18n` to recompile the .mo"


def test_translations_keep_every_placeholder() -> None:
    for msgid, msgstr in _po().items():
        assert sorted(FIELD.findall(msgid)) == sorted(FIELD.findall(msgstr)), msgid


def test_a_string_missing_from_the_catalogue_is_recorded_and_shown_in_english() -> None:
    i18n.MISSES.clear()
    assert i18n.translate("zh", "Start review") == "开始审查"
    assert i18n.translate("zh", "{n} pages", n=3) == "3 页"
    assert i18n.translate("zh", "a string nobody translated") == "a string nobody translated"
    assert {("zh", "a string nobody translated")} == i18n.MISSES
    assert i18n.translate("en", "{n} pages", n=3) == "3 pages"
    i18n.MISSES.clear()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_default_language_follows_the_system_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: (None, None))
    assert i18n.default_lang() == expected
    assert i18n.default_lang("zh") == "zh"  # REVIEWER_LANG wins
    assert i18n.default_lang("en") == "en"


def test_reviewer_lang_is_a_setting(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_LANG", "zh")
    assert Settings().lang == "zh"
    monkeypatch.setenv("REVIEWER_LANG", "fr")
    with pytest.raises(ValueError):
        Settings()


def test_each_user_keeps_their_own_language(settings: Settings) -> None:
    assert api.saved_language("alice", settings) is None
    api.save_language("alice", "zh", settings)
    api.save_language("bob", "en", settings)
    assert api.saved_language("alice", settings) == "zh"
    assert api.saved_language("bob", settings) == "en"
    with pytest.raises(Exception, match="unknown language"):
        api.save_language("alice", "fr", settings)
    assert api.saved_language("alice", settings) == "zh"
