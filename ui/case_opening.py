"""Opening a case detail from anywhere in the window: a list row, a scanned barcode, a
number typed in a search box. One detail at a time; its actions go to the window's own
printing, correction and re-queue."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.i18n import _
from services.case_search import CaseRow
from ui.case_detail_dialog import CaseDetailDialog, Neighbour
from ui.operations import Operations
from ui.print_dialogs import PrintingActions


class CaseOpener(QObject):
    """``opened`` carries the dialog; ``not_found`` the number that found no case."""

    opened = Signal(object)
    not_found = Signal(str)

    def __init__(self, desk: Desk, ops: Operations, printing: PrintingActions,
                 correct: Callable[[int], None], requeue: Callable[[int], None],
                 window: QWidget) -> None:
        super().__init__(window)
        self._desk = desk
        self._ops = ops
        self._printing = printing
        self._correct = correct
        self._requeue = requeue
        self._window = window
        self.dialog: CaseDetailDialog | None = None

    def open(self, application_id: int, neighbour: Neighbour | None = None) -> CaseDetailDialog:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        dialog = CaseDetailDialog(self._desk, self._ops, application_id, neighbour,
                                  self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_receipt.connect(self._printing.print_receipt)
        dialog.print_report.connect(self._printing.print_report)
        dialog.correct_requested.connect(self._correct)
        dialog.requeue_requested.connect(self._requeue)
        self.dialog = dialog
        dialog.open()
        self.opened.emit(dialog)
        return dialog

    def open_number(self, number: str) -> None:
        """The case with this station or central number (found off the GUI thread)."""
        desk = self._desk
        viewer = desk.viewer()
        self._ops.read(self, "open number", lambda: desk.cases.find_one(number, viewer),
                       lambda row: self._found(number, row))

    def _found(self, number: str, row: CaseRow | None) -> None:
        if row is None:
            self.not_found.emit(_("{number} numaralı başvuru bu masada yok.").format(
                number=number))
            return
        self.open(row.id)
