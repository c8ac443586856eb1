"""What a clerk enters for one application, and the rules it must meet.

``ApplicationForm`` holds raw text exactly as entered (form, JSONL import or the wire);
``validate_application`` turns it into a ``ValidApplication`` or field-keyed Turkish errors.
The desk's form, its import and the central service all call the same function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import Any, TypeVar

from models.enums import ApplicationType, Channel, Urgency
from models.phone import parse_mobile
from models.tckn import tckn_error
from models.turkish_text import (
    MAX_TEXT_LENGTH,
    SURNAME_LETTERS,
    normalize,
    strip_invisible,
    text_length,
    turkish_lower,
    turkish_upper,
)

MAX_NAME_LENGTH = 100
MAX_ADDRESS_LENGTH = 500
MAX_EMAIL_LENGTH = 254

# Turkish field names, for messages that name a field outside the form (CLI, import).
FIELD_LABELS: dict[str, str] = {
    "channel": "Başvuru yolu",
    "tckn": "T.C. Kimlik No",
    "first_name": "Ad",
    "last_name": "Soyad",
    "mother_maiden_first": "Anne kızlık soyadı ilk harf",
    "mother_maiden_last": "Anne kızlık soyadı son harf",
    "mobile_phone": "Cep telefonu",
    "email": "E-posta",
    "address": "Adres",
    "application_type": "Başvuru türü",
    "subject_code": "Konu",
    "sub_subject_code": "Alt konu",
    "urgency": "Aciliyet",
    "text": "Başvuru metni",
}


@dataclass(frozen=True)
class ChannelRules:
    """Which identity fields a channel requires. Letters and faxes often lack them."""

    identity_required: bool
    contact_required: bool


CHANNEL_RULES: dict[Channel, ChannelRules] = {
    Channel.IN_PERSON: ChannelRules(identity_required=True, contact_required=True),
    Channel.LETTER: ChannelRules(identity_required=False, contact_required=False),
    Channel.FAX: ChannelRules(identity_required=False, contact_required=False),
    Channel.EMAIL: ChannelRules(identity_required=False, contact_required=False),
}


@dataclass(frozen=True)
class ApplicationForm:
    """Raw input, every field a string as typed; empty string means not given."""

    channel: str = Channel.IN_PERSON.value
    tckn: str = ""
    first_name: str = ""
    last_name: str = ""
    mother_maiden_first: str = ""
    mother_maiden_last: str = ""
    mobile_phone: str = ""
    email: str = ""
    address: str = ""
    application_type: str = ""
    subject_code: str = ""
    sub_subject_code: str = ""
    urgency: str = Urgency.NORMAL.value
    text: str = ""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> tuple[ApplicationForm, dict[str, str]]:
        """Build a form from JSON-like data; unknown keys and non-text values are errors."""
        errors: dict[str, str] = {}
        known = set(cls.field_names())
        values: dict[str, str] = {}
        for key, value in data.items():
            if key not in known:
                errors[key] = f"Bilinmeyen alan: '{key}'."
            elif value is None:
                continue
            elif not isinstance(value, str):
                errors[key] = f"{FIELD_LABELS[key]} metin olarak verilmelidir."
            else:
                values[key] = value
        return cls(**values), errors


@dataclass(frozen=True)
class ValidApplication:
    """An application that passed every rule; text normalised, phone in E.164."""

    channel: Channel
    application_type: ApplicationType
    urgency: Urgency
    subject_code: str
    sub_subject_code: str
    text: str
    tckn: str = ""
    first_name: str = ""
    last_name: str = ""
    mother_maiden_first: str = ""
    mother_maiden_last: str = ""
    mobile_phone: str = ""
    email: str = ""
    address: str = ""

    def to_payload(self) -> dict[str, str]:
        """The frozen wire form: the same keys as ``ApplicationForm``."""
        return {f.name: str(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass
class ValidationResult:
    application: ValidApplication | None
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.application is not None


_E = TypeVar("_E", Channel, ApplicationType, Urgency)

SubjectCatalogView = Mapping[str, frozenset[str]]
"""subject code → its sub-subject codes; what validation needs of the reference data."""


def validate_application(
    form: ApplicationForm, subjects: SubjectCatalogView | None = None
) -> ValidationResult:
    """Check every rule and return field-keyed Turkish errors, or the cleaned application."""
    errors: dict[str, str] = {}
    notices: list[str] = []

    channel = _parse_enum(Channel, form.channel, "channel", errors)
    rules = CHANNEL_RULES.get(channel) if channel else CHANNEL_RULES[Channel.IN_PERSON]
    assert rules is not None
    application_type = _parse_enum(ApplicationType, form.application_type, "application_type",
                                   errors)
    urgency = _parse_enum(Urgency, form.urgency, "urgency", errors)

    tckn = form.tckn.strip()
    if tckn or rules.identity_required:
        message = tckn_error(tckn)
        if message:
            errors["tckn"] = message

    first_name = _clean_name(form.first_name, "first_name", rules.identity_required, errors)
    last_name = _clean_name(form.last_name, "last_name", rules.identity_required, errors)
    mother_first = _clean_letter(form.mother_maiden_first, "mother_maiden_first",
                                 rules.identity_required, errors)
    mother_last = _clean_letter(form.mother_maiden_last, "mother_maiden_last",
                                rules.identity_required, errors)

    mobile = ""
    if form.mobile_phone.strip():
        e164, message = parse_mobile(form.mobile_phone.strip())
        if message:
            errors["mobile_phone"] = message
        else:
            mobile = e164 or ""
    email = normalize(form.email.strip())
    if email:
        message = _email_error(email)
        if message:
            errors["email"] = message
    address = normalize(form.address.strip())
    if len(address) > MAX_ADDRESS_LENGTH:
        errors["address"] = f"Adres en çok {MAX_ADDRESS_LENGTH} karakter olabilir."
    if (rules.contact_required and not form.mobile_phone.strip() and not email
            and not address):
        errors["mobile_phone"] = (
            "Vatandaşa cevap verebilmek için cep telefonu, e-posta veya adresten "
            "en az biri girilmelidir."
        )

    subject = form.subject_code.strip()
    sub_subject = form.sub_subject_code.strip()
    if not subject:
        errors["subject_code"] = "Konu seçilmelidir."
    elif subjects is not None and subject not in subjects:
        errors["subject_code"] = f"Konu kodu tanınmıyor: '{subject}'."
    if not sub_subject:
        errors["sub_subject_code"] = "Alt konu seçilmelidir."
    elif (subjects is not None and subject in subjects
          and sub_subject not in subjects[subject]):
        errors["sub_subject_code"] = f"Alt konu '{sub_subject}' seçilen konuya ait değil."

    text, removed = strip_invisible(normalize(form.text))
    text = text.strip()
    if removed:
        notices.append("Başvuru metnindeki görünmez denetim karakterleri çıkarıldı.")
    if not text:
        errors["text"] = "Başvuru metni boş bırakılamaz."
    elif text_length(text) > MAX_TEXT_LENGTH:
        errors["text"] = (
            f"Başvuru metni en çok {MAX_TEXT_LENGTH:,} karakter olabilir "
            f"({text_length(text):,} karakter girildi)."
        ).replace(",", ".")

    if errors or channel is None or application_type is None or urgency is None:
        return ValidationResult(None, errors, notices)
    return ValidationResult(
        ValidApplication(
            channel=channel,
            application_type=application_type,
            urgency=urgency,
            subject_code=subject,
            sub_subject_code=sub_subject,
            text=text,
            tckn=tckn,
            first_name=first_name,
            last_name=last_name,
            mother_maiden_first=mother_first,
            mother_maiden_last=mother_last,
            mobile_phone=mobile,
            email=email,
            address=address,
        ),
        errors,
        notices,
    )


def _parse_enum(
    enum: type[_E], raw: str, key: str, errors: dict[str, str]
) -> _E | None:
    value = raw.strip()
    if not value:
        errors[key] = f"{FIELD_LABELS[key]} seçilmelidir."
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        label = turkish_lower(FIELD_LABELS[key])
        errors[key] = f"Geçersiz {label}: '{value}'. Geçerli değerler: {allowed}."
        return None


def _clean_name(raw: str, key: str, required: bool, errors: dict[str, str]) -> str:
    value = " ".join(normalize(raw).split())
    if not value:
        if required:
            errors[key] = f"{FIELD_LABELS[key]} boş bırakılamaz."
        return ""
    if len(value) > MAX_NAME_LENGTH:
        errors[key] = f"{FIELD_LABELS[key]} en çok {MAX_NAME_LENGTH} karakter olabilir."
    elif not all(ch.isalpha() or ch in " -'." for ch in value):
        errors[key] = f"{FIELD_LABELS[key]} yalnızca harf, boşluk, kesme ve tire içerebilir."
    return value


def _clean_letter(raw: str, key: str, required: bool, errors: dict[str, str]) -> str:
    value = turkish_upper(normalize(raw.strip()))
    if not value:
        if required:
            errors[key] = f"{FIELD_LABELS[key]} boş bırakılamaz."
        return ""
    if len(value) != 1 or value not in SURNAME_LETTERS:
        errors[key] = f"{FIELD_LABELS[key]} tek bir harf olmalıdır (A-Z, Ç, Ğ, I, İ, Ö, Ş, Ü)."
    return value


def _email_error(value: str) -> str | None:
    if len(value) > MAX_EMAIL_LENGTH:
        return "E-posta adresi çok uzun."
    try:
        address = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        return "E-posta adresi geçersiz. Örnek: ad.soyad@ornek.com.tr"
    if not address.username or "." not in address.domain or address.addr_spec != value:
        return "E-posta adresi geçersiz. Örnek: ad.soyad@ornek.com.tr"
    return None
