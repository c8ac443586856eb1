"""The desk's window: navigation on the left, the work on the right, the status bar below."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from bimer_desktop.version import PRODUCT_NAME
from models.enums import Channel
from models.i18n import N_, _
from services.corrections import CorrectionOutcome, CorrectionRefused
from services.email_import import EmailImport, EmailImportError
from services.outbox_queries import OutboxRow, QueueSnapshot
from services.sync import AttemptView, SyncReport
from ui.applications_view import ApplicationList, ApplicationsModel
from ui.background import BackgroundRunner
from ui.barcode_reader import BarcodeReaderLookup
from ui.correction_dialog import CorrectionDialog
from ui.drafts_ui import ChannelChooser, DraftOfferBar, DraftsPage
from ui.history_panel import HistoryPanel
from ui.home_page import HomePage
from ui.icons import icon
from ui.intake_form import IntakeForm, format_count
from ui.notifications import QuarantineNotifier
from ui.outbox_view import OutboxPage
from ui.print_dialogs import PrintingActions
from ui.questions import ask_before
from ui.settings_dialog import SettingsDialog
from ui.style import set_state_property

log = logging.getLogger("bimer.ui")

LIST_LIMIT = 1000  # the table shows the newest; the CLI and search reach the rest
TRAINING_TEXT = N_("Eğitim modu — yerel merkez")


class CentralState(Enum):
    ONLINE = ("online", N_("Çevrimiçi"))
    OFFLINE = ("offline", N_("Çevrimdışı"))
    SYNCING = ("syncing", N_("Eşitleniyor"))
    PROBLEM = ("problem", N_("Sorun var"))

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return _(self.value[1])


@dataclass(frozen=True)
class SyncResult:
    """What one background sync brings back to the GUI thread."""

    report: SyncReport
    central_url: str
    quarantined: tuple[OutboxRow, ...] = ()  # the items this sync put in quarantine
    queue: QueueSnapshot | None = None  # the Gönderim Kuyruğu right after the sync
    queue_taken_at: float = 0.0  # time.monotonic() when it was read


def central_state_for(report: SyncReport, quarantined_total: int) -> tuple[CentralState, str]:
    """The status-bar state and its tooltip, from a sync report and the local queue."""
    if not report.reachable:
        return CentralState.OFFLINE, _("Merkeze ulaşılamıyor: {message}").format(
            message=report.message)
    problems: list[str] = []
    if quarantined_total:
        problems.append(_("{count} başvuru karantinada: merkez kabul etmedi (Gönderim "
                          "Kuyruğu'nda nedeni yazılı).").format(
                              count=format_count(quarantined_total)))
    if report.retrying:
        problems.append(_("{count} başvuru yeniden denenecek: {message}").format(
            count=format_count(report.retrying), message=report.message))
    if problems:
        return CentralState.PROBLEM, " ".join(problems)
    return CentralState.ONLINE, _("Merkezle bağlantı var; gönderilmeyi bekleyen her şey "
                                  "gönderildi.")


class DeskStatusBar(QStatusBar):
    """Station · user · central state · pending · last sync, always visible."""

    def __init__(self, station: str, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.station_label = QLabel(_("İstasyon: {station}").format(station=station), self)
        self.user_label = QLabel(_("Kullanıcı: {user}").format(user=user), self)
        self.dot = QLabel("●", self)
        self.dot.setObjectName("statusDot")
        self.central_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.last_sync_label = QLabel(_("Son eşitleme: —"), self)
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
        self.show_central(CentralState.OFFLINE, _("Henüz eşitleme yapılmadı."))
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
        self.pending_label.setText(_("Bekleyen: {count}").format(count=format_count(count)))

    def show_last_sync(self, moment: datetime) -> None:
        self.last_sync_label.setText(_("Son eşitleme: {time}").format(
            time=f"{moment.astimezone():%H:%M}"))

    def show_progress(self, done: int, total: int) -> None:
        """While syncing: how far a drain has come, e.g. "Eşitleniyor 120 / 2.000"."""
        if self._state is CentralState.SYNCING and total > 0:
            self.central_label.setText(
                f"{CentralState.SYNCING.label} {format_count(done)} / {format_count(total)}")


class NavigationItem(Enum):
    HOME = N_("Bugün")
    INTAKE_IN_PERSON = N_("Şahsen")
    INTAKE_LETTER = N_("Mektup")
    INTAKE_FAX = N_("Faks")
    INTAKE_EMAIL = N_("E-posta")
    DRAFTS = N_("Taslaklar")
    APPLICATIONS = N_("Başvurularım")
    OUTBOX = N_("Gönderim Kuyruğu")

    @property
    def label(self) -> str:
        """The entry's name in the navigation, in the desk's language."""
        return _(self.value)


NAVIGATION_ICONS = {
    NavigationItem.HOME: "home",
    NavigationItem.INTAKE_IN_PERSON: "in-person",
    NavigationItem.INTAKE_LETTER: "letter",
    NavigationItem.INTAKE_FAX: "fax",
    NavigationItem.INTAKE_EMAIL: "email",
    NavigationItem.DRAFTS: "drafts",
    NavigationItem.APPLICATIONS: "applications",
    NavigationItem.OUTBOX: "outbox",
}

INTAKE_PAGES: dict[Channel, NavigationItem] = {
    Channel.IN_PERSON: NavigationItem.INTAKE_IN_PERSON,
    Channel.LETTER: NavigationItem.INTAKE_LETTER,
    Channel.FAX: NavigationItem.INTAKE_FAX,
    Channel.EMAIL: NavigationItem.INTAKE_EMAIL,
}
NEW_APPLICATION_TITLE = N_("Yeni Başvuru")
EMAIL_SUFFIX = ".eml"


def eml_paths(mime: QMimeData) -> list[Path]:
    """The local .eml files in a drag, if any."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(EMAIL_SUFFIX)]


class _EmlDrops(QObject):
    """Lets an .eml file be dropped anywhere on the window, even onto a text field that
    would otherwise take the file's name as text."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDragMoveEvent):
            if eml_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = eml_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self._window.import_email_files(paths)
                return True
        return False


@dataclass(frozen=True)
class EmailFileResult:
    """What a background import of dropped or opened .eml files brings back."""

    imported: list[EmailImport]
    errors: list[str]


class MainWindow(QMainWindow):
    """``MainWindow(desk)``; ``sync_finished`` carries a ``SyncResult`` or the exception."""

    sync_finished = Signal(object)
    sync_progress = Signal(int, int)  # after the status bar has shown it
    requeued = Signal(int, bool)  # the item, and whether it went back to the queue
    queue_loaded = Signal()  # the Gönderim Kuyruğu page shows the store's latest rows
    refreshed = Signal()
    email_opened = Signal(int)  # the draft id the e-mail form now shows
    email_failed = Signal(str)

    def __init__(self, desk: Desk, *, auto_sync: bool = True,
                 ask_before_close: bool = True, autosave: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._ask_before_close = ask_before_close
        self._runner = BackgroundRunner(self)
        self._syncing = False
        self._closed = False
        self._sync_again: bool | None = None  # None: no request waiting; else its force flag
        self._quarantined = 0
        self._queue_loading = False
        self._queue_again = False
        self._queue_shown_at = -1.0
        self._last_channel = Channel.IN_PERSON
        self._current: NavigationItem | None = None
        self.setWindowTitle(f"{PRODUCT_NAME} — {desk.config.station_code}")
        self.resize(1366, 768)
        # The smallest desk screens (1024×768 with a task bar): the form scrolls below this.
        self.setMinimumSize(1024, 640)

        self.printing = PrintingActions(desk, self._runner, self)
        # A scanned printout opens its case, whatever has focus (docs/printing.md).
        self.barcode_reader = BarcodeReaderLookup(desk, self._runner, self.printing, self)
        self.model = ApplicationsModel(self)
        self.forms: dict[Channel, IntakeForm] = {
            channel: IntakeForm(desk, channel, parent=self, autosave=autosave)
            for channel in INTAKE_PAGES
        }
        self.form = self.forms[Channel.IN_PERSON]
        self.history = self._attach_history()
        self.drafts = DraftsPage(self)
        self.applications = ApplicationList(
            self.model, title=NavigationItem.APPLICATIONS.label, unsent_only=False,
            hint=_("Bu masada alınan başvurular, en yenisi üstte. Bir satır seçip Ctrl+P ile "
                   "alındı belgesini yeniden yazdırabilirsiniz."), parent=self)
        self.outbox = OutboxPage(self)
        self.home = HomePage(self)

        self._build()
        self._connect()
        self.refresh()
        self.draft_bar.offer(self.desk.drafts.list(self.desk.config.user))
        self.form.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

        self._timer = QTimer(self)
        self._timer.setInterval(desk.config.settings.sync_interval_seconds * 1000)
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
            strip = QLabel(_(TRAINING_TEXT), central)
            strip.setObjectName("trainingStrip")
            strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(strip)
            self.training_strip: QLabel | None = strip
        else:
            self.training_strip = None

        body = QHBoxLayout()
        body.setSpacing(0)
        side_panel = QWidget(central)
        side_panel.setObjectName("navigationPanel")
        side_panel.setFixedWidth(220)
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 8)
        side.setSpacing(4)
        self.navigation = QTreeWidget(side_panel)
        self.navigation.setObjectName("navigation")
        side.addWidget(self.navigation, 1)
        self._build_actions(side, side_panel)
        self.navigation.setHeaderHidden(True)
        self.navigation.setRootIsDecorated(False)
        self.navigation.setItemsExpandable(False)
        self.navigation.setIndentation(18)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.stack = QStackedWidget(central)
        self._pages: dict[NavigationItem, QWidget] = {
            NavigationItem.HOME: self.home,
            **{item: self.forms[channel] for channel, item in INTAKE_PAGES.items()},
            NavigationItem.DRAFTS: self.drafts,
            NavigationItem.APPLICATIONS: self.applications,
            NavigationItem.OUTBOX: self.outbox,
        }
        self._nav_items: dict[NavigationItem, QTreeWidgetItem] = {}
        heading = QTreeWidgetItem(self.navigation, [_(NEW_APPLICATION_TITLE)])
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a title, not a page
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        for number, (item, page) in enumerate(self._pages.items(), start=1):
            if item is NavigationItem.HOME:  # above the new-application heading
                entry = QTreeWidgetItem([item.label])
                self.navigation.insertTopLevelItem(0, entry)
            else:
                parent = heading if item in INTAKE_PAGES.values() else self.navigation
                entry = QTreeWidgetItem(parent, [item.label])
            entry.setIcon(0, icon(NAVIGATION_ICONS[item]))
            entry.setData(0, Qt.ItemDataRole.UserRole, item.name)
            keys = QKeySequence(f"Ctrl+{number}").toString(
                QKeySequence.SequenceFormat.NativeText)
            entry.setToolTip(0, f"{item.label} ({keys})")
            self._nav_items[item] = entry
            self.stack.addWidget(page)
        self.navigation.expandAll()
        work = QVBoxLayout()
        work.setSpacing(0)
        self.draft_bar = DraftOfferBar(central)
        work.addWidget(self.draft_bar)
        work.addWidget(self.stack, 1)
        body.addWidget(side_panel)
        body.addLayout(work, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.status = DeskStatusBar(self.desk.config.station_code, self.desk.config.user, self)
        self.setStatusBar(self.status)
        self.notifier = QuarantineNotifier.for_window(self.status, self)
        # The counter's first need is the form: the window opens on it, Bugün is Ctrl+1.
        self.navigation.setCurrentItem(self._nav_items[NavigationItem.INTAKE_IN_PERSON])
        self.stack.setCurrentWidget(self._pages[NavigationItem.INTAKE_IN_PERSON])
        self._current = NavigationItem.INTAKE_IN_PERSON

        self.setAcceptDrops(True)
        self.drop_filter = _EmlDrops(self)
        for widget in [self, *self.findChildren(QWidget)]:
            if widget.acceptDrops():
                widget.installEventFilter(self.drop_filter)

    def _build_actions(self, side: QVBoxLayout, parent: QWidget) -> None:
        """The window's actions, each on a key; a menu bar would cost a row of the form,
        so the one that needs a button sits at the foot of the navigation."""
        self.open_email_action = QAction(_("E-posta dosyası aç… (Ctrl+O)"), self)
        self.open_email_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_email_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_email_action.triggered.connect(self.open_email_dialog)
        self.addAction(self.open_email_action)
        button = QToolButton(parent)
        button.setObjectName("navAction")
        button.setDefaultAction(self.open_email_action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        hint = QLabel(_("ya da .eml dosyasını pencereye sürükleyin"), parent)
        hint.setObjectName("navHint")
        hint.setWordWrap(True)
        side.addWidget(button)
        side.addWidget(hint)
        self.settings_action = QAction(_("Ayarlar…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        self.addAction(self.settings_action)
        settings_button = QToolButton(parent)
        settings_button.setObjectName("navAction")
        settings_button.setDefaultAction(self.settings_action)
        settings_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        settings_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        side.addWidget(settings_button)

    def open_settings(self) -> SettingsDialog:
        """Ayarlar: every declared setting; saved ones apply at the next start."""
        dialog = SettingsDialog(self.desk.config.data_dir, self.desk.config.settings,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self.status.showMessage(
            _("Ayarlar kaydedildi; program yeniden başlatıldığında geçerli olur."), 8000))
        dialog.open()
        return dialog

    def _connect(self) -> None:
        self.navigation.currentItemChanged.connect(self._nav_changed)
        for form in self.forms.values():
            form.saved.connect(self._application_saved)
            form.print_requested.connect(self.printing.print_receipt)
            form.draft_stored.connect(lambda _id: self.refresh_drafts())
            # The offer of last session's drafts is for the start; typing says "not now",
            # and the Taslaklar entry keeps the count.
            form.changed.connect(self.draft_bar.hide)
        self.applications.print_requested.connect(self.printing.print_receipt)
        self.outbox.sync_requested.connect(lambda: self.sync_now(force=True))
        self.home.start.connect(self.start_application)
        self.home.show_queue.connect(lambda: self.show_page(NavigationItem.OUTBOX))
        self.outbox.requeue_requested.connect(self.requeue)
        self.outbox.correct_requested.connect(self.open_correction)
        self.outbox.attempts_wanted.connect(self._load_attempts)
        self.drafts.open_requested.connect(self.open_draft)
        self.drafts.discard_requested.connect(self.ask_to_discard_draft)
        self.draft_bar.open_requested.connect(self.open_draft)
        self.draft_bar.discard_requested.connect(self.ask_to_discard_draft)
        self.draft_bar.list_requested.connect(lambda: self.show_page(NavigationItem.DRAFTS))
        for page in (self.applications, self.outbox):
            page.message.connect(lambda text: self.status.showMessage(text, 5000))
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("Ctrl+N", self.new_application),
            ("F5", lambda: self.sync_now(force=True)),
        ]
        for number, item in enumerate(self._pages, start=1):
            bindings.append((f"Ctrl+{number}", partial(self.show_page, item)))
        for sequence, slot in bindings:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _attach_history(self) -> HistoryPanel:
        """Evveliyat beside the in-person form: it follows the T.C. Kimlik No field, showing
        the applicant's earlier applications once the number is valid (None clears it)."""
        panel = HistoryPanel(self.desk, self._runner, self.form)
        self.form.add_side_panel(panel)
        self.form.tckn_settled.connect(panel.show_applicant)
        return panel

    # ----- navigation ---------------------------------------------------------------------

    def show_page(self, item: NavigationItem) -> None:
        self.navigation.setCurrentItem(self._nav_items[item])

    def current_page(self) -> NavigationItem:
        page = self.stack.currentWidget()
        return next(item for item, widget in self._pages.items() if widget is page)

    def nav_text(self, item: NavigationItem) -> str:
        return self._nav_items[item].text(0)

    def current_form(self) -> IntakeForm | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, IntakeForm) else None

    def _nav_changed(self, current: QTreeWidgetItem | None,
                     _previous: QTreeWidgetItem | None) -> None:
        name = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        if not name:
            return
        item = NavigationItem[str(name)]
        leaving = self.current_form()
        if leaving is not None and self._pages[item] is not leaving:
            leaving.store_draft()  # every switch of screen keeps the half-filled form
        self._current = item
        page = self._pages[item]
        self.stack.setCurrentWidget(page)
        if isinstance(page, IntakeForm):
            self._last_channel = page.channel
            page.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            if item is NavigationItem.DRAFTS:
                self.draft_bar.hide()  # the page says the same, in full
                self.refresh_drafts()
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_application(self) -> None:
        """Ctrl+N: on a form, a fresh one of the same channel; elsewhere, ask which."""
        form = self.current_form()
        if form is not None:
            form.new_application()
            return
        chooser = ChannelChooser(self._last_channel, self)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: self.start_application(chooser.chosen))
        chooser.open()

    def start_application(self, channel: Channel | None) -> None:
        if channel is None:
            return
        self.show_page(INTAKE_PAGES[channel])
        self.forms[channel].new_application()

    # ----- drafts -------------------------------------------------------------------------

    def refresh_drafts(self) -> None:
        drafts = self.desk.drafts.list(self.desk.config.user)
        self.drafts.set_drafts(drafts)
        count = f" ({format_count(len(drafts))})" if drafts else ""
        self._nav_items[NavigationItem.DRAFTS].setText(0, f"{NavigationItem.DRAFTS.label}{count}")

    def open_draft(self, draft_id: int) -> bool:
        """Show a draft in its channel's form; what that form held stays a draft too."""
        self.draft_bar.hide()
        draft = self.desk.drafts.get(draft_id, self.desk.config.user)
        if draft is None:
            self.status.showMessage(_("Taslak bulunamadı: silinmiş ya da kaydedilmiş."), 5000)
            self.refresh_drafts()
            return False
        form = self.forms[draft.channel]
        if form.draft_id != draft_id:
            form.store_draft()
            form.load_draft(draft.id, draft.form, draft.attachments)
        self.show_page(INTAKE_PAGES[draft.channel])
        self.refresh_drafts()
        return True

    def ask_to_discard_draft(self, draft_id: int) -> QMessageBox:
        return ask_before(self, title=_("Taslağı sil"),
                          text=_("Taslak silinsin mi? İçindeki bilgiler kaybolur."),
                          object_name="discardDraftQuestion",
                          destructive=(_("Sil"), lambda: self.discard_draft(draft_id)))

    def discard_draft(self, draft_id: int) -> None:
        open_in = next((f for f in self.forms.values() if f.draft_id == draft_id), None)
        if open_in is not None:
            open_in.discard()  # the clerk deleted what this form shows: empty it too
        else:
            self.desk.drafts.discard(draft_id, self.desk.config.user)
        self.draft_bar.hide()
        self.refresh_drafts()

    # ----- e-mail files -------------------------------------------------------------------

    def open_email_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("E-posta dosyası aç"), "", _("E-posta iletisi (*.eml);;Tüm dosyalar (*)"))
        if path:
            self.import_email_files([Path(path)])

    def import_email_files(self, paths: list[Path]) -> None:
        """Read each file into a draft off the GUI thread, then open the first one."""
        desk = self.desk
        user = desk.config.user
        received = desk.clock().date()

        def job() -> EmailFileResult:
            imported: list[EmailImport] = []
            errors: list[str] = []
            for path in paths:
                try:
                    data = path.read_bytes()
                    imported.append(desk.email_import.import_message(data, user,
                                                                     received=received))
                except OSError as error:
                    errors.append(_("{file}: dosya okunamadı ({reason}).").format(
                        file=path.name, reason=error.strerror))
                except EmailImportError as error:
                    errors.append(f"{path.name}: {error}")
            return EmailFileResult(imported, errors)

        self._runner.run("import e-mail", job, self._emails_imported, self._email_job_failed)

    def _emails_imported(self, result: EmailFileResult) -> None:
        if self._closed:
            return
        if result.imported:
            first = result.imported[0]
            if self.open_draft(first.draft_id):
                notices = list(first.notices)
                if len(result.imported) > 1:
                    notices.append(_("{count} e-posta daha taslak olarak alındı "
                                     "(Taslaklar).").format(count=len(result.imported) - 1))
                form = self.forms[Channel.EMAIL]
                form.show_info(_("E-posta dosyasından dolduruldu; başvuru türünü ve konuyu "
                                 "seçip kaydedin.") + " " + " ".join(notices))
                form.focus_first_missing()
                self.email_opened.emit(first.draft_id)
        if result.errors:
            self._email_error("\n".join(result.errors))

    def _email_job_failed(self, _error: BaseException) -> None:
        self._email_error(_("E-posta dosyası alınamadı. Tekrar deneyin; sorun sürerse sistem "
                            "yöneticisine bildirin."))

    def _email_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("E-posta dosyası"),
                          _("E-posta dosyası açılamadı.\n{message}").format(message=message),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("emailError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.email_failed.emit(message)

    # ----- data ---------------------------------------------------------------------------

    def refresh(self, queue: QueueSnapshot | None = None, queue_taken_at: float = 0.0) -> None:
        """Reload the tables and counts from the local store (fast: no network). The
        Gönderim Kuyruğu's rows, which may be thousands, come from a worker thread: here
        ``queue`` if a job has just read them, else a new read in the background."""
        rows = self.desk.queries.list_applications(limit=LIST_LIMIT)
        self.model.set_rows(rows)
        self.home.show_figures(self.desk.figures.today())
        counts = self.desk.outbox.counts()
        if queue is not None:
            self._show_queue(queue_taken_at, queue)
        else:
            self._load_queue()
        self._quarantined = counts.quarantined
        pending = counts.waiting
        self.status.show_pending(pending)
        total = len(rows)
        shown = f"{format_count(total)}+" if total >= LIST_LIMIT else format_count(total)
        self._nav_items[NavigationItem.APPLICATIONS].setText(
            0, f"{NavigationItem.APPLICATIONS.label} ({shown})")
        self._nav_items[NavigationItem.OUTBOX].setText(
            0, f"{NavigationItem.OUTBOX.label} ({format_count(pending)})")
        self.refresh_drafts()
        self.refreshed.emit()

    def _load_queue(self) -> None:
        """Read the queue on a worker; one read at a time, the latest request honoured."""
        if self._closed:
            return
        if self._queue_loading:
            self._queue_again = True
            return
        self._queue_loading = True
        outbox = self.desk.outbox

        def job() -> tuple[float, QueueSnapshot]:
            return time.monotonic(), outbox.snapshot()

        self._runner.run("queue", job, self._queue_arrived, self._queue_failed)

    def _queue_arrived(self, result: tuple[float, QueueSnapshot]) -> None:
        self._queue_loading = False
        if self._closed:
            return
        self._show_queue(*result)
        if self._queue_again:
            self._queue_again = False
            self._load_queue()

    def _queue_failed(self, _error: BaseException) -> None:
        self._queue_loading = False
        if not self._closed:
            self.status.showMessage(_("Gönderim Kuyruğu okunamadı; bir sonraki eşitlemede "
                                      "yeniden denenecek."), 5000)

    def _show_queue(self, taken_at: float, snapshot: QueueSnapshot) -> None:
        if taken_at < self._queue_shown_at:
            return  # a read that began before the one on screen: older news
        self._queue_shown_at = taken_at
        self.outbox.set_rows(snapshot.rows, snapshot.counts)
        self.queue_loaded.emit()

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
        self.status.show_central(CentralState.SYNCING, _("Merkeze gönderiliyor…"))
        desk = self.desk

        def job(progress: Callable[[int, int], None]) -> SyncResult:
            # The first access to desk.sync may start the training centre (≈1 s): here,
            # on the worker, never on the GUI thread.
            service = desk.sync
            report = service.drain_once(force=force, progress=progress)
            quarantined = tuple(desk.outbox.rows_by_id(report.quarantined_ids))
            taken_at = time.monotonic()
            return SyncResult(report, service.central_url, quarantined,
                              desk.outbox.snapshot(), taken_at)

        self._runner.run_with_progress("sync", job, self._sync_progressed, self._sync_done,
                                       self._sync_failed)
        return True

    def _sync_progressed(self, done: int, total: int) -> None:
        if self._closed:
            return
        self.status.show_progress(done, total)
        self.sync_progress.emit(done, total)

    def _sync_done(self, result: SyncResult) -> None:
        if self._closed:  # delivered after shutdown: the desk may be closed already
            return
        report = result.report
        self.refresh(result.queue, result.queue_taken_at)
        state, tooltip = central_state_for(report, self._quarantined)
        central = _("Merkez: {url}").format(url=result.central_url)
        self.status.show_central(state, f"{tooltip}\n{central}")
        self.status.show_pending(report.pending)
        if report.reachable:
            self.status.show_last_sync(report.finished_at)
        self.notifier.notify(result.quarantined)
        self._finish_sync(result)

    def _sync_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.status.show_central(
            CentralState.PROBLEM,
            _("Eşitleme yapılamadı. Sorun sürerse sistem yöneticisine bildirin. "
              "({error})").format(error=type(error).__name__))
        self._finish_sync(error)

    def _finish_sync(self, outcome: object) -> None:
        self._syncing = False
        again, self._sync_again = self._sync_again, None
        self.sync_finished.emit(outcome)
        if again is not None:
            self.sync_now(force=again)

    # ----- the queue: attempts, re-queue, correction ----------------------------------------

    def _load_attempts(self, item_id: int) -> None:
        desk = self.desk

        def shown(attempts: list[AttemptView]) -> None:
            if not self._closed:
                self.outbox.show_attempts(item_id, attempts)

        self._runner.run("attempts", lambda: desk.sync.attempts(item_id), shown)

    def requeue(self, item_id: int) -> None:
        """Yeniden kuyruğa al: the quarantined item goes back to the queue (off the GUI
        thread: the first use of the sync service may start the training centre)."""
        desk = self.desk
        user = desk.config.user

        def job() -> tuple[bool, float, QueueSnapshot]:
            requeued = desk.sync.requeue(item_id, user)
            return requeued, time.monotonic(), desk.outbox.snapshot()

        def done(result: tuple[bool, float, QueueSnapshot]) -> None:
            requeued, taken_at, queue = result
            if self._closed:
                return
            self.refresh(queue, taken_at)
            self.status.showMessage(
                _("Yeniden kuyruğa alındı: bir sonraki eşitlemede gönderilir (hemen göndermek "
                  "için F5).") if requeued else
                _("Yeniden kuyruğa alınamadı: öğe artık karantinada değil."), 8000)
            self.requeued.emit(item_id, requeued)

        def failed(_error: BaseException) -> None:
            if not self._closed:
                self.status.showMessage(_("Yeniden kuyruğa alınamadı. Tekrar deneyin; sorun "
                                          "sürerse sistem yöneticisine bildirin."), 8000)
                self.requeued.emit(item_id, False)

        self._runner.run("requeue", job, done, failed)

    def open_correction(self, application_id: int) -> CorrectionDialog | None:
        """Düzelt: the refused version in the form, to be saved as its next version."""
        try:
            source = self.desk.corrections.source(application_id)
        except CorrectionRefused as refusal:
            self.status.showMessage(str(refusal), 8000)
            self.refresh()
            return None
        dialog = CorrectionDialog(self.desk, source, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.corrected.connect(self._correction_saved)
        dialog.open()
        return dialog

    def _correction_saved(self, outcome: CorrectionOutcome) -> None:
        self.refresh()
        self.status.showMessage(
            _("Düzeltme kaydedildi: {number}, sürüm {version}. Merkeze gönderilecek.").format(
                number=outcome.station_number, version=outcome.version), 8000)
        self.sync_now(force=False)

    # ----- closing ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timer and let a running job finish before the desk is closed."""
        self._closed = True
        self._timer.stop()
        self._sync_again = None
        self._runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        for form in self.forms.values():
            form.store_draft()  # closing keeps every half-filled form as a draft
        if self._ask_before_close and any(f.has_content() for f in self.forms.values()):
            answer = QMessageBox.question(
                self, _("Çıkış"),
                _("Formda kaydedilmemiş bilgiler var; taslak olarak saklandı ve bir sonraki "
                  "açılışta Taslaklar'dan devam edebilirsiniz. Çıkılsın mı?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.shutdown()
        event.accept()
