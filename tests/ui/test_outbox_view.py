"""Gönderim Kuyruğu, the status bar and the refusal notice, against a real desk and the real
central service on loopback (through the real fault proxy where the link must be slow)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox, QStatusBar, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent, OutboxItem
from models.enums import OutboxKind, OutboxState
from services.outbox_queries import OutboxRow
from tests.conftest import VALID_TCKN, in_person_form, make_desk
from tests.fault_proxy import FaultProxy
from tests.ui.conftest import (
    WAIT_MS,
    WindowFactory,
    settle,
    show_page,
    sync_window,
    type_text,
)
from ui.correction_dialog import CorrectionDialog
from ui.main_window import MainWindow
from ui.navigation import NavigationItem
from ui.notifications import VIA_STATUS_BAR, VIA_TRAY, QuarantineNotifier
from ui.outbox_view import OutboxPage
from ui.status_bar import CentralState
from ui.sync_control import SyncResult

SYNC_TIMEOUT_MS = 20_000
BAD_TCKN = "12345678901"


def refuse(desk: Desk, station_number: str | None) -> int:
    """Damage the frozen payload (as a buggy older desk might have) so that the central
    service answers 422; returns the outbox item's id."""
    with desk.db.sessions.begin() as session:
        item = next(i for i in session.scalars(select(OutboxItem))
                    if json.loads(i.payload)["station_number"] == station_number)
        envelope = json.loads(item.payload)
        envelope["application"]["tckn"] = BAD_TCKN
        item.payload = json.dumps(envelope, ensure_ascii=False)
        return item.id


def sync(qtbot: QtBot, window: MainWindow) -> SyncResult:
    result = sync_window(qtbot, window)
    assert isinstance(result, SyncResult)
    return result


def select_item(qtbot: QtBot, window: MainWindow, item_id: int) -> None:
    with qtbot.waitSignal(window.outbox.attempts_shown, timeout=SYNC_TIMEOUT_MS):
        assert window.outbox.select_item(item_id)


def choose_filter(qtbot: QtBot, page: OutboxPage, title: str) -> None:
    """A state filter reads its first page off the GUI thread: wait for it."""
    with qtbot.waitSignal(page.live.loaded, timeout=WAIT_MS):
        page.set_filter(title)


def central_rows(central_db: Path) -> list[tuple[str, str, str | None]]:
    with closing(sqlite3.connect(central_db)) as connection:
        return connection.execute(
            "SELECT station_number, uuid, corrects FROM received_applications ORDER BY id"
        ).fetchall()


@pytest.fixture
def refused_window(qtbot: QtBot, make_window: WindowFactory, desk: Desk
                   ) -> tuple[MainWindow, int, str]:
    """A window after a sync in which one of two applications was refused (422)."""
    desk.intake.save(in_person_form(first_name="Mehmet"), "memur1")
    refused = desk.intake.save(in_person_form(), "memur1")
    assert refused.station_number is not None
    item_id = refuse(desk, refused.station_number)
    window = make_window(desk)
    show_page(qtbot, window, NavigationItem.OUTBOX)
    sync(qtbot, window)
    return window, item_id, refused.station_number


def test_the_queue_shows_the_truth_after_a_sync_with_a_refused_item(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str]) -> None:
    window, item_id, number = refused_window
    page = window.outbox

    # By default: what has not gone yet. The refused one did not block the other.
    assert page.row_count() == 1
    assert [page.cell_text(0, key) for key in (
        "station_number", "version", "kind", "state", "attempts", "next_attempt_at",
        "last_status")] == [number, "1", "Başvuru", "Karantinada", "1", "—", "422"]
    assert "T.C. Kimlik No" in page.cell_text(0, "last_message")
    choose_filter(qtbot, page, "Tümü")
    assert [page.cell_text(i, "state") for i in range(page.row_count())] == [
        "Karantinada", "Gönderildi"]
    assert page.filter.currentText() == "Tümü (2)"
    assert page.summary.text() == "Bekleyen: 1 · karantinada: 1 · gönderildi: 1"

    select_item(qtbot, window, item_id)
    [attempt] = page.attempt_texts()
    assert attempt[1:3] == ["Karantinada", "422"] and "T.C. Kimlik No" in attempt[3]
    assert page.correct_button.isEnabled() and page.requeue_button.isEnabled()

    assert window.status.state is CentralState.PROBLEM
    assert window.status.central_label.text() == "Sorun var"
    assert window.status.dot.property("state") == "problem"
    assert window.status.pending_label.text() == "Bekleyen: 1"
    assert window.nav_text(NavigationItem.OUTBOX) == "Gönderim Kuyruğu (1)"


def test_requeue_puts_a_quarantined_item_back_to_pending(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str]) -> None:
    window, item_id, _number = refused_window
    select_item(qtbot, window, item_id)

    with qtbot.waitSignal(window.requeued, timeout=SYNC_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(window.outbox.requeue_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)  # the queue shown again, read after the change

    assert blocker.args == [item_id, True]
    assert window.outbox.selected() is not None
    assert window.outbox.cell_text(0, "state") == "Bekliyor"
    assert not window.outbox.requeue_button.isEnabled()
    [row] = window.desk.outbox.rows_by_id([item_id])
    assert row.state is OutboxState.PENDING
    with window.desk.db.sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "outbox.requeued" in actions


def test_buttons_say_what_to_select_when_the_row_does_not_fit(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str]) -> None:
    window, _item_id, _number = refused_window
    page = window.outbox
    choose_filter(qtbot, page, "Gönderildi")
    page.select_row(0)
    with qtbot.waitSignal(page.message, timeout=2000) as blocker:
        page.correct_selected()
    assert "karantinadaki bir başvuru seçin" in blocker.args[0]
    with qtbot.waitSignal(page.message, timeout=2000) as blocker:
        page.requeue_selected()
    assert "karantinadaki bir satır seçin" in blocker.args[0]


def test_a_refusal_is_told_once_per_newly_quarantined_item(
        qtbot: QtBot, make_window: WindowFactory, desk: Desk) -> None:
    saved = desk.intake.save(in_person_form(), "memur1")
    item_id = refuse(desk, saved.station_number)
    window = make_window(desk)
    told: list[tuple[tuple[int, ...], str, str]] = []
    window.notifier.notified.connect(lambda ids, via, text: told.append((ids, via, text)))
    assert not window.notifier.has_tray  # offscreen: no tray, so the status bar says it

    sync(qtbot, window)
    sync(qtbot, window)  # still quarantined, not newly: nothing more to say
    assert told == [((item_id,), VIA_STATUS_BAR, window.status.currentMessage())]
    assert saved.station_number in told[0][2] and "Gönderim Kuyruğu" in told[0][2]

    with qtbot.waitSignal(window.requeued, timeout=SYNC_TIMEOUT_MS):
        window.requeue(item_id)
    sync(qtbot, window)  # refused again: newly quarantined again
    assert [ids for ids, _via, _text in told] == [(item_id,), (item_id,)]


class RecordingTray:
    """Stands in for the tray icon, which the offscreen platform of the tests lacks."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def showMessage(self, title: str, msg: str,
                    icon: QSystemTrayIcon.MessageIcon, msecs: int = 10_000) -> None:
        self.shown.append((title, msg))


def test_with_a_tray_the_notice_is_a_desktop_notification(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    status = QStatusBar(parent)
    tray = RecordingTray()
    notifier = QuarantineNotifier(status, parent, tray)
    rows = [OutboxRow(7, 3, OutboxKind.BLOB, "06-01-2026-000003", 1,
                      OutboxState.QUARANTINED, 1, None, None, "bozuk", *(2 * [None]))]  # type: ignore[arg-type]

    with qtbot.waitSignal(notifier.notified) as blocker:
        notifier.notify(rows)

    assert blocker.args[:2] == [(7,), VIA_TRAY]
    assert tray.shown == [("Merkez kabul etmedi", blocker.args[2])]
    assert "06-01-2026-000003 numaralı başvurunun bir eki" in blocker.args[2]
    assert status.currentMessage() == ""


@pytest.fixture
def slow_desk(tmp_path: Path, central_url: str) -> Iterator[Desk]:
    """A desk whose every request takes a moment longer (a real proxy that waits)."""
    with FaultProxy(central_url, delay=0.15).running() as proxy, \
            make_desk(tmp_path / "desk", proxy.url) as desk:
        yield desk


def test_send_now_drains_off_the_gui_thread_and_the_window_keeps_working(
        qtbot: QtBot, make_window: WindowFactory, slow_desk: Desk) -> None:
    for index in range(6):
        slow_desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
    window = make_window(slow_desk)
    show_page(qtbot, window, NavigationItem.OUTBOX)
    ticks_while_syncing: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(
        lambda: ticks_while_syncing.append(1) if window.sync.syncing else None)
    timer.start()

    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(window.outbox.send_button, Qt.MouseButton.LeftButton)
        assert window.sync.syncing  # the click returned while the drain runs
    timer.stop()
    settle(qtbot, window)

    assert blocker.args[0].report.sent == 6
    assert ticks_while_syncing  # the event loop turned during the drain
    assert window.outbox.row_count() == 0
    assert window.status.state is CentralState.ONLINE


def test_progress_reaches_the_status_bar(
        qtbot: QtBot, make_window: WindowFactory, desk: Desk) -> None:
    for index in range(3):
        desk.intake.save(in_person_form(text=f"Başvuru {index}"), "memur1")
    window = make_window(desk)
    shown: list[tuple[int, int, str]] = []
    window.sync.progress.connect(
        lambda done, total: shown.append((done, total, window.status.central_label.text())))

    sync(qtbot, window)

    assert shown == [(1, 3, "Eşitleniyor 1 / 3"), (2, 3, "Eşitleniyor 2 / 3"),
                     (3, 3, "Eşitleniyor 3 / 3")]
    assert window.status.central_label.text() == "Çevrimiçi"


def open_correction(qtbot: QtBot, window: MainWindow, item_id: int) -> CorrectionDialog:
    selected = window.outbox.selected()
    if selected is None or selected.id != item_id:
        select_item(qtbot, window, item_id)
    with qtbot.waitSignal(window.correction_opened, timeout=WAIT_MS):
        qtbot.mouseClick(window.outbox.correct_button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in window.findChildren(CorrectionDialog) if d.isVisible()]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def test_correcting_through_the_window_sends_the_new_version_once(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str],
        central_db_path: Path) -> None:
    window, item_id, number = refused_window
    with window.desk.db.sessions() as session:
        old_key = session.get_one(OutboxItem, item_id).idempotency_key
    dialog = open_correction(qtbot, window, item_id)
    form = dialog.form
    tckn = form.editor("tckn")
    assert isinstance(tckn, QLineEdit)

    assert dialog.windowTitle() == f"Başvuruyu düzelt — {number}"
    assert "HTTP 422" in dialog.reason.text() and "sürüm 2" in dialog.reason.text()
    assert tckn.text() == BAD_TCKN and "son iki hane" in form.error_text("tckn")
    assert form.form_value().first_name == "Ayşe"

    tckn.clear()
    tckn.setFocus()
    type_text(tckn, VALID_TCKN)
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_TIMEOUT_MS):
        qtbot.keyClick(tckn, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)

    assert window.findChild(CorrectionDialog) is None  # closed (and gone)
    assert f"Düzeltme kaydedildi: {number}, sürüm 2" in window.status.currentMessage()
    [(_number, new_key, corrects)] = [r for r in central_rows(central_db_path) if r[0] == number]
    assert corrects == old_key and new_key != old_key
    choose_filter(qtbot, window.outbox, "Tümü")
    states = {(window.outbox.row(i).version, window.outbox.cell_text(i, "state"))
              for i in range(window.outbox.row_count())
              if window.outbox.row(i).station_number == number}
    assert states == {(2, "Gönderildi"), (1, "Düzeltildi")}
    assert window.status.state is CentralState.ONLINE


def test_a_correction_made_moot_meanwhile_is_refused_in_the_form(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str]) -> None:
    window, item_id, _number = refused_window
    dialog = open_correction(qtbot, window, item_id)
    tckn = dialog.form.editor("tckn")
    assert isinstance(tckn, QLineEdit)
    tckn.setText(VALID_TCKN)
    assert window.desk.sync.requeue(item_id, "memur2")  # another desk window got there first

    with qtbot.waitSignal(dialog.form.not_saved, timeout=WAIT_MS):
        assert dialog.form.save()  # the form is fine; the correction is refused

    assert "Yalnızca merkezin kabul etmediği" in dialog.form.save_summary
    assert dialog.isVisible()
    dialog.done(0)


def test_leaving_a_changed_correction_asks_first(
        qtbot: QtBot, refused_window: tuple[MainWindow, int, str]) -> None:
    window, item_id, _number = refused_window
    dialog = open_correction(qtbot, window, item_id)
    dialog.reject()  # nothing changed: just closes
    assert not dialog.isVisible()

    dialog = open_correction(qtbot, window, item_id)
    text = dialog.form.editor("first_name")
    assert isinstance(text, QLineEdit)
    text.setText("Ayşegül")
    dialog.reject()
    question = dialog.findChild(QMessageBox, "leaveCorrectionQuestion")
    assert question is not None and question.isVisible() and dialog.isVisible()
    keep = next(b for b in question.buttons() if b.text() == "Vazgeç")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    dialog.done(0)
