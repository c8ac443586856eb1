"""The desk's printers, behind two small interfaces so that tests can stand in for paper.

* :class:`PrinterCatalog` answers which printers the system has and which is its default.
  :class:`QtPrinterCatalog` asks Qt (``QPrinterInfo``: CUPS on Linux, the spooler on
  Windows).
* A printer is a :class:`services.printouts.PrintOutput`: it has a ``label`` (the name the
  print log records) and ``deliver(document, title=...)``. :class:`QtPrinter` is the real one:
  it rasterises each PDF page with QtPdf at the printer's resolution (at most 300 dpi) and
  paints it on a ``QPrinter``, page size set from the PDF so that an 80 mm thermal receipt
  goes out as 80 mm wide continuous paper and A5 as A5.

``deliver`` runs on a worker thread (``ui/operations.py``): Qt allows painting on a
``QPrinter`` and rendering a ``QPdfDocument`` off the GUI thread, and a spooling printer
must not freeze the window.

The one thing tests fake is the physical device: they pass a catalog whose printers record
what they were given. :meth:`QtPrinter.pdf_device` drives the same real code onto Qt's own
PDF printer engine, which is how the real implementation is tested here (no printer is
installed on a build machine).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from models.i18n import _
from services.printouts import OutputError, PrintOutput, RenderedDocument
from ui.pdf_pages import PdfRenderError, paint_pdf, pdf_page_size

log = logging.getLogger("bimer.printing")


class PrinterCatalog(Protocol):
    def names(self) -> list[str]:
        """Every printer the system offers, in its order; empty when none is installed."""
        ...

    def default_name(self) -> str | None:
        """The system's default printer, or None."""
        ...

    def printer(self, name: str) -> PrintOutput:
        """The printer called ``name``, ready to deliver a document."""
        ...


class QtPrinterCatalog:
    """The system's printers, as Qt sees them."""

    def names(self) -> list[str]:
        return [str(name) for name in QPrinterInfo.availablePrinterNames()]

    def default_name(self) -> str | None:
        return QPrinterInfo.defaultPrinterName() or None

    def printer(self, name: str) -> PrintOutput:
        return QtPrinter.system(name)


class QtPrinter:
    """A :class:`PrintOutput` that paints the PDF's pages on a ``QPrinter``."""

    def __init__(self, label: str, make_printer: Callable[[], QPrinter]) -> None:
        self._label = label
        self._make_printer = make_printer

    @classmethod
    def system(cls, name: str) -> QtPrinter:
        """The installed printer called ``name``."""

        def make() -> QPrinter:
            info = QPrinterInfo.printerInfo(name)
            if info.isNull():
                raise OutputError(_("'{printer}' yazıcısı bulunamadı. Yazıcı kaldırılmış ya da "
                                    "adı değişmiş olabilir; başka bir yazıcı seçin.").format(
                                        printer=name))
            return QPrinter(info, QPrinter.PrinterMode.HighResolution)

        return cls(name, make)

    @classmethod
    def pdf_device(cls, path: Path) -> QtPrinter:
        """Qt's PDF printer engine writing to ``path``: the real painting path, no device."""

        def make() -> QPrinter:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            return printer

        return cls(f"PDF: {path}", make)

    @property
    def label(self) -> str:
        return self._label

    def deliver(self, document: RenderedDocument, *, title: str) -> None:
        pdf = document.pdf
        printer = self._make_printer()
        printer.setDocName(title)
        printer.setFullPage(True)  # the PDF carries its own margins
        size = pdf_page_size(pdf, 0)
        if size is not None:
            page = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF())
            if not printer.setPageLayout(layout):
                log.warning("printer %s refused the page size; the page is scaled to fit",
                            self._label)
        try:
            paint_pdf(printer, pdf)
        except PdfRenderError as error:
            raise OutputError(_("'{printer}' yazıcısına gönderilemedi: {reason}").format(
                printer=self._label, reason=error)) from error
