"""Who sits at the desk, from start to quit: the login dialog, then the window for that
clerk; after a switch of user or a logout, the login dialog again and a new window for the
next clerk (each window reads its own clerk's drafts and counts).

A training desk (no central address) needs no login: its clerk is logged in at the local
centre by itself (``bimer_desktop/training.py``); a switch of user there asks for a login as
anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog
from shiboken6 import Shiboken

from bimer_desktop.app import Desk
from models.i18n import _
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.session import SessionEnd

WindowFactory = Callable[[Desk], MainWindow]


class DeskSession(QObject):
    """``start()`` shows the login (or the window at once); ``window`` is the open one."""

    window_opened = Signal(object)  # the MainWindow
    login_shown = Signal(object)  # the LoginDialog

    def __init__(self, desk: Desk, app: QApplication,
                 make_window: WindowFactory = MainWindow) -> None:
        super().__init__()
        self.desk = desk
        self.app = app
        self.make_window = make_window
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None

    def start(self) -> None:
        if self.desk.config.training:
            self._open_window()
        else:
            self._ask_login()

    def _ask_login(self, note: str = "", over: MainWindow | None = None) -> None:
        dialog = LoginDialog(self.desk, note=note)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._login_finished)
        self.login = dialog
        dialog.show()  # before the old window closes: the application must not quit between
        self.login_shown.emit(dialog)
        if over is not None:
            over.end_quietly()

    def _login_finished(self, result: int) -> None:
        self.login = None
        if result == QDialog.DialogCode.Accepted:
            self._open_window()
        elif self.window is None:
            self.app.quit()

    def _open_window(self) -> None:
        window = self.make_window(self.desk)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.session.ended.connect(self._ended)
        self.window = window
        window.show()
        self.window_opened.emit(window)

    def _ended(self, reason: str) -> None:
        window, self.window = self.window, None
        if reason == SessionEnd.OTHER_CLERK.value:
            self._open_window()  # the next clerk is logged in already
            if window is not None:
                window.end_quietly()
            return
        note = _("Oturum kapatıldı; taslaklarınız saklandı.") \
            if reason == SessionEnd.LOGOUT.value else \
            _("Kullanıcı değiştiriliyor: önceki kullanıcının formları taslak olarak saklandı.")
        self._ask_login(note, window)

    def close(self) -> None:
        """At quit: the open window's work ends before the desk closes."""
        if self.login is not None:
            self.login.done(QDialog.DialogCode.Rejected)
        if self.window is not None and Shiboken.isValid(self.window):
            self.window.shutdown()
            self.window.end_quietly()
        self.window = None
