"""How the intake form is laid out: labelled rows in sections, from the field table.

Two columns read top to bottom, left then right — the tab order. Left: who it is from
(Belge on paper, Kimlik, İletişim) and, in person, the applicant's Evveliyat; right: what
it is (Başvuru), its text, tall and about 75 characters a line, and its attachments. That
fits 1366×768 with the saved banner showing. Each field's error line sits right under it;
the label column is as wide as the widest label *with* its `*`, so a marker appearing later
never shifts the form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.i18n import N_, _
from ui.editors import FieldEditor
from ui.intake.fields import FIELDS, FieldKind, FieldSpec, Section, make_editor
from ui.widgets.error_line import ErrorLine
from ui.widgets.text_counter import TextCounter

# Marked here, translated with ``_()`` where shown: the language is chosen after import.
CONTACT_HINT = N_("Cep telefonu, e-posta veya adresten en az biri girilmelidir.")
FIVE_W_ONE_H = (N_("Kim?"), N_("Ne?"), N_("Ne zaman?"), N_("Nerede?"), N_("Neden?"),
                N_("Nasıl?"))


class FieldRow:
    """The widgets of one field: its editor, its error line, the label it is named by (the
    row's label, or its own inline label when it joins a row), and the row it lives in."""

    def __init__(self, spec: FieldSpec, editor: FieldEditor[str], error: ErrorLine,
                 label: QLabel | None, line: QWidget, extras: Sequence[QWidget] = ()) -> None:
        self.spec = spec
        self.editor = editor
        self.error = error
        self.label = label
        self.line = line  # the row widget holding the field; hidden when all its fields are
        self.extras = tuple(extras)  # caption, inline label: shown and hidden with the field
        self.visible = True

    @property
    def key(self) -> str:
        return self.spec.key

    def set_error(self, message: str) -> None:
        self.error.show_error(message)

    @property
    def error_text(self) -> str:
        return self.error.message


@dataclass
class FormParts:
    """What the layout made: the rows in tab order, the section boxes, and the few widgets
    the form's rules speak to."""

    rows: dict[str, FieldRow] = field(default_factory=dict)
    sections: dict[Section, QGroupBox] = field(default_factory=dict)
    tckn_ok: QLabel | None = None
    deadline: QLabel | None = None
    five_w: QLabel | None = None
    counter: TextCounter | None = None
    contact_hint: QLabel | None = None


class FormLayout:
    """Builds sections of ``FIELDS`` for one channel into ``parts``. ``shows(spec)``:
    whether the channel can ever show the field; ``contact_hint``: whether the channel
    asks for one contact field at least."""

    def __init__(self, owner: QWidget, shows: Callable[[FieldSpec], bool], *,
                 contact_hint: bool) -> None:
        self._owner = owner
        self._shows = shows
        self._contact_hint = contact_hint
        self.parts = FormParts()
        metrics = owner.fontMetrics()
        # With the marker on every label: a marker appearing later must not shift the form.
        self.label_width = max(metrics.horizontalAdvance(f"{spec.label} *:") for spec in FIELDS
                               if spec.kind not in (FieldKind.CHECK, FieldKind.TEXT)
                               and not spec.inline_label) + 6

    def has_section(self, section: Section) -> bool:
        return any(self._shows(spec) for spec in FIELDS if spec.section is section)

    def section(self, section: Section, parent: QWidget) -> QGroupBox:
        box = QGroupBox(section.title, parent)
        box.setObjectName(f"section_{section.name.lower()}")
        self.parts.sections[section] = box
        specs = [s for s in FIELDS if s.section is section and self._shows(s)]
        if section is Section.TEXT:
            self._text_section(box, specs[0])
            return box
        column = QVBoxLayout(box)
        column.setSpacing(3)
        column.setContentsMargins(8, 6, 8, 4)
        rows: list[list[FieldSpec]] = []
        for spec in specs:
            if spec.joins_previous_row and rows:
                rows[-1].append(spec)
            else:
                rows.append([spec])
        for row_specs in rows:
            column.addWidget(self._row(row_specs, box))
        if section is Section.CONTACT and self._contact_hint:
            hint = QLabel(_(CONTACT_HINT), box)
            hint.setObjectName("contactHint")
            hint.setWordWrap(True)
            hint.setIndent(self.label_width + 8)
            column.addWidget(hint)
            self.parts.contact_hint = hint
        return box

    def _row(self, specs: list[FieldSpec], box: QWidget) -> QWidget:
        """One labelled row: its fields side by side, their errors under them."""
        row_widget = QWidget(box)
        row_widget.setObjectName("fieldRow")
        grid = QGridLayout(row_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(1, 1)
        label = QLabel(row_widget)
        label.setObjectName("rowLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setFixedWidth(self.label_width)
        grid.addWidget(label, 0, 0)
        line = QHBoxLayout()
        line.setSpacing(6)
        errors = QVBoxLayout()
        errors.setSpacing(0)
        grid.addLayout(line, 0, 1)
        grid.addLayout(errors, 1, 1)
        stretches = False
        for spec in specs:
            editor = make_editor(spec, row_widget)
            if spec is specs[0] and spec.kind is not FieldKind.CHECK:
                label.setBuddy(editor.focus_widget)
            error = ErrorLine(editor.focus_widget, row_widget)
            extras: list[QWidget] = []
            own_label = label
            if spec.inline_label:
                own_label = QLabel(row_widget)
                own_label.setObjectName("inlineLabel")
                own_label.setBuddy(editor.focus_widget)
                line.addSpacing(12)
                line.addWidget(own_label)
                extras.append(own_label)
            stretches = stretches or not spec.fixed_width
            line.addWidget(editor.widget, 0 if spec.fixed_width else 1)
            if spec.caption:
                caption = QLabel(spec.caption, row_widget)
                caption.setObjectName("hint")
                line.addWidget(caption)
                line.addSpacing(10)
                extras.append(caption)
            if spec.kind is FieldKind.TCKN:
                tckn_ok = QLabel(_("✓ doğrulandı"), row_widget)
                tckn_ok.setObjectName("tcknOk")
                line.addWidget(tckn_ok)
                self.parts.tckn_ok = tckn_ok
            errors.addWidget(error)
            self.parts.rows[spec.key] = FieldRow(spec, editor, error, own_label, row_widget,
                                                 extras)
            if spec.key == "application_type":
                deadline = QLabel(row_widget)
                deadline.setObjectName("deadline")
                # Wrapped within the column, two lines reserved: the deadline's text changes
                # with the type, and neither the column's width nor the fields below move.
                deadline.setWordWrap(True)
                deadline.setMinimumHeight(2 * deadline.fontMetrics().lineSpacing() + 4)
                deadline.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                errors.addWidget(deadline)
                self.parts.deadline = deadline
        if not stretches:
            line.addStretch(1)  # fixed-width boxes stay at the left, not spread out
        return row_widget

    def _text_section(self, box: QGroupBox, spec: FieldSpec) -> None:
        # The one label above its field: a text this size needs the column's whole width.
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(3)
        editor = make_editor(spec, box)
        label = QLabel(box)
        label.setObjectName("rowLabel")
        label.setBuddy(editor.focus_widget)
        error = ErrorLine(editor.focus_widget, box)
        five_w = _five_w(box)
        layout.addWidget(label)
        layout.addWidget(five_w)
        layout.addWidget(editor.widget, 1)
        under = QHBoxLayout()
        under.addWidget(error, 1)
        counter = TextCounter(box)
        under.addWidget(counter, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(under)
        self.parts.rows[spec.key] = FieldRow(spec, editor, error, label, box)
        self.parts.five_w = five_w
        self.parts.counter = counter


def _five_w(parent: QWidget) -> QLabel:
    """The 5N1K reminder for İhbar and Şikayet: the six questions a report must answer."""
    hint = QLabel(_("<b>5N1K</b> — {questions}").format(
        questions=" · ".join(_(question) for question in FIVE_W_ONE_H)), parent)
    hint.setObjectName("fiveWOneH")
    hint.setWordWrap(True)  # so it never widens its column: the form must not jump
    hint.setToolTip(_("Kim? Ne? Ne zaman? Nerede? Neden? Nasıl? İhbar ve şikayetin "
                      "incelenebilmesi için metinde bu soruların cevabı bulunmalıdır."))
    hint.hide()
    return hint
