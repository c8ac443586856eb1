"""Start the desk's window, or one named preview of it (``--preview``, ``--screenshot``)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from bimer_desktop.app import Desk, DeskConfig

log = logging.getLogger("bimer.ui")
qt_log = logging.getLogger("bimer.qt")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
SCREENSHOT_SIZE = (1366, 768)
OFFSCREEN_NOISE = "does not support propagateSizeHints"


def run_gui(config: DeskConfig, preview: str | None, screenshot: Path | None) -> int:
    """The window (``preview`` None), a preview, or ``preview="list"``; returns an exit code."""
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        # Before QApplication exists: a screenshot needs no display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from ui.previews import PREVIEWS  # Qt imports after the platform is chosen

    if preview == "list":
        width = max(len(name) for name in PREVIEWS)
        for name, entry in PREVIEWS.items():
            print(f"{name:<{width}}  {entry.description}")
        return EXIT_OK
    if preview is not None and preview not in PREVIEWS:
        names = ", ".join(PREVIEWS)
        print(f"Hata: '{preview}' adında bir önizleme yok. Geçerli adlar: {names}",
              file=sys.stderr)
        return EXIT_USAGE
    if preview is not None and PREVIEWS[preview].writes_data and not config.training:
        print(f"Hata: '{preview}' önizlemesi örnek başvuru kaydeder; yalnızca eğitim modunda "
              "(merkez adresi verilmeden, --central olmadan) çalışır.", file=sys.stderr)
        return EXIT_USAGE
    return _run(config, preview, screenshot)


def _run(config: DeskConfig, preview: str | None, screenshot: Path | None) -> int:
    from PySide6.QtCore import QLocale, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.main_window import MainWindow
    from ui.previews import PREVIEWS, close_preview
    from ui.style import apply_style

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

    previous_handler = qInstallMessageHandler(to_logging)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "bimer-desktop"])
    app.setOrganizationName("BİMER")
    app.setApplicationName("BİMER Masaüstü")
    app.setApplicationDisplayName("BİMER Masaüstü")
    QLocale.setDefault(QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey))
    apply_style(app)

    desk = Desk(config)
    widget: QWidget | None = None
    try:
        if preview is None:
            widget = MainWindow(desk)
            widget.show()
            return app.exec()
        widget = PREVIEWS[preview].build(desk)
        widget.resize(*SCREENSHOT_SIZE)
        widget.show()
        app.processEvents()
        if screenshot is None:
            return app.exec()
        if not widget.grab().save(str(screenshot), "PNG"):
            print(f"Hata: ekran görüntüsü yazılamadı: {screenshot}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    finally:
        if widget is not None:
            close_preview(widget)
            if widget.isVisible():
                widget.close()
            widget.deleteLater()
        desk.close()
        qInstallMessageHandler(previous_handler)
