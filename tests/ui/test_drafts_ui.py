"""Drafts in the window: autosave, restore on the next start, open and delete from
Taslaklar; .eml files dropped or opened become a prefilled e-mail form."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel
from tests.conftest import VALID_TCKN, in_person_form
from tests.services.attachment_samples import turkish_pdf
from tests.ui.conftest import WAIT_MS, WindowFactory, choose, settle, type_text
from ui.intake.drafts import AUTOSAVE_MS
from ui.main_window import MainWindow
from ui.navigation import NavigationItem


def drafts_of(desk: Desk) -> list[int]:
    return [draft.id for draft in desk.drafts.list(desk.config.user)]


def citizen_email(*, with_attachment: bool = True) -> bytes:
    message = EmailMessage()
    message["From"] = "Fatma Şimşek <fatma.simsek@example.com>"
    message["To"] = "bimer@valilik.gov.tr"
    message["Subject"] = "Okul servis ücretleri hakkında şikayet"
    message["Date"] = "Mon, 23 Nov 2026 10:30:00 +0300"
    message["Message-ID"] = "<servis-1@example.com>"
    message.set_content("Sayın yetkili,\n\nÇocuğumun servis ücreti iki katına çıkarıldı.\n"
                        "Gereğinin yapılmasını arz ederim.\n\nFatma Şimşek")
    if with_attachment:
        message.add_attachment(turkish_pdf(), maintype="application",
                               subtype="pdf", filename="dilekçe taraması.pdf")
    return message.as_bytes()


def drop(window: MainWindow, target: QWidget, paths: list[Path]) -> QDropEvent:
    """Drag the files over ``target`` and drop them. Qt delivers drag events only while a
    real drag runs, which a test cannot start; so the events go to the window's filter for
    ``target`` exactly as Qt would hand them over."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.drop_filter.eventFilter(target, enter) is True
    assert enter.isAccepted()
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.drop_filter.eventFilter(target, event) is True
    return event


def test_typing_autosaves_a_draft_within_three_seconds(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    form = window.form
    assert drafts_of(offline_desk) == []
    type_text(form.editor("first_name"), "Ayşe")
    assert AUTOSAVE_MS <= 3000  # the promise: kept within three seconds of the edit
    # The write itself waits its turn on the writer lane: under a loaded CI worker that
    # turn came after the 5 s this wait allowed once; the promise above is the timer's.
    with qtbot.waitSignal(form.draft_stored, timeout=15000):
        pass
    [draft_id] = drafts_of(offline_desk)
    assert form.draft_id == draft_id
    draft = offline_desk.drafts.get(draft_id, offline_desk.config.user)
    assert draft is not None and draft.form.first_name == "Ayşe"
    settle(qtbot, window)
    assert window.nav_text(NavigationItem.DRAFTS) == "Taslaklar (1)"

    # Further typing updates the same draft; nothing changed, nothing written.
    type_text(form.editor("last_name"), "Yılmaz")
    assert form.store_draft() is True
    assert form.store_draft() is False
    settle(qtbot, window)
    assert drafts_of(offline_desk) == [draft_id]
    draft = offline_desk.drafts.get(draft_id, offline_desk.config.user)
    assert draft is not None and draft.form.last_name == "Yılmaz"


def test_switching_screens_and_closing_store_the_draft_at_once(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    letter = window.forms[Channel.LETTER]
    window.show_page(NavigationItem.INTAKE_LETTER)
    type_text(letter.editor("sender_as_written"), "Hasan Demir")
    with qtbot.waitSignal(letter.draft_stored, timeout=1000):  # not the timer's 3 s
        window.show_page(NavigationItem.APPLICATIONS)
    [draft_id] = drafts_of(offline_desk)
    draft = offline_desk.drafts.get(draft_id, offline_desk.config.user)
    assert draft is not None and draft.channel is Channel.LETTER
    assert draft.form.sender_as_written == "Hasan Demir"

    window.show_page(NavigationItem.INTAKE_LETTER)
    type_text(letter.editor("first_name"), "Hasan")
    window.close()  # returns once the draft is written
    draft = offline_desk.drafts.get(draft_id, offline_desk.config.user)
    assert draft is not None and draft.form.first_name == "Hasan"


def test_drafts_are_offered_at_start_and_restore_into_their_channel(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    user = offline_desk.config.user
    draft_id = offline_desk.drafts.save(user, ApplicationForm(
        channel="fax", fax_number="0312 418 22 33", first_name="Elif",
        received_date=f"{offline_desk.clock().date():%d.%m.%Y}",
        application_type="information_request", applicant_kind="organization",
        organization_title="Gül Apartmanı Yönetimi", hide_identity="false"))
    window = make_window(offline_desk)
    assert window.draft_bar.isVisible()
    assert "Kaydedilmemiş 1 taslak var" in window.draft_bar.text.text()
    assert "E*** (Faks" in window.draft_bar.text.text()  # masked, as everywhere

    with qtbot.waitSignal(window.draft_opened, timeout=WAIT_MS):
        window.draft_bar.open_button.click()
    assert window.current_page() is NavigationItem.INTAKE_FAX
    fax = window.forms[Channel.FAX]
    assert fax.draft_id == draft_id
    value = fax.form_value()
    assert value.first_name == "Elif" and value.fax_number == "0312 418 22 33"
    assert value.organization_title == "Gül Apartmanı Yönetimi"
    assert fax.is_shown("organization_title")  # the choices' rows are there
    assert fax.errors() == {}
    assert not window.draft_bar.isVisible()

    # Saving it as an application takes the draft away.
    choose(fax.editor("applicant_kind"), "person")
    choose(fax.editor("subject_code"), "03")
    choose(fax.editor("sub_subject_code"), "03.01")
    fax.editor("text").setFocus()
    type_text(fax.editor("text"), "Okul kayıtları ne zaman?")
    with qtbot.waitSignal(fax.saved, timeout=5000):
        assert fax.save()
    assert drafts_of(offline_desk) == []
    assert fax.draft_id is None
    settle(qtbot, window)
    assert window.nav_text(NavigationItem.DRAFTS) == "Taslaklar"


def test_taslaklar_lists_opens_and_deletes(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    user = offline_desk.config.user
    first = offline_desk.drafts.save(user, in_person_form(text="birinci"))
    second = offline_desk.drafts.save(user, ApplicationForm(channel="letter",
                                                            first_name="Kemal"))
    window = make_window(offline_desk)
    assert "Kaydedilmemiş 2 taslak var" in window.draft_bar.text.text()
    with qtbot.waitSignal(window.live(NavigationItem.DRAFTS).loaded, timeout=WAIT_MS):
        window.draft_bar.list_button.click()
    assert window.current_page() is NavigationItem.DRAFTS
    assert not window.draft_bar.isVisible()
    page = window.drafts
    assert page.row_count() == 2
    assert page.cell_text(0, 0) == "Mektup"  # newest first
    assert page.cell_text(1, 1) == "A*** Y*****"

    # Delete asks first; Vazgeç keeps it.
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = next(b for b in window.findChildren(QMessageBox, "discardDraftQuestion")
               if b.isVisible())
    next(b for b in box.buttons() if b.text() == "Vazgeç").click()
    assert drafts_of(offline_desk) == [second, first]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = next(b for b in window.findChildren(QMessageBox, "discardDraftQuestion")
               if b.isVisible())
    next(b for b in box.buttons() if b.text() == "Sil").click()
    settle(qtbot, window)
    assert drafts_of(offline_desk) == [first]
    assert page.row_count() == 1
    # The count beside Taslaklar follows at once (it stayed stale for seconds).
    assert window.navigation.text_of(NavigationItem.DRAFTS) == "Taslaklar (1)"

    # Enter opens the selected one in its form. (The offscreen platform gives the window
    # back its focus only when asked, as a window manager does on its own.)
    with qtbot.waitActive(window):
        window.activateWindow()
    page.table.setFocus()
    page.select_row(0)
    with qtbot.waitSignal(window.draft_opened, timeout=WAIT_MS):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    assert window.form.form_value().tckn == VALID_TCKN
    assert window.form.draft_id == first

    # Deleting the draft a form shows empties that form too.
    window.discard_draft(first)
    assert window.form.form_value().tckn == "" and window.form.draft_id is None
    settle(qtbot, window)
    assert drafts_of(offline_desk) == []
    assert window.navigation.text_of(NavigationItem.DRAFTS) == "Taslaklar"


def test_opening_a_draft_keeps_what_the_form_held_as_a_draft(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    user = offline_desk.config.user
    stored = offline_desk.drafts.save(user, ApplicationForm(channel="in_person",
                                                            first_name="Kemal"))
    window = make_window(offline_desk)
    type_text(window.form.editor("first_name"), "Ayşe")
    with qtbot.waitSignal(window.draft_opened, timeout=WAIT_MS) as opened:
        window.open_draft(stored)
    assert opened.args == [stored]
    assert window.form.form_value().first_name == "Kemal"
    settle(qtbot, window)
    names = {offline_desk.drafts.get(d, user).form.first_name  # type: ignore[union-attr]
             for d in drafts_of(offline_desk)}
    assert names == {"Kemal", "Ayşe"}


def test_a_dropped_eml_file_prefills_the_email_form(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk,
        tmp_path: Path) -> None:
    path = tmp_path / "başvuru.eml"
    path.write_bytes(citizen_email())
    window = make_window(offline_desk)
    target = window.form.editor("first_name")  # even onto a text field
    with qtbot.waitSignal(window.email_opened, timeout=10_000) as opened:
        event = drop(window, target, [path])
    assert event.isAccepted()
    assert isinstance(target, QLineEdit) and target.text() == ""  # not the file's name
    # Other drags (text, other files) are left to the field.
    mime = QMimeData()
    mime.setText("metin")
    other = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.drop_filter.eventFilter(target, other) is False

    email_form = window.forms[Channel.EMAIL]
    assert window.current_page() is NavigationItem.INTAKE_EMAIL
    assert email_form.draft_id == opened.args[0]
    value = email_form.form_value()
    assert value.first_name == "Fatma" and value.last_name == "Şimşek"
    assert value.email == "fatma.simsek@example.com"
    assert value.email_subject == "Okul servis ücretleri hakkında şikayet"
    assert "servis ücreti iki katına" in value.text
    assert value.paper_date == "23.11.2026"
    [attachment] = email_form.attachment_names()
    assert attachment.startswith("dilekçe taraması.pdf — ") and attachment.endswith(" KB")
    assert "E-posta dosyasından dolduruldu" in email_form.info_text
    assert QApplication.focusWidget() is email_form.editor("application_type")

    # The clerk picks type and subject; saving moves the attachment to the application.
    email_form.editor("application_type").setFocus()
    type_text(email_form.editor("application_type"), "ş")
    type_text(email_form.editor("subject_code"), "03")
    type_text(email_form.editor("sub_subject_code"), "01")
    with qtbot.waitSignal(email_form.saved, timeout=5000):
        assert email_form.save()
    settle(qtbot, window)
    assert drafts_of(offline_desk) == []
    assert email_form.attachment_names() == []


def test_ctrl_o_path_and_a_bad_file_give_a_turkish_message_not_a_crash(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk,
        tmp_path: Path) -> None:
    window = make_window(offline_desk)
    # Ctrl+O is bound from the one list of shortcuts (pressed in tests/ui/test_shortcuts.py).
    keys = [s.key().toString() for s in window.findChildren(QShortcut, "shortcut_open_email")]
    assert keys == ["Ctrl+O"]
    bad = tmp_path / "bozuk.eml"
    bad.write_bytes(b"")
    with qtbot.waitSignal(window.email_failed, timeout=10_000) as failed:
        window.import_email_files([bad])
    assert "bozuk.eml: Dosya boş." in failed.args[0]
    box = next(b for b in window.findChildren(QMessageBox, "emailError") if b.isVisible())
    assert "E-posta dosyası açılamadı" in box.text()
    box.accept()
    assert window.current_page() is NavigationItem.INTAKE_IN_PERSON
    assert drafts_of(offline_desk) == []

    missing = tmp_path / "yok.eml"
    with qtbot.waitSignal(window.email_failed, timeout=10_000) as failed:
        window.import_email_files([missing])
    assert "yok.eml: dosya okunamadı" in failed.args[0]

    good = tmp_path / "iyi.eml"
    good.write_bytes(citizen_email(with_attachment=False))
    with qtbot.waitSignal(window.email_opened, timeout=10_000):
        window.import_email_files([good])
    assert window.forms[Channel.EMAIL].attachment_names() == []


def test_a_half_filled_form_can_be_parked_as_a_draft_for_the_next_citizen(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    window = make_window(offline_desk)
    type_text(window.form.editor("first_name"), "Ayşe")
    box = window.form.ask_to_discard()
    with qtbot.waitSignal(window.form.draft_stored, timeout=WAIT_MS):
        next(b for b in box.buttons() if b.text() == "Taslak olarak sakla").click()
    assert not window.form.has_content() and window.form.draft_id is None
    settle(qtbot, window)
    [draft_id] = drafts_of(offline_desk)
    draft = offline_desk.drafts.get(draft_id, offline_desk.config.user)
    assert draft is not None and draft.form.first_name == "Ayşe"
    assert window.nav_text(NavigationItem.DRAFTS) == "Taslaklar (1)"
