"""The desk's window: navigation on the left, the work on the right, the status bar below.

The window owns the desk's operations (``ui/operations.py``): every page reads and writes
through them, off the GUI thread, and learns that the desk changed from their
``desk_changed`` — each page keeps its own data fresh (``ui/live_read.py``); nobody calls a
page's refresh. Closing the window shuts the operations down: work that is running finishes
its transaction, and no answer reaches a page after that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from bimer_desktop.version import PRODUCT_NAME
from models.enums import Channel
from models.i18n import N_, _, ngettext
from services.case_search import CaseFilter
from services.corrections import CorrectionOutcome, CorrectionRefused, CorrectionSource
from services.drafts import Draft, DraftSummary
from services.outbox_queries import QueueCounts
from ui.barcode_reader import BarcodeReaderLookup
from ui.case_list_page import CaseListPage
from ui.case_opening import CaseOpener
from ui.correction_dialog import CorrectionDialog
from ui.drafts_ui import ChannelChooser, DraftOfferBar, DraftsPage
from ui.email_files import EmailFileResult, EmlDrops, import_email_files
from ui.history_panel import HistoryPanel
from ui.home_page import HomePage
from ui.intake import IntakeForm
from ui.live_read import LiveRead
from ui.navigation import INTAKE_PAGES, NavigationItem, NavigationTree
from ui.notifications import QuarantineNotifier
from ui.operations import Change, Operations
from ui.outbox_view import OutboxPage
from ui.print_dialogs import PrintingActions
from ui.print_history_page import PrintHistoryPage
from ui.questions import ask_before
from ui.session import SessionControl
from ui.settings_dialog import SettingsDialog
from ui.shortcuts import Command, ShortcutGuard, bind
from ui.status_bar import DeskStatusBar
from ui.sync_control import SyncControl

log = logging.getLogger("bimer.ui")

TRAINING_TEXT = N_("Eğitim modu — yerel merkez")


@dataclass(frozen=True)
class DeskCounts:
    """What the navigation and the status bar count, read together off the GUI thread."""

    applications: int
    queue: QueueCounts
    drafts: int
    prints: int


class MainWindow(QMainWindow):
    """``MainWindow(desk)``. ``counts_shown`` fires when the navigation's counts are fresh."""

    counts_shown = Signal()
    requeued = Signal(int, bool)  # the item, and whether it went back to the queue
    email_opened = Signal(int)  # the draft id the e-mail form now shows
    email_failed = Signal(str)
    draft_opened = Signal(int)  # the draft id a form now shows (0: it was gone)
    correction_opened = Signal(object)  # the CorrectionDialog, or None when refused

    def __init__(self, desk: Desk, *, auto_sync: bool = True,
                 ask_before_close: bool = True, autosave: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._ask_before_close = ask_before_close
        self.ops = Operations(self)
        self.session = SessionControl(self)
        self._last_channel = Channel.IN_PERSON
        self.setWindowTitle(f"{PRODUCT_NAME} — {desk.config.station_code}")
        # The counter's screen; the desk's start fits it to the screen it is on
        # (ui/screen_fit.py), maximized where that is smaller.
        self.resize(1366, 768)
        # The smallest desk screens (1024×768 with a task bar): the form scrolls below this.
        self.setMinimumSize(1000, 600)

        self.printing = PrintingActions(desk, self.ops, self)
        # A scanned printout opens its case, whatever has focus (docs/printing.md).
        self.barcode_reader = BarcodeReaderLookup(desk, self.ops, self.printing, self)
        self.forms: dict[Channel, IntakeForm] = {
            channel: IntakeForm(desk, self.ops, channel, parent=self, autosave=autosave)
            for channel in INTAKE_PAGES
        }
        self.form = self.forms[Channel.IN_PERSON]
        self.history = self._attach_history()
        self.drafts = DraftsPage(desk, self.ops, self)
        self.applications = CaseListPage(desk, self.ops, NavigationItem.APPLICATIONS.label,
                                         self)
        self.cases = CaseOpener(desk, self.ops, self.printing, self.open_correction,
                                self.requeue, self)
        self.outbox = OutboxPage(desk, self.ops, self)
        self.quarantine = OutboxPage(desk, self.ops, self, quarantine=True)
        self.print_history = PrintHistoryPage(desk, self.ops, self)
        self.home = HomePage(self)

        self._build()
        self.sync = SyncControl(desk, self.ops, self.status, self.notifier, self)
        self.sync.login_needed.connect(self.session.relogin)
        self._live = self._keep_pages_fresh()
        self._connect()
        self._offer_drafts()
        self.form.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        if auto_sync:  # a real start (tests and previews leave the desk as they made it)
            self.sync.start()
            self.purge_expired()

    # ----- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.training_strip: QLabel | None = None
        if self.desk.config.training:
            strip = QLabel(_(TRAINING_TEXT), central)
            strip.setObjectName("trainingStrip")
            strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(strip)
            self.training_strip = strip

        body = QHBoxLayout()
        body.setSpacing(0)
        side_panel = QWidget(central)
        side_panel.setObjectName("navigationPanel")
        side_panel.setFixedWidth(220)
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 8)
        side.setSpacing(4)
        self._pages: dict[NavigationItem, QWidget] = {
            NavigationItem.HOME: self.home,
            **{item: self.forms[channel] for channel, item in INTAKE_PAGES.items()},
            NavigationItem.DRAFTS: self.drafts,
            NavigationItem.APPLICATIONS: self.applications,
            NavigationItem.OUTBOX: self.outbox,
            NavigationItem.QUARANTINE: self.quarantine,
            NavigationItem.PRINT_HISTORY: self.print_history,
        }
        self.navigation = NavigationTree(list(self._pages), side_panel)
        side.addWidget(self.navigation, 1)
        self._build_actions(side, side_panel)
        self.stack = QStackedWidget(central)
        for page in self._pages.values():
            self.stack.addWidget(page)
        work = QVBoxLayout()
        work.setSpacing(0)
        self.draft_bar = DraftOfferBar(central)
        work.addWidget(self.draft_bar)
        work.addWidget(self.stack, 1)
        body.addWidget(side_panel)
        body.addLayout(work, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.status = DeskStatusBar(self.desk.config.station_code, "", self)
        clerk, session = self.desk.clerk, self.desk.auth.current
        if clerk is not None:
            self.status.show_clerk(clerk.name, clerk.roles_label,
                                   offline=session is not None and not session.online
                                   and not self.desk.config.training)
        self.setStatusBar(self.status)
        self.notifier = QuarantineNotifier.for_window(self.status, self)
        # The counter's first need is the form: the window opens on it, Bugün is Ctrl+1.
        self.navigation.select(NavigationItem.INTAKE_IN_PERSON)
        self.stack.setCurrentWidget(self._pages[NavigationItem.INTAKE_IN_PERSON])

        self.setAcceptDrops(True)
        self.drop_filter = EmlDrops(self.import_email_files, self)
        for widget in [self, *self.findChildren(QWidget)]:
            if widget.acceptDrops():
                widget.installEventFilter(self.drop_filter)

    def _build_actions(self, side: QVBoxLayout, parent: QWidget) -> None:
        """The window's actions, each on a key; a menu bar would cost a row of the form,
        so the one that needs a button sits at the foot of the navigation."""
        self.open_email_action = QAction(_("E-posta dosyası aç… (Ctrl+O)"), self)
        self.open_email_action.triggered.connect(self.open_email_dialog)
        self.addAction(self.open_email_action)
        bind(self, Command.OPEN_EMAIL, self.open_email_action.trigger)
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
        for session_button in self.session.buttons(parent):
            side.addWidget(session_button)

    def _keep_pages_fresh(self) -> dict[QWidget, LiveRead[Any]]:
        """Each page's data, read off the GUI thread when the desk changes in a way that
        concerns it (a page out of sight reads when it is next shown); the counts of the
        navigation and the status bar always."""
        desk, user = self.desk, self.desk.config.user

        def counts() -> DeskCounts:
            # Başvurularım counts the clerk's own, as the page shows them first.
            return DeskCounts(desk.cases.count(CaseFilter(created_by=user)), desk.outbox.counts(),
                              desk.drafts.count(user), desk.printouts.log_count())

        pages: dict[QWidget, LiveRead[Any]] = {
            self.applications: self.applications.live,
            self.home: LiveRead(
                self.home, self.ops, "figures", desk.figures.today, self.home.show_figures,
                Change.APPLICATIONS | Change.OUTBOX | Change.PRINTS),
            self.outbox: self.outbox.live,
            self.quarantine: self.quarantine.live,
            self.print_history: self.print_history.live,
            self.drafts: self.drafts.live,
        }
        self.counts = LiveRead(self, self.ops, "counts", counts, self._show_counts,
                               Change.APPLICATIONS | Change.OUTBOX | Change.DRAFTS
                               | Change.PRINTS, always=True, on_failed=self._queue_failed)
        self.counts.reload()
        return pages

    def live(self, item: NavigationItem) -> LiveRead[Any]:
        """The read that keeps this page fresh (its ``loaded`` fires after each)."""
        return self._live[self._pages[item]]

    def open_settings(self) -> SettingsDialog:
        """Ayarlar: every declared setting; saved ones apply at the next start."""
        dialog = SettingsDialog(self.desk.config.data_dir, self.desk.config.settings,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self.status.showMessage(
            _("Ayarlar kaydedildi; program yeniden başlatıldığında geçerli olur."), 8000))
        dialog.saved.connect(lambda _settings: self._audit_settings(dialog.changed_keys))
        dialog.open()
        return dialog

    def _audit_settings(self, keys: list[str]) -> None:
        if not keys:
            return
        desk, detail = self.desk, "keys=" + ",".join(keys)
        self.ops.mutate(self, "audit settings", lambda: desk.auth.record("settings.changed",
                                                                          detail), Change.NONE)

    def _connect(self) -> None:
        self.navigation.chosen.connect(self._nav_changed)
        for form in self.forms.values():
            form.saved.connect(lambda _number: self.sync.sync_now(force=False))
            form.print_requested.connect(self.printing.print_receipt)
            # The offer of last session's drafts is for the start; typing says "not now",
            # and the Taslaklar entry keeps the count.
            form.changed.connect(self.draft_bar.hide)
        self.applications.print_requested.connect(self.printing.print_receipt)
        self.applications.open_requested.connect(
            lambda app_id: self.cases.open(app_id, self.applications.neighbour))
        self.barcode_reader.open_case.connect(self.cases.open_number)
        self.history.open_requested.connect(self.cases.open_number)
        self.cases.not_found.connect(lambda text: self.status.showMessage(text, 5000))
        self.home.start.connect(self.start_application)
        self.home.show_queue.connect(lambda: self.show_page(NavigationItem.OUTBOX))
        for queue in (self.outbox, self.quarantine):
            queue.sync_requested.connect(lambda: self.sync.sync_now(force=True))
            queue.requeue_requested.connect(self.requeue)
            queue.correct_requested.connect(self.open_correction)
            queue.attempts_wanted.connect(partial(self._load_attempts, queue))
        self.print_history.open_requested.connect(self.cases.open_number)
        self.print_history.reprint_requested.connect(self.printing.print_again)
        self.drafts.open_requested.connect(self.open_draft)
        self.drafts.discard_requested.connect(self.ask_to_discard_draft)
        self.draft_bar.open_requested.connect(self.open_draft)
        self.draft_bar.discard_requested.connect(self.ask_to_discard_draft)
        self.draft_bar.list_requested.connect(lambda: self.show_page(NavigationItem.DRAFTS))
        for page in (self.applications, self.outbox, self.quarantine):
            page.message.connect(lambda text: self.status.showMessage(text, 5000))
        # The keys win over any field's own use of them (Ctrl+E in a one-line field).
        self.shortcut_guard = ShortcutGuard(self)
        bind(self, Command.NEW_APPLICATION, self.new_application)
        bind(self, Command.SYNC, lambda: self.sync.sync_now(force=True))
        for index, item in enumerate(self._pages):
            bind(self, Command.PAGES, partial(self.show_page, item), index=index)
        bind(self, Command.FIND_CASE, self.find_case)

    def _attach_history(self) -> HistoryPanel:
        """Evveliyat beside the in-person form: it follows the T.C. Kimlik No field, showing
        the applicant's earlier applications once the number is valid (None clears it)."""
        panel = HistoryPanel(self.desk, self.ops, self.form)
        self.form.add_side_panel(panel)
        self.form.tckn_settled.connect(panel.show_applicant)
        return panel

    # ----- navigation ---------------------------------------------------------------------

    def show_page(self, item: NavigationItem) -> None:
        self.navigation.select(item)

    def find_case(self) -> None:
        """Ctrl+F anywhere: Başvurularım's search box."""
        self.show_page(NavigationItem.APPLICATIONS)
        self.applications.focus_search()

    def current_page(self) -> NavigationItem:
        page = self.stack.currentWidget()
        return next(item for item, widget in self._pages.items() if widget is page)

    def nav_text(self, item: NavigationItem) -> str:
        return self.navigation.text_of(item)

    def current_form(self) -> IntakeForm | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, IntakeForm) else None

    def _nav_changed(self, item: NavigationItem) -> None:
        leaving = self.current_form()
        if leaving is not None and self._pages[item] is not leaving:
            leaving.store_draft()  # every switch of screen keeps the half-filled form
        page = self._pages[item]
        self.stack.setCurrentWidget(page)
        if isinstance(page, IntakeForm):
            self._last_channel = page.channel
            page.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if item is NavigationItem.DRAFTS:
            self.draft_bar.hide()  # the page says the same, in full
        self._live[page].shown()
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

    # ----- counts -------------------------------------------------------------------------

    def _show_counts(self, counts: DeskCounts) -> None:
        self.status.show_pending(counts.queue.waiting)
        self.navigation.show_count(NavigationItem.APPLICATIONS, counts.applications)
        self.navigation.show_count(NavigationItem.OUTBOX, counts.queue.waiting)
        self.navigation.show_count(NavigationItem.DRAFTS, counts.drafts, hide_zero=True)
        self.navigation.show_count(NavigationItem.QUARANTINE, counts.queue.quarantined,
                                   hide_zero=True)
        self.navigation.show_count(NavigationItem.PRINT_HISTORY, counts.prints, hide_zero=True)
        self.counts_shown.emit()

    def _queue_failed(self, _error: BaseException) -> None:
        self.status.showMessage(_("Gönderim Kuyruğu okunamadı; bir sonraki eşitlemede "
                                  "yeniden denenecek."), 5000)

    # ----- drafts -------------------------------------------------------------------------

    def _offer_drafts(self) -> None:
        """Last session's drafts, offered at the start in a bar that is never in the way."""
        desk = self.desk
        self.ops.read(self, "draft offer", lambda: desk.drafts.list(desk.config.user),
                      self._offer)

    def purge_expired(self) -> None:
        """Retention at start (services/retention.py): acknowledged cases past their time
        lose their personal data, on the writer lane, while the clerk starts working."""
        desk = self.desk
        self.ops.mutate(self, "retention purge", lambda: desk.retention.purge(desk.config.user),
                        Change.APPLICATIONS)

    def _offer(self, drafts: list[DraftSummary]) -> None:
        if not any(form.has_content() for form in self.forms.values()):
            self.draft_bar.offer(drafts)

    def open_draft(self, draft_id: int) -> None:
        """Show a draft in its channel's form (read off the GUI thread); what that form
        held stays a draft too. ``draft_opened`` follows."""
        self.draft_bar.hide()
        desk = self.desk
        self.ops.read(self, "open draft", lambda: desk.drafts.get(draft_id, desk.config.user),
                      lambda draft: self._show_draft(draft_id, draft))

    def _show_draft(self, draft_id: int, draft: Draft | None) -> None:
        if draft is None:
            self.status.showMessage(_("Taslak bulunamadı: silinmiş ya da kaydedilmiş."), 5000)
            self.draft_opened.emit(0)
            return
        form = self.forms[draft.channel]
        if form.draft_id != draft_id:
            form.store_draft()
            form.load_draft(draft.id, draft.form, draft.attachments)
        self.show_page(INTAKE_PAGES[draft.channel])
        self.draft_opened.emit(draft_id)

    def ask_to_discard_draft(self, draft_id: int) -> QMessageBox:
        return ask_before(self, title=_("Taslağı sil"),
                          text=_("Taslak silinsin mi? İçindeki bilgiler kaybolur."),
                          object_name="discardDraftQuestion",
                          destructive=(_("Sil"), lambda: self.discard_draft(draft_id)))

    def discard_draft(self, draft_id: int) -> None:
        self.draft_bar.hide()
        open_in = next((f for f in self.forms.values() if f.draft_id == draft_id), None)
        if open_in is not None:
            open_in.discard()  # the clerk deleted what this form shows: empty it too
            return
        desk = self.desk
        self.ops.mutate(self, "delete draft",
                        lambda: desk.drafts.discard(draft_id, desk.config.user), Change.DRAFTS)

    # ----- e-mail files -------------------------------------------------------------------

    def open_email_dialog(self) -> QFileDialog:
        """Ctrl+O: choose one or more .eml files (window-modal, not blocking: the window's
        work goes on meanwhile); each becomes a draft."""
        dialog = QFileDialog(self, _("E-posta dosyası aç"), "",
                             _("E-posta iletisi (*.eml);;Tüm dosyalar (*)"))
        dialog.setObjectName("emailFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(
            lambda paths: self.import_email_files([Path(path) for path in paths]))
        dialog.open()
        return dialog

    def import_email_files(self, paths: list[Path]) -> None:
        """Read each file into a draft off the GUI thread, then open the first one."""
        self.ops.mutate(self, "import e-mail", import_email_files(self.desk, paths),
                        Change.DRAFTS, self._emails_imported, self._email_job_failed)

    def _emails_imported(self, result: EmailFileResult) -> None:
        if result.imported:
            first = result.imported[0]
            notices = list(first.notices)
            if len(result.imported) > 1:
                more = len(result.imported) - 1
                notices.append(ngettext("{count} e-posta daha taslak olarak alındı (Taslaklar).",
                                        "{count} e-posta daha taslak olarak alındı (Taslaklar).",
                                        more).format(count=more))

            def opened(draft_id: int) -> None:
                self.draft_opened.disconnect(opened)
                if draft_id != first.draft_id:
                    return
                form = self.forms[Channel.EMAIL]
                form.show_info(_("E-posta dosyasından dolduruldu; başvuru türünü ve konuyu "
                                 "seçip kaydedin.") + " " + " ".join(notices))
                form.focus_first_missing()
                self.email_opened.emit(first.draft_id)

            self.draft_opened.connect(opened)
            self.open_draft(first.draft_id)
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

    # ----- the queue: attempts, re-queue, correction ----------------------------------------

    def sync_now(self, force: bool = False) -> bool:
        return self.sync.sync_now(force=force)

    def _load_attempts(self, page: OutboxPage, item_id: int) -> None:
        desk = self.desk
        self.ops.read(page, "attempts", lambda: desk.sync.attempts(item_id),
                      lambda attempts: page.show_attempts(item_id, attempts))

    def requeue(self, item_id: int) -> None:
        """Yeniden kuyruğa al: the quarantined item goes back to the queue (off the GUI
        thread: the first use of the sync service may start the training centre)."""
        desk = self.desk

        def done(requeued: bool) -> None:
            self.status.showMessage(
                _("Yeniden kuyruğa alındı: bir sonraki eşitlemede gönderilir (hemen göndermek "
                  "için F5).") if requeued else
                _("Yeniden kuyruğa alınamadı: öğe artık karantinada değil."), 8000)
            self.requeued.emit(item_id, requeued)

        def failed(_error: BaseException) -> None:
            self.status.showMessage(_("Yeniden kuyruğa alınamadı. Tekrar deneyin; sorun "
                                      "sürerse sistem yöneticisine bildirin."), 8000)
            self.requeued.emit(item_id, False)

        self.ops.mutate(self, "requeue", lambda: desk.sync.requeue(item_id, desk.config.user),
                        Change.OUTBOX, done, failed)

    def open_correction(self, application_id: int) -> None:
        """Düzelt: the refused version in the form, to be saved as its next version (read
        off the GUI thread); ``correction_opened`` carries the dialog, or None."""
        desk = self.desk
        self.ops.read(self, "correction", lambda: desk.corrections.source(application_id),
                      self._show_correction, self._correction_refused)

    def _show_correction(self, source: CorrectionSource) -> None:
        dialog = CorrectionDialog(self.desk, self.ops, source, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.corrected.connect(self._correction_saved)
        dialog.open()
        self.correction_opened.emit(dialog)

    def _correction_refused(self, error: BaseException) -> None:
        if isinstance(error, CorrectionRefused):
            self.status.showMessage(str(error), 8000)
        else:
            self.status.showMessage(_("Düzeltme açılamadı. Tekrar deneyin; sorun sürerse "
                                      "sistem yöneticisine bildirin."), 8000)
        self.correction_opened.emit(None)

    def _correction_saved(self, outcome: CorrectionOutcome) -> None:
        self.status.showMessage(
            _("Düzeltme kaydedildi: {number}, sürüm {version}. Merkeze gönderilecek.").format(
                number=outcome.station_number, version=outcome.version), 8000)
        self.sync.sync_now(force=False)

    # ----- closing ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop syncing and let running work finish before the desk is closed; from now on
        no answer reaches a page."""
        self.sync.stop()
        self.ops.shutdown()

    def end_quietly(self) -> None:
        """Close for a switch of user or a logout: the forms are drafts already, no question."""
        self._ask_before_close = False
        self.close()

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
