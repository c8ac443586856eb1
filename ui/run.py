"""Start the desk's window, or one named preview of it (``--preview``, ``--screenshot``)."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bimer_desktop.version import PRODUCT_NAME
from models.i18n import LANGUAGES, _, active_language

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from bimer_desktop.app import Desk, DeskConfig
    from ui.session_flow import DeskSession

log = logging.getLogger("bimer.ui")
qt_log = logging.getLogger("bimer.qt")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
SCREENSHOT_SIZE = (1366, 768)
OFFSCREEN_NOISE = "does not support propagateSizeHints"
STARTUP_PROBE = "BIMER_STARTUP_PROBE"


@dataclass(frozen=True)
class FirstRun:
    """Show the first-run wizard before the window (no settings file yet).

    ``config_dir``: where a data folder chosen in the wizard is recorded for later starts;
    None when the folder was given on the command line (the wizard then cannot change it).
    """

    config_dir: Path | None


def show_start_window() -> QWidget:
    """The start window (``ui/start_window.py``) on screen now, before the desk is opened;
    ``run_gui`` closes it once the main window is shown."""
    from ui.start_window import StartWindow

    app = prepare_application(styled=False)  # the stylesheet (≈30 ms) with the main window
    window = StartWindow()
    window.show()
    app.processEvents()  # painted now: the loop only turns once the desk is open
    if os.environ.get(STARTUP_PROBE) == "1":
        print("window shown", flush=True)  # i18n: not shown (read by bench/startup.py)
    return window


def run_gui(config: DeskConfig, preview: str | None, screenshot: Path | None,
            first_run: FirstRun | None = None, size: tuple[int, int] | None = None,
            start_window: QWidget | None = None) -> int:
    """The window (``preview`` None), a preview, or ``preview="list"``; returns an exit code.
    ``first_run``: set up the desk with the wizard first (only for the window); ``size``: a
    preview's size (default ``SCREENSHOT_SIZE``); ``start_window``: the one
    ``show_start_window`` showed, closed once the window is up."""
    try:
        return _run_gui(config, preview, screenshot, first_run, size, start_window)
    finally:
        if start_window is not None:
            start_window.close()
            start_window.deleteLater()


def _run_gui(config: DeskConfig, preview: str | None, screenshot: Path | None,
             first_run: FirstRun | None, size: tuple[int, int] | None,
             start_window: QWidget | None) -> int:
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        # Before QApplication exists: a screenshot needs no display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    if preview is None:
        return _run(config, None, screenshot, first_run, start_window=start_window)
    # Preview code and its sample data only when a preview is asked for (never on a
    # desk's normal start); Qt is imported after the platform is chosen.
    from ui.previews import PREVIEWS

    if preview == "list":
        width = max(len(name) for name in PREVIEWS)
        for name, entry in PREVIEWS.items():
            print(f"{name:<{width}}  {entry.description}")
        return EXIT_OK
    if preview not in PREVIEWS:
        names = ", ".join(PREVIEWS)
        print(_("Hata: '{name}' adında bir önizleme yok. Geçerli adlar: {names}").format(
            name=preview, names=names), file=sys.stderr)
        return EXIT_USAGE
    if PREVIEWS[preview].writes_data and not config.training:
        print(_("Hata: '{name}' önizlemesi örnek başvuru kaydeder; yalnızca eğitim modunda "
                "(merkez adresi verilmeden, --central olmadan) çalışır.").format(name=preview),
              file=sys.stderr)
        return EXIT_USAGE
    return _run(config, preview, screenshot, None, size or SCREENSHOT_SIZE, None)


def route_qt_messages() -> Any:
    """Send Qt's own messages (warnings of widgets, the platform plugin...) to the
    ``bimer.qt`` logger; returns the handler that was there before."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def to_logging(kind: QtMsgType, _context: object, message: str) -> None:
        level = levels.get(kind, logging.WARNING)
        if OFFSCREEN_NOISE in message:
            level = logging.DEBUG  # the offscreen platform (screenshots) says it per window
        qt_log.log(level, "%s", message)

    return qInstallMessageHandler(to_logging)


def prepare_application(*, styled: bool = True) -> QApplication:
    """The one QApplication, named, in the desk's language and style (made if needed)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui.garbage_collection import collect_on_gui_thread
    from ui.icons import APPLICATION_ICON, icon
    from ui.qt_translation import install_qt_translation
    from ui.style import apply_style

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "bimer-desktop"])
    collect_on_gui_thread(app)
    # The product's names, the same in every language (Qt derives its paths from them).
    app.setOrganizationName("BİMER")  # i18n: not shown
    app.setApplicationName(PRODUCT_NAME)
    app.setApplicationDisplayName(PRODUCT_NAME)
    # Numbers in spin boxes and Qt's own dates follow the language chosen at start-up.
    QLocale.setDefault(QLocale(LANGUAGES[active_language()][1]))
    install_qt_translation(app)
    app.setWindowIcon(icon(APPLICATION_ICON))
    if styled:
        apply_style(app)
    return app


def _run(config: DeskConfig, preview: str | None, screenshot: Path | None,
         first_run: FirstRun | None, size: tuple[int, int] = SCREENSHOT_SIZE,
         start_window: QWidget | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, qInstallMessageHandler

    from bimer_desktop.app import Desk
    from bimer_desktop.logging_setup import configure_logging, log_file_path
    from services.desk_identity import DeskStartError
    from ui.crash import CrashHandler, keep_open_forms
    from ui.desk_opening import open_desk
    from ui.main_window import MainWindow
    from ui.recovery_key_dialog import show_recovery_key_if_pending
    from ui.screen_fit import PlaceKeeper
    from ui.session_flow import DeskSession

    previous_handler = route_qt_messages()
    app = prepare_application()
    if first_run is not None:
        chosen = _first_run(config, first_run)
        if chosen is None:
            qInstallMessageHandler(previous_handler)
            print(_("İlk kurulum tamamlanmadı; ayarlar kaydedilmedi."), file=sys.stderr)
            return EXIT_OK
        if chosen.data_dir != config.data_dir:
            configure_logging(chosen.data_dir)
        config = chosen

    try:
        # A desk from before encryption at rest is encrypted at this first start: minutes on
        # a big desk, so then the start window keeps painting and tells how far it is.
        desk = open_desk(config, start_window)
    except DeskStartError as error:
        qInstallMessageHandler(previous_handler)
        if start_window is not None:
            start_window.close()
        return _start_refused(str(error), screenshot)
    widget: QWidget | None = None
    crashes: CrashHandler | None = None
    session: DeskSession | None = None
    try:
        if preview is None:
            if not desk.enrolled:
                # An address but no enrollment (revoked, or a replaced PC): the code first;
                # the desk is built again for the station the service bound it to.
                if start_window is not None:
                    start_window.close()
                _report_when_shown(app)  # the enrollment is the first screen of this start
                if not _enroll(desk):
                    return EXIT_OK
                desk.close()
                desk = Desk(config)
            if start_window is not None and desk.data_keys.pending_recovery_key():
                start_window.close()
            # A new desk's recovery key, until the operator confirms it is kept (a dialog).
            show_recovery_key_if_pending(desk)
            crashes = CrashHandler(log_file_path(config.data_dir),
                                   lambda: keep_open_forms(app.topLevelWidgets()))
            crashes.install()
            places = PlaceKeeper(config.data_dir)

            def placed_window(desk: Desk) -> MainWindow:
                window = MainWindow(desk)
                places.place(window)
                return window

            session = DeskSession(desk, app, make_window=placed_window)
            # The first screen the clerk can use: the login, or (training) the window.
            session.window_opened.connect(lambda _window: _report_when_shown(app))
            session.login_shown.connect(lambda _dialog: _report_when_shown(app))
            session.start()
            if start_window is not None:
                start_window.close()  # the login or the window is up
            return app.exec()
        from ui.previews import PREVIEWS

        widget = PREVIEWS[preview].build(desk)
        widget.resize(*size)
        widget.show()
        app.processEvents()
        if screenshot is None:
            return app.exec()
        if not widget.grab().save(str(screenshot), "PNG"):
            print(_("Hata: ekran görüntüsü yazılamadı: {path}").format(path=screenshot),
                  file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    finally:
        if session is not None:
            session.close()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if widget is not None:
            if isinstance(widget, MainWindow):
                widget.shutdown()
            if preview is not None:
                from ui.previews import close_preview

                close_preview(widget)
            if widget.isVisible():
                widget.close()
            widget.deleteLater()
            # Gone now, not at some later turn of a loop: run_gui may be called again in
            # this process (the tests render every preview), and nothing runs the loop after.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        desk.close()
        if crashes is not None:
            crashes.uninstall()
        qInstallMessageHandler(previous_handler)


def _report_when_shown(app: QApplication) -> None:
    """``BIMER_STARTUP_PROBE=1``: once the main window has been shown and the event loop
    turns (its first paint), print "window ready" and quit ("window shown" is printed by
    ``show_start_window``). bench/startup.py times a real start with it; nothing else sets
    it."""
    if os.environ.get(STARTUP_PROBE) != "1":
        return
    from PySide6.QtCore import QTimer

    def shown() -> None:
        print("window ready", flush=True)  # i18n: not shown (read by bench/startup.py)
        # exit, not quit: quit does nothing until app.exec() runs, and the first screen
        # may be a dialog's own loop (the enrollment).
        app.exit(0)

    QTimer.singleShot(0, shown)


def _enroll(desk: Desk) -> bool:
    from PySide6.QtWidgets import QDialog

    from ui.enrollment import EnrollDialog

    dialog = EnrollDialog(desk)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def _first_run(config: DeskConfig, first_run: FirstRun) -> DeskConfig | None:
    """The wizard; the configuration it set up, or None when it was cancelled."""
    from PySide6.QtWidgets import QDialog

    from bimer_desktop.app import DeskConfig
    from bimer_desktop.settings import SPECS
    from ui.first_run import FirstRunWizard

    # The wizard writes what it was given; this run's --language is not the desk's choice
    # (the wizard has no field for it), so it starts from the default and this run keeps it.
    run_language = config.settings.language
    initial = config.settings.with_overrides(language=SPECS["language"].default)
    wizard = FirstRunWizard(config.data_dir, initial, config_dir=first_run.config_dir)
    try:
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        return DeskConfig(data_dir=wizard.data_dir,
                          settings=wizard.settings.with_overrides(language=run_language),
                          user=config.user)
    finally:
        wizard.deleteLater()


def _start_refused(message: str, screenshot: Path | None) -> int:
    """The desk must not start (services/desk_identity.py, services/desk_start.py): the
    reason in a dialog, and on stderr as the CLI prints it. With ``--screenshot`` the dialog
    is drawn to the file instead of waiting for a click."""
    print(_("Hata: {error}").format(error=message), file=sys.stderr)
    box = start_refused_box(message)
    if screenshot is not None:
        box.show()
        box.grab().save(str(screenshot))
        box.close()
    else:
        box.exec()
    return EXIT_FAILED


def start_refused_box(message: str) -> QMessageBox:
    """The dialog of a desk that must not start (also the ``start-refused`` preview)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, PRODUCT_NAME, message)
    box.setInformativeText(_("Masa başlatılmadı; kaydedilmiş hiçbir şey silinmedi."))
    # Our own word: Qt's translation of "OK" follows Qt's language, not the desk's.
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText(_("Kapat"))
    return box
