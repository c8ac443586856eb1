"""One translation mechanism for every string a person sees: in Qt, on paper, in the CLI.

gettext-style, Turkish first: the Turkish text written in the code *is* the message id, so
Turkish needs no catalogue and a missing translation can never show a blank. Other languages
come from ``resources/translations/<language>.po``, the catalogue people edit (read with
Babel, the library that also formats dates and numbers by locale), compiled by
``python -m tools.update_translations`` into ``<language>.mo``, which a desk reads at start
with the standard library's ``gettext`` (≈ 2 ms, where parsing the ``.po`` took ≈ 40 ms of an
English desk's start). ``tests/test_translations.py`` fails when a marked string has no
translation, when a string a person sees is not marked, and when the ``.mo`` is behind the
``.po``.

The active language is process-wide, like gettext's installed translation and Qt's installed
translators: the composition root chooses it once from the settings (``use_language``). It is
configuration, not a service, which is why it is the one module-level state in the code.

Marking: ``_("Kaydet")`` translates now; ``N_("Kaydet")`` only marks a constant (enum labels,
tables) that is translated with ``_()`` where it is shown. Placeholders are ``str.format``
names: ``_("{count} ek").format(count=n)`` — never an f-string inside ``_()``. A text with a
count in it goes through ``ngettext("{count} sayfa", "{count} sayfa", n)`` (Turkish says
"3 sayfa", English "3 pages" but "1 page": the catalogue holds each language's forms and its
plural rule).

Times shown or printed are Turkey's (``models/turkey_time.py``), whatever the PC's zone;
dates in English are ISO (``2026-11-28``), which no English reader takes for 11 May.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from resources import TRANSLATIONS_DIR

# Imported where used (gettext, Turkey's clock): this module is loaded before the start window
# is shown (bimer_desktop/launch.py), and those cost it ≈ 3 ms.
if TYPE_CHECKING:
    from datetime import date, datetime
    from gettext import NullTranslations

SOURCE_LANGUAGE = "tr"
# Language code → (display name in that language, Babel locale for dates and numbers).
LANGUAGES: dict[str, tuple[str, str]] = {
    "tr": ("Türkçe", "tr_TR"),  # i18n: not shown (each language named in itself)
    "en": ("English", "en_GB"),
}


class UnknownLanguage(ValueError):
    pass


# Turkish puts a noun after a number in the singular ("3 sayfa"): one form.
SOURCE_PLURAL: Callable[[int], int] = lambda _n: 0  # noqa: E731


@dataclass(frozen=True)
class Plurals:
    """A catalogue's plural messages: (singular, plural) id → the language's forms, and its
    rule (the ``Plural-Forms`` expression) choosing a form for a count."""

    forms: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    rule: Callable[[int], int] = SOURCE_PLURAL


@dataclass(frozen=True)
class _Active:
    language: str
    # The compiled catalogue (gettext.GNUTranslations); None for Turkish, the source.
    translations: NullTranslations | None = None


_lock = threading.Lock()
_active = _Active(SOURCE_LANGUAGE)


def use_language(language: str, *, catalog_dir: Path = TRANSLATIONS_DIR) -> None:
    """Make ``language`` the one every ``_()`` answers in from now on."""
    global _active
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    if language == SOURCE_LANGUAGE:
        active = _Active(language)
    else:
        active = _Active(language, compiled_catalog(catalog_dir / f"{language}.mo"))
    with _lock:
        _active = active


@cache
def compiled_catalog(path: Path) -> NullTranslations:
    """The ``.mo`` file at ``path``, read by the standard library."""
    import gettext

    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def active_language() -> str:
    return _active.language


def _(message: str) -> str:
    """``message`` (Turkish) in the active language; itself when it has no translation."""
    translations = _active.translations
    return (translations.gettext(message) or message) if translations else message


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (constants)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for ``count`` in the active language (``singular`` /
    ``plural`` are the Turkish ids, usually the same words). Format ``count`` in yourself:
    ``ngettext("{count} sayfa", "{count} sayfa", n).format(count=n)``."""
    active = _active
    if active.translations is None:
        return singular  # Turkish: "3 sayfa", the one form
    return active.translations.ngettext(singular, plural, count) or singular


def catalog(language: str, catalog_dir: Path = TRANSLATIONS_DIR) -> dict[str, str]:
    """Message id → translation, for every translated (non-empty, non-fuzzy) entry of the
    ``.po`` (what the translation tool and tests check; a desk reads the ``.mo``)."""
    return dict(_catalog(catalog_dir / f"{language}.po"))


def plural_catalog(language: str, catalog_dir: Path = TRANSLATIONS_DIR) -> Plurals:
    """The catalogue's plural messages (every form translated, not fuzzy) and its rule."""
    import gettext

    expression, entries = _plural_catalog(catalog_dir / f"{language}.po")
    return Plurals(dict(entries), gettext.c2py(expression))


@cache
def _read(path: Path) -> object:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


@cache
def _catalog(path: Path) -> tuple[tuple[str, str], ...]:
    from babel.messages.catalog import Catalog

    catalog = _read(path)
    assert isinstance(catalog, Catalog)
    return tuple(
        (str(entry.id), str(entry.string))
        for entry in catalog
        if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy
    )


@cache
def _plural_catalog(path: Path) -> tuple[str, tuple[tuple[tuple[str, str], tuple[str, ...]], ...]]:
    from babel.messages.catalog import Catalog

    catalog = _read(path)
    assert isinstance(catalog, Catalog)
    entries = tuple(
        ((str(entry.id[0]), str(entry.id[1])), tuple(str(form) for form in entry.string))
        for entry in catalog
        if isinstance(entry.id, tuple | list) and not entry.fuzzy
        and isinstance(entry.string, tuple | list) and all(entry.string)
    )
    return str(catalog.plural_expr), entries


def _locale() -> str:
    return LANGUAGES[_active.language][1]


def format_date(value: date) -> str:
    """A date as people write it in the active language: ``28.11.2026`` in Turkish, ISO
    ``2026-11-28`` in English (``05/12/2026`` means 12 May to half of English readers)."""
    if _active.language == SOURCE_LANGUAGE:
        return f"{value:%d.%m.%Y}"
    return value.isoformat()


def format_time(value: datetime) -> str:
    """``14:05`` on Turkey's clock (an aware time; a naive one is UTC, as stored)."""
    from models.turkey_time import in_turkey

    return f"{in_turkey(value):%H:%M}"


def format_datetime(value: datetime) -> str:
    """Date and time on Turkey's clock, whatever the PC's zone (``28.11.2026 14:05``; a
    naive time is UTC, as stored)."""
    from models.turkey_time import in_turkey

    local = in_turkey(value)
    return f"{format_date(local.date())} {local:%H:%M}"


def format_long_date(value: date) -> str:
    """``28 Kasım 2026 Cumartesi`` / ``Saturday 28 November 2026``: month and weekday names
    of the active language, in the order its readers write them."""
    from babel.dates import format_date as babel_format_date

    pattern = "d MMMM y EEEE" if _active.language == SOURCE_LANGUAGE else "EEEE d MMMM y"
    return str(babel_format_date(value, pattern, locale=_locale()))


def format_number(value: float) -> str:
    """``12.345,5`` in Turkish, ``12,345.5`` in English."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_locale()))
