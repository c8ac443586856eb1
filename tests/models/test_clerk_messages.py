"""The messages a clerk reads at a field say what is wrong in plain Turkish (and English)."""

from __future__ import annotations

from models.application_form import validate_application
from models.i18n import use_language
from tests.conftest import in_person_form


def test_a_turkish_letter_in_an_email_address_is_named() -> None:
    result = validate_application(in_person_form(email="ayşe@örnek.com.tr"))
    message = result.errors["email"]
    assert "Türkçe harf" in message and "ş, ö" in message


def test_a_plain_wrong_address_keeps_the_general_message() -> None:
    result = validate_application(in_person_form(email="ayse@ornek"))
    assert "geçersiz" in result.errors["email"]


def test_the_maiden_letters_are_named_as_a_sentence() -> None:
    result = validate_application(in_person_form(mother_maiden_first="",
                                                 mother_maiden_last=""))
    assert result.errors["mother_maiden_first"] == (
        "Anne kızlık soyadının ilk harfi boş bırakılamaz.")
    assert result.errors["mother_maiden_last"] == (
        "Anne kızlık soyadının son harfi boş bırakılamaz.")


def test_in_english_too() -> None:
    use_language("en")
    try:
        result = validate_application(in_person_form(email="ayşe@örnek.com.tr",
                                                     mother_maiden_first=""))
        assert "Turkish letters" in result.errors["email"]
        assert "first letter" in result.errors["mother_maiden_first"]
    finally:
        use_language("tr")
