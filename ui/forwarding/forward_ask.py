"""Opening the forward dialog for a screen: the institution index is built (once per tree,
a few hundred milliseconds) off the GUI thread first; searching it afterwards is in
memory, so the dialog itself reads nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from models.institution_search import InstitutionIndex
from ui.forwarding.forward_dialog import CasePreview, ForwardChoice, ForwardDialog
from ui.operations import Operations


class ForwardAsk(QObject):
    """Opens the forward dialog for ``owner``; ``dialog`` is the one open (tests reach it)."""

    def __init__(self, desk: Desk, ops: Operations, owner: QWidget) -> None:
        super().__init__(owner)
        self._desk = desk
        self._ops = ops
        self._owner = owner
        self.dialog: ForwardDialog | None = None

    def ask(self, preview: CasePreview, decided: Callable[[ForwardChoice], object],
            cancelled: Callable[[], None] | None = None) -> None:
        reference = self._desk.reference

        def opened(index: InstitutionIndex) -> None:
            dialog = ForwardDialog(index, reference.subjects, reference.subject_codes,
                                   preview, self._owner.window())
            self.dialog = dialog
            dialog.decided.connect(decided)
            if cancelled is not None:
                dialog.rejected.connect(cancelled)
            dialog.open()

        self._ops.run(self, "forward-index", lambda: reference.institution_index, opened)
