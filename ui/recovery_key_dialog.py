"""Kurtarma anahtarı: shown at the first start of a desk (and at every start until confirmed),
before the login, so that the operator setting the desk up prints or writes it down.

The desk's data is encrypted under a key kept in the OS keyring (``services/data_key.py``);
this is the only way back to it on another PC. "Tamam" is enabled only once the operator has
ticked that the key is kept; "Sonra" leaves it pending, to be shown at the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.i18n import _
from services.printouts import RenderedDocument
from ui.operations import Operations
from ui.printers import PrinterCatalog, QtPrinterCatalog


class RecoveryKeyDialog(QDialog):
    def __init__(self, desk: Desk, recovery_key: str, printers: PrinterCatalog,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._printers = printers
        self._recovery_key = recovery_key
        self._ops = Operations(self)
        self.setWindowTitle(_("Kurtarma anahtarı"))
        self.setObjectName("recoveryKeyDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Bu masanın başvuruları ve ekleri bilgisayarda şifreli durur. Bilgisayar değişir ya "
            "da sistem yeniden kurulursa veriler yalnızca aşağıdaki kurtarma anahtarıyla açılır. "
            "Yazdırın ya da kâğıda yazın ve kasada saklayın; bilgisayarda saklamayın."), self)
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key, self)
        self.key_label.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setObjectName("recoveryStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(_("Yazdır"), self)
        self.print_button.setEnabled(printers.default_name() is not None)
        if not self.print_button.isEnabled():
            self.print_button.setToolTip(_("Bu bilgisayarda yazıcı yok: PDF olarak kaydedin."))
        self.save_button = QPushButton(_("PDF olarak kaydet…"), self)
        self.kept = QCheckBox(_("Kurtarma anahtarını yazdırdım ya da kâğıda yazdım ve güvenli "
                                "bir yere koydum"), self)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.later_button = buttons.addButton(_("Sonra"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.ok_button.setEnabled(False)
        self.kept.toggled.connect(self.ok_button.setEnabled)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._choose_file)
        for widget in (intro, self.key_label, self.status, self.kept, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(min(640, max(420, self.sizeHint().width())))

    def _sheet_work(self) -> RenderedDocument:
        desk = self._desk
        return desk.data_keys.recovery_sheet(self._recovery_key, desk.config.station_code,
                                             desk.clock())

    def _print(self) -> None:
        name = self._printers.default_name()
        if name is None:
            return
        printer = self._printers.printer(name)

        def work() -> None:
            printer.deliver(self._sheet_work(), title=_("Kurtarma anahtarı"))

        self._ops.run(self, "recovery-print", work,
                      lambda _result: self._say(_("Yazıcıya gönderildi: {name}").format(
                          name=name)),
                      lambda error: self._say(_("Yazdırılamadı: {error}").format(error=error)))

    def _choose_file(self) -> None:
        suggested = self._desk.config.pdf_folder / _("kurtarma-anahtari.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("PDF olarak kaydet"), str(suggested), _("PDF belgesi (*.pdf)"))
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, target: Path) -> None:
        """Write the sheet to ``target`` on a worker; say where when done."""
        def work() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._sheet_work().pdf)
            return target

        self._ops.run(self, "recovery-save", work,
                      lambda path: self._say(_("Kaydedildi: {path}").format(path=path)),
                      lambda error: self._say(_("Kaydedilemedi: {error}").format(error=error)))

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _confirm(self) -> None:
        self._desk.data_keys.acknowledge_recovery_key()
        self.accept()


def show_recovery_key_if_pending(desk: Desk) -> None:
    """At start, before the login: the recovery key the operator has not confirmed yet."""
    if desk.config.training:
        return  # training data is made up; its key is not worth an operator's safe
    pending = desk.data_keys.pending_recovery_key()
    if pending is not None:
        RecoveryKeyDialog(desk, pending, QtPrinterCatalog()).exec()
