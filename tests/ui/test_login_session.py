"""Who is at the desk, on screen: the login dialog against the real central service, the
clerk in the status bar, the lock (by hand and when idle) and a switch of user that keeps
the first clerk's half-filled form as that clerk's draft."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.roles import Role
from services.auth import LoginStatus
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, central_for
from tests.ui.conftest import settle, type_text
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.session import LockScreen, SessionEnd
from ui.session_flow import DeskSession

WAIT_MS = 20_000


def clerk_tckn(central_url: str, username: str) -> str:
    server = central_for(central_url)
    assert server is not None
    return server.accounts.ensure_user(username, f"{username} Yılmaz", TEST_UNIT,
                                       frozenset({Role.CLERK}), TEST_PASSWORD)


def log_in(qtbot: QtBot, dialog: LoginDialog, tckn: str, password: str) -> LoginStatus:
    """Giriş yap, and wait for the answer (polling: a nested event loop per wait upset this
    PySide6 here, see ui/signals.py)."""
    answers: list[str] = []
    dialog.answered.connect(answers.append)
    dialog.tckn.setText(tckn)
    dialog.password.setText(password)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    return LoginStatus(answers[0])


def test_a_wrong_password_is_refused_at_the_field_and_the_right_one_logs_in(
        qtbot: QtBot, desk: Desk, central_url: str) -> None:
    tckn = clerk_tckn(central_url, "memur2")
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert log_in(qtbot, dialog, tckn, "yanlis-sifre-123") is LoginStatus.REFUSED
    assert dialog.message.text() == "T.C. Kimlik No ya da şifre hatalı."
    assert dialog.password.text() == "" and dialog.isVisible()
    assert log_in(qtbot, dialog, tckn, TEST_PASSWORD) is LoginStatus.OK
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert desk.clerk is not None and desk.clerk.username == "memur2"
    assert desk.config.user == "memur2"  # what every service stamps from now on


def test_the_status_bar_shows_the_logged_in_clerk(
        qtbot: QtBot, desk: Desk, make_window: object) -> None:
    window = make_window(desk)  # type: ignore[operator]
    assert window.status.user_label.text() == "Kullanıcı: memur1"
    assert window.status.user_label.toolTip() == "Kullanıcı"


@pytest.fixture
def flow(qtbot: QtBot, desk: Desk, qapp: QApplication) -> Iterator[DeskSession]:
    def make(d: Desk) -> MainWindow:
        return MainWindow(d, auto_sync=False, ask_before_close=False)

    session = DeskSession(desk, qapp, make_window=make)
    session._open_window()  # memur1 is logged in already (the desk fixture)
    assert session.window is not None
    settle(qtbot, session.window)
    yield session
    session.close()


def test_lock_unlocks_only_with_the_clerk_s_password(qtbot: QtBot,
                                                     flow: DeskSession) -> None:
    window = flow.window
    assert window is not None
    window.session.lock_action.trigger()
    screen = window.session.lock_screen
    assert isinstance(screen, LockScreen) and screen.isVisible()
    screen.password.setText("yanlis-sifre-123")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.message.text() == "Şifre hatalı.", timeout=WAIT_MS)
    assert window.session.lock_screen is screen
    screen.password.setText(TEST_PASSWORD)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: window.session.lock_screen is None, timeout=WAIT_MS)


def test_the_desk_locks_itself_when_nobody_touches_it(qtbot: QtBot,
                                                      flow: DeskSession) -> None:
    window = flow.window
    assert window is not None
    window.session.idle.timer.setInterval(100)  # minutes in real use
    window.session.idle.resume()
    qtbot.waitUntil(lambda: window.session.lock_screen is not None, timeout=WAIT_MS)


def test_switch_user_keeps_each_clerk_s_half_filled_form_as_their_draft(
        qtbot: QtBot, flow: DeskSession, desk: Desk, central_url: str) -> None:
    tckn = clerk_tckn(central_url, "memur2")
    first = flow.window
    assert first is not None
    type_text(first.form.editor("text"), "Birinci memurun yarım kalan başvurusu")
    first.session.switch_action.trigger()
    qtbot.waitUntil(lambda: flow.login is not None, timeout=WAIT_MS)
    dialog = flow.login
    assert dialog is not None
    note = dialog.findChild(QLabel, "infoBar")
    assert note is not None and "taslak olarak saklandı" in note.text()
    assert desk.clerk is None  # memur1's session ended at the centre and here
    assert log_in(qtbot, dialog, tckn, TEST_PASSWORD) is LoginStatus.OK
    qtbot.waitUntil(lambda: flow.window is not None, timeout=WAIT_MS)
    second = flow.window
    assert second is not None and second is not first and second.status.user_label.text() == \
        "Kullanıcı: memur2 Yılmaz"
    settle(qtbot, second)
    type_text(second.form.editor("text"), "İkinci memurun başvurusu")
    second.form.store_draft()
    settle(qtbot, second)

    [mine] = desk.drafts.list("memur1")
    [theirs] = desk.drafts.list("memur2")
    assert desk.drafts.get(mine.id, "memur1").form.text == \
        "Birinci memurun yarım kalan başvurusu"  # type: ignore[union-attr]
    assert desk.drafts.get(theirs.id, "memur2").form.text == \
        "İkinci memurun başvurusu"  # type: ignore[union-attr]
    assert desk.drafts.get(mine.id, "memur2") is None  # drafts are per clerk
    assert SessionEnd.SWITCH.value == "switch"


def test_oturumu_kapat_at_the_foot_of_the_navigation_logs_out_keeping_the_form(
        qtbot: QtBot, flow: DeskSession, desk: Desk) -> None:
    window = flow.window
    assert window is not None
    type_text(window.form.editor("text"), "Yarım kalan başvuru")
    [logout] = [button for button in window.findChildren(QToolButton, "logoutButton")]
    assert logout.isVisible() and logout.text() == "Oturumu kapat"
    logout.click()
    qtbot.waitUntil(lambda: flow.login is not None, timeout=WAIT_MS)
    dialog = flow.login
    assert dialog is not None
    note = dialog.findChild(QLabel, "infoBar")
    assert note is not None and note.text() == "Oturum kapatıldı; taslaklarınız saklandı."
    assert desk.clerk is None
    [kept] = desk.drafts.list("memur1")
    assert desk.drafts.get(kept.id, "memur1").form.text == \
        "Yarım kalan başvuru"  # type: ignore[union-attr]
