"""The in-person form against a real desk: typing, leaving fields, saving, the counter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm, validate_application
from models.deadlines import legal_deadline
from models.enums import ApplicationType
from models.forwards import ForwardKind
from models.i18n import format_number
from models.turkish_text import format_size
from tests.conftest import VALID_TCKN, in_person_form
from tests.ui.conftest import choose, line_edit, save_form, type_text
from ui.forwarding import ForwardDialog
from ui.intake import IntakeForm
from ui.intake.fields import FIELDS
from ui.widgets.text_counter import counted_length, counter_level

TEXT = "Sokağımızdaki çöpler üç gündür toplanmıyor."


@pytest.fixture
def form(shown_form: IntakeForm) -> IntakeForm:
    return shown_form


def text_box(form: IntakeForm) -> QPlainTextEdit:
    editor = form.editor("text")
    assert isinstance(editor, QPlainTextEdit)
    return editor


def fill_valid(qtbot: QtBot, form: IntakeForm, *, tckn: str = VALID_TCKN) -> None:
    """Fill every field the way a clerk does: keys for typing, choices for lists."""
    line_edit(form, "tckn").setFocus()
    qtbot.keyClicks(line_edit(form, "tckn"), tckn)
    type_text(line_edit(form, "first_name"), "Ayşe")
    type_text(line_edit(form, "last_name"), "Yılmaz")
    type_text(line_edit(form, "mother_maiden_first"), "ş")
    type_text(line_edit(form, "mother_maiden_last"), "k")
    qtbot.keyClicks(line_edit(form, "mobile_phone"), "05321234567")
    qtbot.keyClicks(line_edit(form, "email"), "ayse.yilmaz@example.com")
    type_text(line_edit(form, "address"), "Atatürk Bulvarı No: 1 Çankaya / Ankara")
    choose(form.editor("application_type"), "complaint")
    choose(form.editor("subject_code"), "02")
    choose(form.editor("sub_subject_code"), "02.02")
    type_text(text_box(form), TEXT)


def test_the_field_table_covers_every_field_of_an_application() -> None:
    keys = [spec.key for spec in FIELDS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(ApplicationForm.field_names()) - {"channel"}


def test_labels_and_required_markers_come_from_the_rules(form: IntakeForm) -> None:
    assert form.editor("tckn").accessibleName() == "T.C. Kimlik No"
    assert form.label_text("tckn") == "T.C. Kimlik No *:"
    assert form.label_text("mother_maiden_first") == "Anne kızlık soyadı *:"
    assert form.label_text("email") == "E-posta:"
    assert form.label_text("address") == "Adres (MERNİS):"
    assert form.label_text("text") == "Başvuru metni *:"
    assert form.label_text("urgency") == "Aciliyet *:"
    row_labels = [w for w in form.findChildren(QLabel, "rowLabel")
                  if w.isVisible() and w.buddy() is not text_box(form)]
    assert len(row_labels) > 10
    assert len({w.width() for w in row_labels}) == 1  # one label width across the form
    # The paper's fields are not asked in person at all.
    with pytest.raises(KeyError):
        form.editor("sender_as_written")


def test_ctrl_s_saves_shows_banner_clears_and_returns_focus(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    fill_valid(qtbot, form)
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        qtbot.keyClick(text_box(form), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    rows = offline_desk.queries.list_applications()
    assert len(rows) == 1
    number = rows[0].station_number
    assert blocker.args == [number]
    assert number.startswith("06-01-")
    assert rows[0].applicant_masked == "A*** Y*****"
    assert form.banner.shown and form.banner.number == number
    assert form.form_value().tckn == "" and form.form_value().text == ""
    assert form.form_value().urgency == "normal"
    assert not form.has_content()
    assert QApplication.focusWidget() is form.editor("tckn")
    assert form.errors() == {}

    # The banner stays until the next edit.
    qtbot.keyClicks(line_edit(form, "tckn"), "1")
    assert not form.banner.shown


def open_forward_dialog(qtbot: QtBot, form: IntakeForm) -> ForwardDialog:
    qtbot.keyClick(text_box(form), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: form.forwarding.dialog is not None, timeout=10_000)
    dialog = form.forwarding.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_save_and_forward_by_keyboard_saves_the_application_with_its_forward(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    fill_valid(qtbot, form)
    dialog = open_forward_dialog(qtbot, form)
    assert "Sokağımızdaki çöpler" in dialog.preview.toPlainText()
    search = dialog.picker.search
    assert QApplication.focusWidget() is search
    type_text(search, "cankaya kaymakamligi")  # no Turkish letters, any case
    qtbot.keyClick(search, Qt.Key.Key_Return)
    type_text(search, "ANKARA İL SAĞLIK")
    qtbot.keyClick(search, Qt.Key.Key_Down)  # into the results, Enter chooses
    qtbot.keyClick(dialog.picker.tree, Qt.Key.Key_Return)
    assert dialog.target_codes() == ["20600700", "20600002"]
    dialog.targets.setFocus()
    dialog.targets.setCurrentCell(1, 0)
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Space)  # Gereği → Bilgi, by keyboard
    assert [t.kind for t in dialog.forward().targets] == [ForwardKind.ACTION,
                                                         ForwardKind.INFORMATION]
    dialog.set_target(0, ForwardKind.ACTION, "Gereği için; yerinde inceleme.")
    dialog.set_target(1, ForwardKind.INFORMATION, "Bilgi için.")
    type_text(search, "cankaya belediyesi")
    dialog.mark_current()  # the complained-about municipality: never a target
    assert dialog.picker.is_marked("30600700")  # greyed in the results at once
    search.clear()
    type_text(search, "çankaya belediyesi")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert "gönderilmeyecek kurumlar listesinde" in dialog.error.text()
    assert dialog.target_codes() == ["20600700", "20600002"]
    search.clear()

    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert len(offline_desk.queries.list_applications()) == 1
    assert "Sevk kaydedildi (2 birim)" in form.banner.notices
    number = form.last_saved_number
    assert number is not None
    [line] = offline_desk.forwards.forward_lines(number)
    assert [(t.unit, t.kind, t.note) for t in line.targets] == [
        ("20600700", ForwardKind.ACTION, "Gereği için; yerinde inceleme."),
        ("20600002", ForwardKind.INFORMATION, "Bilgi için.")]
    assert offline_desk.forwards.active_do_not_send(number) == ["30600700"]


def test_cancelling_the_forward_saves_nothing(qtbot: QtBot, form: IntakeForm,
                                              offline_desk: Desk) -> None:
    fill_valid(qtbot, form)
    dialog = open_forward_dialog(qtbot, form)
    dialog.reject()
    qtbot.wait(100)
    assert offline_desk.queries.list_applications() == []
    assert form.has_content()


def test_invalid_tckn_error_on_leaving_and_on_save_keeps_typed_text(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    tckn = line_edit(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, "1234567890")
    assert form.error_text("tckn") == ""
    qtbot.keyClick(tckn, Qt.Key.Key_Tab)  # leave the field
    assert QApplication.focusWidget() is form.editor("first_name")
    assert form.error_text("tckn") == "T.C. Kimlik No 11 haneli olmalıdır (10 hane girildi)."
    assert tckn.property("error") is True

    # Fixing starts: the red goes; the 11th digit shows the checksum result at once.
    tckn.setFocus()
    qtbot.keyClicks(tckn, "1")
    assert form.error_text("tckn").startswith("T.C. Kimlik No geçersiz: son iki hane")
    assert QApplication.focusWidget() is tckn  # an invalid number does not move on

    # Fill everything else validly and save: refused, at the field, nothing lost.
    tckn.clear()
    fill_valid(qtbot, form, tckn="12345678901")
    text_box(form).setFocus()
    typed = form.form_value()  # after leaving the phone field, which reformats it
    assert typed.mobile_phone == "0 (532) 123 45 67"
    qtbot.keyClick(text_box(form), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert offline_desk.queries.list_applications() == []
    assert list(form.errors()) == ["tckn"]
    assert "son iki hane doğrulanamadı" in form.error_text("tckn")
    assert tckn.property("error") is True
    assert form.form_value() == typed
    assert QApplication.focusWidget() is tckn
    assert not form.banner.shown


def test_save_of_empty_form_marks_each_required_field_and_focuses_the_first(
        qtbot: QtBot, form: IntakeForm) -> None:
    text_box(form).setFocus()
    assert form.save() is False
    errors = form.errors()
    for key in ("tckn", "first_name", "last_name", "mother_maiden_first",
                "mother_maiden_last", "mobile_phone", "application_type", "subject_code",
                "sub_subject_code", "text"):
        assert errors[key], key
        assert form.editor(key).property("error") is True
    assert QApplication.focusWidget() is form.editor("tckn")
    assert form.save_summary == "Kaydedilemedi: 10 alanı düzeltin."


def test_valid_tckn_shows_check_mark_and_moves_on(qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line_edit(form, "tckn")
    tckn.setFocus()
    with qtbot.waitSignal(form.tckn_settled, timeout=1000) as settled:
        qtbot.keyClicks(tckn, VALID_TCKN)
    assert settled.args == [VALID_TCKN]
    assert form.error_text("tckn") == ""
    ok = form.findChild(QLabel, "tcknOk")
    assert ok is not None and ok.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.editor("first_name"),
                    timeout=1000)
    with qtbot.waitSignal(form.tckn_settled, timeout=1000) as cleared:
        tckn.setFocus()
        qtbot.keyClick(tckn, Qt.Key.Key_Backspace)
    assert cleared.args == [None]


def test_tckn_accepts_digits_only_up_to_eleven(qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line_edit(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, "12a3-4567890123")
    assert tckn.text() == "12345678901"


def test_letter_boxes_upper_case_turkish_and_advance(qtbot: QtBot, form: IntakeForm) -> None:
    first, last = line_edit(form, "mother_maiden_first"), line_edit(form, "mother_maiden_last")
    first.setFocus()
    type_text(first, "i")
    assert first.text() == "İ"
    assert QApplication.focusWidget() is last
    type_text(last, "ı")
    assert last.text() == "I"
    assert QApplication.focusWidget() is form.editor("mobile_phone")
    # Typing into a filled box replaces its letter.
    first.setFocus()
    type_text(first, "ç")
    assert first.text() == "Ç"


def test_phone_is_reformatted_on_leaving(qtbot: QtBot, form: IntakeForm) -> None:
    phone = line_edit(form, "mobile_phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "05321234567")
    qtbot.keyClick(phone, Qt.Key.Key_Tab)
    assert phone.text() == "0 (532) 123 45 67"
    assert form.error_text("mobile_phone") == ""


def test_enter_moves_to_next_field_and_never_saves(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    fill_valid(qtbot, form)
    address = line_edit(form, "address")
    address.setFocus()
    qtbot.keyClick(address, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.editor("contact_address")
    check = form.editor("email_preference")
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Enter)
    assert QApplication.focusWidget() is form.editor("address")
    assert form.form_value().email_preference == "false"  # Enter does not tick it
    combo = form.editor("application_type")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Enter)
    assert QApplication.focusWidget() is form.editor("hide_identity")  # Şikayet asks it
    # In the text, Enter is a new line.
    box = text_box(form)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is box
    assert box.toPlainText().endswith("\n")
    assert offline_desk.queries.list_applications() == []


def test_tab_order_follows_the_visual_order(qtbot: QtBot, form: IntakeForm) -> None:
    choose(form.editor("subject_code"), "02")  # Alt konu is disabled until then
    expected = ["tckn", "first_name", "last_name", "mother_maiden_first",
                "mother_maiden_last", "mobile_phone", "email", "email_preference", "address",
                "contact_address", "location_province", "location_district",
                "location_detail", "education_level", "application_type", "subject_code",
                "sub_subject_code", "urgency", "text"]
    form.editor(expected[0]).setFocus()
    seen = [expected[0]]
    for _ in expected[1:]:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        seen.append(after.objectName().removeprefix("field_"))
    assert seen == expected


def test_tab_order_takes_in_fields_that_appear(qtbot: QtBot, form: IntakeForm) -> None:
    choose(form.editor("application_type"), "information_request")
    choose(form.editor("applicant_kind"), "organization")
    form.editor("application_type").setFocus()
    seen = []
    for _ in range(5):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName().removeprefix("field_"))
    assert seen == ["applicant_kind", "organization_title", "organization_tax_number",
                    "requested_information", "subject_code"]


def test_ctrl_down_and_up_jump_between_sections(qtbot: QtBot, form: IntakeForm) -> None:
    phone = line_edit(form, "mobile_phone")
    phone.setFocus()
    qtbot.keyClick(phone, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.editor("application_type")
    combo = form.editor("application_type")
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is text_box(form)
    qtbot.keyClick(text_box(form), Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.editor("application_type")
    qtbot.keyClick(combo, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.editor("mobile_phone")


def test_lists_answer_typed_keys_and_move_on(qtbot: QtBot, form: IntakeForm) -> None:
    kind = form.editor("application_type")
    kind.setFocus()
    type_text(kind, "ş")  # the only type starting with Ş: chosen, and on to the next
    assert form.form_value().application_type == "complaint"
    assert QApplication.focusWidget() is form.editor("subject_code")  # the check box is
    kind.setFocus()                                                      # stepped over
    type_text(kind, "i")  # Turkish: i is the small İ of İhbar
    assert form.form_value().application_type == "denunciation"
    kind.setFocus()
    type_text(kind, "g")
    assert form.form_value().application_type == "suggestion"
    subject = form.editor("subject_code")
    subject.setFocus()
    type_text(subject, "0")
    assert QApplication.focusWidget() is subject  # "0" is not a whole code yet
    type_text(subject, "4")
    assert form.form_value().subject_code == "04"
    sub = form.editor("sub_subject_code")
    assert QApplication.focusWidget() is sub
    type_text(sub, "02")
    assert form.form_value().sub_subject_code == "04.02"
    assert QApplication.focusWidget() is text_box(form)  # Aciliyet already says Normal
    # Names work too, without moving on: the clerk confirms with Enter.
    subject.setFocus()
    type_text(subject, "sağ")
    assert form.form_value().subject_code == "04"
    assert QApplication.focusWidget() is subject


def test_sub_subjects_follow_subject_and_deadline_follows_type(
        form: IntakeForm, offline_desk: Desk) -> None:
    sub = form.editor("sub_subject_code")
    assert not sub.isEnabled()
    choose(form.editor("subject_code"), "02")
    assert sub.isEnabled()
    offered = {sub.itemData(i) for i in range(sub.count())}  # type: ignore[attr-defined]
    assert offered == {"02.01", "02.02", "02.03", "02.04", "02.05"}

    choose(form.editor("application_type"), "information_request")
    due = legal_deadline(ApplicationType.INFORMATION_REQUEST, offline_desk.clock().date()).due
    assert form.deadline_text == (
        f"Yasal süre: 15 iş günü (4982 s. Kanun) — son gün {due:%d.%m.%Y}")


def test_counter_text_and_colour_levels(form: IntakeForm) -> None:
    box = text_box(form)
    assert form.counter.text() == "0 / 6.000"
    box.setPlainText("a" * 1234)
    assert form.counter.text() == "1.234 / 6.000"
    assert form.counter.level == "normal"
    box.setPlainText("a" * 5399)
    assert form.counter.level == "normal"
    box.setPlainText("a" * 5400)
    assert form.counter.level == "warning"
    box.setPlainText("a" * 6000)
    assert form.counter.text() == "6.000 / 6.000"
    assert form.counter.level == "limit"
    box.setPlainText("a" * 6001)
    assert form.counter.level == "limit"


def test_counter_counts_an_emoji_as_one(form: IntakeForm) -> None:
    box = text_box(form)
    box.setFocus()
    type_text(box, "😀")
    assert box.toPlainText() == "😀"
    assert form.counter.text() == "1 / 6.000"
    box.setPlainText("😀" * 5999 + "a")
    assert form.counter.text() == "6.000 / 6.000"


@pytest.mark.parametrize(("before", "verdict"), [(5999, "fits"), (6000, "too long")])
def test_emoji_at_the_limit_counter_and_validation_agree(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk, before: int, verdict: str) -> None:
    """Qt counts 😀 as two UTF-16 units; the rule counts one code point. Typed or pasted
    at the limit, the counter and validation give the same verdict."""
    fill_valid(qtbot, form)
    box = text_box(form)
    box.setPlainText("a" * (before - 1) + "\u0065\u0301")  # é as e + combining accent: 1
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    type_text(box, "😀")  # typed
    typed_length = counted_length(box.toPlainText())
    assert form.counter.text() == f"{format_number(before + 1)} / 6.000"
    assert len(box.toPlainText()) == before + 2  # Python: é is two code points before NFC

    result = validate_application(form.form_value(), offline_desk.reference.subject_codes)
    assert ("text" not in result.errors) == (verdict == "fits") == (typed_length <= 6000)
    assert form.counter.level == "limit"
    if verdict == "fits":
        assert form.save() is True
    else:
        assert form.save() is False
        assert form.error_text("text").startswith("Başvuru metni en çok 6.000 karakter")
        assert "6.001 karakter girildi" in form.error_text("text")

    # Pasted: the same count.
    box.setPlainText("a" * (before - 1))
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("😀")
    box.paste()
    assert form.counter.text() == f"{format_number(before)} / 6.000"
    pasted = validate_application(in_person_form(text=box.toPlainText()),
                                  offline_desk.reference.subject_codes)
    assert ("text" not in pasted.errors) == (before <= 6000)


def test_counter_and_validation_count_the_same_cleaned_text(form: IntakeForm) -> None:
    box = text_box(form)
    box.setPlainText("  " + "a" * 6000 + "\u202e\n\n ")
    assert form.counter.text() == "6.000 / 6.000"
    result = validate_application(in_person_form(text=box.toPlainText()))
    assert "text" not in result.errors


def test_counter_helpers() -> None:
    assert format_number(6000) == "6.000"
    assert format_number(999) == "999"
    assert counter_level(0) == "normal"
    assert counter_level(5400) == "warning"
    assert counter_level(6000) == "limit"
    assert format_size(512) == "512 bayt"
    assert format_size(48_000) == "46,9 KB"
    assert format_size(2_400_000) == "2,3 MB"


def test_escape_asks_before_discarding(qtbot: QtBot, form: IntakeForm) -> None:
    type_text(line_edit(form, "first_name"), "Ayşe")
    line_edit(form, "first_name").setFocus()
    qtbot.keyClick(line_edit(form, "first_name"), Qt.Key.Key_Escape)
    box = form.findChild(QMessageBox, "discardQuestion")
    assert box is not None and box.isVisible()
    keep = next(b for b in box.buttons() if b.text() == "Vazgeç")
    keep.click()
    assert line_edit(form, "first_name").text() == "Ayşe"

    box = form.ask_to_discard()
    discard = next(b for b in box.buttons() if b.text() == "Sil")
    discard.click()
    assert line_edit(form, "first_name").text() == ""
    assert not form.has_content()


def test_notices_show_in_the_banner(qtbot: QtBot, form: IntakeForm) -> None:
    fill_valid(qtbot, form)
    text_box(form).setPlainText("Metin\u202e içinde görünmez karakter.")
    save_form(qtbot, form)
    assert "görünmez" in form.banner.notices


def test_print_request_after_save(qtbot: QtBot, form: IntakeForm) -> None:
    fill_valid(qtbot, form)
    save_form(qtbot, form)
    with qtbot.waitSignal(form.print_requested, timeout=2000) as blocker:
        qtbot.keyClick(line_edit(form, "tckn"), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [form.last_saved_number]
