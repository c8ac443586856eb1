"""Telling the clerk that the central service refused something, without stopping them.

A desktop notification from the tray icon where the desktop has a tray; elsewhere (a
desktop without one, the offscreen platform of the tests) a message in the status bar.
Neither is modal. ``notified`` says what was told, and how, whichever way it went.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStatusBar, QStyle, QSystemTrayIcon, QWidget

from models.enums import OutboxKind
from models.i18n import N_, _, format_number, ngettext
from services.outbox_queries import OutboxRow

TITLE = N_("Merkez kabul etmedi")
VIA_TRAY = "tray"
VIA_STATUS_BAR = "status"
TRAY_MESSAGE_MS = 15_000
STATUS_MESSAGE_MS = 20_000


class Tray(Protocol):
    """The part of ``QSystemTrayIcon`` a notification needs."""

    def showMessage(self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon,
                    msecs: int = ...) -> None: ...


def quarantine_message(rows: Sequence[OutboxRow], *, short: bool = False) -> str:
    """What the clerk reads: which case, that it waits for them, and where to look.
    ``short`` for the status bar, which has one line beside its permanent parts."""
    where = (_("Gönderim Kuyruğu'na bakın.") if short else
             _("Gönderim Kuyruğu'nda nedeni yazılı; düzeltip yeniden gönderebilirsiniz."))
    numbers = list(dict.fromkeys(row.station_number for row in rows))
    if len(rows) == 1:
        row = rows[0]
        if row.kind is OutboxKind.APPLICATION:
            what = _("{number} numaralı başvuru")
        elif row.kind is OutboxKind.FORWARD:
            what = _("{number} numaralı başvurunun sevki")
        else:
            what = _("{number} numaralı başvurunun bir eki")
        what = what.format(number=row.station_number)
    else:
        limit = 2 if short else 3
        shown = ", ".join(numbers[:limit]) + (", …" if len(numbers) > limit else "")
        what = ngettext("{count} gönderim ({numbers})", "{count} gönderim ({numbers})",
                        len(rows)).format(count=format_number(len(rows)), numbers=shown)
    if short:
        return _("Merkez kabul etmedi: {what} karantinada. {where}").format(what=what,
                                                                           where=where)
    return _("{what} merkeze gönderilemedi ve karantinaya alındı. {where}").format(
        what=what, where=where)


class QuarantineNotifier(QObject):
    """``notify(rows)`` once per sync with the items it newly quarantined."""

    notified = Signal(object, str, str)  # (the items' ids, VIA_TRAY or VIA_STATUS_BAR, text)

    def __init__(self, status_bar: QStatusBar, parent: QWidget,
                 tray: Tray | None = None) -> None:
        super().__init__(parent)
        self._status_bar = status_bar
        self._tray = tray

    @classmethod
    def for_window(cls, status_bar: QStatusBar, window: QWidget) -> QuarantineNotifier:
        """With a tray icon of the desk's own if the desktop has a tray, else without."""
        tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
            tray = QSystemTrayIcon(icon, window)
            tray.setToolTip(window.windowTitle())
            tray.show()
        return cls(status_bar, window, tray)

    @property
    def has_tray(self) -> bool:
        return self._tray is not None

    def notify(self, rows: Sequence[OutboxRow]) -> None:
        if not rows:
            return
        text = quarantine_message(rows)
        if self._tray is not None:
            self._tray.showMessage(_(TITLE), text, QSystemTrayIcon.MessageIcon.Warning,
                                   TRAY_MESSAGE_MS)
            via = VIA_TRAY
        else:
            text = quarantine_message(rows, short=True)
            self._status_bar.showMessage(text, STATUS_MESSAGE_MS)
            via = VIA_STATUS_BAR
        self.notified.emit(tuple(row.id for row in rows), via, text)
