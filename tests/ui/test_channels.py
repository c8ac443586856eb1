"""One form engine for every channel: fill each from the keyboard and save; fields appear,
hide and change their `*` with the choices; what is hidden is never sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.entities import Application
from models.enums import ApplicantKind, ApplicationType, Channel
from models.intake_rules import Requirement, field_requirement
from tests.conftest import VALID_TCKN
from tests.ui.conftest import FormFactory, choose, save_form, type_text
from ui.intake import IntakeForm
from ui.intake.fields import FIELDS

ChannelForm = Callable[[Channel], IntakeForm]


@pytest.fixture
def channel_form(qtbot: QtBot, offline_desk: Desk,
                 make_form: FormFactory) -> Iterator[ChannelForm]:
    def make(channel: Channel) -> IntakeForm:
        widget = make_form(offline_desk, channel)
        widget.resize(1146, 720)
        with qtbot.waitActive(widget):
            widget.show()
        return widget

    yield make


def stored(desk: Desk, number: str) -> dict[str, Any]:
    """The saved application's columns, read back from the desk's database."""
    with desk.db.sessions() as session:
        row = session.scalars(select(Application).where(
            Application.station_number == number)).one()
        return {column.name: getattr(row, column.name) for column in Application.__table__.c}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot: QtBot, code: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), code, modifier)


def type_here(text: str) -> None:
    """Type as a keyboard does: each key goes to whichever field has focus by then."""
    for character in text:
        type_text(focused(), character)


def save(qtbot: QtBot, form: IntakeForm) -> str:
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return str(blocker.args[0])


def test_in_person_from_the_keyboard(qtbot: QtBot, channel_form: ChannelForm,
                                     offline_desk: Desk) -> None:
    form = channel_form(Channel.IN_PERSON)
    form.first_editor().setFocus()
    type_here(VALID_TCKN)
    qtbot.waitUntil(lambda: focused() is form.editor("first_name"), timeout=1000)
    type_here("Ayşe")
    key(qtbot, Qt.Key.Key_Return)
    type_here("Yılmaz")
    key(qtbot, Qt.Key.Key_Return)
    type_here("şk")  # two letter boxes, each moves on
    assert focused() is form.editor("mobile_phone")
    type_here("05321234567")
    key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    type_here("d")  # Dilek/İstek
    type_here("02")
    type_here("04")
    assert focused() is form.editor("text")
    type_here("Otobüs seferleri artırılsın.")
    number = save(qtbot, form)
    row = stored(offline_desk, number)
    assert row["channel"] == "in_person"
    assert row["first_name"] == "Ayşe" and row["last_name"] == "Yılmaz"
    assert row["mother_maiden_first"] == "Ş" and row["mother_maiden_last"] == "K"
    assert row["mobile_phone"] == "+905321234567"
    assert row["application_type"] == "request"
    assert row["sub_subject_code"] == "02.04"


def test_letter_from_the_keyboard(qtbot: QtBot, channel_form: ChannelForm,
                                  offline_desk: Desk) -> None:
    form = channel_form(Channel.LETTER)
    today = offline_desk.clock().date()
    assert form.form_value().received_date == f"{today:%d.%m.%Y}"  # default: today
    assert form.label_text("received_date") == "Geliş tarihi *:"
    assert form.label_text("tckn") == "T.C. Kimlik No:"  # optional on paper
    assert not form.is_shown("fax_number") and not form.is_shown("email_subject")
    form.first_editor().setFocus()
    type_here("Hasan Demir, Kızılay / Ankara")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.editor("paper_date")
    paper = today - timedelta(days=3)
    type_here(f"{paper:%d%m%Y}")  # eight digits: a whole date, on to the next field
    assert form.form_value().paper_date == f"{paper:%d.%m.%Y}"
    assert focused() is form.editor("tckn")  # Geliş tarihi already holds today
    key(qtbot, Qt.Key.Key_Return)
    type_here("Hasan")
    key(qtbot, Qt.Key.Key_Return)
    type_here("Demir")
    key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # to İletişim
    key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # to Başvuru
    type_here("t")  # Teşekkür
    type_here("02")
    type_here("04")
    type_here("Yeni hat için teşekkürler.")
    number = save(qtbot, form)
    row = stored(offline_desk, number)
    assert row["channel"] == "letter"
    assert row["sender_as_written"] == "Hasan Demir, Kızılay / Ankara"
    assert row["paper_date"] == paper and row["received_date"] == today
    assert row["tckn"] == "" and row["application_type"] == "thanks"
    # Ready for the next letter, with today's date again.
    assert form.form_value().received_date == f"{today:%d.%m.%Y}"


def test_fax_from_the_keyboard_reformats_the_number(
        qtbot: QtBot, channel_form: ChannelForm, offline_desk: Desk) -> None:
    form = channel_form(Channel.FAX)
    assert form.is_shown("fax_number") and not form.is_shown("email_subject")
    form.first_editor().setFocus()
    type_here("Gül Apartmanı Yönetimi")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is form.editor("fax_number")
    type_here("03124182233")
    key(qtbot, Qt.Key.Key_Tab)
    fax = form.editor("fax_number")
    assert isinstance(fax, QLineEdit) and fax.text() == "0 (312) 418 22 33"
    form.editor("application_type").setFocus()
    type_here("ş")  # Şikayet
    type_here("02")
    type_here("05")
    type_here("Kanalizasyon taşıyor.")
    number = save(qtbot, form)
    row = stored(offline_desk, number)
    assert row["channel"] == "fax" and row["fax_number"] == "+903124182233"


def test_email_from_the_keyboard_requires_the_address(
        qtbot: QtBot, channel_form: ChannelForm, offline_desk: Desk) -> None:
    form = channel_form(Channel.EMAIL)
    assert form.label_text("email") == "E-posta *:"
    assert form.is_shown("email_subject") and not form.is_shown("fax_number")
    form.first_editor().setFocus()
    type_here("Fatma Şimşek <fatma@example.com>")
    key(qtbot, Qt.Key.Key_Return)
    type_here("Servis ücretleri")
    form.editor("application_type").setFocus()
    type_here("ş")
    type_here("03")
    type_here("01")
    type_here("Servis ücreti iki katına çıktı.")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert offline_desk.queries.list_applications() == []
    assert form.error_text("email") == "E-posta boş bırakılamaz."
    assert focused() is form.editor("email")
    type_here("fatma@example.com")
    number = save(qtbot, form)
    row = stored(offline_desk, number)
    assert row["email"] == "fatma@example.com" and row["email_subject"] == "Servis ücretleri"


def test_information_request_by_an_organization_reveals_and_requires_its_fields(
        channel_form: ChannelForm) -> None:
    form = channel_form(Channel.IN_PERSON)
    organization = ("organization_title", "organization_tax_number", "requested_information")
    assert not form.is_shown("applicant_kind")
    assert not any(form.is_shown(k) for k in organization)
    assert form.label_text("address") == "Adres (MERNİS):"

    choose(form.editor("application_type"), "information_request")
    assert form.is_shown("applicant_kind")
    assert form.form_value().applicant_kind == "person"  # Gerçek kişi unless chosen
    assert not any(form.is_shown(k) for k in organization)

    choose(form.editor("applicant_kind"), "organization")
    assert all(form.is_shown(k) for k in organization)
    assert form.label_text("organization_title") == "Unvan *:"
    assert form.label_text("organization_tax_number") == "Vergi / sicil no *:"
    assert form.label_text("address") == "Adres (MERNİS) *:"
    assert form.label_text("email") == "E-posta *:"
    assert form.save() is False
    for key_name in (*organization, "address", "email"):
        assert form.error_text(key_name), key_name

    choose(form.editor("applicant_kind"), "person")
    assert not any(form.is_shown(k) for k in organization)
    assert form.label_text("address") == "Adres (MERNİS):"
    assert all(form.error_text(k) == "" for k in organization)


def test_markers_and_visibility_match_the_rules_table_for_every_choice(
        channel_form: ChannelForm) -> None:
    for channel in Channel:
        form = channel_form(channel)
        for application_type in ("", "information_request", "complaint", "thanks"):
            choose_or_clear(form, "application_type", application_type)
            kinds = ("person", "organization") if application_type == "information_request" \
                else ("person",)
            for kind in kinds:
                choose(form.editor("applicant_kind"), kind)
                for spec in FIELDS:
                    need = field_requirement(spec.key, channel, form_type(form),
                                             form_kind(form))
                    if need is Requirement.HIDDEN and spec.key not in _keys(form):
                        continue
                    assert form.is_shown(spec.key) == (need is not Requirement.HIDDEN), (
                        channel, application_type, kind, spec.key)
                    label = form.label_text(spec.key)
                    if need is Requirement.REQUIRED and label:
                        assert "*" in label, (channel, spec.key)


def choose_or_clear(form: IntakeForm, key_name: str, value: str) -> None:
    if value:
        choose(form.editor(key_name), value)
    else:
        form.editor(key_name).setCurrentIndex(-1)  # type: ignore[attr-defined]


def form_type(form: IntakeForm) -> ApplicationType | None:
    value = form.form_value().application_type
    return ApplicationType(value) if value else None


def form_kind(form: IntakeForm) -> ApplicantKind | None:
    value = form.form_value().applicant_kind
    return ApplicantKind(value) if value else None


def _keys(form: IntakeForm) -> set[str]:
    keys = set()
    for spec in FIELDS:
        try:
            form.editor(spec.key)
        except KeyError:
            continue
        keys.add(spec.key)
    return keys


def test_denunciation_offers_identity_hiding_and_5n1k_thanks_does_not(
        channel_form: ChannelForm) -> None:
    form = channel_form(Channel.IN_PERSON)
    assert not form.is_shown("hide_identity") and not form.five_w_one_h_visible
    choose(form.editor("application_type"), "denunciation")
    assert form.is_shown("hide_identity") and form.five_w_one_h_visible
    check = form.editor("hide_identity")
    assert isinstance(check, QCheckBox) and check.text() == "Kimlik bilgilerim gizlensin"
    check.setChecked(True)
    assert form.form_value().hide_identity == "true"
    choose(form.editor("application_type"), "complaint")
    assert form.is_shown("hide_identity") and form.five_w_one_h_visible
    choose(form.editor("application_type"), "thanks")
    assert not form.is_shown("hide_identity") and not form.five_w_one_h_visible
    assert form.form_value().hide_identity == "false"  # hidden: not sent
    choose(form.editor("application_type"), "denunciation")
    assert form.form_value().hide_identity == "true"  # kept while hidden


def test_hidden_fields_keep_what_was_typed_but_are_not_sent(
        qtbot: QtBot, channel_form: ChannelForm, offline_desk: Desk) -> None:
    form = channel_form(Channel.IN_PERSON)
    form.set_form_value(ApplicationForm(
        tckn=VALID_TCKN, first_name="Selin", last_name="Aydın", mother_maiden_first="K",
        mother_maiden_last="R", email="bilgi@ornek.com.tr", address="Sincan / Ankara",
        application_type="information_request", applicant_kind="organization",
        organization_title="Yıldız İnşaat Ltd. Şti.", organization_tax_number="12345",
        requested_information="İhale kararı", subject_code="02", sub_subject_code="02.01",
        text="Bilgi istiyoruz."))
    assert form.errors() == {}  # a restored form shows no errors
    assert form.save() is False
    assert list(form.errors()) == ["organization_tax_number"]

    choose(form.editor("application_type"), "request")  # not an information request now
    sent = form.form_value()
    assert sent.organization_title == sent.organization_tax_number == ""
    assert sent.requested_information == sent.applicant_kind == ""
    assert form.errors() == {}  # the error of a field that went away goes with it
    number = save_form(qtbot, form)
    row = stored(offline_desk, number)
    assert row["organization_title"] == "" and row["applicant_kind"] is None

    # Before saving, a field that reappears still has what was typed.
    form.set_form_value(ApplicationForm(application_type="information_request",
                                        applicant_kind="organization",
                                        organization_title="Yıldız"))
    choose(form.editor("application_type"), "thanks")
    choose(form.editor("application_type"), "information_request")
    choose(form.editor("applicant_kind"), "organization")
    title = form.editor("organization_title")
    assert isinstance(title, QLineEdit) and title.text() == "Yıldız"


def test_bad_input_shows_the_field_error_and_loses_nothing(
        qtbot: QtBot, channel_form: ChannelForm, offline_desk: Desk) -> None:
    form = channel_form(Channel.FAX)
    form.editor("fax_number").setFocus()
    type_here("0312 12")
    key(qtbot, Qt.Key.Key_Tab)
    assert form.error_text("fax_number").startswith("Faks numarası")
    date_box = form.editor("paper_date")
    date_box.setFocus()
    future = offline_desk.clock().date() + timedelta(days=10)
    type_here(f"{future:%d.%m.%Y}")
    key(qtbot, Qt.Key.Key_Tab)
    assert form.error_text("paper_date") == "Belge tarihi bugünden sonra olamaz."
    before = form.form_value()
    assert form.save() is False
    assert form.form_value() == before
    assert focused() is form.editor("fax_number")  # the first field in error
    assert offline_desk.queries.list_applications() == []


def test_set_form_value_fills_every_field_and_shows_no_errors(
        qtbot: QtBot, channel_form: ChannelForm, offline_desk: Desk) -> None:
    form = channel_form(Channel.EMAIL)
    today = offline_desk.clock().date()
    source = ApplicationForm(
        channel="email", sender_as_written="Ali Veli <ali@example.com>",
        paper_date=f"{today - timedelta(days=1):%Y-%m-%d}", received_date=f"{today:%Y-%m-%d}",
        email_subject="Konu", tckn=VALID_TCKN, first_name="Ali", last_name="Veli",
        mother_maiden_first="Ö", mother_maiden_last="Ç", education_level="bachelor",
        mobile_phone="0 (532) 123 45 67", email="ali@example.com", email_preference="true",
        address="Adres", contact_address="Başka adres", location_province="İzmir",
        location_district="Bornova", location_detail="Çarşı", application_type="complaint",
        hide_identity="true", subject_code="02", sub_subject_code="02.03", urgency="urgent",
        text="Metin")
    form.set_form_value(source)
    value = form.form_value()
    assert value.paper_date == f"{today - timedelta(days=1):%d.%m.%Y}"  # shown as dd.mm.yyyy
    assert value.received_date == f"{today:%d.%m.%Y}"
    for name in ApplicationForm.field_names():
        if name not in ("paper_date", "received_date"):
            assert getattr(value, name) == getattr(source, name), name
    assert form.errors() == {}
    assert form.five_w_one_h_visible
    save_form(qtbot, form)
