"""The intake rules: strict in person, lenient on paper, errors keyed by field in Turkish."""

from __future__ import annotations

import unicodedata

import pytest

from models.application_form import ApplicationForm, validate_application
from models.enums import ApplicationType, Channel
from models.turkish_text import MAX_TEXT_LENGTH
from tests.conftest import in_person_form

SUBJECTS = {"02": frozenset({"02.01", "02.02"})}


def test_a_complete_in_person_application_is_valid_and_cleaned() -> None:
    result = validate_application(
        in_person_form(mother_maiden_first="i", mother_maiden_last="ı"), SUBJECTS
    )
    assert result.errors == {}
    assert result.application is not None
    assert result.application.channel is Channel.IN_PERSON
    assert result.application.application_type is ApplicationType.COMPLAINT
    assert result.application.mother_maiden_first == "İ"
    assert result.application.mother_maiden_last == "I"
    assert result.application.mobile_phone == "+905321234567"


def test_in_person_requires_identity_and_a_way_to_answer() -> None:
    result = validate_application(
        in_person_form(tckn="", first_name="", last_name="", mother_maiden_first="",
                       mother_maiden_last="", mobile_phone="", email="", address=""),
        SUBJECTS,
    )
    assert result.application is None
    assert set(result.errors) == {"tckn", "first_name", "last_name", "mother_maiden_first",
                                  "mother_maiden_last", "mobile_phone"}
    assert "en az biri" in result.errors["mobile_phone"]


@pytest.mark.parametrize("channel", ["letter", "fax", "email"])
def test_paper_channels_accept_an_unknown_sender(channel: str) -> None:
    form = ApplicationForm(channel=channel, application_type="request", subject_code="02",
                           sub_subject_code="02.01", text="Mektup metni",
                           received_date="27.11.2026",
                           email="gonderen@example.com" if channel == "email" else "")
    result = validate_application(form, SUBJECTS)
    assert result.errors == {}


def test_paper_channels_still_validate_an_id_number_that_is_given() -> None:
    form = ApplicationForm(channel="letter", tckn="12345678901", application_type="request",
                           subject_code="02", sub_subject_code="02.01", text="x")
    assert "tckn" in validate_application(form, SUBJECTS).errors


def test_text_limit_is_6000_characters_after_nfc() -> None:
    at_limit = unicodedata.normalize("NFD", "ş") * MAX_TEXT_LENGTH  # 12000 code points NFD
    assert validate_application(in_person_form(text=at_limit), SUBJECTS).errors == {}
    over = validate_application(in_person_form(text="a" * (MAX_TEXT_LENGTH + 1)), SUBJECTS)
    assert over.errors["text"] == (
        "Başvuru metni en çok 6.000 karakter olabilir (6.001 karakter girildi)."
    )


def test_invisible_characters_are_removed_with_a_notice() -> None:
    result = validate_application(in_person_form(text="Merhaba\u202e dünya"), SUBJECTS)
    assert result.application is not None
    assert result.application.text == "Merhaba dünya"
    assert result.notices == ["Başvuru metnindeki görünmez denetim karakterleri çıkarıldı."]


def test_unknown_codes_and_enum_values_are_named() -> None:
    result = validate_application(
        in_person_form(subject_code="99", urgency="asap", application_type="petition"), SUBJECTS
    )
    assert result.errors["subject_code"] == "Konu kodu tanınmıyor: '99'."
    assert "asap" in result.errors["urgency"]
    assert "information_request" in result.errors["application_type"]


def test_sub_subject_must_belong_to_the_subject() -> None:
    result = validate_application(in_person_form(sub_subject_code="01.01"), SUBJECTS)
    assert result.errors == {"sub_subject_code": "Alt konu '01.01' seçilen konuya ait değil."}


@pytest.mark.parametrize(
    ("field", "value"),
    [("mobile_phone", "0312 123 45 67"), ("email", "ayse@"), ("mother_maiden_first", "AB"),
     ("mother_maiden_last", "7"), ("first_name", "Ayşe3")],
)
def test_bad_contact_and_identity_values_get_a_message(field: str, value: str) -> None:
    result = validate_application(in_person_form(**{field: value}), SUBJECTS)
    assert list(result.errors) == [field]
    assert result.errors[field].endswith(".") or result.errors[field].endswith("tr")


def test_from_mapping_reports_unknown_keys_and_non_text_values() -> None:
    form, errors = ApplicationForm.from_mapping({"tckn": 10000000146, "colour": "red",
                                                "text": "ok"})
    assert errors == {"tckn": "T.C. Kimlik No metin olarak verilmelidir.",
                      "colour": "Bilinmeyen alan: 'colour'."}
    assert form.text == "ok"
