"""Previews of who is at the desk: the login (empty, refused, a temporary password to
replace), the lock screen over the window, and the enrollment dialog of a desk whose
enrollment was revoked. Logins go to this desk's training centre, the real service."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from bimer_desktop.training import TRAINING_PASSWORD
from models.i18n import _
from models.samples import VALID_TCKN
from services.auth import LoginOutcome, LoginStatus
from ui.enrollment import EnrollDialog
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.previews.staging import on_backdrop, settled
from ui.session import LockScreen
from ui.signals import wait_for, wait_until

LOGIN_SIZE = (480, 300)
SCREEN_SIZE = (1340, 740)


def build_login(desk: Desk) -> QWidget:
    return on_backdrop(LoginDialog(desk), *LOGIN_SIZE)


def build_login_refused(desk: Desk) -> QWidget:
    """A wrong password, answered by the (training) centre."""
    desk.central_client()  # the training centre, enrolled
    dialog = LoginDialog(desk)
    dialog.tckn.setText(VALID_TCKN)
    dialog.password.setText(TRAINING_PASSWORD + "x")
    dialog.submit()
    wait_for(dialog.answered)
    return on_backdrop(dialog, *LOGIN_SIZE)


def build_login_new_password(desk: Desk) -> QWidget:
    """After a temporary password: the new one, twice, with the rule; a weak one refused."""
    dialog = LoginDialog(desk)
    dialog.tckn.setText(VALID_TCKN)
    dialog.password.setText("gecici-sifre")
    dialog._answered(LoginOutcome(  # the state a temporary password's login leaves
        LoginStatus.NEW_PASSWORD,
        _("Geçici şifreyle giriş yaptınız; yeni şifrenizi belirleyin.")))
    dialog.new_password.setText("123456")
    dialog.repeat_password.setText("123456")
    dialog._answered(LoginOutcome(LoginStatus.REFUSED,
                                  _("Şifre en az {count} karakter olmalıdır.").format(count=10),
                                  field="new_password"))
    return on_backdrop(dialog, LOGIN_SIZE[0], LOGIN_SIZE[1] + 120)


def build_lock(desk: Desk) -> QWidget:
    """The lock screen as it covers the window (after a wrong password)."""
    desk.central_client()  # the training clerk logged in
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    settled(window)
    screen = LockScreen(window)
    screen.password.setText("yanlis")
    screen.unlock()
    wait_until(lambda: screen.unlock_button.isEnabled())
    backdrop = on_backdrop(screen, *SCREEN_SIZE)
    window.setParent(backdrop)  # hidden behind; its work ends with the preview
    window.hide()
    return backdrop


def build_enroll(desk: Desk) -> QWidget:
    """A desk with an address but no enrollment, after a code the service refused."""
    url = desk.central_client().base_url
    # The preview's desk runs on its training centre; shown as a desk that knows that address.
    desk.config = replace(desk.config,
                          settings=desk.config.settings.with_overrides(central_url=url))
    dialog = EnrollDialog(desk)
    dialog.box.code.setText("YANL-ISKO-DXXX")
    dialog.box.enroll(url, None, True)
    wait_for(dialog.box.refused)
    return on_backdrop(dialog, 520, 340)


def build_recovery_key(desk: Desk) -> QWidget:
    """The recovery key a new desk shows once, before the login (a made-up key)."""
    from ui.printers import QtPrinterCatalog
    from ui.recovery_key_dialog import RecoveryKeyDialog

    key = "7K2MQ-9XH4T-B3RVA-W8NZE-5CJ6P-YD2KF-QM7TS-4HXG9"
    return on_backdrop(RecoveryKeyDialog(desk, key, QtPrinterCatalog()), 640, 260)
