"""A USB barcode reader, anywhere in the app: a scanned printout opens its case.

The reader is a keyboard to the computer. :class:`BarcodeReaderFilter`, installed on the
``QApplication``, watches every key press and asks :class:`services.barcode_burst.
BurstDetector` what each one is. A character that could start a payload at reader speed
is held back (the event is swallowed and a copy kept); when the run turns out to be a
person typing, the copies are sent on to the widget they were meant for, in order, before
anything else happens. A recognised scan never reaches any widget: its Enter is swallowed
too, and :attr:`BarcodeReaderFilter.scanned` fires with the payload.

Only key events stamped by the window system are judged (hardware keyboards and readers
always are); events without a timestamp are synthetic, made by the program itself, and
pass untouched.

:class:`BarcodeReaderLookup` is what the window installs: the filter, and the case dialog
(:class:`ui.case_lookup.CaseLookupDialog`) opened from the print service's lookup.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from bimer_desktop.app import Desk
from services.barcode_burst import DEFAULT_MAX_GAP_MS, BurstDetector
from services.printouts import ScanLookup
from ui.case_lookup import CaseLookupDialog
from ui.operations import Operations
from ui.print_dialogs import PrintingActions

log = logging.getLogger("bimer.ui")

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TYPING_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
# A held character is given back this long after it arrived if nothing follows: the gap a
# reader never leaves, plus a margin for the event loop.
_RELEASE_MARGIN_MS = 20


@dataclass(frozen=True)
class _HeldKey:
    """A copy of a swallowed key press and the widget it was meant for."""

    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    scan_code: int
    virtual_key: int
    native_modifiers: int
    timestamp: int

    @classmethod
    def of(cls, target: QWidget, event: QKeyEvent) -> _HeldKey:
        return cls(target, event.key(), event.modifiers(), event.text(),
                   event.nativeScanCode(), event.nativeVirtualKey(),
                   event.nativeModifiers(), event.timestamp())

    def event(self) -> QKeyEvent:
        copy = QKeyEvent(QEvent.Type.KeyPress, self.key, self.modifiers, self.scan_code,
                         self.virtual_key, self.native_modifiers, self.text)
        copy.setTimestamp(self.timestamp)
        return copy


class BarcodeReaderFilter(QObject):
    """The application-wide key watcher; ``scanned`` carries a recognised payload."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 max_gap_ms: float = DEFAULT_MAX_GAP_MS, *,
                 window: QWidget | None = None) -> None:
        """``window``: the main window this reader serves; while it is not on screen (a
        window closed at a switch of user, not yet destroyed) the reader lets every key
        pass — an application-wide filter of a window gone must not hold anyone's keys."""
        super().__init__(parent)
        self._window = window
        self._detector: BurstDetector[_HeldKey] = BurstDetector(max_gap_ms=max_gap_ms)
        self._replaying = False
        self._last_seen: tuple[int, int, str, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(max_gap_ms) + _RELEASE_MARGIN_MS)
        self._timer.timeout.connect(self.release_held)

    @property
    def holding(self) -> bool:
        return self._detector.holding

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def release_held(self) -> None:
        """Send on whatever is held (a person's key after all)."""
        self._replay(self._detector.flush())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if self._window is not None and not self._window.isVisible():
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False  # the window gets it first; judge it once, at the widget
        if event.timestamp() == 0:
            return False  # synthetic: made by the program, not typed
        seen = (event.timestamp(), event.key(), event.text(), event.nativeScanCode())
        if seen == self._last_seen:
            return False  # the same press travelling up to a parent widget
        self._last_seen = seen
        return self._judge(watched, event)

    def _judge(self, target: QWidget, event: QKeyEvent) -> bool:
        at = float(event.timestamp())
        text = event.text()
        typing = not (event.modifiers() & ~_TYPING_MODIFIERS)
        if event.key() in _ENTER_KEYS and typing:
            decision = self._detector.enter(at)
        elif (typing and len(text) == 1 and text.isprintable()
              and not event.isAutoRepeat()):
            decision = self._detector.key(_HeldKey.of(target, event), text, at)
        else:
            decision = self._detector.other()
        self._replay(decision.release)
        if decision.scanned is not None:
            self._timer.stop()
            payload = decision.scanned
            log.info("barcode reader: a print payload was scanned")
            QTimer.singleShot(0, lambda: self.scanned.emit(payload))
            return True
        if decision.hold:
            self._timer.start()
            return True
        if not self._detector.holding:
            self._timer.stop()
        return False

    def _replay(self, keys: tuple[_HeldKey, ...]) -> None:
        if not keys:
            return
        self._replaying = True
        try:
            for held in keys:
                if shiboken6.isValid(held.target):
                    QApplication.sendEvent(held.target, held.event())
        finally:
            self._replaying = False


class BarcodeReaderLookup(QObject):
    """Install in a main window: scans open the case dialog, which can print again."""

    opened = Signal(object)  # the CaseLookupDialog, or None when the payload was not ours
    open_case = Signal(str)  # the clerk asked for the case's detail (its number)

    def __init__(self, desk: Desk, ops: Operations, printing: PrintingActions,
                 window: QWidget) -> None:
        super().__init__(window)
        self._desk = desk
        self._ops = ops
        self._printing = printing
        self._window = window
        self.filter = BarcodeReaderFilter(self, window=window)
        self.filter.scanned.connect(self.look_up)
        self.filter.install()
        self.dialog: CaseLookupDialog | None = None

    def look_up(self, payload: str) -> None:
        """Find the case and the print behind ``payload`` (off the GUI thread), then show."""
        desk = self._desk
        self._ops.read(self, "barcode lookup", lambda: desk.printouts.lookup(payload),
                       self._show, self._failed)

    def _show(self, result: ScanLookup | None) -> None:
        if result is None:  # not ours after all (the filter checks, so hardly ever)
            self.opened.emit(None)
            return
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        dialog = CaseLookupDialog(result, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_receipt.connect(self._printing.print_receipt)
        dialog.print_report.connect(self._printing.print_report)
        dialog.open_case.connect(self.open_case)
        self.dialog = dialog
        dialog.open()
        self.opened.emit(dialog)

    def _failed(self, _error: BaseException) -> None:
        log.warning("barcode lookup failed")
        self.opened.emit(None)
