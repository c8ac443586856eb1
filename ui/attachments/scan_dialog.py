"""Tara…: choose a scanner and how to scan, scan on a worker thread, hand back the pages.

Finding scanners can take seconds (network scanners answer slowly) and a feeder batch
minutes, so both run through ``ui/operations.py``; the dialog stays responsive and
says what it is doing. A desk without a scanner gets the reason in words, never a crash.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from services.scan_options import MODE_TITLES, SOURCE_TITLES, ColorMode, ScanSource
from services.scanning import (
    NO_SCANNER_MESSAGE,
    Scanner,
    ScannerDevice,
    ScannerError,
    ScanSettings,
)
from ui.operations import Operations
from ui.style import ERROR_RED, MUTED_TEXT, set_state_property

log = logging.getLogger("bimer.ui")

DPI_CHOICES = (150, 200, 300, 400, 600)

# Kept with the dialog while it is new; the lead may fold it into ui/style.py.
SCAN_DIALOG_STYLE = f"""
QLabel#scanStatus {{ padding: 4px 2px 8px 2px; }}
QLabel#scanStatus[state="busy"] {{ color: {MUTED_TEXT}; font-style: italic; }}
QLabel#scanStatus[state="problem"] {{ color: {ERROR_RED}; }}
"""


class ScanDialog(QDialog):
    """Emits ``scanned(pages)`` — one PNG a page, in order — and closes after a scan.

    Vazgeç during a scan closes the dialog and asks the scanner to stop (SANE: the
    scanimage process is killed; WIA: before the next page); nothing is attached.
    """

    scanned = Signal(list)
    devices_loaded = Signal()  # the device list arrived (or the reason there is none)

    def __init__(self, scanner: Scanner | None, ops: Operations,
                 parent: QWidget | None = None, *, defaults: ScanSettings | None = None,
                 preferred_device: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tara"))
        self.setObjectName("scanDialog")
        self.setStyleSheet(SCAN_DIALOG_STYLE)
        self.setMinimumWidth(540)  # a scanner's full name fits: "Canon DR-C225 II (USB)"
        self._scanner = scanner
        self._ops = ops
        self._preferred = preferred_device
        self._busy = False
        self.pages: list[bytes] = []
        defaults = defaults or ScanSettings()

        self._status = QLabel(self)
        self._status.setObjectName("scanStatus")
        self._status.setWordWrap(True)

        self.device = QComboBox(self)
        self.device.setObjectName("scanDevice")
        self.device.setMinimumContentsLength(28)
        self._refresh = QPushButton(_("Yenile"), self)
        self._refresh.setToolTip(_("Tarayıcıları yeniden ara"))
        self._refresh.clicked.connect(self.find_devices)
        device_row = QHBoxLayout()
        device_row.addWidget(self.device, 1)
        device_row.addWidget(self._refresh)

        self.source = QComboBox(self)
        self.source.setObjectName("scanSource")
        for source in (ScanSource.FEEDER, ScanSource.FLATBED):
            # Marked where they are defined (services/scanning.py); translated here.
            self.source.addItem(_(SOURCE_TITLES[source]), source.value)
        self.duplex = QCheckBox(_("Çift yüzlü (arkalı önlü)"), self)
        self.duplex.setObjectName("scanDuplex")
        self.dpi = QComboBox(self)
        self.dpi.setObjectName("scanDpi")
        for dpi in sorted({*DPI_CHOICES, defaults.dpi}):
            self.dpi.addItem(_("{dpi} dpi").format(dpi=dpi), dpi)
        self.mode = QComboBox(self)
        self.mode.setObjectName("scanMode")
        for mode in ColorMode:
            self.mode.addItem(_(MODE_TITLES[mode]), mode.value)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(_("Tarayıcı:"), device_row)
        form.addRow(_("Kaynak:"), self.source)
        form.addRow("", self.duplex)
        form.addRow(_("Çözünürlük:"), self.dpi)
        form.addRow(_("Renk:"), self.mode)

        buttons = QDialogButtonBox(self)
        self.scan_button = buttons.addButton(_("Tara"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.scan_button.setObjectName("scanButton")
        self.scan_button.setDefault(True)
        cancel = buttons.addButton(_("Vazgeç"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.scan_button.clicked.connect(self.start_scan)

        layout = QVBoxLayout(self)
        layout.addWidget(self._status)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.source.currentIndexChanged.connect(self._source_changed)
        self._select(self.source, defaults.source.value)
        self._select(self.dpi, defaults.dpi)
        self._select(self.mode, defaults.mode.value)
        self.duplex.setChecked(defaults.duplex)
        self._source_changed()
        self.find_devices()

    # --- what the clerk chose --------------------------------------------------------------

    def settings(self) -> ScanSettings:
        source = ScanSource(self.source.currentData())
        return ScanSettings(
            source=source,
            duplex=source is ScanSource.FEEDER and self.duplex.isChecked(),
            dpi=int(self.dpi.currentData()),
            mode=ColorMode(self.mode.currentData()),
        )

    def device_id(self) -> str | None:
        value = self.device.currentData()
        return str(value) if value else None

    def status_text(self) -> str:
        return self._status.text()

    # --- finding scanners ------------------------------------------------------------------

    def find_devices(self) -> None:
        self.device.clear()
        self._set_controls_enabled(False)
        if self._scanner is None:
            self._show(_(NO_SCANNER_MESSAGE), "problem")
            self.devices_loaded.emit()
            return
        self._show(_("Tarayıcılar aranıyor…"), "busy")
        self._busy = True
        scanner = self._scanner
        self._ops.run(self, "scanner devices", scanner.list_devices,
                      self._devices_arrived, self._devices_failed)

    def _devices_arrived(self, devices: list[ScannerDevice]) -> None:
        self._busy = False
        names = [device.name for device in devices]
        for device in devices:
            label = device.name if names.count(device.name) == 1 else \
                f"{device.name} ({device.id})"
            self.device.addItem(label, device.id)
            self.device.setItemData(self.device.count() - 1, device.id,
                                    Qt.ItemDataRole.ToolTipRole)
        self._select(self.device, self._preferred)
        self._show(_("Kâğıtları yerleştirip Tara düğmesine basın."), "ready")
        self._set_controls_enabled(True)
        self.scan_button.setFocus()
        self.devices_loaded.emit()

    def _devices_failed(self, error: BaseException) -> None:
        self._busy = False
        self._show(_message(error, _(NO_SCANNER_MESSAGE)), "problem")
        self._refresh.setEnabled(True)
        self.devices_loaded.emit()

    # --- scanning --------------------------------------------------------------------------

    def start_scan(self) -> None:
        device = self.device_id()
        if self._busy or device is None or self._scanner is None:
            return
        settings = self.settings()
        self._busy = True
        self._set_controls_enabled(False)
        doing = _("Besleyicideki sayfalar taranıyor…") if settings.source is ScanSource.FEEDER \
            else _("Taranıyor…")
        self._show(doing, "busy")
        scanner = self._scanner
        self._ops.run(self, "scan", lambda: scanner.scan(device, settings),
                      self._scan_done, self._scan_failed)

    def _scan_done(self, pages: list[bytes]) -> None:
        self._busy = False
        self.pages = pages
        self.scanned.emit(pages)
        self.accept()

    def _scan_failed(self, error: BaseException) -> None:
        self._busy = False
        self._show(_message(error, _("Tarama tamamlanamadı.")), "problem")
        self._set_controls_enabled(True)

    # --- helpers ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._busy and self._scanner is not None:
            self._scanner.cancel()  # a hung driver must not keep the scanner busy for ever
        super().reject()

    def _source_changed(self) -> None:
        feeder = self.source.currentData() == ScanSource.FEEDER.value
        self.duplex.setEnabled(feeder and not self._busy and self.device.count() > 0)

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.device, self.source, self.dpi, self.mode, self.scan_button,
                       self._refresh):
            widget.setEnabled(enabled)
        self.duplex.setEnabled(enabled and self.source.currentData() == ScanSource.FEEDER.value)

    def _show(self, text: str, state: str) -> None:
        self._status.setText(text)
        set_state_property(self._status, "state", state)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)


def _message(error: BaseException, fallback: str) -> str:
    if isinstance(error, ScannerError):
        return str(error)
    log.error("scanner call failed unexpectedly: %s", type(error).__name__)
    return fallback
