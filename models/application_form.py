"""What a clerk enters for one application, and the rules it must meet.

``ApplicationForm`` holds raw text exactly as entered (form, JSONL import or the wire);
``validate_application`` turns it into a ``ValidApplication`` or field-keyed Turkish errors.
The desk's form, its import and the central service all call the same function, and the
per-channel table it enforces is ``models/intake_rules.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from email.errors import HeaderParseError
from email.headerregistry import Address
from enum import StrEnum
from typing import Any, TypeVar

from models.enums import ApplicantKind, ApplicationType, Channel, EducationLevel, Urgency
from models.i18n import N_, _, active_language, format_number
from models.intake_rules import (
    CONTACT_FIELDS,
    CONTACT_REQUIRED_CHANNELS,
    Requirement,
    field_requirement,
)
from models.phone import parse_fax, parse_mobile
from models.tckn import tckn_error
from models.turkey_time import turkey_now
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
MAX_LINE_LENGTH = 200
MAX_ADDRESS_LENGTH = 500
MAX_EMAIL_LENGTH = 254
MAX_REQUESTED_INFORMATION_LENGTH = 2000
TRUE, FALSE = "true", "false"

@dataclass(frozen=True)
class FieldWording:
    """How a field is named to people — the one wording the form's labels, the CLI's and
    the import's messages and the central service's answers all use. ``label`` names the
    form's row; ``part`` says which part of that row's answer the field is (the first or
    last letter, the province or district), for fields that share a row. Marked, in
    Turkish: ``shown()`` translates."""

    label: str
    part: str = ""

    def shown(self) -> str:
        """In the desk's language, e.g. "Anne kızlık soyadı — ilk harf"."""
        label = _(self.label)
        return f"{label} — {_(self.part)}" if self.part else label


MAIDEN_NAME = N_("Anne kızlık soyadı")
LOCATION = N_("Konum")

FIELD_WORDING: dict[str, FieldWording] = {
    "channel": FieldWording(N_("Başvuru yolu")),
    "tckn": FieldWording(N_("T.C. Kimlik No")),
    "first_name": FieldWording(N_("Ad")),
    "last_name": FieldWording(N_("Soyad")),
    "mother_maiden_first": FieldWording(MAIDEN_NAME, N_("ilk harf")),
    "mother_maiden_last": FieldWording(MAIDEN_NAME, N_("son harf")),
    "education_level": FieldWording(N_("Eğitim durumu")),
    "mobile_phone": FieldWording(N_("Cep telefonu")),
    "email": FieldWording(N_("E-posta")),
    "email_preference": FieldWording(N_("E-posta ile bilgilendirilmek istiyorum")),
    "address": FieldWording(N_("Adres (MERNİS)")),
    "contact_address": FieldWording(N_("İletişim adresi")),
    "location_province": FieldWording(LOCATION, N_("il")),
    "location_district": FieldWording(LOCATION, N_("ilçe")),
    "location_detail": FieldWording(LOCATION, N_("yer")),
    "sender_as_written": FieldWording(N_("Gönderen (yazıldığı gibi)")),
    "paper_date": FieldWording(N_("Belge tarihi")),
    "received_date": FieldWording(N_("Geliş tarihi")),
    "fax_number": FieldWording(N_("Faks numarası")),
    "email_subject": FieldWording(N_("E-posta konusu")),
    "application_type": FieldWording(N_("Başvuru türü")),
    "applicant_kind": FieldWording(N_("Başvuran")),
    "organization_title": FieldWording(N_("Unvan")),
    "organization_tax_number": FieldWording(N_("Vergi / sicil no")),
    "requested_information": FieldWording(N_("İstenen bilgi ve belgeler")),
    "hide_identity": FieldWording(N_("Kimlik bilgilerim gizlensin")),
    "subject_code": FieldWording(N_("Konu")),
    "sub_subject_code": FieldWording(N_("Alt konu")),
    "urgency": FieldWording(N_("Aciliyet")),
    "text": FieldWording(N_("Başvuru metni")),
}


def field_label(key: str) -> str:
    """The name of field ``key`` in the active language."""
    return FIELD_WORDING[key].shown()


BOOLEAN_FIELDS = frozenset({"email_preference", "hide_identity"})
DATE_FIELDS = frozenset({"paper_date", "received_date"})


@dataclass(frozen=True)
class ApplicationForm:
    """Raw input, every field a string as typed; empty string means not given.

    Yes/no fields hold ``"true"`` or ``"false"``; dates ``dd.mm.yyyy`` or ``yyyy-mm-dd``.
    """

    channel: str = Channel.IN_PERSON.value
    tckn: str = ""
    first_name: str = ""
    last_name: str = ""
    mother_maiden_first: str = ""
    mother_maiden_last: str = ""
    education_level: str = ""
    mobile_phone: str = ""
    email: str = ""
    email_preference: str = FALSE
    address: str = ""
    contact_address: str = ""
    location_province: str = ""
    location_district: str = ""
    location_detail: str = ""
    sender_as_written: str = ""
    paper_date: str = ""
    received_date: str = ""
    fax_number: str = ""
    email_subject: str = ""
    application_type: str = ""
    applicant_kind: str = ""
    organization_title: str = ""
    organization_tax_number: str = ""
    requested_information: str = ""
    hide_identity: str = FALSE
    subject_code: str = ""
    sub_subject_code: str = ""
    urgency: str = Urgency.NORMAL.value
    text: str = ""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> tuple[ApplicationForm, dict[str, str]]:
        """Build a form from JSON-like data; unknown keys and wrong value types are errors."""
        errors: dict[str, str] = {}
        known = set(cls.field_names())
        values: dict[str, str] = {}
        for key, value in data.items():
            if key not in known:
                errors[key] = _("Bilinmeyen alan: '{key}'.").format(key=key)
            elif value is None:
                continue
            elif key in BOOLEAN_FIELDS and isinstance(value, bool):
                values[key] = TRUE if value else FALSE
            elif not isinstance(value, str):
                errors[key] = (
                    _("{label} true/false olarak verilmelidir.") if key in BOOLEAN_FIELDS
                    else _("{label} metin olarak verilmelidir.")
                ).format(label=field_label(key))
            else:
                values[key] = value
        return cls(**values), errors


@dataclass(frozen=True)
class ValidApplication:
    """An application that passed every rule; text normalised, phones in E.164."""

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
    education_level: EducationLevel | None = None
    mobile_phone: str = ""
    email: str = ""
    email_preference: bool = False
    address: str = ""
    contact_address: str = ""
    location_province: str = ""
    location_district: str = ""
    location_detail: str = ""
    sender_as_written: str = ""
    paper_date: date | None = None
    received_date: date | None = None
    fax_number: str = ""
    email_subject: str = ""
    applicant_kind: ApplicantKind | None = None
    organization_title: str = ""
    organization_tax_number: str = ""
    requested_information: str = ""
    hide_identity: bool = False

    def to_payload(self) -> dict[str, str]:
        """The frozen wire form: the keys of ``ApplicationForm``, every value a string."""
        return {name: _to_text(value) for name, value in self.to_columns().items()}

    def to_columns(self) -> dict[str, Any]:
        """Typed values, for the ORM columns of the same names."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class ValidationResult:
    application: ValidApplication | None
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.application is not None


_E = TypeVar("_E", Channel, ApplicationType, Urgency, ApplicantKind, EducationLevel)

SubjectCatalogView = Mapping[str, frozenset[str]]
"""subject code → its sub-subject codes; what validation needs of the reference data."""


def validate_application(
    form: ApplicationForm,
    subjects: SubjectCatalogView | None = None,
    *,
    today: date | None = None,
) -> ValidationResult:
    """Check every rule and return field-keyed Turkish errors, or the cleaned application.

    ``today`` bounds the paper's dates (nothing arrives from the future); default: Turkey's
    today, never the PC's — between 21:00 and midnight UTC a desk on a UTC clock would
    otherwise refuse the date the clerk sees on the wall calendar.
    """
    return _Validator(form, subjects, today or turkey_now().date()).run()


class _Validator:
    def __init__(
        self, form: ApplicationForm, subjects: SubjectCatalogView | None, today: date
    ) -> None:
        self.form = form
        self.subjects = subjects
        self.today = today
        self.errors: dict[str, str] = {}
        self.notices: list[str] = []
        self.values: dict[str, Any] = {}

    def run(self) -> ValidationResult:
        channel = self._enum(Channel, "channel", required=True)
        application_type = self._enum(ApplicationType, "application_type", required=True)
        urgency = self._enum(Urgency, "urgency", required=True)
        self.values.update(channel=channel, application_type=application_type, urgency=urgency)
        self.channel = channel or Channel.IN_PERSON
        self.application_type = application_type
        self.applicant_kind = self._enum(ApplicantKind, "applicant_kind", required=False)
        if (
            application_type is ApplicationType.INFORMATION_REQUEST
            and self.applicant_kind is None
            and "applicant_kind" not in self.errors
        ):
            self.applicant_kind = ApplicantKind.PERSON  # unless the paper names an entity
        self._choice("applicant_kind", self.applicant_kind)
        self._choice(
            "education_level", self._enum(EducationLevel, "education_level", required=False)
        )

        self._tckn()
        self._name("first_name")
        self._name("last_name")
        self._letter("mother_maiden_first")
        self._letter("mother_maiden_last")
        self._enum(EducationLevel, "education_level", required=False)
        self._mobile()
        self._email()
        self._boolean("email_preference")
        for key in ("address", "contact_address"):
            self._line(key, MAX_ADDRESS_LENGTH)
        for key in (
            "location_province",
            "location_district",
            "location_detail",
            "sender_as_written",
            "email_subject",
            "organization_title",
        ):
            self._line(key, MAX_LINE_LENGTH)
        self._dates()
        self._fax()
        self._tax_number()
        self._line("requested_information", MAX_REQUESTED_INFORMATION_LENGTH)
        self._boolean("hide_identity")
        self._subjects()
        self._text()
        self._contact()

        if self.errors:
            return ValidationResult(None, self.errors, self.notices)
        assert channel is not None and application_type is not None
        return ValidationResult(ValidApplication(**self.values), {}, self.notices)

    # -- helpers ----------------------------------------------------------------------

    def _requirement(self, key: str) -> Requirement:
        return field_requirement(key, self.channel, self.application_type, self.applicant_kind)

    def _given(self, key: str, value: str) -> bool:
        """Apply the table to a cleaned value: required, allowed, or not for this channel."""
        requirement = self._requirement(key)
        if not value:
            if requirement is Requirement.REQUIRED:
                self.errors[key] = _missing_message(key)
            return False
        if requirement is Requirement.HIDDEN:
            self.errors[key] = _hidden_message(key, self.channel)
            return False
        return True

    def _enum(self, enum: type[_E], key: str, *, required: bool) -> _E | None:
        """Parse a choice; a value that is not one of ``enum`` is an error naming the valid ones."""
        value = getattr(self.form, key).strip()
        if not value:
            if required:
                self.errors[key] = _("{label} seçilmelidir.").format(label=field_label(key))
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.errors[key] = _(
                "Geçersiz {label}: '{value}'. Geçerli değerler: {allowed}."
            ).format(label=_lower(field_label(key)), value=value, allowed=allowed)
            return None

    def _choice(self, key: str, member: StrEnum | None) -> None:
        if key not in self.errors and self._given(key, member.value if member else ""):
            self.values[key] = member

    def _tckn(self) -> None:
        value = self.form.tckn.strip()
        if self._given("tckn", value):
            message = tckn_error(value)
            if message:
                self.errors["tckn"] = message
            else:
                self.values["tckn"] = value

    def _name(self, key: str) -> None:
        value = " ".join(normalize(getattr(self.form, key)).split())
        if not self._given(key, value):
            return
        if len(value) > MAX_NAME_LENGTH:
            self.errors[key] = _too_long_message(key, MAX_NAME_LENGTH)
        elif not all(ch.isalpha() or ch in " -'." for ch in value):
            self.errors[key] = _(
                "{label} yalnızca harf, boşluk, kesme ve tire içerebilir."
            ).format(label=field_label(key))
        else:
            self.values[key] = value

    def _letter(self, key: str) -> None:
        value = turkish_upper(normalize(getattr(self.form, key).strip()))
        if not self._given(key, value):
            return
        if len(value) != 1 or value not in SURNAME_LETTERS:
            self.errors[key] = _(
                "{label} tek bir harf olmalıdır (A-Z, Ç, Ğ, I, İ, Ö, Ş, Ü)."
            ).format(label=field_label(key))
        else:
            self.values[key] = value

    def _mobile(self) -> None:
        value = self.form.mobile_phone.strip()
        if self._given("mobile_phone", value):
            e164, message = parse_mobile(value)
            if message:
                self.errors["mobile_phone"] = message
            else:
                self.values["mobile_phone"] = e164

    def _fax(self) -> None:
        value = self.form.fax_number.strip()
        if self._given("fax_number", value):
            e164, message = parse_fax(value)
            if message:
                self.errors["fax_number"] = message
            else:
                self.values["fax_number"] = e164

    def _email(self) -> None:
        value = normalize(self.form.email.strip())
        if self._given("email", value):
            message = _email_error(value)
            if message:
                self.errors["email"] = message
            else:
                self.values["email"] = value

    def _boolean(self, key: str) -> None:
        value = getattr(self.form, key).strip().lower()
        if value in ("", FALSE):
            return
        if value != TRUE:
            self.errors[key] = _("{label} 'true' ya da 'false' olmalıdır.").format(
                label=field_label(key)
            )
        elif self._requirement(key) is Requirement.HIDDEN:
            self.errors[key] = (
                _("Kimlik gizleme yalnızca İhbar ve Şikayet başvurularında seçilebilir.")
                if key == "hide_identity"
                else _hidden_message(key, self.channel)
            )
        else:
            self.values[key] = True

    def _line(self, key: str, limit: int) -> None:
        value, _removed = strip_invisible(normalize(getattr(self.form, key)))
        value = value.strip()
        if not self._given(key, value):
            return
        if text_length(value) > limit:
            self.errors[key] = _too_long_message(key, limit)
        else:
            self.values[key] = value

    def _dates(self) -> None:
        parsed: dict[str, date] = {}
        for key in ("paper_date", "received_date"):
            raw = getattr(self.form, key).strip()
            if not self._given(key, raw):
                continue
            value = parse_date(raw)
            if value is None:
                self.errors[key] = _(
                    "{label} anlaşılamadı. Biçim: gg.aa.yyyy (örnek: 05.11.2026)."
                ).format(label=field_label(key))
            elif value > self.today:
                self.errors[key] = _("{label} bugünden sonra olamaz.").format(
                    label=field_label(key)
                )
            elif value.year < 1900:
                self.errors[key] = _("{label} 1900'den önce olamaz.").format(
                    label=field_label(key)
                )
            else:
                parsed[key] = value
                self.values[key] = value
        paper, received = parsed.get("paper_date"), parsed.get("received_date")
        if paper and received and paper > received:
            self.errors["paper_date"] = _("Belge tarihi geliş tarihinden sonra olamaz.")
            self.values.pop("paper_date")

    def _tax_number(self) -> None:
        value = "".join(self.form.organization_tax_number.split())
        if not self._given("organization_tax_number", value):
            return
        # VKN is 10 digits, a sole proprietor's T.C. Kimlik No 11, a MERSİS number 16.
        if not all("0" <= ch <= "9" for ch in value) or len(value) not in (10, 11, 16):
            self.errors["organization_tax_number"] = _(
                "Vergi / sicil no 10 haneli vergi numarası, 11 haneli T.C. Kimlik No ya da "
                "16 haneli MERSİS numarası olmalıdır."
            )
        else:
            self.values["organization_tax_number"] = value

    def _subjects(self) -> None:
        subject = self.form.subject_code.strip()
        sub_subject = self.form.sub_subject_code.strip()
        subjects = self.subjects
        if not subject:
            self.errors["subject_code"] = _("Konu seçilmelidir.")
        elif subjects is not None and subject not in subjects:
            self.errors["subject_code"] = _("Konu kodu tanınmıyor: '{code}'.").format(
                code=subject
            )
        if not sub_subject:
            self.errors["sub_subject_code"] = _("Alt konu seçilmelidir.")
        elif subjects is not None and subject in subjects and sub_subject not in subjects[subject]:
            self.errors["sub_subject_code"] = _(
                "Alt konu '{code}' seçilen konuya ait değil."
            ).format(code=sub_subject)
        self.values["subject_code"] = subject
        self.values["sub_subject_code"] = sub_subject

    def _text(self) -> None:
        text, removed = strip_invisible(normalize(self.form.text))
        text = text.strip()
        if removed:
            self.notices.append(_("Başvuru metnindeki görünmez denetim karakterleri çıkarıldı."))
        if not text:
            self.errors["text"] = _("Başvuru metni boş bırakılamaz.")
        elif text_length(text) > MAX_TEXT_LENGTH:
            self.errors["text"] = _(
                "Başvuru metni en çok {limit} karakter olabilir ({count} karakter girildi)."
            ).format(limit=format_number(MAX_TEXT_LENGTH), count=format_number(text_length(text)))
        self.values["text"] = text

    def _contact(self) -> None:
        if self.channel not in CONTACT_REQUIRED_CHANNELS:
            return
        given = any(getattr(self.form, key).strip() for key in CONTACT_FIELDS)
        if not given:
            self.errors["mobile_phone"] = _(
                "Vatandaşa cevap verebilmek için cep telefonu, e-posta veya adresten "
                "en az biri girilmelidir."
            )


def parse_date(value: str) -> date | None:
    """``05.11.2026``, ``5.11.2026`` or ``2026-11-05``; None when it is not a real date."""
    text = value.strip()
    try:
        if "." in text:
            day, month, year = (int(part) for part in text.split("."))
            if year < 100:
                return None  # a two-digit year is ambiguous on a petition
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _lower(label: str) -> str:
    """A field name inside a sentence: lower case by the rules of the active language."""
    return turkish_lower(label) if active_language() == "tr" else label.lower()


def _too_long_message(key: str, limit: int) -> str:
    return _("{label} en çok {limit} karakter olabilir.").format(
        label=field_label(key), limit=format_number(limit)
    )


# Said as a sentence, not as "label part": "…soyadının ilk harfi", not "…soyadı ilk harf".
_LETTER_MISSING = {
    "mother_maiden_first": N_("Anne kızlık soyadının ilk harfi boş bırakılamaz."),
    "mother_maiden_last": N_("Anne kızlık soyadının son harfi boş bırakılamaz."),
}
# The letters an address cannot hold, as a clerk would type them.
_TURKISH_LETTERS = "çğıöşüÇĞİÖŞÜ"  # i18n: not shown


def _missing_message(key: str) -> str:
    if key in _LETTER_MISSING:
        return _(_LETTER_MISSING[key])
    label = field_label(key)
    if key in (
        "application_type",
        "subject_code",
        "sub_subject_code",
        "urgency",
        "education_level",
        "applicant_kind",
    ):
        return _("{label} seçilmelidir.").format(label=label)
    return _("{label} boş bırakılamaz.").format(label=label)


def _hidden_message(key: str, channel: Channel) -> str:
    return _("{label} bu başvuru için kullanılmaz ({channel}).").format(
        label=field_label(key), channel=channel.label
    )


def _email_error(value: str) -> str | None:
    if len(value) > MAX_EMAIL_LENGTH:
        return _("E-posta adresi çok uzun.")
    turkish = "".join(dict.fromkeys(c for c in value if c in _TURKISH_LETTERS))
    if turkish:
        # The most common slip at the counter ("ayşe@örnek.com.tr"): say which letters.
        return _("E-posta adresinde Türkçe harf olamaz ({letters}). Örneğin ş yerine s, ö "
                 "yerine o yazın: ayse@ornek.com.tr").format(letters=", ".join(turkish))
    try:
        address = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        return _("E-posta adresi geçersiz. Örnek: ad.soyad@ornek.com.tr")
    if not address.username or "." not in address.domain or address.addr_spec != value:
        return _("E-posta adresi geçersiz. Örnek: ad.soyad@ornek.com.tr")
    return None
