"""Previews of the window's other pages: Bugün, Başvurularım, Gönderim Kuyruğu (with every
state), the correction dialog, and the status bar in each of its states."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bimer_desktop.app import Desk
from models.enums import OutboxState
from models.samples import SAMPLE_FORMS
from services.printouts import DocumentKind, PdfFile, PrintRequest, free_pdf_path
from services.sync import SyncReport
from ui.correction_dialog import CorrectionDialog
from ui.main_window import MainWindow
from ui.navigation import NavigationItem
from ui.operations import Change, Operations
from ui.previews.staging import seed_applications, seed_queue, show_loaded, synced_window
from ui.signals import wait_for
from ui.status_bar import CentralState, DeskStatusBar, central_state_for


def build_main(desk: Desk) -> QWidget:
    return synced_window(desk)


def build_applications(desk: Desk) -> QWidget:
    seed_applications(desk, SAMPLE_FORMS[:3])
    window = synced_window(desk)
    # One more after the sync, so the table shows a sent and a waiting state together.
    desk.intake.save(SAMPLE_FORMS[3], desk.config.user)
    window.ops.announce(Change.APPLICATIONS | Change.OUTBOX)
    show_loaded(window, NavigationItem.APPLICATIONS)
    window.applications.select_row(0)
    return window


def build_home(desk: Desk) -> QWidget:
    """Bugün: three applications sent, one waiting, a receipt printed."""
    seed_applications(desk, SAMPLE_FORMS[:3])
    window = synced_window(desk)
    saved = desk.intake.save(SAMPLE_FORMS[3], desk.config.user)
    desk.printouts.produce(
        PrintRequest(DocumentKind.RECEIPT, saved.station_number or ""), desk.config.user,
        PdfFile(free_pdf_path(desk.config.pdf_folder, DocumentKind.RECEIPT,
                              saved.station_number or "")))
    window.ops.announce(Change.APPLICATIONS | Change.OUTBOX | Change.PRINTS)
    show_loaded(window, NavigationItem.HOME)
    return window


def build_outbox(desk: Desk) -> QWidget:
    """Gönderim Kuyruğu with every state; the refused application selected, its attempts
    shown, and the status bar as a sync with a refusal leaves it."""
    seed_queue(desk)
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    show_loaded(window, NavigationItem.OUTBOX)
    window.outbox.set_filter("Tümü")
    wait_for(window.outbox.live.loaded)
    quarantined = window.outbox.row_index(lambda row: row.state is OutboxState.QUARANTINED)
    if quarantined is not None:
        window.outbox.select_row(quarantined)
        wait_for(window.outbox.attempts_shown)
    counts = desk.outbox.counts()
    window.status.show_central(*central_state_for(
        SyncReport(0, 0, 0, counts.waiting, True, "", desk.clock()), counts.quarantined))
    window.status.show_last_sync(desk.clock())
    return window


def build_quarantine(desk: Desk) -> QWidget:
    """Karantina: what the centre refused (on a filled desk, its refused ones), the first
    selected with its attempts."""
    if not desk.outbox.counts().quarantined:
        seed_queue(desk)
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    show_loaded(window, NavigationItem.QUARANTINE)
    if window.quarantine.row_count():
        window.quarantine.select_row(0)
        wait_for(window.quarantine.attempts_shown)
    return window


def build_print_history(desk: Desk) -> QWidget:
    """Yazdırma Geçmişi: every printout, newest first (on an empty desk, the samples'
    receipts and a report)."""
    if not desk.printouts.log_count():
        seed_applications(desk, SAMPLE_FORMS[:3])
        for index, summary in enumerate(desk.queries.list_applications()):
            kind = DocumentKind.REPORT if index == 0 else DocumentKind.RECEIPT
            desk.printouts.produce(
                PrintRequest(kind, summary.station_number), desk.config.user,
                PdfFile(free_pdf_path(desk.config.pdf_folder, kind, summary.station_number)))
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    show_loaded(window, NavigationItem.PRINT_HISTORY)
    return window


def build_correction(desk: Desk) -> QWidget:
    """Düzelt on the refused sample: the form filled with what was sent, the reason above."""
    seed_queue(desk)
    refused = next(r for r in desk.outbox.rows({OutboxState.QUARANTINED}) if r.correctable)
    ops = Operations()
    dialog = CorrectionDialog(desk, ops, desk.corrections.source(refused.application_id))
    ops.setParent(dialog)
    return dialog


def build_status_bar(desk: Desk) -> QWidget:
    """The status bar in each of its states, one under the other (the real widget)."""
    holder = QWidget()
    holder.setWindowTitle("Durum çubuğu")
    layout = QVBoxLayout(holder)
    layout.setSpacing(2)
    moment = desk.clock()
    for caption, state, progress, pending in (
        ("Çevrimiçi: her şey gönderildi", CentralState.ONLINE, None, 0),
        ("Çevrimdışı: merkeze ulaşılamıyor", CentralState.OFFLINE, None, 12),
        ("Eşitleniyor: büyük bir gönderim sürerken", CentralState.SYNCING, (1234, 2000), 766),
        ("Sorun var: bir başvuru karantinada (bildirim durum çubuğunda)",
         CentralState.PROBLEM, None, 1),
    ):
        title = QLabel(caption, holder)
        title.setObjectName("hint")
        bar = DeskStatusBar(desk.config.station_code, desk.config.user, holder)
        bar.show_central(state, caption)
        if progress is not None:
            bar.show_progress(*progress)
        bar.show_pending(pending)
        if state is not CentralState.OFFLINE:
            bar.show_last_sync(moment)
        if state is CentralState.PROBLEM:
            bar.showMessage("Merkez kabul etmedi: 06-01-2026-000005 numaralı başvuru "
                            "karantinada. Gönderim Kuyruğu'na bakın.")
        layout.addWidget(title)
        layout.addWidget(bar)
        layout.addSpacing(10)
    layout.addStretch(1)
    return holder
