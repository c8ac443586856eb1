"""Giriş: the clerk's T.C. Kimlik No and password, before the window opens.

The login runs off the GUI thread (``desk.auth.login``: the central service, else this
desk's offline verifier). A temporary password (a first login, or one the coordinator reset)
must be replaced before the desk opens: the dialog then asks for a new one, twice, and the
strength rule (``models/passwords.py``) answers at the field. "Şifremi unuttum" asks the
central service to send a temporary password by SMS.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from bimer_desktop.version import PRODUCT_NAME
from models.i18n import _
from services.auth import ClerkSession, LoginOutcome, LoginStatus
from ui.operations import Operations
from ui.style import set_state_property


def password_line(parent: QWidget, name: str) -> QLineEdit:
    line = QLineEdit(parent)
    line.setObjectName(name)
    line.setEchoMode(QLineEdit.EchoMode.Password)
    line.setMaxLength(256)
    return line


class LoginDialog(QDialog):
    """``accepted`` once a clerk is logged in (``session`` says who)."""

    answered = Signal(str)  # the LoginStatus of every answer (a str: see ui/signals.py)

    def __init__(self, desk: Desk, parent: QWidget | None = None, *, note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.desk = desk
        self.session: ClerkSession | None = None
        self._ops = Operations(self)
        self._tckn = ""
        self.setWindowTitle(_("{product} — Giriş").format(product=PRODUCT_NAME))
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(_("Giriş"), self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        where = QLabel(_("İstasyon {station} · merkez: {url}").format(
            station=desk.config.station_code, url=desk.config.central_url or _("eğitim")),
            self)
        where.setObjectName("hint")
        where.setWordWrap(True)
        layout.addWidget(where)
        if note:
            note_label = QLabel(note, self)
            note_label.setObjectName("infoBar")
            note_label.setWordWrap(True)
            layout.addWidget(note_label)

        form = QFormLayout()
        self.tckn = QLineEdit(self)
        self.tckn.setObjectName("loginTckn")
        self.tckn.setMaxLength(11)
        self.tckn.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,11}"),
                                                           self.tckn))
        self.tckn.setPlaceholderText(_("11 hane"))
        self.password = password_line(self, "loginPassword")
        form.addRow(_("T.C. Kimlik No:"), self.tckn)
        form.addRow(_("Şifre:"), self.password)
        # Shown after a temporary password: the new one, twice — rows of the same form, so
        # that their labels line up with the ones above.
        self.new_password = password_line(self, "newPassword")
        self.repeat_password = password_line(self, "repeatPassword")
        self._rule = QLabel(_("En az 10 karakter; çok kullanılan şifreler, kimlik numaranız "
                              "ve adınız olmaz."), self)
        self._rule.setObjectName("hint")
        self._rule.setWordWrap(True)
        form.addRow(_("Yeni şifre:"), self.new_password)
        form.addRow(_("Yeni şifre (tekrar):"), self.repeat_password)
        form.addRow(self._rule)
        self._form = form
        self._show_new_password_rows(False)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.forgot_button = QPushButton(_("Şifremi unuttum"), self)
        self.forgot_button.setObjectName("forgotPassword")
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.clicked.connect(self.forgot)
        self.cancel_button = QPushButton(_("Çıkış"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.login_button = QPushButton(_("Giriş yap"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.login_button)
        layout.addLayout(buttons)
        self.tckn.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def choosing_password(self) -> bool:
        return not self.new_password.isHidden()

    def _show_new_password_rows(self, shown: bool) -> None:
        for widget in (self.new_password, self.repeat_password, self._rule):
            self._form.setRowVisible(widget, shown)

    def submit(self) -> None:
        """Giriş yap (or, after a temporary password, save the new one) off the GUI thread."""
        if self._ops.busy:
            return
        desk = self.desk
        if self.choosing_password:
            new, repeat = self.new_password.text(), self.repeat_password.text()
            if new != repeat:
                self._show(_("Yeni şifre ile tekrarı aynı değil."), "error")
                self.repeat_password.setFocus()
                return
            tckn, current = self._tckn, self.password.text()
            work = lambda: desk.auth.change_password(tckn, current, new)  # noqa: E731
        else:
            tckn, password = self.tckn.text(), self.password.text()
            self._tckn = tckn.strip()
            work = lambda: desk.auth.login(tckn, password)  # noqa: E731
        self._busy(True)
        self._show(_("Giriş yapılıyor…"), "")
        self._ops.run(self, "login", work, self._answered, self._failed)

    def forgot(self) -> None:
        """Şifremi unuttum: a temporary password by SMS, for the number typed."""
        if self._ops.busy:
            return
        tckn, desk = self.tckn.text(), self.desk
        if not tckn:
            self._show(_("Önce T.C. Kimlik Numaranızı yazın."), "error")
            self.tckn.setFocus()
            return
        self._busy(True)
        self._ops.run(self, "forgot password", lambda: desk.auth.forgot_password(tckn),
                      self._forgot_answered, self._failed)

    def _answered(self, outcome: LoginOutcome) -> None:
        self._busy(False)
        self.answered.emit(outcome.status.value)
        if outcome.status is LoginStatus.NEW_PASSWORD:
            self._show_new_password_rows(True)
            self.tckn.setEnabled(False)
            self.password.setEnabled(False)
            self.forgot_button.hide()
            self.login_button.setText(_("Şifreyi kaydet"))
            self._show(outcome.message, "")
            self.adjustSize()  # grown by the new rows, wrapped hint and message included
            self.new_password.setFocus()
            return
        if outcome.status is LoginStatus.OK and outcome.session is not None:
            self.session = outcome.session
            self.accept()
            return
        self._show(outcome.message, "error")
        focus = {"tckn": self.tckn, "new_password": self.new_password}.get(
            outcome.field, self.new_password if self.choosing_password else self.password)
        if focus is self.password:
            self.password.clear()
        focus.setFocus()

    def _forgot_answered(self, outcome: LoginOutcome) -> None:
        self._busy(False)
        self._show(outcome.message, "" if outcome.status is LoginStatus.OK else "error")

    def _failed(self, _error: BaseException) -> None:
        self._busy(False)
        self._show(_("Giriş yapılamadı. Tekrar deneyin; sorun sürerse sistem yöneticisine "
                     "bildirin."), "error")

    def _busy(self, busy: bool) -> None:
        for widget in (self.login_button, self.forgot_button):
            widget.setEnabled(not busy)

    def _show(self, text: str, state: str) -> None:
        self.message.setText(text)
        set_state_property(self.message, "state", state)
