"""A form's draft: what is typed, kept every few seconds and on every switch of screen, so
that a crash, a closed window or a citizen who went to fetch a document loses nothing.

Drafts are written through the desk's operations (``ui/operations.py``), on the writer lane,
in order. A form's content lives in one ``DraftSlot`` from the moment it is started (a new
form, a draft opened) until it is saved, deleted or parked: every write, attach, save or
delete asked for that content takes the slot along and reads its draft id *when it runs*,
so a save asked for right after an autosave saves the draft that autosave wrote, and no
content ever gets two drafts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from services.drafts import DraftNotFound
from ui.operations import Change, Operations

log = logging.getLogger("bimer.ui")

AUTOSAVE_MS = 3000


@dataclass
class DraftSlot:
    """The draft of one form content. ``id`` is set by work on the writer lane (which runs
    one piece at a time); the GUI thread only reads it."""

    id: int | None = None


def write_draft(desk: Desk, user: str, slot: DraftSlot, form: ApplicationForm) -> int:
    """Keep ``form`` in the slot's draft, creating it if it has none (or if it was deleted
    from the Taslaklar list meanwhile: what is on screen is a new draft then)."""
    try:
        slot.id = desk.drafts.save(user, form, slot.id)
    except DraftNotFound:
        slot.id = desk.drafts.save(user, form, None)
    return slot.id


class DraftKeeper(QObject):
    """Autosave for one form. ``content()`` gives what the form holds (None: nothing worth
    a draft); ``stored`` carries the draft id after each write."""

    stored = Signal(int)
    not_stored = Signal()

    def __init__(self, desk: Desk, ops: Operations, content: Callable[[], ApplicationForm | None],
                 parent: QObject, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self._owner = parent  # the form: answers go to it while it exists
        self._desk = desk
        self._ops = ops
        self._content = content
        self.enabled = enabled  # previews of a production desk must not write drafts
        self.slot = DraftSlot()
        self.dirty = False
        self.paused = False  # while the form is being saved: its draft is the save's
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.store)

    @property
    def draft_id(self) -> int | None:
        return self.slot.id

    def edited(self) -> None:
        """The clerk changed something: keep it within a few seconds."""
        self.dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def start(self, draft_id: int | None = None) -> None:
        """New content (a fresh form, or draft ``draft_id`` opened): a slot of its own."""
        self._timer.stop()
        self.slot = DraftSlot(draft_id)
        self.dirty = False

    def store(self, *, force: bool = False,
              done: Callable[[int], None] | None = None,
              failed: Callable[[BaseException], None] | None = None) -> bool:
        """Write the draft if the content changed since the last write (``force``: even if
        not, or if autosave is off — the clerk asked). Returns whether a write was asked
        for; it runs on the writer lane, and ``done`` / ``stored`` follow."""
        self._timer.stop()
        if self.paused or not (self.enabled or force) or not (self.dirty or force):
            return False
        form = self._content()
        if form is None:
            return False
        self.dirty = False
        desk, user, slot = self._desk, self._desk.config.user, self.slot

        def written(draft_id: int) -> None:
            self.stored.emit(draft_id)
            if done is not None:
                done(draft_id)

        def not_written(error: BaseException) -> None:
            # A draft is a safety net: failing to write one must not stop the clerk; the
            # next edit tries again.
            self.dirty = True
            self.not_stored.emit()
            if failed is not None:
                failed(error)

        self._ops.mutate(self._owner, "keep draft",
                         lambda: write_draft(desk, user, slot, form),
                         Change.DRAFTS, written, not_written)
        return True

    def discard(self) -> None:
        """Delete this content's draft (the clerk said so) and start afresh."""
        desk, user, slot = self._desk, self._desk.config.user, self.slot
        self.start()

        def delete() -> None:
            if slot.id is not None:  # known by now: earlier writes of the slot have run
                desk.drafts.discard(slot.id, user)

        self._ops.mutate(self._owner, "delete draft", delete, Change.DRAFTS)
