"""Previews of forwarding: the forward dialog over a complaint, and a case's movements."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.enums import Channel
from models.forwards import ForwardKind
from models.samples import IN_PERSON_SAMPLE
from ui.forwarding import ForwardDialog
from ui.intake import IntakeForm
from ui.previews.staging import window_with
from ui.signals import wait_until

GOVERNORSHIP_UNIT = "20600001"  # Ankara İl Millî Eğitim Müdürlüğü
DISTRICT = "20600700"  # Çankaya Kaymakamlığı
MUNICIPALITY = "30600700"  # Çankaya Belediyesi


def open_forward_dialog(desk: Desk, form: IntakeForm) -> ForwardDialog:
    form.save_and_forward()
    wait_until(lambda: form.forwarding.dialog is not None)
    dialog = form.forwarding.dialog
    assert dialog is not None
    return dialog


def build_forward(desk: Desk) -> QWidget:
    """Kaydet ve Sevk Et on Ayşe Yılmaz's complaint: two units chosen, Gereği and Bilgi
    with notes, the complained-about municipality on the do-not-send list, and a search
    typed without Turkish letters."""
    window = window_with(desk, Channel.IN_PERSON, IN_PERSON_SAMPLE)
    dialog = open_forward_dialog(desk, window.forms[Channel.IN_PERSON])
    dialog.add_unit(DISTRICT)
    dialog.set_target(0, ForwardKind.ACTION, "Gereği için; yerinde inceleme yapılması.")
    dialog.add_unit(GOVERNORSHIP_UNIT)
    dialog.set_target(1, ForwardKind.INFORMATION, "Bilgi için.")
    dialog.mark(MUNICIPALITY)
    dialog.picker.search.setText("cankaya")
    dialog.add_unit(MUNICIPALITY)  # refused: the message shows under the lists
    second = dialog.picker.tree.topLevelItem(1)
    if second is not None:  # the municipality, greyed, stays visible above the selection
        dialog.picker.tree.setCurrentItem(second)
    return dialog


def build_case_movements(desk: Desk) -> QWidget:
    """A complaint forwarded to two units with the municipality on its do-not-send list,
    synced to the training centre: the detail's Hareketler tab with the movements."""
    from models.forwards import Forward, ForwardSubject, ForwardTarget
    from models.samples import in_person_sample
    from ui.case_detail_dialog import CaseDetailDialog
    from ui.operations import Operations
    from ui.signals import wait_for

    forward = Forward((ForwardTarget(DISTRICT, ForwardKind.ACTION,
                                     "Gereği için; yerinde inceleme yapılması."),
                       ForwardTarget(GOVERNORSHIP_UNIT, ForwardKind.INFORMATION, "Bilgi için.")),
                      (ForwardSubject("02", "02.02"),))
    saved = desk.intake.save(in_person_sample(), desk.config.user, forward=forward,
                             do_not_send=[MUNICIPALITY])
    assert saved.station_number is not None
    desk.sync.drain_once(force=True)
    detail = desk.cases.find_one(saved.station_number, desk.viewer())
    assert detail is not None
    ops = Operations()
    dialog = CaseDetailDialog(desk, ops, detail.id, None)
    ops.setParent(dialog)
    wait_for(dialog.shown)
    dialog.tabs.setCurrentWidget(dialog.movements)
    return dialog
