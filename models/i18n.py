"""One translation mechanism for every string a person sees: in Qt, on paper, in the CLI.

gettext-style, Turkish first: the Turkish text written in the code *is* the message id, so
Turkish needs no catalogue and a missing translation can never show a blank. Other languages
come from ``resources/translations/<language>.po`` (read with Babel, the library that also
formats dates and numbers by locale). ``tests/test_translations.py`` fails when a marked string
has no translation, and when a string a person sees is not marked.

The active language is process-wide, like gettext's installed translation and Qt's installed
translators: the composition root chooses it once from the settings (``use_language``). It is
configuration, not a service, which is why it is the one module-level state in the code.

Marking: ``_("Kaydet")`` translates now; ``N_("Kaydet")`` only marks a constant (enum labels,
tables) that is translated with ``_()`` where it is shown. Placeholders are ``str.format``
names: ``_("{count} ek").format(count=n)`` — never an f-string inside ``_()``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from resources import TRANSLATIONS_DIR

SOURCE_LANGUAGE = "tr"
# Language code → (display name in that language, Babel locale for dates and numbers).
LANGUAGES: dict[str, tuple[str, str]] = {
    "tr": ("Türkçe", "tr_TR"),  # i18n: not shown (each language named in itself)
    "en": ("English", "en_GB"),
}


class UnknownLanguage(ValueError):
    pass


@dataclass(frozen=True)
class _Active:
    language: str
    messages: dict[str, str]


_lock = threading.Lock()
_active = _Active(SOURCE_LANGUAGE, {})


def use_language(language: str, *, catalog_dir: Path = TRANSLATIONS_DIR) -> None:
    """Make ``language`` the one every ``_()`` answers in from now on."""
    global _active
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    messages = {} if language == SOURCE_LANGUAGE else catalog(language, catalog_dir)
    with _lock:
        _active = _Active(language, messages)


def active_language() -> str:
    return _active.language


def _(message: str) -> str:
    """``message`` (Turkish) in the active language; itself when it has no translation."""
    return _active.messages.get(message) or message


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (constants)."""
    return message


def catalog(language: str, catalog_dir: Path = TRANSLATIONS_DIR) -> dict[str, str]:
    """Message id → translation, for every translated (non-empty, non-fuzzy) entry."""
    return dict(_catalog(catalog_dir / f"{language}.po"))


@cache
def _catalog(path: Path) -> tuple[tuple[str, str], ...]:
    from babel.messages.pofile import read_po  # only non-Turkish desks pay for it

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return tuple(
        (str(entry.id), str(entry.string))
        for entry in catalog
        if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy
    )


def _locale() -> str:
    return LANGUAGES[_active.language][1]


def format_date(value: date) -> str:
    """A date as people write it in the active language (``28.11.2026`` in Turkish)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, "dd.MM.yyyy" if _active.language == "tr" else
                                 "dd/MM/yyyy", locale=_locale()))


def format_datetime(value: datetime) -> str:
    """Date and time in the desk's local time (``28.11.2026 14:05``)."""
    local = value.astimezone() if value.tzinfo else value
    return f"{format_date(local.date())} {local:%H:%M}"


def format_long_date(value: date) -> str:
    """``28 Kasım 2026 Cumartesi``: month and weekday names of the active language."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, "d MMMM y EEEE", locale=_locale()))


def format_number(value: float) -> str:
    """``12.345,5`` in Turkish, ``12,345.5`` in English."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_locale()))
