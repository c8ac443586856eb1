"""Turkish mobile numbers through phonenumbers: parse what the clerk types, store E.164."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from models.i18n import _

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse_mobile(value: str) -> tuple[str | None, str | None]:
    """Return ``(e164, None)`` for a valid Turkish mobile number, else ``(None, message)``."""
    try:
        number = phonenumbers.parse(value, "TR")
    except NumberParseException:
        return None, _("Cep telefonu anlaşılamadı. Örnek: 0 (532) 123 45 67.")
    if not phonenumbers.is_valid_number(number):
        return None, _("Cep telefonu geçersiz: hane sayısını ve alan kodunu kontrol edin.")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None, _(
            "Bu bir cep telefonu numarası değil. Cep telefonu (5xx) ile başlamalıdır."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def format_mobile(e164: str) -> str:
    """``+905321234567`` → ``0 (532) 123 45 67``, the way the desk shows Turkish mobiles."""
    number = phonenumbers.parse(e164, "TR")
    if number.country_code != 90:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    n = str(number.national_number)
    if len(n) != 10:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"0 ({n[0:3]}) {n[3:6]} {n[6:8]} {n[8:10]}"


def parse_phone(value: str) -> tuple[str | None, str | None]:
    """Any Turkish or international number (a landline): ``(e164, None)`` or an error."""
    number, valid = _parse_any(value)
    if number is None:
        return None, _("Telefon anlaşılamadı. Örnek: 0 (312) 123 45 67.")
    if not valid:
        return None, _("Telefon geçersiz: hane sayısını ve alan kodunu kontrol edin.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def parse_fax(value: str) -> tuple[str | None, str | None]:
    """:func:`parse_phone` for a fax number, whose messages name the fax number."""
    number, valid = _parse_any(value)
    if number is None:
        return None, _("Faks numarası anlaşılamadı. Örnek: 0 (312) 123 45 67.")
    if not valid:
        return None, _("Faks numarası geçersiz: hane sayısını ve alan kodunu kontrol edin.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def _parse_any(value: str) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    try:
        number = phonenumbers.parse(value, "TR")
    except NumberParseException:
        return None, False
    return number, phonenumbers.is_valid_number(number)
