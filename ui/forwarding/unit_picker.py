"""Picking a unit of the institution tree: a search box over a tree, keyboard first.

Empty search: the tree itself, its children read when a branch opens (6,000 units are
not put in the view at once). Typed search: the units found (models/institution_search.py,
Turkish case rules, forgiving missing Turkish letters, or a DETSİS code), flat, each with
the unit it belongs to. ↓ from the box goes into the list, Enter (or a double click)
chooses, Esc in the list goes back to the box. The search is in memory (an index built off
the GUI thread before the dialog opens) and answers within a millisecond or two.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _, format_number
from models.institution_search import InstitutionIndex
from models.reference import Institution

_CODE_ROLE = Qt.ItemDataRole.UserRole
_LOADED_ROLE = Qt.ItemDataRole.UserRole + 1
_BLOCKED_ROLE = Qt.ItemDataRole.UserRole + 2


class UnitPicker(QWidget):
    """``chosen(code)`` when the clerk picks a unit (Enter or a double click)."""

    chosen = Signal(str)

    def __init__(self, index: InstitutionIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index = index
        # Codes the case may not reach (the do-not-send list, with the units below): shown
        # greyed with the reason, so the clerk sees it before choosing.
        self.blocked: Callable[[str], bool] = lambda _code: False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setObjectName("unitSearch")
        self.search.setPlaceholderText(_("Birim ara: adı (Türkçe harfsiz de olur) ya da "
                                         "DETSİS kodu"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Birim ara"))
        layout.addWidget(self.search)
        self.count = QLabel("", self)
        self.count.setObjectName("hint")
        layout.addWidget(self.count)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("unitTree")
        self.tree.setHeaderLabels([_("Birim"), _("DETSİS"), _("Bağlı olduğu")])
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 80)
        self.tree.setAccessibleName(_("Kurum ağacı"))
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._choose_first)
        self.search.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.itemExpanded.connect(self._load_children)
        self.tree.itemActivated.connect(self._activated)
        self._show_tree()

    def current_code(self) -> str | None:
        item = self.tree.currentItem()
        code = item.data(0, _CODE_ROLE) if item is not None else None
        return str(code) if code else None

    def visible_codes(self) -> list[str]:
        codes = []
        iterator = QTreeWidgetItemIterator(self.tree)
        while (item := iterator.value()) is not None:
            if not item.isHidden():
                codes.append(str(item.data(0, _CODE_ROLE)))
            iterator += 1
        return codes

    # ----- showing ----------------------------------------------------------------------------

    def _show_tree(self) -> None:
        self.tree.clear()
        for institution in self._index.tree.institutions:
            if institution.active:
                self.tree.addTopLevelItem(self._item(institution, ""))
        self.count.setText(_("Kurum ağacı: {count} birim. Aramak için yazın.").format(
            count=format_number(len(self._index))))

    def _item(self, unit: Institution, parent_name: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([unit.name, unit.detsis_code, parent_name])
        item.setData(0, _CODE_ROLE, unit.detsis_code)
        item.setToolTip(0, " › ".join(self._index.tree.path_names(unit.detsis_code)))
        self._mark(item)
        if any(child.active for child in unit.units):
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        return item

    def _load_children(self, item: QTreeWidgetItem) -> None:
        if item.data(0, _LOADED_ROLE):
            return
        item.setData(0, _LOADED_ROLE, True)
        unit = self._index.tree.find(str(item.data(0, _CODE_ROLE)))
        if unit is None:
            return
        item.addChildren([self._item(child, unit.name) for child in unit.units
                          if child.active])

    def _search(self, text: str) -> None:
        if not text.strip():
            self._show_tree()
            return
        found = self._index.search(text)
        self.tree.clear()
        for match in found:
            item = QTreeWidgetItem([match.name, match.detsis_code,
                                    match.path[-1] if match.path else ""])
            item.setData(0, _CODE_ROLE, match.detsis_code)
            item.setToolTip(0, " › ".join((*match.path, match.name)))
            self._mark(item)
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
            self.count.setText(_("{count} birim bulundu (en çok 50 gösterilir). ↓ ile "
                                 "listeye geçin, Enter ile seçin.").format(
                count=format_number(len(found))))
        else:
            self.count.setText(_("Bu aramayla birim bulunamadı."))

    def refresh_marks(self) -> None:
        """The do-not-send list changed: grey (or un-grey) what is shown."""
        iterator = QTreeWidgetItemIterator(self.tree)
        while (item := iterator.value()) is not None:
            self._mark(item)
            iterator += 1

    def _mark(self, item: QTreeWidgetItem) -> None:
        blocked = self.blocked(str(item.data(0, _CODE_ROLE)))
        brush = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text) \
            if blocked else self.palette().brush(QPalette.ColorRole.Text)
        for column in range(3):
            item.setForeground(column, brush)
        item.setStatusTip(0, _("Gönderilmeyecek kurumlar listesinde (ya da altında)")
                          if blocked else "")
        item.setData(0, _BLOCKED_ROLE, blocked)

    def is_marked(self, code: str) -> bool:
        """Is ``code`` shown greyed as blocked (tests, and the dialog's own checks)?"""
        iterator = QTreeWidgetItemIterator(self.tree)
        while (item := iterator.value()) is not None:
            if item.data(0, _CODE_ROLE) == code:
                return bool(item.data(0, _BLOCKED_ROLE))
            iterator += 1
        return False

    # ----- choosing -------------------------------------------------------------------------

    def _choose_first(self) -> None:
        code = self.current_code()
        if code:
            self.chosen.emit(code)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.chosen.emit(str(item.data(0, _CODE_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.search and event.key() == Qt.Key.Key_Down:
            self.tree.setFocus(Qt.FocusReason.TabFocusReason)
            first = self.tree.topLevelItem(0)
            if self.tree.currentItem() is None and first is not None:
                self.tree.setCurrentItem(first)
            return True
        if watched is self.tree and event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False
