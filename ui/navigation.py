"""The window's navigation: Bugün, the four intake forms under "Yeni Başvuru", and the
lists, each on Ctrl+1 … Ctrl+9 and Ctrl+0, with their counts."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from models.enums import Channel
from models.i18n import N_, _, format_number
from ui.icons import icon


class NavigationItem(Enum):
    HOME = N_("Bugün")
    INTAKE_IN_PERSON = N_("Şahsen")
    INTAKE_LETTER = N_("Mektup")
    INTAKE_FAX = N_("Faks")
    INTAKE_EMAIL = N_("E-posta")
    DRAFTS = N_("Taslaklar")
    APPLICATIONS = N_("Başvurularım")
    OUTBOX = N_("Gönderim Kuyruğu")
    QUARANTINE = N_("Karantina")
    PRINT_HISTORY = N_("Yazdırma Geçmişi")

    @property
    def label(self) -> str:
        """The entry's name in the navigation, in the desk's language."""
        return _(self.value)


NAVIGATION_ICONS = {
    NavigationItem.HOME: "home",
    NavigationItem.INTAKE_IN_PERSON: "in-person",
    NavigationItem.INTAKE_LETTER: "letter",
    NavigationItem.INTAKE_FAX: "fax",
    NavigationItem.INTAKE_EMAIL: "email",
    NavigationItem.DRAFTS: "drafts",
    NavigationItem.APPLICATIONS: "applications",
    NavigationItem.OUTBOX: "outbox",
    NavigationItem.QUARANTINE: "warning",
    NavigationItem.PRINT_HISTORY: "print",
}

INTAKE_PAGES: dict[Channel, NavigationItem] = {
    Channel.IN_PERSON: NavigationItem.INTAKE_IN_PERSON,
    Channel.LETTER: NavigationItem.INTAKE_LETTER,
    Channel.FAX: NavigationItem.INTAKE_FAX,
    Channel.EMAIL: NavigationItem.INTAKE_EMAIL,
}
NEW_APPLICATION_TITLE = N_("Yeni Başvuru")


class NavigationTree(QTreeWidget):
    """The entries in ``items`` order (the order of their Ctrl+number); ``chosen`` carries
    the entry the clerk moved to. It takes focus only from a click: the keys are the
    window's, the typing the form's."""

    chosen = Signal(object)  # NavigationItem

    def __init__(self, items: Sequence[NavigationItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(18)
        # A long name with a five-digit count ("Yazdırma Geçmişi (11.884)") is wider than
        # the panel: the middle of the name gives way, never the count.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._entries: dict[NavigationItem, QTreeWidgetItem] = {}
        heading = QTreeWidgetItem(self, [_(NEW_APPLICATION_TITLE)])
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a title, not a page
        font = heading.font(0)
        font.setBold(True)
        heading.setFont(0, font)
        for number, item in enumerate(items, start=1):
            if item is NavigationItem.HOME:  # above the new-application heading
                entry = QTreeWidgetItem([item.label])
                self.insertTopLevelItem(0, entry)
            else:
                parent_entry = heading if item in INTAKE_PAGES.values() else None
                entry = (QTreeWidgetItem(parent_entry, [item.label]) if parent_entry
                         else QTreeWidgetItem(self, [item.label]))
            entry.setIcon(0, icon(NAVIGATION_ICONS[item]))
            entry.setData(0, Qt.ItemDataRole.UserRole, item.name)
            keys = QKeySequence(f"Ctrl+{number % 10}").toString(
                QKeySequence.SequenceFormat.NativeText)
            entry.setToolTip(0, f"{item.label} ({keys})")
            self._entries[item] = entry
        self.expandAll()
        self.currentItemChanged.connect(self._moved)

    def select(self, item: NavigationItem) -> None:
        self.setCurrentItem(self._entries[item])

    def text_of(self, item: NavigationItem) -> str:
        return self._entries[item].text(0)

    def show_count(self, item: NavigationItem, count: int, *, hide_zero: bool = False) -> None:
        """``Başvurularım (1.234)``; with ``hide_zero`` a zero shows as the bare name."""
        shown = "" if hide_zero and not count else f" ({format_number(count)})"
        self._entries[item].setText(0, f"{item.label}{shown}")

    def _moved(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        name = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        if name:
            self.chosen.emit(NavigationItem[str(name)])
