"""The case detail's eye button (issue 13, item 2): identity masked until "Kimliği göster",
each reveal in the audit trail; a hidden identity shows "Gizlenmiş" to every clerk but the
one who hid it, with no button. Real desk, real SQLite, the real dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent
from models.roles import Role
from models.samples import DENUNCIATION_SAMPLE, in_person_sample
from services.auth import Clerk, ClerkSession
from tests.ui.conftest import WindowFactory
from ui.case_detail_dialog import CaseDetailDialog

WAIT_MS = 20_000


def _shown_values(dialog: CaseDetailDialog) -> str:
    values = []
    for row in range(dialog.identity.rowCount()):
        item = dialog.identity.itemAt(row, dialog.identity.ItemRole.FieldRole)
        widget = item.widget() if item is not None else None
        if isinstance(widget, QLabel):
            values.append(widget.text())
    return " | ".join(values)


def _open(qtbot: QtBot, desk: Desk, window: object, application_id: int) -> CaseDetailDialog:
    dialog = CaseDetailDialog(desk, window.ops, application_id, None)  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=WAIT_MS)
    return dialog


def _reveals(desk: Desk) -> list[AuditEvent]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(
            AuditEvent.action == "identity.revealed")))


def test_the_eye_button_reveals_and_the_reveal_is_audited(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    sample = in_person_sample()
    number = training_desk.intake.save(sample, "memur1").station_number
    window = make_window(training_desk)
    found = training_desk.cases.find_one(number, training_desk.viewer())
    assert found is not None
    dialog = _open(qtbot, training_desk, window, found.id)
    dialog.show()
    assert sample.tckn not in _shown_values(dialog)
    assert dialog.reveal_button.isVisible() and dialog.reveal_button.isEnabled()
    assert _reveals(training_desk) == []

    with qtbot.waitSignal(dialog.shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    shown = _shown_values(dialog)
    assert sample.tckn in shown and f"{sample.first_name} {sample.last_name}" in shown
    assert "denetim kaydına yazıldı" in dialog.identity_note.text()
    assert not dialog.reveal_button.isVisible()
    [event] = _reveals(training_desk)
    assert (event.user, event.application_id) == (training_desk.viewer().user, found.id)
    assert "tckn" in event.detail and sample.tckn not in event.detail
    dialog.close()


def test_a_hidden_identity_has_no_eye_for_another_clerk(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    number = training_desk.intake.save(DENUNCIATION_SAMPLE, "memur1").station_number
    window = make_window(training_desk)
    found = training_desk.cases.find_one(number, training_desk.viewer())
    assert found is not None
    training_desk.auth.sign_in(ClerkSession(Clerk("yonetici1", "Yönetici", (Role.MANAGER,), ""),
                                            online=False))
    dialog = _open(qtbot, training_desk, window, found.id)
    dialog.show()
    assert _shown_values(dialog) == "Gizlenmiş"
    assert not dialog.reveal_button.isVisible()
    dialog.reveal()  # even asked directly: nothing is revealed, nothing recorded
    qtbot.wait(200)
    assert _shown_values(dialog) == "Gizlenmiş" and _reveals(training_desk) == []
    dialog.close()


def test_a_settings_change_is_audited_by_name_never_value(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    window = make_window(training_desk)
    dialog = window.open_settings()
    dialog.fields["retention_days"].set_value(45)
    dialog.fields["institution_name"].set_value("Deneme Valiliği")
    assert dialog.save()

    def audited() -> list[AuditEvent]:
        with training_desk.db.sessions() as session:
            return list(session.scalars(select(AuditEvent).where(
                AuditEvent.action == "settings.changed")))

    qtbot.waitUntil(lambda: len(audited()) == 1, timeout=WAIT_MS)
    [event] = audited()
    assert event.detail == "keys=institution_name,retention_days"
    assert training_desk.audit_trail.verify().ok


def test_the_window_purges_expired_cases_on_the_writer_lane(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory) -> None:
    from tests.desk_sql import desk_sql

    number = training_desk.intake.save(in_person_sample(), "memur1").station_number
    with desk_sql(training_desk.config.data_dir / "desk.db") as connection:
        connection.execute("UPDATE applications SET synced_at = '2026-01-01 10:00:00.000000'")
    window = make_window(training_desk)
    window.purge_expired()  # what a real start does (auto_sync), here by hand

    def purged() -> bool:
        found = training_desk.cases.find_one(number, training_desk.viewer())
        detail = training_desk.case_details.get(found.id, training_desk.viewer()) \
            if found else None
        return detail is not None and detail.text == ""

    qtbot.waitUntil(purged, timeout=WAIT_MS)
    assert training_desk.audit_trail.verify().ok
