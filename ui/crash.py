"""Unhandled exceptions in the window: logged, the open forms kept, the clerk told calmly.

``CrashHandler`` takes ``sys.excepthook`` (an exception escaping a slot lands there: PySide6
reports it and carries on) and ``threading.excepthook``. For each exception it

1. writes the traceback to the log — the frames and the exception's type, but not its
   message, which may quote what the clerk typed (only OS errors' codes and database errors,
   whose parameters are hidden, keep theirs);
2. keeps every open form as a draft (``keep_drafts``; saved applications are committed
   already and are never at risk);
3. shows one dialog, in the desk's language, saying what happened and where the log file is.

An exception on another thread is logged there and reported on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from bimer_desktop.logging_setup import safe_traceback
from models.i18n import N_, _, ngettext

log = logging.getLogger("bimer.crash")

DRAFT_WAIT_MS = 5000  # the open forms' drafts are written within this, or said not kept

# Every string this module shows, in one place: marked here, translated where shown
# (``_(TEXT[key])``), since this runs at import, before the language is chosen.
TEXT = {
    "title": N_("Beklenmeyen hata"),
    "text": N_("Beklenmeyen bir hata oluştu. Kaydedilmiş başvurular güvendedir."),
    "drafts_kept": N_("Formdaki bilgiler taslak olarak saklandı; Taslaklar'dan devam "
                      "edebilirsiniz."),
    "no_drafts": N_("Açık formlarda saklanacak bilgi yoktu."),
    "drafts_failed": N_("Formdaki bilgiler taslak olarak saklanamadı: formu kapatmadan önce "
                        "bilgileri kontrol edip kaydedin."),
    "details": N_("Hata ayrıntıları günlük dosyasına yazıldı:\n{path}\n\nÇalışmaya devam "
                  "edebilirsiniz. Sorun tekrarlarsa programı kapatıp yeniden açın ve bu "
                  "dosyayı sistem yöneticisine iletin."),
    "button": N_("Tamam"),
}

class CrashHandler(QObject):
    """``CrashHandler(log_file, keep_drafts).install()``; ``reported`` fires after the dialog
    is shown. ``keep_drafts`` stores every open form as a draft and returns how many it
    stored (it runs on the GUI thread)."""

    reported = Signal(object)  # the dialog
    _thread_failed = Signal()

    def __init__(self, log_file: Path, keep_drafts: Callable[[], int],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._keep_drafts = keep_drafts
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self._handling = False
        self._count = 0
        self.dialog: QMessageBox | None = None
        self._thread_failed.connect(self._report_thread_failure,
                                    Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = self._previous_thread_hook = None

    # ----- the hooks -------------------------------------------------------------------------

    def handle(self, exc_type: type[BaseException], error: BaseException,
               tb: TracebackType | None) -> None:
        """``sys.excepthook``: on the GUI thread (a slot, a timer, an event handler)."""
        if issubclass(exc_type, KeyboardInterrupt) and self._previous_hook is not None:
            self._previous_hook(exc_type, error, tb)
            return
        log.critical("unhandled exception\n%s", safe_traceback(exc_type, error, tb))
        if self._handling:  # an exception while reporting one: logged, nothing more
            return
        self._handling = True
        try:
            self.report()
        except Exception as failure:  # the report itself must never crash the window
            log.critical("reporting a crash failed\n%s",
                         safe_traceback(type(failure), failure, failure.__traceback__))
        finally:
            self._handling = False

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical("unhandled exception in thread %s\n%s", name,
                     safe_traceback(args.exc_type, args.exc_value, args.exc_traceback))
        self._thread_failed.emit()  # queued: the dialog is made on the GUI thread

    @Slot()
    def _report_thread_failure(self) -> None:
        if not self._handling:
            self._handling = True
            try:
                self.report()
            finally:
                self._handling = False

    # ----- what the clerk sees ---------------------------------------------------------------

    def report(self) -> QMessageBox:
        """Keep the drafts and show (or update) the dialog; returns it."""
        self._count += 1
        try:
            kept = self._keep_drafts()
            drafts = _(TEXT["drafts_kept"]) if kept else _(TEXT["no_drafts"])
        except Exception as failure:
            log.critical("keeping the drafts after a crash failed\n%s",
                         safe_traceback(type(failure), failure, failure.__traceback__))
            drafts = _(TEXT["drafts_failed"])
        details = _(TEXT["details"]).format(path=self.log_file)
        if self._count > 1:
            again = ngettext("Bu hata {count} kez oluştu.", "Bu hata {count} kez oluştu.",
                             self._count).format(count=self._count)
            details = f"{again}\n\n{details}"
        dialog = self.dialog
        if dialog is None:
            dialog = QMessageBox(QMessageBox.Icon.Critical, _(TEXT["title"]), _(TEXT["text"]),
                                 QMessageBox.StandardButton.NoButton)
            dialog.addButton(_(TEXT["button"]), QMessageBox.ButtonRole.AcceptRole)
            dialog.setObjectName("crashDialog")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            dialog.destroyed.connect(self._dialog_gone)
            self.dialog = dialog
        dialog.setText(f"{_(TEXT['text'])}\n\n{drafts}")
        dialog.setInformativeText(details)
        dialog.open()
        self.reported.emit(dialog)
        return dialog

    def _dialog_gone(self, _object: QObject | None = None) -> None:
        self.dialog = None


class DraftsNotKept(RuntimeError):
    """Some open form with content could not be stored as a draft."""


def keep_open_forms(windows: list[QWidget]) -> int:
    """Store each open form of each main window as a draft (autosave's own path); returns
    how many forms now have their content in a draft, raises ``DraftsNotKept`` if one with
    content has none."""
    from ui.main_window import MainWindow
    from ui.operations import Lane

    kept = missing = 0
    for window in windows:
        if not isinstance(window, MainWindow):
            continue
        for form in window.forms.values():
            form.store_draft()
        # The writes run on the writer lane; each sets its form's draft id when it lands.
        window.ops.wait(DRAFT_WAIT_MS, Lane.WRITE)
        for form in window.forms.values():
            if form.drafts.enabled and form.has_content():
                if form.draft_id is None:
                    missing += 1
                else:
                    kept += 1
    if missing:
        raise DraftsNotKept(f"{missing} form(s) without a draft")
    return kept
