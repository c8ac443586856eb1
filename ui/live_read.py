"""A screen's data kept fresh: read again off the GUI thread whenever the desk changes in
a way that concerns the screen — at once while it is on screen, when it is next shown
otherwise (as Anki's browser does), so that a save never pays for lists nobody looks at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ui.operations import Change, Operations

T = TypeVar("T")


class LiveRead(QObject, Generic[T]):
    """``LiveRead(view, ops, key, load, show, concerns)``: ``load()`` runs on a worker
    (latest only), ``show(result)`` on the GUI thread, then ``loaded`` fires.

    ``always``: read even while the view is not on screen (a count the navigation shows)."""

    loaded = Signal()

    def __init__(self, view: QWidget, ops: Operations, key: str, load: Callable[[], T],
                 show: Callable[[T], None], concerns: Change, *, always: bool = False,
                 on_failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(view)
        self._view = view
        self._ops = ops
        self._key = key
        self._load = load
        self._show = show
        self._concerns = concerns
        self._always = always
        self._on_failed = on_failed
        self.stale = True
        ops.desk_changed.connect(self._desk_changed)

    def reload(self) -> None:
        """Read now if the view is on screen (or ``always``); else when it is next shown."""
        self.stale = True
        if self._always or self._on_screen():
            self._ops.read(self._view, self._key, self._load, self._arrived, self._failed)

    def shown(self) -> None:
        """The view has just come on screen: read if something changed since it was last."""
        if self.stale:
            self.reload()

    def _on_screen(self) -> bool:
        # "Would be visible if its window were": the current page of a stack is, the
        # others are not — whether or not the window itself is shown yet.
        return self._view.isVisibleTo(self._view.window())

    def _desk_changed(self, changes: Change) -> None:
        if changes & self._concerns:
            self.reload()

    def _arrived(self, result: Any) -> None:
        self.stale = False
        self._show(result)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if self._on_failed is not None:
            self._on_failed(error)
