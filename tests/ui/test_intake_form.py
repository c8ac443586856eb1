"""The in-person form against a real desk: typing, leaving fields, saving, the counter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.deadlines import legal_deadline
from models.enums import ApplicationType
from tests.conftest import VALID_TCKN
from tests.ui.conftest import choose, type_text
from ui.intake_form import FIELDS, IntakeForm, counter_level, format_count

TEXT = "Sokağımızdaki çöpler üç gündür toplanmıyor."


@pytest.fixture
def form(qtbot: QtBot, offline_desk: Desk) -> Iterator[IntakeForm]:
    widget = IntakeForm(offline_desk)
    qtbot.addWidget(widget)
    widget.resize(1200, 720)
    with qtbot.waitActive(widget):
        widget.show()
    yield widget


def line(form: IntakeForm, key: str) -> QLineEdit:
    editor = form.editor(key)
    assert isinstance(editor, QLineEdit)
    return editor


def text_box(form: IntakeForm) -> QPlainTextEdit:
    editor = form.editor("text")
    assert isinstance(editor, QPlainTextEdit)
    return editor


def fill_valid(qtbot: QtBot, form: IntakeForm, *, tckn: str = VALID_TCKN) -> None:
    """Fill every field the way a clerk does: keys for typing, choices for lists."""
    line(form, "tckn").setFocus()
    qtbot.keyClicks(line(form, "tckn"), tckn)
    type_text(line(form, "first_name"), "Ayşe")
    type_text(line(form, "last_name"), "Yılmaz")
    type_text(line(form, "mother_maiden_first"), "ş")
    type_text(line(form, "mother_maiden_last"), "k")
    qtbot.keyClicks(line(form, "mobile_phone"), "05321234567")
    qtbot.keyClicks(line(form, "email"), "ayse.yilmaz@example.com")
    type_text(line(form, "address"), "Atatürk Bulvarı No: 1 Çankaya / Ankara")
    choose(form.editor("application_type"), "complaint")
    choose(form.editor("subject_code"), "02")
    choose(form.editor("sub_subject_code"), "02.02")
    type_text(text_box(form), TEXT)


def test_labels_follow_the_field_table_with_required_markers(form: IntakeForm) -> None:
    labels = {spec.key: form.editor(spec.key).accessibleName() for spec in FIELDS}
    assert labels["tckn"] == "T.C. Kimlik No"
    def label_of(key: str) -> str:
        return next(w.text() for w in form.findChildren(QLabel) if w.buddy() is form.editor(key))

    assert label_of("tckn") == "T.C. Kimlik No *:"
    assert label_of("email") == "E-posta:"
    assert label_of("text") == "Başvuru metni *:"
    widths = {w.width() for w in form.findChildren(QLabel) if w.buddy() is not None}
    assert len(widths) == 1  # one label width across the form


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
    assert form.banner_visible and form.banner_number == number
    assert all(getattr(form.form_value(), spec.key) == ("normal" if spec.key == "urgency"
                                                        else "") for spec in FIELDS)
    assert QApplication.focusWidget() is form.editor("tckn")
    assert form.errors() == {}

    # The banner stays until the next edit.
    qtbot.keyClicks(line(form, "tckn"), "1")
    assert not form.banner_visible


def test_invalid_tckn_error_on_leaving_and_on_save_keeps_typed_text(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    tckn = line(form, "tckn")
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
    assert not form.banner_visible


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


def test_valid_tckn_shows_check_mark(qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, VALID_TCKN)
    assert form.error_text("tckn") == ""
    ok = form.findChild(QLabel, "tcknOk")
    assert ok is not None and ok.isVisible()


def test_tckn_accepts_digits_only_up_to_eleven(qtbot: QtBot, form: IntakeForm) -> None:
    tckn = line(form, "tckn")
    tckn.setFocus()
    qtbot.keyClicks(tckn, "12a3-4567890123")
    assert tckn.text() == "12345678901"


def test_letter_boxes_upper_case_turkish_and_advance(qtbot: QtBot, form: IntakeForm) -> None:
    first, last = line(form, "mother_maiden_first"), line(form, "mother_maiden_last")
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
    phone = line(form, "mobile_phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "05321234567")
    qtbot.keyClick(phone, Qt.Key.Key_Tab)
    assert phone.text() == "0 (532) 123 45 67"
    assert form.error_text("mobile_phone") == ""


def test_enter_moves_to_next_field_and_never_saves(
        qtbot: QtBot, form: IntakeForm, offline_desk: Desk) -> None:
    fill_valid(qtbot, form)
    address = line(form, "address")
    address.setFocus()
    qtbot.keyClick(address, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.editor("application_type")
    qtbot.keyClick(form.editor("application_type"), Qt.Key.Key_Enter)
    assert QApplication.focusWidget() is form.editor("subject_code")
    assert offline_desk.queries.list_applications() == []


def test_tab_order_follows_the_visual_order(qtbot: QtBot, form: IntakeForm) -> None:
    keys = [spec.key for spec in FIELDS]
    choose(form.editor("subject_code"), "02")  # Alt konu is disabled until then
    form.editor(keys[0]).setFocus()
    seen = [keys[0]]
    for _ in keys[1:]:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        seen.append(after.objectName().removeprefix("field_"))
    assert seen == keys


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
        f"Yasal cevap süresi: 15 iş günü (4982 s. Kanun) — {due:%d.%m.%Y}")


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


def test_counter_helpers() -> None:
    assert format_count(6000) == "6.000"
    assert format_count(999) == "999"
    assert counter_level(0) == "normal"
    assert counter_level(5400) == "warning"
    assert counter_level(6000) == "limit"


def test_escape_asks_before_discarding(qtbot: QtBot, form: IntakeForm) -> None:
    type_text(line(form, "first_name"), "Ayşe")
    line(form, "first_name").setFocus()
    qtbot.keyClick(line(form, "first_name"), Qt.Key.Key_Escape)
    box = form.findChild(QMessageBox, "discardQuestion")
    assert box is not None and box.isVisible()
    keep = next(b for b in box.buttons() if b.text() == "Vazgeç")
    keep.click()
    assert line(form, "first_name").text() == "Ayşe"

    box = form.ask_to_discard()
    discard = next(b for b in box.buttons() if b.text() == "Sil")
    discard.click()
    assert line(form, "first_name").text() == ""
    assert not form.has_content()


def test_notices_show_in_the_banner(qtbot: QtBot, form: IntakeForm) -> None:
    fill_valid(qtbot, form)
    text_box(form).setPlainText("Metin\u202e içinde görünmez karakter.")
    assert form.save() is True
    assert "görünmez" in form.banner_notices


def test_print_request_after_save(qtbot: QtBot, form: IntakeForm) -> None:
    fill_valid(qtbot, form)
    assert form.save()
    with qtbot.waitSignal(form.print_requested, timeout=2000) as blocker:
        qtbot.keyClick(line(form, "tckn"), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [form.last_saved_number]
