"""Open the desk behind a start window that stays alive.

Opening a desk can take long once in a while: a desk from a release before encryption at
rest encrypts its database in place at its first start (``models/database_encryption.py``;
≈ 20 s for 200,000 applications here, ≈ 90 s on a slower disk), and a schema upgrade
rewrites the tables of a big desk (27 s for the same desk from revision 0008). A window that
stops painting for that long looks hung, and a hung program gets killed — harmless here
(the plain file stays until the encrypted copy is verified, an upgrade is one transaction
after a backup), but the wait starts again. So the desk is opened on a worker thread
(``Desk`` holds no Qt object) while the start window keeps painting; when the database is
being encrypted it says so, and how far the encrypted copy has got.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from bimer_desktop.app import DATABASE_FILE_NAME, Desk, DeskConfig
from models.i18n import _, format_number
from services.desk_start import awaits_encryption, encryption_percent, plain_size
from ui.start_window import StartWindow

POLL_MS = 250


class _Finished(QObject):
    """Emitted from the worker; delivered in the GUI thread (a queued connection)."""

    finished = Signal()


def open_desk(config: DeskConfig, start_window: QWidget | None) -> Desk:
    """``Desk(config)``; its errors (``DeskStartError``...) raised here as they would be."""
    if not isinstance(start_window, StartWindow):
        return Desk(config)
    return _open_on_worker(config, config.data_dir / DATABASE_FILE_NAME, start_window)


def _open_on_worker(config: DeskConfig, database: Path, window: StartWindow) -> Desk:
    opened: list[Desk] = []
    failed: list[BaseException] = []
    signals = _Finished()

    def work() -> None:
        try:
            opened.append(Desk(config))
        except BaseException as error:  # handed to the GUI thread, raised there
            failed.append(error)
        finally:
            signals.finished.emit()

    loop = QEventLoop()
    signals.finished.connect(loop.quit)
    timer = QTimer()
    timer.setInterval(POLL_MS)
    if awaits_encryption(database):
        size = plain_size(database)

        def tell() -> None:
            if awaits_encryption(database):
                window.say(encrypting_text(encryption_percent(database, size)))
            else:  # the verified copy is in place; an upgrade or the attachments follow
                window.say(_("Veritabanı şifrelendi; masa hazırlanıyor…\n"
                             "Lütfen bilgisayarı kapatmayın."))

        timer.timeout.connect(tell)
        window.say(encrypting_text(0))
        timer.start()
    worker = threading.Thread(target=work, name="desk-opening", daemon=True)
    worker.start()
    loop.exec()
    timer.stop()
    worker.join()
    if failed:
        raise failed[0]
    return opened[0]


def encrypting_text(percent: int) -> str:
    """The start window's words while the database is encrypted: what, that it happens
    once, how far the encrypted copy is, and not to switch the PC off."""
    return _("Veriler bu bilgisayarda şifreleniyor (yalnızca bir kez yapılır): %{percent}.\n"
             "Büyük bir masada birkaç dakika sürebilir; lütfen bilgisayarı kapatmayın."
             ).format(percent=format_number(percent))
