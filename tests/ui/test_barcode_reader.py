"""A USB barcode reader anywhere in the app: a scan opens the case; typing stays typing.

Key events here carry window-system timestamps, as a real keyboard's and reader's do: a
reader's keys come 4 ms apart, a person's 120 ms apart. The payloads scanned are decoded
from real printed PDFs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from services.printouts import DocumentKind, PdfFile, PrintRequest
from tests.conftest import in_person_form
from tests.printing.pdf_helpers import decode_barcodes
from tests.ui.conftest import WindowFactory, type_text
from ui.barcode_reader import BarcodeReaderFilter
from ui.case_lookup import NOT_ON_THIS_DESK, CaseLookupDialog

READER_GAP_MS = 4
PERSON_GAP_MS = 120


class Keyboard:
    """Sends key presses to the focused widget with timestamps, like the window system."""

    def __init__(self, start_ms: int = 1_000_000) -> None:
        self.now = start_ms

    def press(self, widget: QWidget, char: str, gap_ms: int, *,
              key: Qt.Key | None = None,
              modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              repeat: bool = False) -> None:
        self.now += gap_ms
        if key is None:
            if char.isdigit():
                key = Qt.Key(Qt.Key.Key_0.value + int(char))
            elif char.isascii() and char.isalpha():
                key = Qt.Key(Qt.Key.Key_A.value + ord(char.upper()) - ord("A"))
                if char.isupper():
                    modifiers = Qt.KeyboardModifier.ShiftModifier
            else:
                key = Qt.Key.Key_unknown
        event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, char, repeat)
        event.setTimestamp(self.now)
        QApplication.sendEvent(widget, event)

    def type(self, widget: QWidget, text: str, gap_ms: int) -> None:
        for char in text:
            self.press(widget, char, gap_ms)

    def enter(self, widget: QWidget, gap_ms: int) -> None:
        self.press(widget, "\r", gap_ms, key=Qt.Key.Key_Return)

    def scan(self, widget: QWidget, payload: str) -> None:
        self.type(widget, payload, READER_GAP_MS)
        self.enter(widget, READER_GAP_MS)


def printed_payload(desk: Desk, tmp_path: Path, kind: DocumentKind = DocumentKind.RECEIPT,
                    user: str = "memur1") -> tuple[str, str]:
    """Save a case, print it to PDF, and read its barcode back off the page."""
    outcome = desk.intake.save(in_person_form(), "memur1")
    assert outcome.station_number is not None
    path = tmp_path / f"{kind.value}.pdf"
    desk.printouts.produce(PrintRequest(kind, outcome.station_number), user, PdfFile(path))
    [payload] = decode_barcodes(path.read_bytes())
    return outcome.station_number, payload


@pytest.fixture
def field(qtbot: QtBot) -> Iterator[tuple[QLineEdit, BarcodeReaderFilter, list[str]]]:
    """A text field with focus, and the application-wide reader filter watching it."""
    host = QWidget()
    layout = QVBoxLayout(host)
    line = QLineEdit(host)
    layout.addWidget(line)
    qtbot.addWidget(host)
    host.show()
    line.setFocus()
    reader = BarcodeReaderFilter()
    scans: list[str] = []
    reader.scanned.connect(scans.append)
    reader.install()
    try:
        yield line, reader, scans
    finally:
        reader.uninstall()
        reader.deleteLater()


def test_a_scan_is_recognised_and_leaves_the_field_as_it_was(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]],
        offline_desk: Desk, tmp_path: Path) -> None:
    line, reader, scans = field
    _number, payload = printed_payload(offline_desk, tmp_path)
    line.setText("Ankara")
    keyboard = Keyboard()
    keyboard.scan(line, payload)
    qtbot.waitUntil(lambda: scans == [payload])
    assert line.text() == "Ankara"
    assert not reader.holding


def test_the_same_characters_typed_by_a_person_are_typed(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]],
        offline_desk: Desk, tmp_path: Path) -> None:
    line, _reader, scans = field
    _number, payload = printed_payload(offline_desk, tmp_path)
    returns: list[bool] = []
    line.returnPressed.connect(lambda: returns.append(True))
    keyboard = Keyboard()
    keyboard.type(line, payload, PERSON_GAP_MS)
    keyboard.enter(line, PERSON_GAP_MS)
    assert line.text() == payload  # every key arrived, in order, at once
    assert returns == [True]
    qtbot.wait(100)  # long enough for a scan signal, had there been one
    assert scans == []


def test_a_fast_typist_s_rolled_keys_stay_in_order(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]]) -> None:
    line, _reader, scans = field
    keyboard = Keyboard()
    for index, char in enumerate("Bursa Büyükşehir Belediyesi B1 B2"):
        keyboard.press(line, char, 15 if index % 2 else 90)
    qtbot.waitUntil(lambda: line.text() == "Bursa Büyükşehir Belediyesi B1 B2")
    assert scans == []


def test_a_lone_capital_b_arrives_after_a_moment(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]]) -> None:
    line, reader, _scans = field
    Keyboard().press(line, "B", PERSON_GAP_MS)
    assert reader.holding  # it might be a reader's first key…
    qtbot.waitUntil(lambda: line.text() == "B", timeout=2000)  # …it was not
    assert not reader.holding


def test_a_shortcut_lets_held_keys_through_first(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]]) -> None:
    line, _reader, _scans = field
    keyboard = Keyboard()
    keyboard.press(line, "x", PERSON_GAP_MS)
    keyboard.press(line, "B", PERSON_GAP_MS)
    keyboard.press(line, "0", READER_GAP_MS)
    keyboard.press(line, "", READER_GAP_MS, key=Qt.Key.Key_Left)
    keyboard.press(line, "y", PERSON_GAP_MS)
    # "B0" went in before the cursor moved left, so "y" lands between B and 0.
    assert line.text() == "xBy0"


def test_key_repeat_and_synthetic_keys_are_never_held(
        qtbot: QtBot, field: tuple[QLineEdit, BarcodeReaderFilter, list[str]]) -> None:
    line, reader, _scans = field
    keyboard = Keyboard()
    for _ in range(30):
        keyboard.press(line, "B", 25, repeat=True)
    assert line.text() == "B" * 30
    type_text(line, "Bİ")  # no timestamp: made by the program, passes untouched
    assert line.text() == "B" * 30 + "Bİ"
    assert not reader.holding


def test_scanning_a_printout_opens_its_case_from_anywhere_in_the_window(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk, tmp_path: Path) -> None:
    number, payload = printed_payload(offline_desk, tmp_path, DocumentKind.REPORT, "memur2")
    window = make_window(offline_desk)
    editor = window.form.first_editor()
    editor.setFocus()
    before = window.form.form_value()

    with qtbot.waitSignal(window.barcode_reader.opened, timeout=20_000) as opened:
        Keyboard().scan(editor, payload)

    dialog = opened.args[0]
    assert isinstance(dialog, CaseLookupDialog)
    assert dialog.lookup.case_number == number
    provenance = dialog.provenance.text()
    assert provenance.startswith("06-01 istasyonunda memur2 kullanıcısı tarafından ")
    assert provenance.endswith("tarihinde basıldı, seri 1 (Başvuru raporu, 1 sayfa).")
    assert dialog.text is not None
    assert dialog.text.toPlainText() == "Sokağımızdaki çöpler üç gündür toplanmıyor."
    assert dialog.attachments is not None
    assert dialog.attachments.item(0).text() == "Eki yok."
    assert window.form.form_value() == before  # not one character went into the form

    # Printing again from the dialog goes through the window's print actions.
    with qtbot.waitSignal(window.printing.preview_shown, timeout=20_000):
        qtbot.mouseClick(dialog.receipt_button, Qt.MouseButton.LeftButton)
    assert window.printing.dialog is not None
    window.printing.dialog.reject()
    assert [r.serial for r in offline_desk.printouts.print_log()] == [1]


def test_a_paper_from_a_case_taken_elsewhere_says_so(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk) -> None:
    from models.numbers import StationNumber
    from models.print_payload import PrintPayload

    payload = PrintPayload(StationNumber("34-07", 2026, 58), "34-07", 311).encode()
    window = make_window(offline_desk)
    with qtbot.waitSignal(window.barcode_reader.opened, timeout=20_000) as opened:
        Keyboard().scan(window.form.first_editor(), payload)
    dialog = opened.args[0]
    assert isinstance(dialog, CaseLookupDialog)
    assert "34-07 istasyonunda basılmış, seri 311" in dialog.provenance.text()
    assert NOT_ON_THIS_DESK in [label.text() for label in dialog.findChildren(type(
        dialog.provenance))]
    assert not dialog.receipt_button.isEnabled()


def test_a_closed_window_s_reader_holds_no_one_s_keys(
        qtbot: QtBot, make_window: WindowFactory, offline_desk: Desk,
        field: tuple[QLineEdit, BarcodeReaderFilter, list[str]], tmp_path: Path) -> None:
    """A main window closed at a switch of user lives on until it is destroyed; its reader,
    installed on the whole application, must let every key pass meanwhile."""
    line, _reader, scans = field
    closed = make_window(offline_desk)
    closed_scans: list[str] = []
    closed.barcode_reader.filter.scanned.connect(closed_scans.append)
    closed.hide()
    _number, payload = printed_payload(offline_desk, tmp_path)
    line.setFocus()
    keyboard = Keyboard()
    keyboard.type(line, payload, PERSON_GAP_MS)
    assert line.text() == payload  # the B first: a closed window's reader held none
    qtbot.wait(100)
    assert scans == [] and closed_scans == []
