"""The strength rule of a password a clerk chooses (models/passwords.py): long, not common,
not the clerk's own ID number or name, not a pattern a guesser tries first."""

from __future__ import annotations

import pytest

from models.passwords import password_problem

TCKN = "10000000146"
NAME = "Zeynep Kara"


@pytest.mark.parametrize(("password", "words"), [
    ("kısa", "en az 10"),
    ("x" * 129, "en çok 128"),
    ("satır\nsonu-şifresi", "görünmeyen"),
    ("galatasaray", "yaygın"),
    ("Password123", "yaygın"),
    ("aaaaaaaaaaaa", "yaygın"),
    ("benim-10000000146", "Kimlik"),
    ("zeynep-kara-2026", "adınızı"),
    ("12345678901", "sıra"),
    ("1q2w3e4r5t6y", "yaygın"),
    ("zxcvbnm12345", "klavye"),
    ("abcdefghijk", "sıra"),
])
def test_a_weak_password_is_refused_with_its_reason(password: str, words: str) -> None:
    problem = password_problem(password, tckn=TCKN, name=NAME)
    assert problem is not None and words in problem, (password, problem)


@pytest.mark.parametrize("password", [
    "kar yağarken çay demlenir 42",
    "yeşil-fındık-Ordu-sabahı",
    "Işıklı sokakta 3 kedi",
])
def test_a_passphrase_is_accepted(password: str) -> None:
    assert password_problem(password, tckn=TCKN, name=NAME) is None
