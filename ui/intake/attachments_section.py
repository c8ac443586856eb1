"""The form's Ekler box: the files attached so far, the way to add more (Ctrl+E: files,
scanner, hot folder) and the scanner's hot folder glanced at every two seconds (Ctrl+H
takes what waits there).

Attaching is a desk operation on the writer lane: the files are checked and stored, and
attached to the form's draft (written first if there is none yet), so that a crash cannot
lose a scan; the hot-folder files that made them leave the folder only once attached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.enums import Channel
from models.i18n import N_, _, ngettext
from models.turkish_text import format_size
from services.attachments import AttachmentRefused
from services.hot_folder import HotFile, HotFolderWatcher
from ui.attachments import not_moved
from ui.intake.drafts import DraftKeeper, write_draft
from ui.operations import Change, Operations

HOT_FOLDER_GLANCE_MS = 2000
# What Ctrl+H says when it has nothing to take (marked here, translated where shown).
NO_HOT_FOLDER = N_("Tarama klasörü ayarlanmamış (Ayarlar → Tarama). Taramaları Ctrl+E ile "
                   "ekleyin.")
NOTHING_WAITING = N_("Tarama klasöründe bekleyen tarama yok.")
FILE_ROWS_SHOWN = 4


class Attachment(Protocol):
    """What the Ekler list shows of an attachment (``services.drafts.AttachmentInfo``)."""

    @property
    def original_name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def media_type(self) -> str: ...


@dataclass(frozen=True)
class HotHandover:
    """Hot-folder files to settle once the attach has gone through: moved to ``taken/``
    (their pages are attached) or offered again (all their pages were removed)."""

    take: Sequence[HotFile] = ()
    restore: Sequence[HotFile] = ()


@dataclass
class AttachResult:
    attachments: list[Attachment] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class AttachmentsSection(QGroupBox):
    """``changed`` fires after every attach (the list and refusals are on screen)."""

    changed = Signal()

    def __init__(self, desk: Desk, ops: Operations, keeper: DraftKeeper,
                 content: Callable[[], ApplicationForm], channel: Channel,
                 parent: QWidget, *, can_add: bool) -> None:
        super().__init__(_("Ekler"), parent)
        self.setObjectName("section_attachments")
        self._desk = desk
        self._ops = ops
        self._keeper = keeper
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        self.files = QListWidget(self)
        self.files.setObjectName("attachmentList")
        self.files.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.files.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        empty = _("Ek yok.")
        if channel is Channel.EMAIL:
            empty = _("Ek yok. Bir e-posta dosyası açılınca (Ctrl+O) ekleri burada listelenir.")
        self.none_label = QLabel(empty, self)
        self.none_label.setObjectName("hint")
        # Wrapped: a long hint must not widen the form (it scrolled sideways in English).
        self.none_label.setWordWrap(True)
        self.errors = QLabel(self)
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        self.errors.hide()
        row = QHBoxLayout()
        row.addWidget(self.none_label, 1)
        self.add_button = QPushButton(_("Ek ekle / tara… (Ctrl+E)"), self)
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.setVisible(can_add)
        row.addWidget(self.add_button)
        self.hot_waiting = QLabel(self)
        self.hot_waiting.setObjectName("hint")
        self.hot_waiting.setWordWrap(True)
        self.hot_waiting.hide()
        layout.addWidget(self.files)
        layout.addLayout(row)
        layout.addWidget(self.hot_waiting)
        layout.addWidget(self.errors)
        if desk.config.settings.hot_folder:
            # The scanner's folder is watched by a thread; the form only asks it, calmly.
            self._hot_timer = QTimer(self)
            self._hot_timer.setInterval(HOT_FOLDER_GLANCE_MS)
            self._hot_timer.timeout.connect(self.show_hot_waiting)
            self._hot_timer.start()

    # ----- what is shown ------------------------------------------------------------------

    def show_attachments(self, attachments: Sequence[Attachment]) -> None:
        self.files.clear()
        for item in attachments:
            self.files.addItem(f"{item.original_name} — {format_size(item.size)}")
        has_any = bool(attachments)
        self.files.setVisible(has_any)
        self.none_label.setVisible(not has_any)
        self.files.setFixedHeight(
            min(FILE_ROWS_SHOWN, max(1, len(attachments))) * (self.fontMetrics().height() + 4)
            + 6)

    def show_refusals(self, refused: Sequence[str]) -> None:
        self.errors.setText("\n".join(refused))
        self.errors.setVisible(bool(refused))

    def refusals(self) -> list[str]:
        """The refusals shown under the list, one a line."""
        return self.errors.text().split("\n") if not self.errors.isHidden() else []

    def names(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def show_hot_waiting(self) -> None:
        watcher = self._desk.hot_folder()
        count = len(watcher.pending()) if watcher is not None else 0
        self.hot_waiting.setText(
            ngettext("Tarama klasöründe {count} dosya bekliyor — Ctrl+H ile bu forma ekleyin.",
                     "Tarama klasöründe {count} dosya bekliyor — Ctrl+H ile bu forma ekleyin.",
                     count).format(count=count))
        self.hot_waiting.setVisible(count > 0)

    # ----- attaching ----------------------------------------------------------------------

    def attach_files(self, files: Sequence[tuple[str, bytes]],
                     hot: HotHandover = HotHandover()) -> bool:
        """Check, store and attach ``files`` to the form's draft, off the GUI thread; the
        list and the refusals show when it is done (``changed``). False: nothing to do."""
        if not files and not hot.take and not hot.restore:
            return False
        watcher = self._desk.hot_folder()
        self._submit(lambda: list(files), hot, watcher)
        return True

    def take_hot_folder(self) -> bool:
        """Ctrl+H: every complete scan waiting in the hot folder goes to this form, oldest
        first, and out of the folder so that no desk offers it again; a file that cannot
        be attached stays in the folder, its reason under the list."""
        watcher = self._desk.hot_folder()
        waiting = watcher.pending() if watcher is not None else []
        if not waiting:
            # Said, not silent: the clerk pressed a key and must see that it was heard.
            self.hot_waiting.setText(_(NO_HOT_FOLDER) if watcher is None else _(NOTHING_WAITING))
            self.hot_waiting.show()
            return False
        unreadable: list[str] = []

        def read() -> list[tuple[str, bytes]]:
            files = []
            for file in waiting:
                try:
                    files.append((file.name, file.path.read_bytes()))
                except OSError:
                    unreadable.append(file.name)
            return files

        self._submit(read, HotHandover(take=waiting), watcher, unreadable)
        return True

    def _submit(self, read: Callable[[], list[tuple[str, bytes]]], hot: HotHandover,
                watcher: HotFolderWatcher | None, unreadable: list[str] | None = None) -> None:
        desk, user = self._desk, self._desk.config.user
        slot, form = self._keeper.slot, self._content()
        self._keeper.dirty = False  # what is typed now goes into the draft with the files

        def work() -> AttachResult:
            files = read()
            result = AttachResult()
            draft_id = write_draft(desk, user, slot, form)
            refused_names = set(unreadable or ())
            result.refused += [_("{name}: tarama klasöründen okunamadı.").format(name=name)
                               for name in unreadable or ()]
            for name, data in files:
                try:
                    desk.attachments.add_to_draft(draft_id, user, name, data)
                except AttachmentRefused as refusal:
                    result.refused.append(f"{name}: {refusal}")
                    refused_names.add(name)
            if watcher is not None:
                result.refused += _settle_hot_files(watcher, hot, refused_names)
            draft = desk.drafts.get(draft_id, user)
            result.attachments = list(draft.attachments) if draft else []
            return result

        self._ops.mutate(self, "attach", work, Change.DRAFTS, self._attached,
                         self._attach_failed)

    def _attached(self, result: AttachResult) -> None:
        self.show_attachments(result.attachments)
        self.show_refusals(result.refused)
        self.show_hot_waiting()
        self.changed.emit()

    def _attach_failed(self, _error: BaseException) -> None:
        self.show_refusals([_("Ekler eklenemedi: yerel diske yazılamadı. Tekrar deneyin; "
                              "sorun sürerse sistem yöneticisine bildirin.")])
        self.changed.emit()


def _settle_hot_files(watcher: HotFolderWatcher, hot: HotHandover,
                      refused: set[str]) -> list[str]:
    """After the attach (worker thread): a taken file leaves the folder unless it was
    refused — then it stays there, dismissed from the tray, its reason shown."""
    problems: list[str] = []
    for file in hot.restore:
        watcher.restore(file)
    for file in hot.take:
        if file.name in refused:
            watcher.dismiss(file)
            continue
        try:
            watcher.mark_taken(file)
        except OSError:
            problems.append(not_moved(file.name))
    return problems
