"""Property tests for every field validator, through the one entry point."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from models.application_form import parse_date, validate_application
from models.turkish_text import MAX_TEXT_LENGTH, SURNAME_LETTERS, turkish_lower
from tests.conftest import in_person_form

TODAY = date(2026, 11, 28)
SUBJECTS = {"02": frozenset({"02.01", "02.02"})}


def errors_for(**fields: str) -> dict[str, str]:
    return validate_application(in_person_form(**fields), SUBJECTS, today=TODAY).errors


@given(st.sampled_from(SURNAME_LETTERS), st.booleans())
def test_any_turkish_letter_in_either_case_is_a_maiden_name_letter(letter: str,
                                                                   lower: bool) -> None:
    typed = turkish_lower(letter) if lower else letter
    result = validate_application(in_person_form(mother_maiden_first=typed), SUBJECTS)
    assert result.application is not None
    assert result.application.mother_maiden_first == letter


@given(st.characters(exclude_categories=("L",)).filter(lambda c: c.strip()))
def test_anything_but_a_letter_is_refused_as_a_maiden_name_letter(char: str) -> None:
    assert set(errors_for(mother_maiden_last=char)) == {"mother_maiden_last"}


names = st.lists(st.text(st.sampled_from("abcçdefgğhıijklmnoöprsştuüvyzÇĞİÖŞÜ"), min_size=1,
                         max_size=12), min_size=1, max_size=4).map(" ".join)


@given(names)
def test_names_of_letters_are_accepted_as_written(name: str) -> None:
    result = validate_application(in_person_form(first_name=name), SUBJECTS)
    assert result.application is not None
    assert result.application.first_name == name


@given(names, st.integers(0, 9))
def test_a_digit_in_a_name_is_refused(name: str, digit: int) -> None:
    assert set(errors_for(last_name=f"{name}{digit}")) == {"last_name"}


@given(st.sampled_from(["530", "532", "533", "535", "542", "505", "555"]),
       st.integers(0, 9_999_999))
def test_a_mobile_in_any_usual_form_is_stored_as_e164(operator: str, line: int) -> None:
    digits = f"{operator}{line:07d}"
    forms = [f"0{digits}", f"+90 {digits}", f"0 ({digits[:3]}) {digits[3:6]} {digits[6:8]} "
             f"{digits[8:]}", digits]
    stored = set()
    for typed in forms:
        result = validate_application(in_person_form(mobile_phone=typed), SUBJECTS)
        assert result.application is not None, (typed, result.errors)
        stored.add(result.application.mobile_phone)
    assert stored == {f"+90{digits}"}


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_paper_dates_in_either_format_mean_the_same_day(day: date) -> None:
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(day.isoformat()) == day
    form = in_person_form(channel="letter", received_date=day.strftime("%d.%m.%Y"))
    result = validate_application(form, SUBJECTS, today=TODAY)
    assert result.application is not None
    assert result.application.received_date == day


@given(st.integers(1, 3000))
def test_a_date_after_today_is_refused(days: int) -> None:
    future = TODAY + timedelta(days=days)
    form = in_person_form(channel="fax", received_date=future.strftime("%d.%m.%Y"))
    errors = validate_application(form, SUBJECTS, today=TODAY).errors
    assert errors == {"received_date": "Geliş tarihi bugünden sonra olamaz."}


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1,
               max_size=300).filter(str.strip), st.integers(1, 25))
def test_the_text_limit_is_code_points_of_nfc(chunk: str, repeat: int) -> None:
    text = (chunk * repeat).strip()
    result = validate_application(in_person_form(text=text), SUBJECTS)
    length = len(unicodedata.normalize("NFC", text))
    assert ("text" in result.errors) == (length > MAX_TEXT_LENGTH or not text)
