"""The desk's window: navigation on the left, the work on the right, the status bar below."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.enums import OutboxState
from services.sync import SyncReport
from ui.applications_view import ApplicationList, ApplicationsModel
from ui.background import BackgroundRunner
from ui.intake_form import IntakeForm, format_count
from ui.print_dialogs import ReceiptPrinting
from ui.style import set_state_property

log = logging.getLogger("bimer.ui")

LIST_LIMIT = 1000  # the table shows the newest; the CLI and search reach the rest
TRAINING_TEXT = "Eğitim modu — yerel merkez"


class CentralState(Enum):
    ONLINE = ("online", "Çevrimiçi")
    OFFLINE = ("offline", "Çevrimdışı")
    SYNCING = ("syncing", "Eşitleniyor")
    PROBLEM = ("problem", "Sorun var")

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class SyncResult:
    """What one background sync brings back to the GUI thread."""

    report: SyncReport
    central_url: str


def central_state_for(report: SyncReport, quarantined_total: int) -> tuple[CentralState, str]:
    """The status-bar state and its tooltip, from a sync report and the local queue."""
    if not report.reachable:
        return CentralState.OFFLINE, f"Merkeze ulaşılamıyor: {report.message}"
    problems: list[str] = []
    if quarantined_total:
        problems.append(f"{format_count(quarantined_total)} başvuru karantinada: merkez kabul "
                        "etmedi (Gönderim Kuyruğu'nda nedeni yazılı).")
    if report.retrying:
        problems.append(f"{format_count(report.retrying)} başvuru yeniden denenecek: "
                        f"{report.message}")
    if problems:
        return CentralState.PROBLEM, " ".join(problems)
    return CentralState.ONLINE, "Merkezle bağlantı var; gönderilmeyi bekleyen her şey gönderildi."


class DeskStatusBar(QStatusBar):
    """Station · user · central state · pending · last sync, always visible."""

    def __init__(self, station: str, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.station_label = QLabel(f"İstasyon: {station}", self)
        self.user_label = QLabel(f"Kullanıcı: {user}", self)
        self.dot = QLabel("●", self)
        self.dot.setObjectName("statusDot")
        self.central_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.last_sync_label = QLabel("Son eşitleme: —", self)
        self._state = CentralState.OFFLINE
        parts: list[QWidget] = [self.station_label, self.user_label, self._central_box(),
                                self.pending_label, self.last_sync_label]
        for index, part in enumerate(parts):
            if index:
                separator = QLabel("·", self)
                separator.setObjectName("statusSeparator")
                self.addPermanentWidget(separator)
            self.addPermanentWidget(part)
        margin = QWidget(self)
        margin.setFixedWidth(6)
        self.addPermanentWidget(margin)
        self.show_central(CentralState.OFFLINE, "Henüz eşitleme yapılmadı.")
        self.show_pending(0)

    def _central_box(self) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.central_label)
        return box

    @property
    def state(self) -> CentralState:
        return self._state

    def show_central(self, state: CentralState, tooltip: str) -> None:
        self._state = state
        self.central_label.setText(state.label)
        set_state_property(self.dot, "state", state.key)
        for widget in (self.dot, self.central_label):
            widget.setToolTip(tooltip)

    def show_pending(self, count: int) -> None:
        self.pending_label.setText(f"Bekleyen: {format_count(count)}")

    def show_last_sync(self, moment: datetime) -> None:
        self.last_sync_label.setText(f"Son eşitleme: {moment.astimezone():%H:%M}")


class NavigationItem(Enum):
    INTAKE_IN_PERSON = "Yeni Başvuru — Şahsen"
    APPLICATIONS = "Başvurularım"
    OUTBOX = "Gönderim Kuyruğu"


class MainWindow(QMainWindow):
    """``MainWindow(desk)``; ``sync_finished`` carries a ``SyncResult`` or the exception."""

    sync_finished = Signal(object)
    refreshed = Signal()

    def __init__(self, desk: Desk, *, auto_sync: bool = True,
                 ask_before_close: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._ask_before_close = ask_before_close
        self._runner = BackgroundRunner(self)
        self._syncing = False
        self._closed = False
        self._sync_again: bool | None = None  # None: no request waiting; else its force flag
        self._quarantined = 0
        self.setWindowTitle(f"BİMER Masaüstü — {desk.config.station_code}")
        self.resize(1366, 768)

        self.printing = ReceiptPrinting(desk, self._runner, self)
        self.model = ApplicationsModel(self)
        self.form = IntakeForm(desk, parent=self)
        self.applications = ApplicationList(
            self.model, title="Başvurularım", unsent_only=False,
            hint="Bu masada alınan başvurular, en yenisi üstte. Bir satır seçip Ctrl+P ile "
                 "alındı belgesini yeniden yazdırabilirsiniz.", parent=self)
        self.outbox = ApplicationList(
            self.model, title="Gönderim Kuyruğu", unsent_only=True,
            hint="Merkeze henüz ulaşmamış başvurular. Bağlantı varken kendiliğinden "
                 "gönderilir; F5 hemen gönderir. Karantinadakileri merkez kabul etmedi: "
                 "nedeni Açıklama sütunundadır.", parent=self)

        self._build()
        self._connect()
        self.refresh()
        self.form.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

        self._timer = QTimer(self)
        self._timer.setInterval(int(desk.config.settings["sync_interval_seconds"]) * 1000)
        self._timer.timeout.connect(lambda: self.sync_now(force=False))
        if auto_sync:
            self._timer.start()
            QTimer.singleShot(0, lambda: self.sync_now(force=False))

    # ----- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if self.desk.config.training:
            strip = QLabel(TRAINING_TEXT, central)
            strip.setObjectName("trainingStrip")
            strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(strip)
            self.training_strip: QLabel | None = strip
        else:
            self.training_strip = None

        body = QHBoxLayout()
        body.setSpacing(0)
        self.navigation = QListWidget(central)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(220)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.stack = QStackedWidget(central)
        self._pages: dict[NavigationItem, QWidget] = {
            NavigationItem.INTAKE_IN_PERSON: self.form,
            NavigationItem.APPLICATIONS: self.applications,
            NavigationItem.OUTBOX: self.outbox,
        }
        self._nav_items: dict[NavigationItem, QListWidgetItem] = {}
        for item, page in self._pages.items():
            entry = QListWidgetItem(item.value, self.navigation)
            self._nav_items[item] = entry
            self.stack.addWidget(page)
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.status = DeskStatusBar(self.desk.config.station_code, self.desk.config.user, self)
        self.setStatusBar(self.status)
        self.navigation.setCurrentRow(0)

    def _connect(self) -> None:
        self.navigation.currentRowChanged.connect(self._page_chosen)
        self.form.saved.connect(self._application_saved)
        self.form.print_requested.connect(self.printing.print_receipt)
        self.applications.print_requested.connect(self.printing.print_receipt)
        self.outbox.sync_requested.connect(lambda: self.sync_now(force=True))
        for page in (self.applications, self.outbox):
            page.message.connect(lambda text: self.status.showMessage(text, 5000))
        for sequence, slot in (("Ctrl+N", self.new_application),
                               ("F5", lambda: self.sync_now(force=True))):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # ----- navigation ---------------------------------------------------------------------

    def show_page(self, item: NavigationItem) -> None:
        self.navigation.setCurrentItem(self._nav_items[item],
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def current_page(self) -> NavigationItem:
        page = self.stack.currentWidget()
        return next(item for item, widget in self._pages.items() if widget is page)

    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        item = list(self._pages)[row]
        self.stack.setCurrentWidget(self._pages[item])
        if item is NavigationItem.INTAKE_IN_PERSON:
            self.form.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._pages[item].setFocus(Qt.FocusReason.OtherFocusReason)

    def new_application(self) -> None:
        self.show_page(NavigationItem.INTAKE_IN_PERSON)
        self.form.new_application()

    # ----- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the tables and counts from the local store (fast: no network)."""
        rows = self.desk.queries.list_applications(limit=LIST_LIMIT)
        self.model.set_rows(rows)
        self._quarantined = sum(1 for r in rows if r.sync_state is OutboxState.QUARANTINED)
        pending = self.desk.queries.pending_count()
        self.status.show_pending(pending)
        total = len(rows)
        shown = f"{format_count(total)}+" if total >= LIST_LIMIT else format_count(total)
        self._nav_items[NavigationItem.APPLICATIONS].setText(
            f"{NavigationItem.APPLICATIONS.value} ({shown})")
        self._nav_items[NavigationItem.OUTBOX].setText(
            f"{NavigationItem.OUTBOX.value} ({format_count(pending)})")
        self.refreshed.emit()

    def _application_saved(self, _number: str) -> None:
        self.refresh()
        self.sync_now(force=False)

    # ----- sync ---------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self._syncing

    def sync_now(self, force: bool = False) -> bool:
        """Drain the outbox off the GUI thread. One at a time: a request while a sync runs
        is remembered and run right after, so a fresh save never waits for the timer."""
        if self._closed:
            return False
        if self._syncing:
            self._sync_again = force or bool(self._sync_again)
            return False
        self._syncing = True
        self.status.show_central(CentralState.SYNCING, "Merkeze gönderiliyor…")
        desk = self.desk

        def job() -> SyncResult:
            # The first access to desk.sync may start the training centre (≈1 s): here,
            # on the worker, never on the GUI thread.
            service = desk.sync
            return SyncResult(service.drain_once(force=force), service.central_url)

        self._runner.run("sync", job, self._sync_done, self._sync_failed)
        return True

    def _sync_done(self, result: SyncResult) -> None:
        if self._closed:  # delivered after shutdown: the desk may be closed already
            return
        report = result.report
        self.refresh()
        state, tooltip = central_state_for(report, self._quarantined)
        self.status.show_central(state, f"{tooltip}\nMerkez: {result.central_url}")
        self.status.show_pending(report.pending)
        if report.reachable:
            self.status.show_last_sync(report.finished_at)
        self._finish_sync(result)

    def _sync_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.status.show_central(
            CentralState.PROBLEM,
            "Eşitleme yapılamadı. Sorun sürerse sistem yöneticisine bildirin. "
            f"({type(error).__name__})")
        self._finish_sync(error)

    def _finish_sync(self, outcome: object) -> None:
        self._syncing = False
        again, self._sync_again = self._sync_again, None
        self.sync_finished.emit(outcome)
        if again is not None:
            self.sync_now(force=again)

    # ----- closing ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timer and let a running job finish before the desk is closed."""
        self._closed = True
        self._timer.stop()
        self._sync_again = None
        self._runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ask_before_close and self.form.has_content():
            answer = QMessageBox.question(
                self, "Çıkış",
                "Formda kaydedilmemiş bilgiler var. Yine de çıkılsın mı?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.shutdown()
        event.accept()
