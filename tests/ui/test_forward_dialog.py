"""Sevk et from a case's detail against the real central service: the dialog by keyboard,
the do-not-send list refusing a sub-unit, the forward sent after sync and its movements
back on the detail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import Application, AuditEvent
from models.forwards import Forward, ForwardKind, ForwardSubject, ForwardTarget
from tests.conftest import in_person_form
from tests.ui.conftest import type_text
from ui.case_detail_dialog import CaseDetailDialog
from ui.operations import Operations

WAIT_MS = 20_000
METROPOLITAN = "30600000"  # Ankara Büyükşehir Belediyesi


@pytest.fixture
def ops() -> Iterator[Operations]:
    operations = Operations()
    yield operations
    operations.shutdown()


def test_forward_from_the_detail_and_its_movements(qtbot: QtBot, desk: Desk,
                                                   ops: Operations) -> None:
    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN])
    assert saved.ok and desk.sync.drain_once().sent == 1
    with desk.db.sessions() as session:
        application_id = session.scalars(select(Application.id)).one()
    detail = CaseDetailDialog(desk, ops, application_id)
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=WAIT_MS)
    lines = [detail.movements.item(i).text() for i in range(detail.movements.count())]
    assert lines == ["Gönderilmeyecek: Ankara Büyükşehir Belediyesi (30600000) · memur1"]

    qtbot.keyClick(detail, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: detail.forward_ask.dialog is not None, timeout=WAIT_MS)
    dialog = detail.forward_ask.dialog
    assert dialog is not None
    assert [code for _id, code in dialog._case.do_not_send] == [METROPOLITAN]
    search = dialog.picker.search
    type_text(search, "cankaya belediyesi")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert "Ankara Büyükşehir Belediyesi birimine bağlı" in dialog.error.text()
    assert dialog.target_codes() == []
    search.clear()
    type_text(search, "ankara il milli egitim")
    qtbot.keyClick(search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.tree, Qt.Key.Key_Return)
    dialog.set_target(0, ForwardKind.ACTION, "Gereği için.")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Sevk kaydedildi" in detail.notice.text(), timeout=WAIT_MS)

    assert desk.sync.drain_once().sent == 1
    with qtbot.waitSignal(detail.shown, timeout=WAIT_MS):
        detail.load(application_id)
    lines = [detail.movements.item(i).text() for i in range(detail.movements.count())]
    assert "Ankara Valiliği → Ankara İl Millî Eğitim Müdürlüğü · Gereği · Normal · " \
           "Gereği için." in lines[0]
    detail.close()


def test_lifting_an_entry_in_the_dialog_lets_the_forward_through_everywhere(
        qtbot: QtBot, desk: Desk, ops: Operations) -> None:
    """The clerk who set the entry lifts it ("Listeden çıkar"), audited; the centre, told
    the lift with the forward, accepts the unit it refused before."""
    saved = desk.intake.save(in_person_form(), "memur1", do_not_send=[METROPOLITAN])
    assert saved.ok and saved.station_number is not None
    with desk.db.sessions() as session:
        application_id = session.scalars(select(Application.id)).one()
    # The centre learns the list with a first forward.
    first = desk.forwards.add(application_id, Forward(
        (ForwardTarget("20600001", ForwardKind.ACTION),), (ForwardSubject("02", "02.02"),)),
        "memur1")
    assert first.ok and desk.sync.drain_once().sent == 2
    detail = CaseDetailDialog(desk, ops, application_id)
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=WAIT_MS)
    detail.forward()
    qtbot.waitUntil(lambda: detail.forward_ask.dialog is not None, timeout=WAIT_MS)
    dialog = detail.forward_ask.dialog
    assert dialog is not None
    dialog.blocked_list.setCurrentRow(0)
    dialog.unmark()
    assert dialog.add_unit(METROPOLITAN)
    dialog.add_and_forward()
    qtbot.waitUntil(lambda: "Sevk kaydedildi" in detail.notice.text(), timeout=WAIT_MS)

    assert desk.forwards.active_do_not_send(saved.station_number) == []
    assert desk.sync.drain_once().sent == 1
    assert [m.to_unit for m in desk.forwards.movement_lines(saved.station_number)] == [
        "20600001", METROPOLITAN]
    with desk.db.sessions() as session:
        lifted = session.scalars(select(AuditEvent.user).where(
            AuditEvent.action == "do_not_send.lifted")).all()
    assert lifted == ["memur1"]
    detail.close()
