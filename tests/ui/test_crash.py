"""An unhandled exception: the form is kept as a draft, the log has the traceback but no
personal data, and the clerk sees one calm Turkish dialog naming the log file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from bimer_desktop.logging_setup import configure_logging, remove_handlers
from models.application_form import ApplicationForm
from tests.conftest import in_person_form
from tests.ui.conftest import WindowFactory, save_form, type_text
from ui.crash import TEXT, CrashHandler, keep_open_forms, safe_traceback
from ui.intake import IntakeForm

# Someone at the counter: none of this may reach the log.
TCKN, FIRST, LAST = "38916427054", "Zülfikar", "Karaosmanoğlu"
TEXT_OF_APPLICATION = "Belediyenin çöp konteynerleri haftalardır boşaltılmıyor"


@pytest.fixture
def log_file(training_desk: Desk) -> Iterator[Path]:
    path = configure_logging(training_desk.config.data_dir)
    yield path
    remove_handlers()


@pytest.fixture
def crashes(log_file: Path) -> Iterator[CrashHandler]:
    handler = CrashHandler(log_file, lambda: keep_open_forms(QApplication.topLevelWidgets()))
    handler.install()
    yield handler
    handler.uninstall()
    if handler.dialog is not None:
        handler.dialog.close()


def crash_dialog() -> QMessageBox:
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()]
    assert len(found) == 1
    return found[0]


def typed_form() -> ApplicationForm:
    return in_person_form(tckn=TCKN, first_name=FIRST, last_name=LAST,
                          text=TEXT_OF_APPLICATION)


def type_into(form: IntakeForm) -> None:
    """What the clerk has typed when it goes wrong (the last field by keystrokes)."""
    form.set_form_value(in_person_form(tckn=TCKN, first_name="", last_name=LAST,
                                       text=TEXT_OF_APPLICATION))
    type_text(form.editor("first_name"), FIRST)


def a_slot_that_fails(form: ApplicationForm) -> None:
    # The message quotes the form, as a careless one would.
    raise RuntimeError(f"{form.tckn} {form.first_name} {form.last_name}: {form.text}")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_keeps_the_draft_and_logs_no_personal_data(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory,
        crashes: CrashHandler, log_file: Path) -> None:
    window = make_window(training_desk)
    window.form.set_form_value(in_person_form(first_name="Kayıtlı", tckn="10000000146"))
    save_form(qtbot, window.form)  # a saved application: committed before anything goes wrong
    type_into(window.form)

    with qtbot.waitSignal(crashes.reported):
        QTimer.singleShot(0, lambda: a_slot_that_fails(window.form.form_value()))

    dialog = crash_dialog()
    assert dialog.windowTitle() == TEXT["title"]
    assert TEXT["drafts_kept"] in dialog.text()
    assert str(log_file) in dialog.informativeText()

    [draft] = training_desk.drafts.list("memur1")
    stored = training_desk.drafts.get(draft.id, "memur1")
    assert stored is not None
    assert (stored.form.tckn, stored.form.first_name, stored.form.text) == (
        TCKN, FIRST, TEXT_OF_APPLICATION)
    assert len(training_desk.queries.list_applications()) == 1  # the saved one is there

    log = log_file.read_text("utf-8")
    assert "unhandled exception" in log and "Traceback (most recent call last)" in log
    assert "a_slot_that_fails" in log and "RuntimeError" in log
    for secret in (TCKN, FIRST, LAST, TEXT_OF_APPLICATION, "Kayıtlı", "10000000146"):
        assert secret not in log, secret


@pytest.mark.qt_no_exception_capture
def test_a_second_failure_reuses_the_dialog_and_counts(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory,
        crashes: CrashHandler) -> None:
    make_window(training_desk)
    for _time in range(2):
        with qtbot.waitSignal(crashes.reported):
            QTimer.singleShot(0, lambda: a_slot_that_fails(typed_form()))
    dialog = crash_dialog()
    assert "Bu hata 2 kez oluştu." in dialog.informativeText()  # a plural form (ngettext)
    assert TEXT["no_drafts"] in dialog.text()  # nothing was typed


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_another_thread_is_reported_on_the_gui_thread(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory,
        crashes: CrashHandler, log_file: Path) -> None:
    window = make_window(training_desk)
    type_into(window.form)

    worker = threading.Thread(target=lambda: a_slot_that_fails(typed_form()),
                              name="tarama-izleyici")
    with qtbot.waitSignal(crashes.reported):
        worker.start()
        worker.join()
    assert crash_dialog().isVisible()
    assert len(training_desk.drafts.list("memur1")) == 1
    log = log_file.read_text("utf-8")
    assert "unhandled exception in thread tarama-izleyici" in log
    assert TCKN not in log and FIRST not in log


def test_the_safe_traceback_keeps_frames_and_causes_but_not_messages() -> None:
    try:
        try:
            raise KeyError(TCKN)
        except KeyError as inner:
            raise ValueError(f"{FIRST} {LAST}") from inner
    except ValueError as error:
        text = safe_traceback(type(error), error, error.__traceback__)
    assert "KeyError: (message withheld" in text
    assert "ValueError: (message withheld" in text
    assert "direct cause" in text
    assert TCKN not in text and FIRST not in text


def test_os_errors_keep_their_code_and_words_but_not_the_file_name() -> None:
    error = FileNotFoundError(2, "No such file or directory", f"/tmp/{FIRST}-dilekçe.pdf")
    text = safe_traceback(type(error), error, None)
    assert "FileNotFoundError: [Errno 2] No such file or directory" in text
    assert FIRST not in text
