"""Moving through the intake form with the keyboard.

Enter moves to the next field (a new line in the text); a field that knows when it is
complete (T.C. Kimlik No, a letter box, a date, a one-key choice, a subject code) moves on
by itself to the next field still waiting for an answer; Ctrl+↓ / Ctrl+↑ jump between
sections.

One rule for moving on: a field that moved on by itself has already done what Enter would,
so an Enter pressed right after it — before anything is typed in the field it moved to —
does nothing. A clerk who presses Enter out of habit after the 11th digit of the T.C.
Kimlik No stays where the cursor went instead of skipping a field (which shifted every
following value one field down), and an Enter after the last field never presses the save
button it moved to. Leaving a field tidies and checks it (the form's ``field_left``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QWidget

from ui.intake.fields import Section
from ui.intake.layout import FieldRow, FormParts


class FormNavigation(QObject):
    """Focus moves over ``parts.rows`` in their order, then to ``last`` (the save buttons).
    ``left(key)`` is called when a field loses focus to something other than a popup."""

    def __init__(self, owner: QWidget, parts: FormParts, last: list[QWidget],
                 left: Callable[[str], None]) -> None:
        super().__init__(owner)
        self._owner = owner
        self._parts = parts
        self._last = last
        self._left = left
        self._keys: dict[QWidget, str] = {}
        # Where the last auto-advance put the focus, until a key is typed there.
        self._advanced_to: QWidget | None = None
        for button in last:
            button.installEventFilter(self)
        for key, row in parts.rows.items():
            widget = row.editor.focus_widget
            self._keys[widget] = key
            widget.installEventFilter(self)
            row.editor.completed.connect(lambda r=row: self.advance_from(r))

    def key_of(self, widget: QWidget) -> str | None:
        return self._keys.get(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and self._swallows_enter(watched, event)):
            return True
        if event.type() == QEvent.Type.FocusOut and watched is self._advanced_to:
            self._advanced_to = None  # left by other means: Enter there is Enter again
        if not isinstance(watched, QWidget) or watched not in self._keys:
            return False
        row = self._parts.rows[self._keys[watched]]
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if control and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                return self.jump_section(row, forward=event.key() == Qt.Key.Key_Down)
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not control
                    and row.editor.enter_moves_on):
                self.focus_next_after(row)
                return True
        elif (event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent)
              and event.reason() != Qt.FocusReason.PopupFocusReason):
            self._left(row.key)
        return False

    def _swallows_enter(self, watched: QObject, event: QKeyEvent) -> bool:
        """The one rule (see the module's doc): the first key in the field auto-advance
        went to ends the grace; it is swallowed when it is a plain Enter."""
        if watched is not self._advanced_to or self._advanced_to is None:
            return False
        self._advanced_to = None
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        return enter and not event.modifiers() & Qt.KeyboardModifier.ControlModifier

    # ----- where focus goes ---------------------------------------------------------------

    def focusable(self, row: FieldRow) -> bool:
        widget = row.editor.focus_widget
        return widget.isEnabled() and widget.isVisibleTo(self._owner)

    def first(self) -> QWidget:
        return next(r.editor.focus_widget for r in self._parts.rows.values()
                    if self.focusable(r))

    def focus_first_where(self, wanted: Callable[[FieldRow], bool]) -> None:
        """Focus the first field for which ``wanted`` holds, else the first field."""
        target = next((r.editor.focus_widget for r in self._parts.rows.values()
                       if self.focusable(r) and wanted(r)), self.first())
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_next_after(self, row: FieldRow) -> None:
        """Enter: the very next field that can take focus (the save button after the last)."""
        following = self._following(row)
        target = following[0].editor.focus_widget if following else self._last[0]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def advance_from(self, row: FieldRow) -> None:
        """A field completed itself: go on to the next field still waiting for an answer,
        stepping over check boxes and choices that already hold a value."""
        following = self._following(row)
        target = next((r for r in following if r.editor.is_empty()),
                      following[0] if following else None)
        widget = target.editor.focus_widget if target is not None else self._last[0]
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        self._advanced_to = widget

    def jump_section(self, row: FieldRow, *, forward: bool) -> bool:
        """Ctrl+↓ / Ctrl+↑: the first empty field of the next (or the first field of the
        previous) section. False when there is nowhere to go, so the key does its usual."""
        sections = self._parts.sections
        order = [s for s in Section if s in sections and not sections[s].isHidden()]
        here = order.index(row.spec.section)
        targets = order[here + 1:] if forward else list(reversed(order[:here]))
        for section in targets:
            rows = [r for r in self._parts.rows.values()
                    if self.focusable(r) and r.spec.section is section]
            if rows:
                target = (next((r for r in rows if r.editor.is_empty()), rows[0])
                          if forward else rows[0])
                target.editor.focus_widget.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _following(self, row: FieldRow) -> list[FieldRow]:
        rows = list(self._parts.rows.values())
        index = rows.index(row)
        return [r for r in rows[index + 1:] if self.focusable(r)]

    def apply_tab_order(self) -> None:
        chain = [r.editor.focus_widget for r in self._parts.rows.values()
                 if self.focusable(r)] + self._last
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
