"""The scanner's hot folder at the workbench: the tray of scans waiting there, and the scans
taken into a set that the clerk may still cancel.

The panel glances at the folder (``HotFolderWatcher.pending``) twice a second and shows
what waits in ``HotFolderTray``; Forma ekle (Ctrl+H, a double click) takes the selected
scans, or all of them. A workbench in a window of its own moves a taken scan to
``taken/`` only once the set is attached: until then ``HeldHotFiles`` remembers which
scans the set's pages came from, to hand them over, or to give them back to the tray.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _, format_time, ngettext
from models.turkish_text import format_size
from services import page_ops
from services.hot_folder import HotFile, HotFolderWatcher

HOT_FOLDER_REFRESH_MS = 500


class HotFolderTray(QGroupBox):
    """The scans waiting in ``watcher``'s folder, oldest first, looked at twice a second;
    ``take_requested`` when the clerk asks for them. Hidden without a hot folder."""

    take_requested = Signal()

    def __init__(self, watcher: HotFolderWatcher | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Tarama klasörü"), parent)
        self.setObjectName("hotFolderTray")
        self._watcher = watcher
        self._shown: list[HotFile] = []
        self.hot_list = QListWidget(self)
        self.hot_list.setObjectName("hotFolderList")
        self.hot_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.hot_list.setMaximumHeight(3 * (self.fontMetrics().height() + 6) + 8)
        self.hot_list.itemDoubleClicked.connect(lambda _item: self.take_requested.emit())
        self.take_button = QToolButton(self)
        self.take_button.setText(_("Forma ekle (Ctrl+H)"))
        self.take_button.setToolTip(_("Seçili dosyaları (seçim yoksa hepsini) bu başvuruya "
                                      "ekle"))
        self.take_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.take_button.clicked.connect(lambda _checked=False: self.take_requested.emit())
        self.hot_error = QLabel(self)
        self.hot_error.setObjectName("hotFolderError")
        self.hot_error.setWordWrap(True)
        self.hot_error.hide()
        side = QVBoxLayout()
        side.addWidget(self.take_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.hot_list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.hot_error)
        self.setVisible(watcher is not None)
        if watcher is not None:
            self._timer = QTimer(self)
            self._timer.setInterval(HOT_FOLDER_REFRESH_MS)
            self._timer.timeout.connect(self.refresh)
            self._timer.start()
            self.refresh()

    def refresh(self) -> None:
        """Show what waits in the folder now (and why it cannot be read, if so); the
        clerk's selection is kept."""
        watcher = self._watcher
        if watcher is None:
            return
        waiting = watcher.pending()
        error = watcher.error
        self.hot_error.setVisible(bool(error))
        self.hot_error.setText(error or "")
        if waiting == self._shown:
            return
        selected = {item.data(Qt.ItemDataRole.UserRole) for item in self.hot_list.selectedItems()}
        self._shown = waiting
        self.hot_list.clear()
        for file in waiting:
            when = format_time(datetime.fromtimestamp(file.mtime_ns / 1e9, UTC))
            item = QListWidgetItem(f"{file.name}  ·  {format_size(file.size)}  ·  "
                                   f"{when}")
            item.setData(Qt.ItemDataRole.UserRole, str(file.path))
            item.setToolTip(file.name)
            self.hot_list.addItem(item)
            item.setSelected(str(file.path) in selected)
        count = len(waiting)
        self.setTitle(ngettext("Tarama klasörü — {count} dosya bekliyor",
                               "Tarama klasörü — {count} dosya bekliyor", count).format(
                                   count=count)
                      if count else _("Tarama klasörü — bekleyen dosya yok"))
        self.take_button.setEnabled(bool(count))

    def take(self) -> list[HotFile]:
        """Forma ekle: the selected waiting scans, or all of them, oldest first — out of
        the tray at once, so that a second Ctrl+H cannot take one twice. (A scan the checks
        refuse stays on disk, named with its reason under the pages.)"""
        watcher = self._watcher
        if watcher is None:
            return []
        self.refresh()
        rows = sorted(self.hot_list.row(item) for item in self.hot_list.selectedItems())
        chosen = [self._shown[row] for row in rows] or list(self._shown)
        if not chosen:
            return []
        for file in chosen:
            watcher.dismiss(file)
        self.refresh()
        return chosen


class HeldHotFiles:
    """Hot-folder scans in the set but not attached yet, by the source file whose pages
    came from them; those let go of without being attached wait in ``watcher`` again."""

    def __init__(self, watcher: HotFolderWatcher | None) -> None:
        self._watcher = watcher
        self._of: dict[page_ops.SourceFile, list[HotFile]] = {}

    def hold(self, source: page_ops.SourceFile, file: HotFile) -> None:
        self._of[source] = [file]

    def carry(self, sources: Iterable[page_ops.SourceFile],
              into: page_ops.SourceFile | None) -> None:
        """The pages of ``sources`` were combined into one file: it carries their scans."""
        carried = [file for source in sources for file in self._of.pop(source, [])]
        if carried and into is not None:
            self._of[into] = carried

    def hand_over(self, live: set[page_ops.SourceFile]) -> tuple[list[HotFile], list[HotFile]]:
        """Let go of every scan: those whose pages are still ``live`` (to move to
        ``taken/``), and those whose pages were all removed (to offer again)."""
        take: list[HotFile] = []
        restore: list[HotFile] = []
        for source, files in list(self._of.items()):
            del self._of[source]
            (take if source in live else restore).extend(files)
        return take, restore

    def release_all(self) -> None:
        """The set was not attached: every scan waits in the folder again."""
        files = [file for files in self._of.values() for file in files]
        self._of.clear()
        self._give_back(files)

    def release_gone(self, live: set[page_ops.SourceFile]) -> bool:
        """The scans none of whose pages are ``live`` any more wait in the folder again;
        whether there were any."""
        gone = [source for source in self._of if source not in live]
        self._give_back([file for source in gone for file in self._of.pop(source)])
        return bool(gone)

    def _give_back(self, files: list[HotFile]) -> None:
        if self._watcher is not None:
            for file in files:
                self._watcher.restore(file)
