"""Turkish letters, NFC, invisible characters and the one length rule."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from models.turkish_text import (
    strip_invisible,
    text_length,
    turkish_lower,
    turkish_sort_key,
    turkish_upper,
)


def test_turkish_upper_maps_dotted_and_dotless_i() -> None:
    assert turkish_upper("i") == "İ"
    assert turkish_upper("ı") == "I"
    assert turkish_upper("çağrı şiir öğün") == "ÇAĞRI ŞİİR ÖĞÜN"


def test_turkish_lower_is_the_inverse_for_i() -> None:
    assert turkish_lower("İSTANBUL ISPARTA") == "istanbul ısparta"


def test_length_counts_code_points_of_nfc_text() -> None:
    decomposed = unicodedata.normalize("NFD", "şiş")  # s + combining cedilla...
    assert len(decomposed) > 3
    assert text_length(decomposed) == 3
    assert text_length("😀") == 1  # Qt would count two UTF-16 units


def test_bidi_overrides_and_controls_are_removed_with_a_notice() -> None:
    cleaned, noticed = strip_invisible("abc\u202edef\x07\tg\nh")
    assert cleaned == "abcdef\tg\nh"
    assert noticed


def test_windows_line_endings_become_plain_without_a_notice() -> None:
    cleaned, noticed = strip_invisible("satır 1\r\nsatır 2")
    assert cleaned == "satır 1\nsatır 2"
    assert not noticed


BIDI_AND_FORMAT = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


@given(st.text(st.characters(codec="utf-8"), max_size=200))
def test_stripping_matches_the_rule_character_by_character(text: str) -> None:
    """Every C0/C1 control but tab and line feed, and every bidi/format mark, goes; every
    kind of line break (CR LF, CR, NEL, LS, PS) is a line feed."""
    broken = re.sub("\r\n|[\r\x85\u2028\u2029]", "\n", text)
    expected = "".join(ch for ch in broken if ch in "\t\n" or (
        ch not in BIDI_AND_FORMAT and unicodedata.category(ch) != "Cc"))
    noticed = any(ch in BIDI_AND_FORMAT or (unicodedata.category(ch) == "Cc"
                                            and ch not in "\t\n") for ch in broken)
    assert strip_invisible(text) == (expected, noticed)


def test_names_sort_in_turkish_alphabetical_order() -> None:
    names = ["Zeki", "Çelik", "İnce", "Işık", "Cem", "Öz", "Ozan", "şen", "Sarı", "Ürün", "Uz",
             "Ğ", "Gül", "Dilek"]
    assert sorted(names, key=turkish_sort_key) == [
        "Cem", "Çelik", "Dilek", "Gül", "Ğ", "Işık", "İnce", "Ozan", "Öz", "Sarı", "şen", "Uz",
        "Ürün", "Zeki",
    ]


def test_turkish_sort_ignores_case_by_turkish_rules() -> None:
    assert turkish_sort_key("IŞIK") == turkish_sort_key("ışık")
    assert turkish_sort_key("İNCE") == turkish_sort_key("ince")
