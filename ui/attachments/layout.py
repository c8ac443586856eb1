"""How the workbench is laid out, and its buttons and keys.

Top to bottom, in the order Tab goes: adding (Dosya ekle…, Tara…, Yapıştır) and page work
(turn, move, remove) above the pages; the pages (``page_view``), or the hint while there
are none; combining, what is going on and how much there is below them; the refusals and
notices; the hot folder's tray. The keys do what the buttons do: page keys while the panel
has focus, Delete only while the pages do (in the tray it would surprise), Ctrl+T and
Ctrl+H from anywhere in the window (the clerk is typing, the scan is waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from models.i18n import _
from services.hot_folder import HotFolderWatcher
from ui.attachments.hot_folder import HotFolderTray
from ui.attachments.page_view import PageView
from ui.operations import Operations
from ui.shortcuts import Command, bind


class PanelCommands(Protocol):
    """What the buttons and keys ask the panel for."""

    def choose_files(self) -> None: ...
    def open_scan_dialog(self) -> object: ...
    def paste(self) -> None: ...
    def rotate_current(self, quarter_turns: int = 1) -> None: ...
    def move_current(self, step: int) -> None: ...
    def delete_current(self) -> None: ...
    def combine_all(self) -> None: ...
    def take_hot_files(self) -> None: ...


class PanelParts:
    """Every part of ``panel``, made and laid out on it; the buttons and keys call
    ``commands`` (the panel)."""

    def __init__(self, panel: QWidget, commands: PanelCommands, ops: Operations,
                 hot_folder: HotFolderWatcher | None) -> None:
        self._panel = panel
        self.add_button = self._tool(_("Dosya ekle…"),
                                     _("Bilgisayardan bir ya da birkaç dosya ekle"),
                                     commands.choose_files)
        self.scan_button = self._tool(_("Tara… (Ctrl+T)"), _("Tarayıcıdan tara"),
                                      commands.open_scan_dialog)
        self.paste_button = self._tool(_("Yapıştır"), _("Panodaki görüntüyü ya da dosyaları ekle "
                                                        "(Ctrl+V)"), commands.paste)
        self.rotate_button = self._tool(_("⟳ Döndür"),
                                        _("Sayfayı saat yönünde 90° döndür (Ctrl+R)"),
                                        lambda: commands.rotate_current(1))
        self.left_button = self._tool("◀", _("Sayfayı sola taşı (Ctrl+Shift+←)"),
                                      lambda: commands.move_current(-1))
        self.right_button = self._tool("▶", _("Sayfayı sağa taşı (Ctrl+Shift+→)"),
                                       lambda: commands.move_current(1))
        self.delete_button = self._tool(_("Sil"), _("Sayfayı çıkar (Delete)"),
                                        commands.delete_current)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for button in (self.add_button, self.scan_button, self.paste_button):
            tools.addWidget(button)
        tools.addStretch(1)
        for button in (self.rotate_button, self.left_button, self.right_button,
                       self.delete_button):
            tools.addWidget(button)

        self.page_view = PageView(ops, panel)
        self.hint = QLabel(
            _("Henüz ek yok. Dosyaları buraya sürükleyip bırakın, Ctrl+V ile yapıştırın ya da "
              "“Dosya ekle…” / “Tara…” ile ekleyin."), panel)
        self.hint.setObjectName("attachmentsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.combine_button = self._tool(_("Tek PDF olarak birleştir"),
                                         _("Bütün sayfaları sıralarıyla tek bir PDF eki yap"),
                                         commands.combine_all)
        self.shrink = QCheckBox(_("Küçült (sınırı aşarsa)"), panel)
        self.shrink.setObjectName("shrinkCheck")
        self.shrink.setToolTip(_("Gerekirse gri tonlama, JPEG sıkıştırma ve daha düşük "
                                 "çözünürlükle boyut sınırının altına indirir"))
        self.summary = QLabel(panel)
        self.summary.setObjectName("attachmentsSummary")
        self.busy = QLabel(panel)
        self.busy.setObjectName("attachmentsBusy")
        combine_row = QHBoxLayout()
        combine_row.addWidget(self.combine_button)
        combine_row.addWidget(self.shrink)
        combine_row.addStretch(1)
        combine_row.addWidget(self.busy)
        combine_row.addWidget(self.summary)

        self.errors = QLabel(panel)
        self.errors.setObjectName("attachmentErrors")
        self.errors.setWordWrap(True)
        self.errors.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel(panel)
        self.notice.setObjectName("attachmentsNotice")
        self.notice.setWordWrap(True)
        self.tray = HotFolderTray(hot_folder, panel)
        self.tray.take_requested.connect(commands.take_hot_files)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addLayout(tools)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.page_view, 1)
        layout.addLayout(combine_row)
        layout.addWidget(self.errors)
        layout.addWidget(self.notice)
        layout.addWidget(self.tray)
        self._bind_keys(commands)

    def enable(self, row: int, page_count: int, *, combining: bool) -> None:
        """Enable what makes sense with page ``row`` current (-1: none) of ``page_count``."""
        has_page = 0 <= row < page_count and not combining
        for button in (self.rotate_button, self.delete_button):
            button.setEnabled(has_page)
        self.left_button.setEnabled(has_page and row > 0)
        self.right_button.setEnabled(has_page and row < page_count - 1)
        self.combine_button.setEnabled(page_count > 0 and not combining)
        self.shrink.setEnabled(page_count > 0)

    def _bind_keys(self, commands: PanelCommands) -> None:
        panel = self._panel
        bind(panel, Command.ROTATE, lambda: commands.rotate_current(1))
        bind(panel, Command.ROTATE_BACK, lambda: commands.rotate_current(-1))
        bind(panel, Command.MOVE_LEFT, lambda: commands.move_current(-1))
        bind(panel, Command.MOVE_RIGHT, lambda: commands.move_current(1))
        bind(panel, Command.PASTE, commands.paste)
        # Delete only where the pages have focus: in the tray it would surprise.
        bind(self.page_view.strip, Command.DELETE_PAGE, commands.delete_current,
             context=Qt.ShortcutContext.WidgetShortcut)
        # From anywhere in the form's window: the clerk is typing, the scan is waiting.
        window = Qt.ShortcutContext.WindowShortcut
        bind(panel, Command.SCAN, commands.open_scan_dialog, context=window)
        bind(panel, Command.WORKBENCH_HOT_FOLDER, commands.take_hot_files, context=window)

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self._panel)
        button.setText(text)
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(lambda _checked=False: slot())
        return button
