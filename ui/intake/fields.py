"""The intake form's field table: what each field is on screen, and its editor.

``FIELDS`` says where each field sits (section, row, width) and which kind of editor it
gets; its *name* comes from ``models.application_form.FIELD_WORDING`` (one wording for
the form, the CLI, the import and the central service), and *whether* it is required,
optional or not shown comes only from ``models.intake_rules.field_requirement`` — the
function validation enforces. Adding a field: docs/architecture.md, "Adding a field".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtWidgets import QWidget

from models.application_form import FALSE, FIELD_WORDING, TRUE, FieldWording
from models.enums import ApplicantKind, ApplicationType, EducationLevel, Urgency
from models.i18n import N_, _
from models.phone import format_mobile, parse_mobile, parse_phone
from models.tckn import TCKN_LENGTH, tckn_error
from ui.editors import (
    CheckEditor,
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    LetterEditor,
    LineEditor,
    LongTextEditor,
)


class Section(Enum):
    """A box of the form; its value is the box's title (translated where shown)."""

    DOCUMENT = N_("Belge")
    IDENTITY = N_("Kimlik")
    CONTACT = N_("İletişim")
    APPLICATION = N_("Başvuru")
    TEXT = N_("Metin")

    @property
    def title(self) -> str:
        return _(self.value)


class FieldKind(Enum):
    TCKN = "tckn"
    NAME = "name"
    LETTER = "letter"
    MOBILE = "mobile"
    PHONE = "phone"  # any number: a fax
    LINE = "line"
    DATE = "date"
    CHOICE = "choice"
    CHECK = "check"
    TEXT = "text"


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the ApplicationForm attribute
    kind: FieldKind
    section: Section
    joins_previous_row: bool = False
    placeholder: str = ""  # marked with N_, translated where shown
    inline_label: bool = False  # joins a row but is named by its own label before the box
    width_sample: str = ""  # fixed width: wide enough for this text
    one_key: bool = False  # a choice whose items start with different letters

    @property
    def wording(self) -> FieldWording:
        return FIELD_WORDING[self.key]

    @property
    def label(self) -> str:
        """The row's label, translated (without marker and colon)."""
        return _(self.wording.label)

    @property
    def caption(self) -> str:
        """The word after a box that is one part of its row (the letter boxes)."""
        return _(self.wording.part) if self.kind is FieldKind.LETTER else ""

    @property
    def fixed_width(self) -> bool:
        return bool(self.width_sample) or self.kind in (FieldKind.TCKN, FieldKind.LETTER,
                                                        FieldKind.CHECK)


# Only measured, never shown: the widest place name a province / district box must fit.
PLACE_WIDTH_SAMPLE = "Eskişehir"  # i18n: not shown
DATE_WIDTH_SAMPLE = "00.00.00000"
DATE_PLACEHOLDER = N_("gg.aa.yyyy")

FIELDS: tuple[FieldSpec, ...] = (
    # Belge: what the paper itself says, before whom it is from (letter, fax, e-mail).
    FieldSpec("sender_as_written", FieldKind.LINE, Section.DOCUMENT,
              placeholder=N_("zarftaki, faks başlığındaki ya da e-postadaki ad")),
    FieldSpec("fax_number", FieldKind.PHONE, Section.DOCUMENT,
              placeholder="0 (312) xxx xx xx", width_sample="0 (312) 555 55 55"),
    FieldSpec("email_subject", FieldKind.LINE, Section.DOCUMENT),
    FieldSpec("paper_date", FieldKind.DATE, Section.DOCUMENT, placeholder=DATE_PLACEHOLDER,
              width_sample=DATE_WIDTH_SAMPLE),
    FieldSpec("received_date", FieldKind.DATE, Section.DOCUMENT, placeholder=DATE_PLACEHOLDER,
              width_sample=DATE_WIDTH_SAMPLE, joins_previous_row=True, inline_label=True),
    FieldSpec("tckn", FieldKind.TCKN, Section.IDENTITY),
    FieldSpec("first_name", FieldKind.NAME, Section.IDENTITY),
    FieldSpec("last_name", FieldKind.NAME, Section.IDENTITY),
    FieldSpec("mother_maiden_first", FieldKind.LETTER, Section.IDENTITY),
    FieldSpec("mother_maiden_last", FieldKind.LETTER, Section.IDENTITY,
              joins_previous_row=True),
    FieldSpec("mobile_phone", FieldKind.MOBILE, Section.CONTACT,
              placeholder="0 (5xx) xxx xx xx", width_sample="0 (555) 555 55 55"),
    FieldSpec("email", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("ad.soyad@ornek.com.tr")),
    FieldSpec("email_preference", FieldKind.CHECK, Section.CONTACT),
    FieldSpec("address", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("nüfusta kayıtlı adres")),
    FieldSpec("contact_address", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("farklıysa: cevabın gönderileceği adres")),
    FieldSpec("location_province", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("il"), width_sample=PLACE_WIDTH_SAMPLE),
    FieldSpec("location_district", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("ilçe"), width_sample=PLACE_WIDTH_SAMPLE,
              joins_previous_row=True),
    FieldSpec("location_detail", FieldKind.LINE, Section.CONTACT,
              placeholder=N_("yer: mahalle, cadde…"), joins_previous_row=True),
    FieldSpec("education_level", FieldKind.CHOICE, Section.CONTACT,
              placeholder=N_("Belirtilmemiş")),
    FieldSpec("application_type", FieldKind.CHOICE, Section.APPLICATION, one_key=True),
    FieldSpec("applicant_kind", FieldKind.CHOICE, Section.APPLICATION, one_key=True),
    FieldSpec("organization_title", FieldKind.LINE, Section.APPLICATION,
              placeholder=N_("tüzel kişinin tam unvanı")),
    FieldSpec("organization_tax_number", FieldKind.LINE, Section.APPLICATION,
              placeholder=N_("VKN (10), T.C. (11) ya da MERSİS (16)")),
    FieldSpec("requested_information", FieldKind.LINE, Section.APPLICATION),
    FieldSpec("hide_identity", FieldKind.CHECK, Section.APPLICATION),
    FieldSpec("subject_code", FieldKind.CHOICE, Section.APPLICATION),
    FieldSpec("sub_subject_code", FieldKind.CHOICE, Section.APPLICATION),
    FieldSpec("urgency", FieldKind.CHOICE, Section.APPLICATION, one_key=True),
    FieldSpec("text", FieldKind.TEXT, Section.TEXT),
)

SPECS: dict[str, FieldSpec] = {spec.key: spec for spec in FIELDS}

# Marked here, translated with ``_()`` where shown: the language is chosen after import.
CHOICE_PLACEHOLDER = N_("Seçiniz")
TEXT_PLACEHOLDER = N_("Vatandaşın başvurusunu buraya yazın.")
CHOICE_MIN_CHARACTERS = 12
TEXT_MIN_HEIGHT = 80


def static_choices(key: str) -> list[tuple[object, str, str]]:
    """The items of a choice whose list never changes; subjects come from the catalogue
    the desk holds now (the form fills them)."""
    lists: dict[str, list[tuple[object, str, str]]] = {
        "application_type": [(t.value, t.label, "") for t in ApplicationType],
        "urgency": [(u.value, u.label, "") for u in Urgency],
        "applicant_kind": [(k.value, k.label, "") for k in ApplicantKind],
        "education_level": [(e.value, e.label, "") for e in EducationLevel],
    }
    return lists.get(key, [])


def _tidy_phone(parse: Callable[[str], tuple[str | None, str | None]]) -> Callable[[str], str]:
    # format_mobile writes any Turkish number as 0 (xxx) xxx xx xx, others internationally:
    # the national form the clerk reads back to a sender.
    def tidy(text: str) -> str:
        e164, _error = parse(text)
        return format_mobile(e164) if e164 else text
    return tidy


def _complete_tckn(text: str) -> bool:
    # Eleven digits that pass the checksum: nothing more to type here.
    return len(text) == TCKN_LENGTH and tckn_error(text) is None


def _line(spec: FieldSpec, parent: QWidget) -> FieldEditor[str]:
    return LineEditor(parent, placeholder=_(spec.placeholder) if spec.placeholder else "",
                      width_sample=spec.width_sample)


EDITOR_FOR_KIND: dict[FieldKind, Callable[[FieldSpec, QWidget], FieldEditor[str]]] = {
    FieldKind.TCKN: lambda spec, parent: LineEditor(
        parent, pattern=f"[0-9]{{0,{TCKN_LENGTH}}}", max_length=TCKN_LENGTH,
        width_sample="0" * TCKN_LENGTH, padding=28, complete=_complete_tckn),
    FieldKind.NAME: _line,
    FieldKind.LINE: _line,
    FieldKind.MOBILE: lambda spec, parent: LineEditor(
        parent, placeholder=spec.placeholder, width_sample=spec.width_sample,
        tidy=_tidy_phone(parse_mobile)),
    FieldKind.PHONE: lambda spec, parent: LineEditor(
        parent, placeholder=spec.placeholder, width_sample=spec.width_sample,
        tidy=_tidy_phone(parse_phone)),
    FieldKind.DATE: lambda spec, parent: DateEditor(
        parent, placeholder=_(spec.placeholder), width_sample=spec.width_sample),
    FieldKind.LETTER: lambda _spec, parent: LetterEditor(parent),
    FieldKind.CHOICE: lambda spec, parent: ChoiceEditor[str](
        parent, choices=static_choices(spec.key), empty="",
        placeholder=_(spec.placeholder or CHOICE_PLACEHOLDER), one_key=spec.one_key,
        minimum_characters=CHOICE_MIN_CHARACTERS),
    FieldKind.CHECK: lambda spec, parent: CheckEditor[str](spec.label, parent, on=TRUE,
                                                           off=FALSE),
    FieldKind.TEXT: lambda _spec, parent: LongTextEditor(
        parent, placeholder=_(TEXT_PLACEHOLDER), minimum_height=TEXT_MIN_HEIGHT),
}


def make_editor(spec: FieldSpec, parent: QWidget) -> FieldEditor[str]:
    """The field's editor, named for people and for tests (``field_<key>``)."""
    editor = EDITOR_FOR_KIND[spec.kind](spec, parent)
    widget = editor.focus_widget
    widget.setObjectName(f"field_{spec.key}")
    widget.setAccessibleName(spec.wording.shown())
    return editor


def default_value(key: str) -> str:
    """What a new form holds: every field empty, but for the choices with a usual answer
    (and the date a paper came, which the form sets to today)."""
    defaults = {"urgency": Urgency.NORMAL.value, "applicant_kind": ApplicantKind.PERSON.value,
                "email_preference": FALSE, "hide_identity": FALSE}
    return defaults.get(key, "")
