"""How identity looks on paper and screens that may not show it: stars, or "Gizlenmiş"."""

from __future__ import annotations

from models.masking import (
    HIDDEN_LABEL,
    mask_email,
    mask_name,
    mask_phone,
    mask_text,
    shown_applicant,
)


def test_names_keep_their_initials() -> None:
    assert mask_name("Ayşe Yılmaz") == "A*** Y*****"
    assert mask_name("İbrahim Şahin") == "İ****** Ş****"
    assert mask_name("") == ""


def test_hidden_identity_is_one_word() -> None:
    assert shown_applicant("Ayşe", "Yılmaz", hidden=True) == HIDDEN_LABEL == "Gizlenmiş"
    assert shown_applicant("Ayşe", "Yılmaz", hidden=False) == "A*** Y*****"


def test_phones_keep_their_shape_and_last_two_digits() -> None:
    assert mask_phone("0 (532) 123 45 67") == "* (***) *** ** 67"
    assert mask_phone("+905321234567") == "+**********67"
    assert mask_phone("") == ""


def test_emails_keep_initials_and_the_top_level_domain() -> None:
    assert mask_email("ayse.yilmaz@example.com") == "a**********@e******.com"
    assert mask_email("x@y") == "x@y"
    assert mask_email("broken") == "b*****"


def test_free_text_is_masked_word_by_word() -> None:
    assert mask_text("Atatürk Bulvarı No: 1") == "A****** B****** N** 1"
    assert mask_text("  ") == ""
