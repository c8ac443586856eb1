"""Start the desk's window, or one named preview of it (``--preview``, ``--screenshot``)."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.version import PRODUCT_NAME
from models.i18n import LANGUAGES, _, active_language

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ui.session_flow import DeskSession

log = logging.getLogger("bimer.ui")
qt_log = logging.getLogger("bimer.qt")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
SCREENSHOT_SIZE = (1366, 768)
OFFSCREEN_NOISE = "does not support propagateSizeHints"


@dataclass(frozen=True)
class FirstRun:
    """Show the first-run wizard before the window (no settings file yet).

    ``config_dir``: where a data folder chosen in the wizard is recorded for later starts;
    None when the folder was given on the command line (the wizard then cannot change it).
    """

    config_dir: Path | None


def run_gui(config: DeskConfig, preview: str | None, screenshot: Path | None,
            first_run: FirstRun | None = None) -> int:
    """The window (``preview`` None), a preview, or ``preview="list"``; returns an exit code.
    ``first_run``: set up the desk with the wizard first (only for the window)."""
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        # Before QApplication exists: a screenshot needs no display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    if preview is None:
        return _run(config, None, screenshot, first_run)
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
    return _run(config, preview, screenshot, None)


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


def prepare_application() -> QApplication:
    """The one QApplication, named, in the desk's language and style (made if needed)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui.icons import APPLICATION_ICON, icon
    from ui.style import apply_style

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "bimer-desktop"])
    # The product's names, the same in every language (Qt derives its paths from them).
    app.setOrganizationName("BİMER")  # i18n: not shown
    app.setApplicationName(PRODUCT_NAME)
    app.setApplicationDisplayName(PRODUCT_NAME)
    # Numbers in spin boxes and Qt's own dates follow the language chosen at start-up.
    QLocale.setDefault(QLocale(LANGUAGES[active_language()][1]))
    _install_qt_translation(app)
    app.setWindowIcon(icon(APPLICATION_ICON))
    apply_style(app)
    return app


def _install_qt_translation(app: QApplication) -> None:
    """Qt's own words (the Yes/No/Cancel of a standard dialog, a file dialog's labels) in
    the desk's language, from the translations Qt ships; once per application."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if app.property("bimerQtLanguage") == active_language():
        return
    for old in app.findChildren(QTranslator, "bimerQtTranslator"):
        app.removeTranslator(old)
        old.deleteLater()
    translator = QTranslator(app)
    translator.setObjectName("bimerQtTranslator")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{active_language()}", folder):
        app.installTranslator(translator)
    app.setProperty("bimerQtLanguage", active_language())


def _run(config: DeskConfig, preview: str | None, screenshot: Path | None,
         first_run: FirstRun | None) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, qInstallMessageHandler
    from PySide6.QtWidgets import QWidget

    from bimer_desktop.logging_setup import configure_logging, log_file_path
    from ui.crash import CrashHandler, keep_open_forms
    from ui.main_window import MainWindow
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

    desk = Desk(config)
    widget: QWidget | None = None
    crashes: CrashHandler | None = None
    session: DeskSession | None = None
    try:
        if preview is None:
            if not desk.enrolled:
                # An address but no enrollment (revoked, or a replaced PC): the code first;
                # the desk is built again for the station the service bound it to.
                if not _enroll(desk):
                    return EXIT_OK
                desk.close()
                desk = Desk(config)
            crashes = CrashHandler(log_file_path(config.data_dir),
                                   lambda: keep_open_forms(app.topLevelWidgets()))
            crashes.install()
            session = DeskSession(desk, app)
            session.start()
            return app.exec()
        from ui.previews import PREVIEWS

        widget = PREVIEWS[preview].build(desk)
        widget.resize(*SCREENSHOT_SIZE)
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

    from ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(config.data_dir, config.settings, config_dir=first_run.config_dir)
    try:
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        return DeskConfig(data_dir=wizard.data_dir, settings=wizard.settings, user=config.user)
    finally:
        wizard.deleteLater()
