"""Printing from the window: a preview with printer choice, then paper or a PDF file.

:class:`PrintingActions` does the work off the GUI thread, through the print service's two
steps (``docs/printing.md``): ``preview`` renders the document for a look and writes nothing;
``produce`` prints (or saves) it and logs it with its serial in one transaction. So a preview
the clerk closes uses no serial and leaves no print-log row.

:class:`PrintPreviewDialog` shows the pages and offers the printers the system has (the one
last used for this document type first, then the system default), the receipt's paper, and,
for a report, revealing identity for this one print (audited). "Yazdır" prints; "PDF olarak
kaydet…" is always there. With no printer installed, "Yazdır" saves the PDF into the PDF
folder and says where.

Receipts can go straight to the receipt printer without the dialog (setting
``receipt_direct_print``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from bimer_desktop.settings import PRINTER_SETTINGS
from models.i18n import N_, _, ngettext
from services.printouts import (
    DocumentKind,
    PdfFile,
    PrintedDocument,
    PrintError,
    PrintOutput,
    PrintPreview,
    PrintRequest,
    ReceiptLayout,
    free_pdf_path,
)
from ui.operations import Change, Operations
from ui.pdf_pages import PdfRenderError, render_pdf_pages
from ui.printers import PrinterCatalog, QtPrinterCatalog
from ui.screen_fit import fit_dialog

log = logging.getLogger("bimer.ui")


PREVIEW_DPI = 80.0
NO_PRINTER_TEXT = N_("Yazıcı bulunamadı")
UNEXPECTED = N_("Belge hazırlanamadı. Tekrar deneyin; sorun sürerse sistem yöneticisine "
                "bildirin.")


@dataclass(frozen=True)
class Printers:
    """The system's printers at the moment of asking, and which one to offer first."""

    names: list[str]
    preferred: str | None


def preferred_printer(names: list[str], remembered: str, default: str | None) -> str | None:
    """The printer last used for this document type if still there, else the system's
    default, else the first one; None when there is no printer at all."""
    for candidate in (remembered, default):
        if candidate and candidate in names:
            return candidate
    return names[0] if names else None


@dataclass(frozen=True)
class _Prepared:
    preview: PrintPreview
    printers: Printers


@dataclass(frozen=True)
class _Printed:
    document: PrintedDocument
    no_printer: bool
    """Saved into the PDF folder because the system has no printer."""


class PrintPreviewDialog(QDialog):
    """The pages of one document, with what to print it on. Thin: the controller does the
    work; the dialog says what the clerk chose through its signals."""

    print_clicked = Signal(str)  # the printer's name; "" when there is none (PDF instead)
    save_clicked = Signal(str)  # the file the clerk chose
    options_changed = Signal()  # paper or identity choice changed: render again

    def __init__(self, preview: PrintPreview, printers: Printers, pdf_folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.preview = preview
        self.pages: list[QLabel] = []
        """One picture per page of the preview shown now."""
        fit_dialog(self, 980, 720)

        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(14)
        self.pages_box.setStyleSheet("background: #6b7078;")
        scroll = QScrollArea()
        scroll.setWidget(self.pages_box)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #6b7078; border: none; }")

        side = QWidget()
        side.setFixedWidth(300)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_label = QLabel(preview.request.kind.label)
        self.kind_label.setStyleSheet("font-weight: bold;")
        form.addRow(_("Belge:"), self.kind_label)
        self.printer_combo = QComboBox()
        self.printer_combo.setObjectName("printerChoice")
        if printers.names:
            self.printer_combo.addItems(printers.names)
            if printers.preferred is not None:
                self.printer_combo.setCurrentText(printers.preferred)
        else:
            self.printer_combo.addItem(_(NO_PRINTER_TEXT))
            self.printer_combo.setEnabled(False)
        form.addRow(_("Yazıcı:"), self.printer_combo)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("paperChoice")
        for layout in ReceiptLayout:
            self.layout_combo.addItem(layout.label, layout.value)
        self.reveal_box = QCheckBox(_("Kimliği bu baskıda yıldızsız bas"))
        self.reveal_box.setObjectName("revealIdentity")
        if preview.request.kind is DocumentKind.RECEIPT:
            self.layout_combo.setCurrentIndex(
                self.layout_combo.findData((preview.layout or ReceiptLayout.A4).value))
            form.addRow(_("Kâğıt:"), self.layout_combo)
            self.reveal_box.hide()
        else:
            self.layout_combo.addItem("A4", ReceiptLayout.A4.value)
            self.layout_combo.hide()
            form.addRow(self.reveal_box)
            if preview.identity_hidden:
                self.reveal_box.setEnabled(False)
                self.reveal_box.setToolTip(_("Başvuran kimliğinin gizlenmesini istedi; kimlik "
                                             "hiçbir baskıda açılamaz."))
            else:
                self.reveal_box.setToolTip(_("Yalnızca bu baskı için; kim, ne zaman açtı "
                                             "denetim kaydına yazılır."))
        self.layout_combo.currentIndexChanged.connect(lambda _i: self.options_changed.emit())
        self.reveal_box.toggled.connect(lambda _on: self.options_changed.emit())

        self.info = QLabel()
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        self.no_printer = QLabel(_(
            "Bu bilgisayarda kurulu yazıcı yok. \"Yazdır\", belgeyi PDF olarak "
            "{folder} klasörüne kaydeder; oradan yazıcısı olan bir bilgisayarda "
            "basabilirsiniz.").format(folder=pdf_folder))
        self.no_printer.setObjectName("infoBar")
        self.no_printer.setWordWrap(True)
        self.no_printer.setVisible(not printers.names)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)

        self.print_button = QPushButton(_("Yazdır"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("PDF olarak kaydet…"))
        self.save_button.setObjectName("savePdfButton")
        self.close_button = QPushButton(_("Kapat"))
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self.ask_pdf_path)
        self.close_button.clicked.connect(self.reject)

        column = QVBoxLayout(side)
        column.addLayout(form)
        column.addSpacing(8)
        column.addWidget(self.no_printer)
        column.addWidget(self.info)
        column.addWidget(self.error)
        column.addStretch(1)
        column.addWidget(self.status)
        column.addWidget(self.print_button)
        column.addWidget(self.save_button)
        column.addWidget(self.close_button)

        outer = QHBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(side)
        self.set_preview(preview)

    # ----- what the clerk chose -----------------------------------------------------------

    @property
    def chosen_printer(self) -> str:
        return self.printer_combo.currentText() if self.printer_combo.isEnabled() else ""

    @property
    def chosen_layout(self) -> ReceiptLayout:
        return ReceiptLayout(str(self.layout_combo.currentData()))

    @property
    def reveal_identity(self) -> bool:
        return self.preview.request.kind is DocumentKind.REPORT and self.reveal_box.isChecked()

    def request(self) -> PrintRequest:
        """The request as the dialog's choices make it now."""
        base = self.preview.request
        if base.kind is DocumentKind.RECEIPT:
            return replace(base, layout=self.chosen_layout)
        return replace(base, reveal_identity=self.reveal_identity)

    # ----- what the controller shows ------------------------------------------------------

    def set_preview(self, preview: PrintPreview) -> None:
        self.preview = preview
        self.setWindowTitle(preview.title)
        for old in self.pages:
            self.pages_layout.removeWidget(old)
            old.deleteLater()
        self.pages = []
        try:
            images = render_pdf_pages(preview.pdf, PREVIEW_DPI)
        except PdfRenderError as error:
            self.show_error(str(error))
            images = []
        for image in images:
            page = QLabel()
            page.setObjectName("previewPage")
            pixmap = QPixmap.fromImage(image)
            page.setPixmap(pixmap)
            page.setStyleSheet("background: white; border: 1px solid #4a4f57;")
            page.setFixedSize(pixmap.width() + 2, pixmap.height() + 2)
            self.pages_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(page)
        self.info.setText(ngettext(
            "{number} · {pages} sayfa. Yazdırma seri numarası belge basıldığında "
            "verilir (önizlemedeki barkod bir sonraki seriyi gösterir); kapatılan önizleme "
            "kayda girmez.",
            "{number} · {pages} sayfa. Yazdırma seri numarası belge basıldığında "
            "verilir (önizlemedeki barkod bir sonraki seriyi gösterir); kapatılan önizleme "
            "kayda girmez.", preview.page_count).format(number=preview.station_number,
                                                        pages=preview.page_count))
        self.set_busy(False)

    def set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.print_button, self.save_button, self.layout_combo,
                       self.reveal_box):
            widget.setEnabled(not busy)
        if not busy and self.preview.identity_hidden:
            self.reveal_box.setEnabled(False)
        self.printer_combo.setEnabled(not busy and self.printer_combo.count() > 0
                                      and self.printer_combo.itemText(0) != _(NO_PRINTER_TEXT))
        self.status.setText(text)
        if busy:
            self.error.hide()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()

    # ----- actions ------------------------------------------------------------------------

    def _print(self) -> None:
        self.print_clicked.emit(self.chosen_printer)

    def ask_pdf_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("PDF olarak kaydet"), self.preview.suggested_file_name,
            _("PDF belgesi (*.pdf)"))
        if path:
            self.save_clicked.emit(path)


class PrintingActions(QObject):
    """Ctrl+P and the print buttons: preview off the GUI thread, then print or save."""

    preview_shown = Signal(object)  # the PrintPreviewDialog
    printed = Signal(object)  # the PrintedDocument
    failed = Signal(str)  # a message in the desk's language, also shown to the clerk

    def __init__(self, desk: Desk, ops: Operations, window: QWidget,
                 catalog: PrinterCatalog | None = None) -> None:
        super().__init__(window)
        self._desk = desk
        self._ops = ops
        self._window = window
        self.catalog: PrinterCatalog = catalog or QtPrinterCatalog()
        self.dialog: PrintPreviewDialog | None = None
        self.last_document: PrintedDocument | None = None

    # ----- entry points -------------------------------------------------------------------

    def print_receipt(self, number: str) -> None:
        request = PrintRequest(DocumentKind.RECEIPT, number)
        if self._desk.config.settings.receipt_direct_print:
            self.print_directly(request)
        else:
            self.open_preview(request)

    def print_report(self, number: str) -> None:
        self.open_preview(PrintRequest(DocumentKind.REPORT, number))

    def print_again(self, kind: DocumentKind, number: str) -> None:
        """The same document once more (Yazdırma Geçmişi): a receipt as a receipt prints."""
        if kind is DocumentKind.REPORT:
            self.print_report(number)
        else:
            self.print_receipt(number)

    def open_preview(self, request: PrintRequest) -> None:
        desk, user = self._desk, self._desk.config.user
        catalog = self.catalog

        def job() -> _Prepared:
            preview = desk.printouts.preview(request, user)
            return _Prepared(preview, self._printers(catalog, request.kind))

        self._ops.run(self, "print preview", job, self._show_preview, self._failed)

    def print_directly(self, request: PrintRequest) -> None:
        """Straight to this document type's printer, no dialog; PDF when there is none."""
        catalog = self.catalog

        def job() -> _Printed:
            printers = self._printers(catalog, request.kind)
            return self._produce_job(request, printers.preferred or "")

        self._ops.mutate(self, "print", job, Change.PRINTS, self._printed, self._failed)

    # ----- the dialog's requests ----------------------------------------------------------

    def _show_preview(self, prepared: _Prepared) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog = PrintPreviewDialog(prepared.preview, prepared.printers,
                                    self._desk.config.pdf_folder, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_clicked.connect(self._print_from_dialog)
        dialog.save_clicked.connect(self._save_from_dialog)
        dialog.options_changed.connect(self._render_again)
        dialog.destroyed.connect(lambda _obj=None: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        self.preview_shown.emit(dialog)

    def _forget(self, dialog: PrintPreviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _render_again(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        request = dialog.request()
        desk, user = self._desk, self._desk.config.user
        dialog.set_busy(True, _("Önizleme hazırlanıyor…"))
        self._ops.run(
            self, "print preview",
            lambda: desk.printouts.preview(request, user),
            lambda preview: self._update(dialog, preview),
            lambda error: self._dialog_failed(dialog, error),
        )

    def _update(self, dialog: PrintPreviewDialog, preview: PrintPreview) -> None:
        if self.dialog is dialog:
            dialog.set_preview(preview)

    def _print_from_dialog(self, printer: str) -> None:
        self._produce_from_dialog(printer=printer, path=None)

    def _save_from_dialog(self, path: str) -> None:
        self._produce_from_dialog(printer=None, path=Path(path))

    def _produce_from_dialog(self, *, printer: str | None, path: Path | None) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        request = dialog.request()
        dialog.set_busy(True, _("Yazdırılıyor…") if path is None else _("Kaydediliyor…"))
        if path is not None:
            job = lambda: self._produce_job(request, "", path=path)  # noqa: E731
        else:
            job = lambda: self._produce_job(request, printer or "")  # noqa: E731
        self._ops.mutate(self, "print", job, Change.PRINTS,
                         lambda printed: self._printed_from(dialog, printed),
                         lambda error: self._dialog_failed(dialog, error))

    # ----- the work (worker thread) -------------------------------------------------------

    def _printers(self, catalog: PrinterCatalog, kind: DocumentKind) -> Printers:
        names = catalog.names()
        remembered = self._desk.config.settings.printer_for(kind.value)
        return Printers(names, preferred_printer(names, remembered, catalog.default_name()))

    def _produce_job(self, request: PrintRequest, printer: str, *,
                     path: Path | None = None) -> _Printed:
        """Print on ``printer``, or save to ``path``; with neither (no printer installed),
        save into the PDF folder. Remembers the printer for the document type."""
        desk = self._desk
        output: PrintOutput
        if path is not None:
            output = PdfFile(path)
        elif printer:
            output = self.catalog.printer(printer)
        else:
            number = desk.queries.find(request.number)
            station_number = number.station_number if number else request.number
            output = PdfFile(free_pdf_path(desk.config.pdf_folder, request.kind, station_number))
        document = desk.printouts.produce(request, desk.config.user, output)
        kind = request.kind.value
        if printer and path is None and desk.config.settings.printer_for(kind) != printer:
            try:
                desk.remember_setting(PRINTER_SETTINGS[kind], printer)
            except (OSError, ValueError):
                log.warning("could not remember the %s printer", request.kind.value)
        return _Printed(document, no_printer=not printer and path is None)

    # ----- answers (GUI thread) -----------------------------------------------------------

    def _printed_from(self, dialog: PrintPreviewDialog, printed: _Printed) -> None:
        if self.dialog is dialog:
            dialog.accept()
        self._printed(printed)

    def _printed(self, printed: _Printed) -> None:
        document = printed.document
        self.last_document = document
        if document.printer.startswith("PDF: "):
            path = document.printer.removeprefix("PDF: ")
            if not printed.no_printer:
                text = _("{document} PDF olarak kaydedildi:\n{path}").format(
                    document=document.kind.label, path=path)
            else:
                text = _("Bu bilgisayarda kurulu yazıcı bulunamadı. {document} PDF olarak "
                         "kaydedildi:\n{path}\n\nBu dosyayı yazıcısı olan bir bilgisayardan "
                         "basabilirsiniz.").format(document=document.kind.label, path=path)
            text += "\n\n" + _("Yazdırma seri no {serial}.").format(serial=document.serial)
            self._message(QMessageBox.Icon.Information, text, "printedAsPdf")
        else:
            self._status(ngettext("{document} yazıcıya gönderildi: {printer} (seri {serial}, "
                                  "{pages} sayfa).",
                                  "{document} yazıcıya gönderildi: {printer} (seri {serial}, "
                                  "{pages} sayfa).", document.page_count).format(
                               document=document.kind.label, printer=document.printer,
                               serial=document.serial, pages=document.page_count))
        self.printed.emit(document)

    def _dialog_failed(self, dialog: PrintPreviewDialog, error: BaseException) -> None:
        message = _message_for(error)
        if self.dialog is dialog:
            dialog.show_error(message)
        else:
            self._message(QMessageBox.Icon.Warning, message, "printError")
        self.failed.emit(message)

    def _failed(self, error: BaseException) -> None:
        message = _message_for(error)
        self._message(QMessageBox.Icon.Warning, message, "printError")
        self.failed.emit(message)

    def _message(self, icon: QMessageBox.Icon, text: str, name: str) -> None:
        box = QMessageBox(icon, _("Yazdırma"), text, QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName(name)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _status(self, text: str) -> None:
        window = self._window.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)


def _message_for(error: BaseException) -> str:
    return str(error) if isinstance(error, PrintError) else _(UNEXPECTED)
