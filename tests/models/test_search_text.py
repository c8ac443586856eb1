"""The one search rule: Turkish case folding, forgiven marks, word prefixes; Turkish order."""

from __future__ import annotations

import pytest

from models.search_text import (
    collation_key,
    name_sort_key,
    name_words,
    search_fold,
    search_words,
)


@pytest.mark.parametrize(("typed", "stored"), [
    ("ışık", "IŞIK"),  # Turkish case rules: I is the capital of ı
    ("istanbul", "İSTANBUL"),  # and İ of i
    ("isik", "Işık"),  # typed without Turkish letters
    ("sahin", "ŞAHİN"),
    ("ozturk", "Öztürk"),
    ("cigdem", "Çiğdem"),
    ("ISIK", "ışık"),  # an English keyboard's capitals
    ("ışık", "Isik"),  # and the other way round: a name written without marks
    ("hikmet", "Hikmet"),
    ("jose", "José"),  # other accents go too
])
def test_a_search_and_a_name_fold_to_the_same_words(typed: str, stored: str) -> None:
    assert search_fold(typed) == search_fold(stored)


def test_folding_splits_words_on_anything_but_letters_and_digits() -> None:
    assert search_fold("  Ayşe-Nur   O'Brien ") == "ayse nur o brien"
    assert search_words("Ayşe Ayşe yılmaz") == ["ayse", "yilmaz"]


def test_a_hidden_identity_has_no_words_and_no_sort_key() -> None:
    assert name_words("Murat", "Güneş", hidden=True) == []
    assert name_sort_key("Murat", "Güneş", hidden=True) == ""
    assert name_words("Selin", "Aydın", "Yıldız İnşaat Ltd. Şti.", hidden=False) == [
        "selin", "aydin", "yildiz", "insaat", "ltd", "sti"]


def test_sorting_follows_the_turkish_alphabet() -> None:
    names = ["Zeki", "Çelik", "Cem", "İnce", "Işık", "Ilgaz", "Öz", "Ozan", "Şen", "Sarı",
             "ali can", "Alican", "Ümit", "Uçar", "Ğ", "Gül", "Pınar", "quinn", "Rıza"]
    ordered = sorted(names, key=collation_key)
    assert ordered == ["ali can", "Alican", "Cem", "Çelik", "Gül", "Ğ", "Ilgaz", "Işık",
                       "İnce", "Ozan", "Öz", "Pınar", "quinn", "Rıza", "Sarı", "Şen", "Uçar",
                       "Ümit", "Zeki"]


def test_the_sort_key_is_case_insensitive_with_turkish_rules_and_binary_ordered() -> None:
    assert collation_key("IŞIK") == collation_key("ışık")
    assert collation_key("İNCE") == collation_key("ince")
    # The key's code-point order is also its UTF-8 byte order (what SQLite compares).
    keys = sorted(collation_key(n) for n in ("Zeynep", "Zöhre", "Zuhal", "Züleyha"))
    assert keys == sorted(keys, key=lambda k: k.encode("utf-8"))
