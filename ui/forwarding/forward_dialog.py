"""Sevk et: choose the units a case goes to, Gereği or Bilgi each with a note, its subjects
and priority, and (for a complaint or a denunciation) the units it must never reach.

Window-modal, opened with ``open()``. "Ekle" puts the unit chosen in the tree on the list
beside it; "Ekle ve Sevk Et" does the same (if a unit is chosen) and, when the forward
holds, ends the dialog with ``decided(ForwardChoice)``: the caller saves it (with the
application at "Kaydet ve Sevk Et", or alone from the case's detail). The checks are the
shared ones (models/forwards.py), so what this dialog allows the desk and the central
service allow too. Nothing here touches storage: the caller reads and writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.enums import Urgency
from models.forwards import (
    Forward,
    ForwardKind,
    ForwardSubject,
    ForwardTarget,
    do_not_send_message,
    forward_errors,
)
from models.i18n import _
from models.institution_search import InstitutionIndex
from models.reference import SubjectCatalog
from ui.forwarding.unit_picker import UnitPicker
from ui.screen_fit import fit_dialog
from ui.shortcuts import Command, bind

_NOTE_COLUMN = 2


@dataclass(frozen=True)
class CasePreview:
    """What the dialog shows of the case: a heading, labelled lines, its text."""

    heading: str
    lines: tuple[tuple[str, str], ...]
    text: str
    subject_code: str
    sub_subject_code: str
    urgency: Urgency
    # Complaints and denunciations only: the list may be edited.
    do_not_send_allowed: bool
    # The entries already on the case's list: (entry id, unit code).
    do_not_send: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ForwardChoice:
    forward: Forward
    do_not_send: tuple[str, ...]  # units added in this dialog
    lift: tuple[int, ...]  # entries of the case's list the clerk asked to lift


class ForwardDialog(QDialog):
    decided = Signal(object)  # ForwardChoice

    def __init__(self, index: InstitutionIndex, subjects: SubjectCatalog,
                 subject_codes: dict[str, frozenset[str]], case: CasePreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forwardDialog")
        self.setWindowTitle(_("Sevk et — {case}").format(case=case.heading))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        fit_dialog(self, 1240, 760)
        self._index = index
        self._tree = index.tree
        self._subjects = subjects
        self._subject_codes = subject_codes
        self._case = case
        self._existing = dict(case.do_not_send)  # entry id → unit
        self._lift: list[int] = []
        self.choice: ForwardChoice | None = None
        layout = QVBoxLayout(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("forwardCasePreview")
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(90)
        self.preview.setPlainText("\n".join(
            [case.heading, " · ".join(f"{label}: {value}" for label, value in case.lines),
             "", case.text]))
        layout.addWidget(self.preview)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.picker = UnitPicker(index, splitter)
        self.picker.blocked = self._is_blocked
        self.picker.chosen.connect(self._chosen)
        splitter.addWidget(self.picker)
        splitter.addWidget(self._right_side(splitter))
        self.picker.refresh_marks()  # the case's list is known now
        splitter.setSizes([560, 680])
        layout.addWidget(splitter, 1)
        self.error = QLabel("", self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, _("Ekle (Ctrl+E)"), self.add_current)
        self.forward_button = self._button(buttons, _("Ekle ve Sevk Et (Ctrl+Enter)"),
                                           self.add_and_forward)
        buttons.addStretch(1)
        self._button(buttons, _("Vazgeç (Esc)"), self.reject)
        layout.addLayout(buttons)
        bind(self, Command.FORWARD_ADD, self.add_current)
        bind(self, Command.FORWARD_SEND, self.add_and_forward)
        bind(self, Command.FORWARD_SEARCH, self.picker.search.setFocus)
        self.picker.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- building ------------------------------------------------------------------------

    def _right_side(self, parent: QWidget) -> QWidget:
        side = QWidget(parent)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        chosen = QGroupBox(_("Sevk edilecek birimler"), side)
        chosen_layout = QVBoxLayout(chosen)
        self.targets = QTableWidget(0, 3, chosen)
        self.targets.setObjectName("forwardTargets")
        self.targets.setHorizontalHeaderLabels([_("Birim"), _("Gereği / Bilgi"), _("Not")])
        # The unit's name takes the room left: fixed widths made the list scroll sideways
        # on a 1024-wide screen and cut "Action / Information" in English.
        header = self.targets.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.targets.setColumnWidth(_NOTE_COLUMN, 150)
        self.targets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab leaves the list (it went round its cells for ever: the subjects, the priority
        # and the buttons were out of the keyboard's reach); ↑/↓ choose the row.
        self.targets.setTabKeyNavigation(False)
        # Typing on a row writes its note (the guide says so): the row's current cell is
        # always the note, the one cell that takes text.
        self.targets.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                     | QAbstractItemView.EditTrigger.EditKeyPressed
                                     | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.targets.currentCellChanged.connect(self._to_note)
        chosen_layout.addWidget(self.targets)
        remove = QPushButton(_("Seçili birimi çıkar (Del)"), chosen)
        remove.setAutoDefault(False)
        remove.clicked.connect(self.remove_target)
        # Space on a row switches Gereği / Bilgi (the combo is a cell widget Tab skips).
        # Both keys only while the list has the focus: in the tree Delete must not remove a
        # chosen unit, and Space on a button presses the button.
        for command, slot in ((Command.FORWARD_REMOVE, self.remove_target),
                              (Command.FORWARD_TOGGLE_KIND, self.toggle_kind)):
            bind(self.targets, command, slot, context=Qt.ShortcutContext.WidgetShortcut)
        chosen_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
        # The targets take the room a small screen has; the two boxes below keep their size.
        layout.addWidget(chosen, 1)
        layout.addWidget(self._subjects_box(side), 0)
        if self._case.do_not_send_allowed:
            layout.addWidget(self._do_not_send_box(side), 0)
        return side

    def _subjects_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Konu, alt konu ve öncelik"), parent)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.subject = QComboBox(box)
        self.subject.setAccessibleName(_("Konu"))
        for subject in self._subjects.offered():
            self.subject.addItem(f"{subject.code} {subject.label}", subject.code)
        self.sub_subject = QComboBox(box)
        self.sub_subject.setAccessibleName(_("Alt konu"))
        self.subject.currentIndexChanged.connect(self._fill_sub_subjects)
        for chooser in (self.subject, self.sub_subject):
            # Sized to share the row, not to the longest name: an English name made the
            # dialog wider than a 1024-wide screen (its Vazgeç button cut off). The open
            # list still shows each name whole.
            chooser.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            chooser.setMinimumContentsLength(12)
            row.addWidget(chooser, 1)
        add = QPushButton(_("Konu ekle"), box)
        add.setAutoDefault(False)
        add.clicked.connect(self.add_subject)
        row.addWidget(add)
        layout.addLayout(row)
        self.subject_list = QListWidget(box)
        self.subject_list.setObjectName("forwardSubjects")
        self.subject_list.setMaximumHeight(52)
        layout.addWidget(self.subject_list)
        priority_row = QHBoxLayout()
        priority_row.addWidget(QLabel(_("Öncelik:"), box))
        self.priority = QComboBox(box)
        self.priority.setAccessibleName(_("Öncelik"))
        for urgency in Urgency:
            self.priority.addItem(urgency.label, urgency.value)
        self.priority.setCurrentIndex(self.priority.findData(self._case.urgency.value))
        priority_row.addWidget(self.priority)
        priority_row.addStretch(1)
        layout.addLayout(priority_row)
        # The case's own subject is the first one, and the choosers start on it.
        self.subject.setCurrentIndex(max(0, self.subject.findData(self._case.subject_code)))
        self._fill_sub_subjects()
        self.sub_subject.setCurrentIndex(
            max(0, self.sub_subject.findData(self._case.sub_subject_code)))
        self._add_subject(self._case.subject_code, self._case.sub_subject_code)
        return box

    def _do_not_send_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Gönderilmeyecek kurumlar (altındaki birimlerle)"), parent)
        layout = QVBoxLayout(box)
        self.blocked_list = QListWidget(box)
        self.blocked_list.setObjectName("doNotSend")
        self.blocked_list.setMaximumHeight(52)
        layout.addWidget(self.blocked_list)
        row = QHBoxLayout()
        mark = QPushButton(_("Ağaçta seçili birimi ekle (Ctrl+G)"), box)
        mark.setAutoDefault(False)
        mark.clicked.connect(self.mark_current)
        bind(self, Command.FORWARD_DO_NOT_SEND, self.mark_current)
        unmark = QPushButton(_("Listeden çıkar"), box)
        unmark.setAutoDefault(False)
        unmark.clicked.connect(self.unmark)
        row.addWidget(mark)
        row.addWidget(unmark)
        row.addStretch(1)
        layout.addLayout(row)
        for entry_id, unit in self._existing.items():
            self._blocked_item(unit, entry_id)
        return box

    def _button(self, row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ----- targets -------------------------------------------------------------------------

    def target_codes(self) -> list[str]:
        codes = []
        for row in range(self.targets.rowCount()):
            item = self.targets.item(row, 0)
            if item is not None:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return codes

    def blocked_codes(self) -> list[str]:
        return [str(self.blocked_list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.blocked_list.count())] \
            if self._case.do_not_send_allowed else []

    def add_current(self) -> None:
        code = self.picker.current_code()
        if code is None:
            self._say(_("Önce ağaçtan ya da arama sonuçlarından bir birim seçin."))
            return
        self.add_unit(code)

    def _is_blocked(self, code: str) -> bool:
        return any(self._tree.is_within(code, blocked) for blocked in self.blocked_codes())

    def _chosen(self, code: str) -> None:
        """Enter in the search or the tree: on the list, and back to an empty search box
        for the next unit."""
        if self.add_unit(code):
            self.picker.search.clear()
            self.picker.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_unit(self, code: str) -> bool:
        """Put ``code`` on the list (Gereği, no note); False, with the reason shown, when
        it cannot be a target."""
        unit = self._tree.find(code)
        if unit is None:
            return False
        if code in self.target_codes():
            self._say(_("{name} zaten listede.").format(name=unit.name))
            return False
        for blocked in self.blocked_codes():
            if self._tree.is_within(code, blocked):
                self._say(do_not_send_message(self._tree, code, blocked))
                return False
        row = self.targets.rowCount()
        self.targets.insertRow(row)
        name = QTableWidgetItem(f"{unit.name} ({code})")
        name.setData(Qt.ItemDataRole.UserRole, code)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        name.setToolTip(" › ".join(self._tree.path_names(code)))
        self.targets.setItem(row, 0, name)
        kind = QComboBox(self.targets)
        kind.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard switches it with Space
        for value in ForwardKind:
            kind.addItem(value.label, value.value)
        self.targets.setCellWidget(row, 1, kind)
        self.targets.setItem(row, _NOTE_COLUMN, QTableWidgetItem(""))
        self._say("")
        return True

    def set_target(self, row: int, kind: ForwardKind, note: str) -> None:
        combo = self.targets.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(kind.value))
        item = self.targets.item(row, _NOTE_COLUMN)
        if item is not None:
            item.setText(note)

    def _to_note(self, row: int, column: int, _old_row: int, _old_column: int) -> None:
        if row >= 0 and column != _NOTE_COLUMN:
            self.targets.setCurrentCell(row, _NOTE_COLUMN)

    def toggle_kind(self) -> None:
        combo = self.targets.cellWidget(self.targets.currentRow(), 1)
        if isinstance(combo, QComboBox):
            combo.setCurrentIndex(1 - combo.currentIndex())

    def remove_target(self) -> None:
        row = self.targets.currentRow()
        if row >= 0:
            self.targets.removeRow(row)

    # ----- subjects ------------------------------------------------------------------------

    def _fill_sub_subjects(self) -> None:
        code = self.subject.currentData()
        self.sub_subject.clear()
        for subject in self._subjects.offered():
            if subject.code == code:
                for sub in subject.sub_subjects:
                    self.sub_subject.addItem(f"{sub.code} {sub.label}", sub.code)
        for chooser in (self.subject, self.sub_subject):
            view = chooser.view()
            view.setMinimumWidth(view.sizeHintForColumn(0) + 24)  # room for a scroll bar

    def add_subject(self) -> None:
        self._add_subject(str(self.subject.currentData() or ""),
                          str(self.sub_subject.currentData() or ""))

    def _add_subject(self, code: str, sub_code: str) -> None:
        if not code or not sub_code or (code, sub_code) in self.subject_pairs():
            return
        item = QListWidgetItem(f"{self._subjects.subject_name(code)} / "
                               f"{self._subjects.sub_subject_name(code, sub_code)}")
        item.setData(Qt.ItemDataRole.UserRole, (code, sub_code))
        self.subject_list.addItem(item)

    def subject_pairs(self) -> list[tuple[str, str]]:
        return [tuple(self.subject_list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.subject_list.count())]

    # ----- do-not-send ---------------------------------------------------------------------

    def mark_current(self) -> None:
        code = self.picker.current_code()
        if code is None or not self._case.do_not_send_allowed:
            return
        self.mark(code)

    def mark(self, code: str) -> None:
        if code in self.blocked_codes():
            return
        self._blocked_item(code, None)
        self.picker.refresh_marks()
        for target in self.target_codes():
            if self._tree.is_within(target, code):
                self._say(do_not_send_message(self._tree, target, code) + " "
                          + _("Birimi listeden çıkarın."))

    def _blocked_item(self, code: str, entry_id: int | None) -> None:
        unit = self._tree.find(code)
        item = QListWidgetItem(f"{unit.name if unit else code} ({code})")
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setData(Qt.ItemDataRole.UserRole + 1, entry_id)
        self.blocked_list.addItem(item)

    def unmark(self) -> None:
        row = self.blocked_list.currentRow()
        if row < 0:
            return
        item = self.blocked_list.takeItem(row)
        self.picker.refresh_marks()
        entry_id = item.data(Qt.ItemDataRole.UserRole + 1)
        if entry_id is not None:
            # An entry saved earlier: lifted when the forward is saved, if this clerk may
            # (the one who set it, or a superior role); the caller says if not.
            self._lift.append(int(entry_id))

    # ----- deciding ------------------------------------------------------------------------

    def forward(self) -> Forward:
        targets = []
        for row in range(self.targets.rowCount()):
            combo = self.targets.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            note = self.targets.item(row, _NOTE_COLUMN)
            targets.append(ForwardTarget(self.target_codes()[row],
                                         ForwardKind(combo.currentData()),
                                         note.text().strip() if note else ""))
        return Forward(tuple(targets),
                       tuple(ForwardSubject(a, b) for a, b in self.subject_pairs()),
                       Urgency(self.priority.currentData()))

    def add_and_forward(self) -> None:
        code = self.picker.current_code()
        if code is not None and self.picker.search.text().strip() \
                and code not in self.target_codes() and not self.add_unit(code):
            return
        forward = self.forward()
        errors = forward_errors(forward, self._tree, self._subject_codes,
                                self.blocked_codes())
        if errors:
            self._say(" ".join(errors.values()))
            return
        added = tuple(code for code in self.blocked_codes()
                      if code not in self._existing.values())
        self.choice = ForwardChoice(forward, added, tuple(self._lift))
        self.decided.emit(self.choice)
        self.accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
