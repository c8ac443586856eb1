"""The clerk's session in the window: lock (by hand, Ctrl+L, or after ``idle_lock_minutes``
without a key or a mouse movement), unlock by password, switch user, log out.

A locked desk hides the window behind the lock screen (the citizen at the counter must not
read the last application) and takes no input until the clerk's password unlocks it — checked
against this desk's verifier, so a desk that lost the central service unlocks too. A switch of
user or a logout first keeps every half-filled form as a draft of the clerk who typed it
(drafts are per clerk), then ends the session; ``ended`` tells the session flow
(``ui/session_flow.py``), which asks who logs in next.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.version import PRODUCT_NAME
from models.i18n import _
from ui.login_dialog import LoginDialog, password_line
from ui.operations import Change
from ui.style import set_state_property

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# What counts as someone at the desk.
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                      QEvent.Type.MouseMove, QEvent.Type.Wheel})


class SessionEnd(StrEnum):
    SWITCH = "switch"
    LOGOUT = "logout"
    OTHER_CLERK = "other_clerk"  # another clerk answered the request to log in again


class IdleWatcher(QObject):
    """``idle`` after ``minutes`` without input anywhere in the application (0: never)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.minutes = minutes
        app = QApplication.instance()
        if minutes > 0 and app is not None:
            self.timer.setInterval(minutes * 60_000)
            app.installEventFilter(self)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart: the desk is in use
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        if self.minutes > 0:
            self.timer.start()


class LockScreen(QDialog):
    """Covers the window; the clerk's password unlocks, or another clerk takes over."""

    unlocked = Signal()
    switch_requested = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Dialog)
        self.setObjectName("lockScreen")
        self.setWindowTitle(_("{product} — kilitli").format(product=PRODUCT_NAME))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.window_ = window
        self.desk = window.desk
        clerk = self.desk.clerk
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(440)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        title = QLabel(_("Masa kilitli"), card)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        who = QLabel(_("{name} ({station}) oturumu kilitli. Devam etmek için şifrenizi "
                       "yazın.").format(name=clerk.name if clerk else "—",
                                         station=self.desk.config.station_code), card)
        who.setWordWrap(True)
        layout.addWidget(who)
        self.password = password_line(card, "unlockPassword")
        layout.addWidget(self.password)
        self.message = QLabel(card)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(_("Kullanıcı değiştir"), card)
        self.switch_button.setObjectName("switchUser")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch_requested)
        self.unlock_button = QPushButton(_("Kilidi aç"), card)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        window.installEventFilter(self)
        self._cover()

    def _cover(self) -> None:
        self.setGeometry(self.window_.geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_ and event.type() in (QEvent.Type.Resize,
                                                         QEvent.Type.Move):
            self._cover()
        return False

    def unlock(self) -> None:
        """Check the password off the GUI thread (argon2 is slow on purpose)."""
        if not self.unlock_button.isEnabled():
            return
        password, desk = self.password.text(), self.desk
        self.unlock_button.setEnabled(False)
        self.window_.ops.run(self, "unlock", lambda: desk.auth.verify_current(password),
                             self._checked, lambda _error: self._checked(False))

    def _checked(self, ok: bool) -> None:
        self.unlock_button.setEnabled(True)
        if ok:
            self.unlocked.emit()
            self.accept()
            return
        self.password.clear()
        self.message.setText(_("Şifre hatalı."))
        set_state_property(self.message, "state", "error")
        self.password.setFocus()

    def reject(self) -> None:
        """Esc does not unlock."""


class SessionControl(QObject):
    """The window's Kilitle / Kullanıcı değiştir / Oturumu kapat, and the idle lock."""

    ended = Signal(str)  # a SessionEnd, once the forms are kept and the session is over
    locked = Signal(object)  # the LockScreen shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.desk = window.desk
        self.lock_screen: LockScreen | None = None
        self._ending = False
        self._relogin_asked = False
        self.lock_action = QAction(_("Kilitle (Ctrl+L)"), window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.switch_action = QAction(_("Kullanıcı değiştir…"), window)
        self.switch_action.triggered.connect(lambda: self.end(SessionEnd.SWITCH))
        self.logout_action = QAction(_("Oturumu kapat"), window)
        self.logout_action.triggered.connect(lambda: self.end(SessionEnd.LOGOUT))
        for action in (self.lock_action, self.switch_action, self.logout_action):
            window.addAction(action)
        self.idle = IdleWatcher(self.desk.config.settings.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock(idle=True))

    def lock(self, idle: bool = False) -> LockScreen | None:
        if self.lock_screen is not None or self._ending or self.desk.clerk is None:
            return self.lock_screen
        for form in self.window.forms.values():
            form.store_draft()  # a lock may turn into a switch of user: keep the forms now
        self.idle.pause()
        screen = LockScreen(self.window)
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen.unlocked.connect(self._unlocked)
        screen.switch_requested.connect(lambda: self.end(SessionEnd.SWITCH))
        self.lock_screen = screen
        self._audit("desk.locked", "idle" if idle else "by hand")
        screen.show()
        screen.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked.emit(screen)
        return screen

    def _unlocked(self) -> None:
        self.lock_screen = None
        self.idle.resume()
        self._audit("desk.unlocked")

    def end(self, reason: SessionEnd) -> None:
        """Keep every form as the clerk's draft, end the session (at the centre too, off the
        GUI thread), then close the window; ``ended`` follows."""
        if self._ending:
            return
        self._ending = True
        self.idle.pause()
        desk = self.desk
        for form in self.window.forms.values():
            form.store_draft()

        def work() -> None:
            if reason is SessionEnd.SWITCH:
                desk.auth.record("user.switched")
            desk.auth.logout()

        self.window.ops.mutate(self, "end session", work, Change.NONE,
                               lambda _r: self._finish(reason),
                               lambda _e: self._finish(reason))

    def relogin(self, message: str) -> LoginDialog | None:
        """The service refused the session (it expired): ask once for a login; sending
        resumes after it. Another clerk answering gets a window of their own."""
        if self._relogin_asked or self._ending or self.lock_screen is not None:
            return None
        self._relogin_asked = True
        before = self.desk.clerk
        for form in self.window.forms.values():
            form.store_draft()  # under the clerk who typed them, whoever logs in now
        dialog = LoginDialog(self.desk, self.window, note=_(
            "{reason} Giriş yapınca gönderim kaldığı yerden sürer.").format(reason=message))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            session = dialog.session
            if result != QDialog.DialogCode.Accepted or session is None:
                return  # sending waits; the status bar says why
            self._relogin_asked = False
            if before is not None and session.clerk.username != before.username:
                self._ending = True
                self.ended.emit(SessionEnd.OTHER_CLERK.value)
                return
            self.window.sync_now(force=False)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _finish(self, reason: SessionEnd) -> None:
        if self.lock_screen is not None:
            self.lock_screen.done(QDialog.DialogCode.Accepted)
            self.lock_screen = None
        self.ended.emit(reason.value)

    def _audit(self, action: str, detail: str = "") -> None:
        desk = self.desk
        self.window.ops.mutate(self, action, lambda: desk.auth.record(action, detail),
                               Change.NONE)

    def buttons(self, parent: QWidget) -> list[QToolButton]:
        """Kilitle, Kullanıcı değiştir and Oturumu kapat for the foot of the navigation,
        drawn as its other actions (Ayarlar)."""
        made = []
        for action, name in ((self.lock_action, "lockDesk"),
                             (self.switch_action, "switchUserButton"),
                             (self.logout_action, "logoutButton")):
            button = QToolButton(parent)
            button.setObjectName(name)
            button.setProperty("navAction", True)
            button.setDefaultAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            made.append(button)
        return made

