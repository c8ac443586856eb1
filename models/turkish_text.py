"""Turkish-correct text handling shared by the form, the import and the central service."""

from __future__ import annotations

import math
import re
import unicodedata

from babel.numbers import get_decimal_symbol

from models.i18n import LANGUAGES, _, active_language

MAX_TEXT_LENGTH = 6000

TURKISH_UPPER_LETTERS = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"  # i18n: not shown
# Q, W and X occur in foreign surnames that are written on Turkish ID cards too.
SURNAME_LETTERS = TURKISH_UPPER_LETTERS + "QWX"

# Category Cc (C0 and C1 controls) except tab, line feed and carriage return, plus the
# bidirectional marks, embeddings, overrides and isolates and the byte-order mark.
_NOTICED_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def turkish_upper(value: str) -> str:
    """Upper-case with Turkish rules: i→İ and ı→I (str.upper() maps i→I)."""
    return value.replace("i", "İ").replace("ı", "I").upper()  # i18n: not shown


def turkish_lower(value: str) -> str:
    """Lower-case with Turkish rules: İ→i and I→ı."""
    return value.replace("İ", "i").replace("I", "ı").lower()  # i18n: not shown


def normalize(value: str) -> str:
    """NFC, so that a letter typed as base + combining mark counts as one letter."""
    return unicodedata.normalize("NFC", value)


def strip_invisible(value: str) -> tuple[str, bool]:
    """Remove control and bidirectional-override characters; keep line breaks and tabs.

    Returns the cleaned text and whether anything worth a notice was removed, so the caller
    can say so instead of changing the text silently. Every way of breaking a line (CR LF,
    a lone CR of old Macs, NEL U+0085, the Unicode line and paragraph separators) becomes a
    line feed, without a notice: it is a line break, not an invisible character. (Two
    regular expressions: this runs on every save and every keystroke's count, over up to
    6000 characters.)
    """
    cleaned, removed = _NOTICED_INVISIBLE.subn("", _LINE_BREAKS.sub("\n", value))
    return cleaned, removed > 0


def text_length(value: str) -> int:
    """The one length rule for the 6000-character limit: code points of the NFC text.

    Qt's QString.length() counts UTF-16 units (an emoji is 2); the form converts to this rule.
    """
    return len(normalize(value))


def format_size(size: int) -> str:
    """Bytes as a clerk reads them, with the decimal sign of the active language: ``20 MB``,
    ``1,5 MB`` in Turkish, ``1.5 MB`` in English.

    Rounded up, so that a file a few bytes over a 1 MB limit never reads "1 MB".
    """
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return _("{size} bayt").format(size=size)
    decimal_sign = get_decimal_symbol(LANGUAGES[active_language()][1])
    text = f"{math.ceil(value * 10) / 10:.1f}".removesuffix(".0").replace(".", decimal_sign)
    return f"{text} {unit}"


_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"  # i18n: not shown
# Letters outside the Turkish alphabet (q, w, x, accented foreign letters) sort after z in
# code-point order, which keeps them together and the order total.
_ORDER = {letter: index for index, letter in enumerate(_ALPHABET)}


def turkish_sort_key(value: str) -> tuple[tuple[int, int], ...]:
    """Alphabetical order as a Turkish reader expects: c < ç < d, g < ğ < h, ı < i,
    o < ö < p, s < ş < t, u < ü < v, case-insensitively with Turkish case rules
    (Python's default order puts every Turkish letter after z)."""
    folded = turkish_lower(normalize(value))
    return tuple((_ORDER[ch], 0) if ch in _ORDER else (len(_ALPHABET), ord(ch))
                 for ch in folded)
