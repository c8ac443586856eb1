"""Previews of the intake forms: each channel with a sample, errors, the saved banner,
drafts, an e-mail opened, and Evveliyat beside a returning applicant."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel
from models.samples import (
    DENUNCIATION_SAMPLE,
    ORGANIZATION_SAMPLE,
    RETURNING_FORMS,
    RETURNING_TCKN,
    fax_sample,
    letter_sample,
    sample_email,
)
from ui.intake import IntakeForm
from ui.navigation import NavigationItem
from ui.operations import Operations
from ui.previews.history import preview_history_panel
from ui.previews.staging import settled, window_on, window_with
from ui.signals import wait_for


def build_intake(desk: Desk) -> QWidget:
    ops = Operations()
    form = IntakeForm(desk, ops)
    ops.setParent(form)
    return form


def build_intake_letter(desk: Desk) -> QWidget:
    return window_with(desk, Channel.LETTER, letter_sample(desk.clock().date()))


def build_intake_fax(desk: Desk) -> QWidget:
    return window_with(desk, Channel.FAX, fax_sample(desk.clock().date()))


def build_intake_email(desk: Desk) -> QWidget:
    window = window_on(desk, NavigationItem.INTAKE_EMAIL)
    path = desk.config.data_dir / "ornek-eposta.eml"
    path.write_bytes(sample_email(desk.clock().date()))
    window.import_email_files([path])
    wait_for(window.email_opened)
    return window


def build_intake_organization(desk: Desk) -> QWidget:
    return window_with(desk, Channel.IN_PERSON, ORGANIZATION_SAMPLE)


def build_intake_complaint(desk: Desk) -> QWidget:
    return window_with(desk, Channel.IN_PERSON, DENUNCIATION_SAMPLE)


def build_intake_history(desk: Desk) -> QWidget:
    """The in-person form with a returning applicant typed in: Evveliyat fills beside it."""
    panel_preview = preview_history_panel(desk)  # saves and sends the samples, settles
    panel_preview.deleteLater()
    window = window_on(desk, NavigationItem.INTAKE_IN_PERSON)
    returning = RETURNING_FORMS[0]
    window.form.set_form_value(ApplicationForm(
        tckn=RETURNING_TCKN, first_name=returning.first_name, last_name=returning.last_name,
        mother_maiden_first=returning.mother_maiden_first,
        mother_maiden_last=returning.mother_maiden_last,
        mobile_phone=returning.mobile_phone, application_type="request"))
    window.form.editor("subject_code").setFocus()
    if not window.history.is_final:
        wait_for(window.history.loaded)
        if not window.history.is_final:
            wait_for(window.history.loaded)
    return window


def build_intake_errors(desk: Desk) -> QWidget:
    """A mistyped T.C. Kimlik No and nothing else, then Kaydet: every error at its field."""
    window = window_on(desk, NavigationItem.INTAKE_IN_PERSON)
    tckn = window.form.editor("tckn")
    assert isinstance(tckn, QLineEdit)
    tckn.setText("12345678901")
    tckn.textEdited.emit(tckn.text())  # as typing does
    window.form.save()
    return window


def build_intake_saved(desk: Desk) -> QWidget:
    window = window_on(desk, NavigationItem.INTAKE_LETTER)
    form = window.forms[Channel.LETTER]
    form.set_form_value(letter_sample(desk.clock().date()))
    from ui.previews.forwarding import GOVERNORSHIP_UNIT, open_forward_dialog

    dialog = open_forward_dialog(desk, form)
    dialog.add_unit(GOVERNORSHIP_UNIT)
    dialog.add_and_forward()
    wait_for(form.saved)
    return settled(window)


def build_drafts(desk: Desk) -> QWidget:
    user = desk.config.user
    today = desk.clock().date()
    if len(desk.drafts.list(user)) < 3:
        desk.drafts.save(user, letter_sample(today))
        desk.drafts.save(user, ApplicationForm(
            first_name="Kemal", last_name="Öz", application_type="suggestion",
            text="Parktaki banklar"))
        desk.email_import.import_eml(sample_email(today), user, received=today)
    return window_on(desk, NavigationItem.DRAFTS)
