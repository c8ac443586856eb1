"""The intake form: one engine, fields declared once, required markers per channel.

``FIELDS`` is the table every channel's form is built from (key → label, widget kind,
section, when it is required). Only the in-person channel is offered today; letter, fax and
e-mail will build from the same table with their own ``ChannelRules`` (models/), which is
also what validation uses, so the `*` markers and the errors cannot disagree.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QRectF, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.deadlines import legal_deadline
from models.enums import ApplicationType, Channel, Urgency
from models.intake_rules import CONTACT_REQUIRED_CHANNELS, field_requirement
from models.intake_rules import Requirement as Need
from models.phone import format_mobile, parse_mobile
from models.tckn import TCKN_LENGTH, tckn_error
from models.turkish_text import MAX_TEXT_LENGTH, text_length, turkish_upper
from ui.style import ERROR_RED, set_state_property

log = logging.getLogger("bimer.ui")


class Section(Enum):
    IDENTITY = "Kimlik"
    CONTACT = "İletişim"
    APPLICATION = "Başvuru"
    TEXT = "Metin"


class FieldKind(Enum):
    TCKN = "tckn"
    NAME = "name"
    LETTER = "letter"
    PHONE = "phone"
    LINE = "line"
    CHOICE = "choice"
    TEXT = "text"


class Requirement(Enum):
    ALWAYS = "always"
    IDENTITY = "identity"  # when the channel's rules require identity
    CONTACT = "contact"  # one of the contact fields, when the channel requires contact


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the ApplicationForm attribute
    label: str  # the row label, without marker and colon
    kind: FieldKind
    section: Section
    requirement: Requirement
    caption: str = ""  # a small word beside the box (the letter boxes)
    joins_previous_row: bool = False
    placeholder: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("tckn", "T.C. Kimlik No", FieldKind.TCKN, Section.IDENTITY, Requirement.IDENTITY),
    FieldSpec("first_name", "Ad", FieldKind.NAME, Section.IDENTITY, Requirement.IDENTITY),
    FieldSpec("last_name", "Soyad", FieldKind.NAME, Section.IDENTITY, Requirement.IDENTITY),
    FieldSpec("mother_maiden_first", "Anne kızlık soyadı", FieldKind.LETTER, Section.IDENTITY,
              Requirement.IDENTITY, caption="ilk harf"),
    FieldSpec("mother_maiden_last", "Anne kızlık soyadı", FieldKind.LETTER, Section.IDENTITY,
              Requirement.IDENTITY, caption="son harf", joins_previous_row=True),
    FieldSpec("mobile_phone", "Cep telefonu", FieldKind.PHONE, Section.CONTACT,
              Requirement.CONTACT, placeholder="0 (5xx) xxx xx xx"),
    FieldSpec("email", "E-posta", FieldKind.LINE, Section.CONTACT, Requirement.CONTACT,
              placeholder="ad.soyad@ornek.com.tr"),
    FieldSpec("address", "Adres", FieldKind.LINE, Section.CONTACT, Requirement.CONTACT),
    FieldSpec("application_type", "Başvuru türü", FieldKind.CHOICE, Section.APPLICATION,
              Requirement.ALWAYS),
    FieldSpec("subject_code", "Konu", FieldKind.CHOICE, Section.APPLICATION, Requirement.ALWAYS),
    FieldSpec("sub_subject_code", "Alt konu", FieldKind.CHOICE, Section.APPLICATION,
              Requirement.ALWAYS),
    FieldSpec("urgency", "Aciliyet", FieldKind.CHOICE, Section.APPLICATION, Requirement.ALWAYS),
    FieldSpec("text", "Başvuru metni", FieldKind.TEXT, Section.TEXT, Requirement.ALWAYS),
)

CHOICE_PLACEHOLDER = "Seçiniz"
CONTACT_HINT = "Cep telefonu, e-posta veya adresten en az biri girilmelidir."


def is_required(spec: FieldSpec, channel: Channel) -> bool:
    """Whether the field gets a `*`: contact fields are 'one of', so none alone is."""
    return field_requirement(spec.key, channel) is Need.REQUIRED


def format_count(value: int) -> str:
    """``1234`` → ``1.234``: Turkish thousands separator, whatever the machine's locale."""
    return f"{value:,}".replace(",", ".")


def counter_level(length: int, limit: int = MAX_TEXT_LENGTH) -> str:
    """'normal', 'warning' from 90 % of the limit, 'limit' at or over it."""
    if length >= limit:
        return "limit"
    if length * 10 >= limit * 9:
        return "warning"
    return "normal"


class LetterBox(QLineEdit):
    """One letter of the mother's maiden surname: upper-cased the Turkish way (i→İ, ı→I);
    typing a letter replaces the box's content and moves on, as on the paper form."""

    letter_entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(1)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.textChanged.connect(self._upper_case)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isalpha() and not (
            event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier)
        ):
            self.setText(turkish_upper(text))
            self.textEdited.emit(self.text())
            self.letter_entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _upper_case(self, text: str) -> None:
        # Pasted or programmatic text is upper-cased too; the check avoids a loop.
        upper = turkish_upper(text)
        if upper != text:
            self.setText(upper)


class TextCounter(QLabel):
    """``1.234 / 6.000`` under the text; the ``level`` property drives amber and red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counter")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.show_length(0)

    def show_length(self, length: int) -> None:
        self.setText(f"{format_count(length)} / {format_count(MAX_TEXT_LENGTH)}")
        set_state_property(self, "level", counter_level(length))
        self.setToolTip(
            f"Başvuru metni en çok {format_count(MAX_TEXT_LENGTH)} karakter olabilir."
        )

    @property
    def level(self) -> str:
        return str(self.property("level"))


class ErrorOutline(QWidget):
    """A red frame drawn over a field in error. An overlay rather than a stylesheet border,
    so that every kind of field keeps its native look (a styled QComboBox loses its arrow
    and draws its placeholder like a chosen value)."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__(editor)
        self._editor = editor
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        editor.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._editor and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._editor.rect())
        return False

    def show_over_editor(self, visible: bool) -> None:
        if visible:
            self.setGeometry(self._editor.rect())
            self.raise_()
        self.setVisible(visible)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor(ERROR_RED), 1.0))
        painter.drawRoundedRect(outer, 2.0, 2.0)
        inner = QColor(ERROR_RED)
        inner.setAlpha(90)
        painter.setPen(QPen(inner, 1.0))
        painter.drawRoundedRect(outer.adjusted(1, 1, -1, -1), 1.5, 1.5)
        painter.end()


class _FieldRow:
    """The widgets of one field: the input, its error line, and its label if it owns one."""

    def __init__(self, spec: FieldSpec, editor: QWidget, error: QLabel) -> None:
        self.spec = spec
        self.editor = editor
        self.error = error
        self.outline = ErrorOutline(editor)


class _FieldEvents(QObject):
    """Enter moves on and focus-out validates, for every editor of the form."""

    def __init__(self, form: IntakeForm) -> None:
        super().__init__(form)
        self._form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and isinstance(watched, QLineEdit | QComboBox)):
                self._form.focus_next_after(watched)
                return True
        elif (event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent)
              and event.reason() != Qt.FocusReason.PopupFocusReason
              and isinstance(watched, QWidget)):
            self._form.field_left(watched)
        return False


class IntakeForm(QWidget):
    """The form for one channel. ``saved`` carries the new station number."""

    saved = Signal(str)
    print_requested = Signal(str)

    def __init__(self, desk: Desk, channel: Channel = Channel.IN_PERSON,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self._desk = desk
        self.channel = channel
        self._rows: dict[str, _FieldRow] = {}
        self._order: list[QWidget] = []
        self._touched: set[str] = set()
        self._loading = False
        self.last_saved_number: str | None = None
        self._contact_hint: QLabel | None = None
        self._events = _FieldEvents(self)
        self._build()
        self._connect_shortcuts()
        self.clear()

    # ----- public API -------------------------------------------------------------------

    def form_value(self) -> ApplicationForm:
        values = {key: self._value_of(row) for key, row in self._rows.items()}
        return ApplicationForm(channel=self.channel.value, **values)

    def editor(self, key: str) -> QWidget:
        return self._rows[key].editor

    def first_editor(self) -> QWidget:
        return self._order[0]

    def error_text(self, key: str) -> str:
        row = self._rows[key]
        return row.error.text() if not row.error.isHidden() else ""

    def errors(self) -> dict[str, str]:
        return {key: row.error.text() for key, row in self._rows.items()
                if not row.error.isHidden()}

    def has_content(self) -> bool:
        """Anything the clerk typed or chose that clearing would lose."""
        blank = ApplicationForm(channel=self.channel.value)
        current = self.form_value()
        return any(getattr(current, key).strip() != getattr(blank, key)
                   for key in self._rows)

    def save(self) -> bool:
        """Save through the intake service; on failure keep everything typed."""
        try:
            outcome = self._desk.intake.save(self.form_value(), self._desk.config.user)
        except Exception:
            # A disk or database failure: keep every field as typed and say what to do.
            log.exception("saving an application failed")
            self._hide_banner()
            self._save_summary.setText(
                "Başvuru kaydedilemedi: yerel veritabanına yazılamadı. Bilgiler formda "
                "duruyor; tekrar Kaydet'e basın, sorun sürerse sistem yöneticisine bildirin.")
            self._save_summary.show()
            return False
        if not outcome.ok or outcome.station_number is None:
            self._hide_banner()
            self._show_errors(outcome.errors, replace=True)
            count = len(outcome.errors)
            self._save_summary.setText(
                f"Kaydedilemedi: {count} alanı düzeltin." if count > 1
                else "Kaydedilemedi: işaretli alanı düzeltin."
            )
            self._save_summary.show()
            first = next((w for w in self._order if self._key_of(w) in outcome.errors), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.last_saved_number = outcome.station_number
        self.clear()
        self._show_banner(outcome.station_number, outcome.notices)
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(outcome.station_number)
        return True

    def clear(self) -> None:
        """Empty every field and error; the banner is the caller's business."""
        self._loading = True
        try:
            for row in self._rows.values():
                editor = row.editor
                if isinstance(editor, QLineEdit | QPlainTextEdit):
                    editor.clear()
                elif isinstance(editor, QComboBox):
                    default = Urgency.NORMAL.value if row.spec.key == "urgency" else ""
                    editor.setCurrentIndex(editor.findData(default) if default else -1)
                self._set_error(row, "")
            self._fill_sub_subjects()
            self._touched.clear()
            self._save_summary.hide()
            self._tckn_ok.hide()
            self._counter.show_length(0)
            self._update_deadline()
        finally:
            self._loading = False

    def new_application(self) -> None:
        """Ctrl+N: a fresh form; asks first if something typed would be lost."""
        if self.has_content():
            self.ask_to_discard()
            return
        self._hide_banner()
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_to_discard(self) -> QMessageBox:
        """Ask (window-modal, not blocking) before clearing what the clerk typed."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Formu temizle",
            "Formdaki bilgiler silinsin mi? Kaydedilmemiş bilgiler kaybolur.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton("Sil", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Vazgeç", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setObjectName("discardQuestion")

        def answered() -> None:
            if box.clickedButton() is discard:
                self.clear()
                self._hide_banner()
                self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

        box.finished.connect(answered)
        box.open()
        return box

    @property
    def banner_visible(self) -> bool:
        return not self._banner.isHidden()

    @property
    def banner_number(self) -> str:
        return self._banner_number.text()

    @property
    def banner_notices(self) -> str:
        return self._banner_notices.text() if not self._banner_notices.isHidden() else ""

    @property
    def counter(self) -> TextCounter:
        return self._counter

    @property
    def deadline_text(self) -> str:
        return self._deadline.text()

    # ----- events from the editors --------------------------------------------------------

    def focus_next_after(self, widget: QWidget) -> None:
        if widget in self._order:
            index = self._order.index(widget)
            if index + 1 < len(self._order):
                self._order[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
                return
        self._save_button.setFocus(Qt.FocusReason.TabFocusReason)

    def field_left(self, widget: QWidget) -> None:
        """Validate as the clerk leaves a field: show that field's error only, and clear
        errors elsewhere that the change resolved (a phone fixes 'one contact needed')."""
        key = self._key_of(widget)
        if key is None or self._loading:
            return
        row = self._rows[key]
        if row.spec.kind is FieldKind.PHONE:
            self._reformat_phone(row)
        if key not in self._touched:
            return
        result = self._desk.intake.validate(self.form_value())
        self._set_error(row, result.errors.get(key, ""))
        for other in self._rows.values():
            if other is not row and other.spec.key not in result.errors:
                self._set_error(other, "")

    def _edited(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self._set_error(self._rows[key], "")
        self._save_summary.hide()
        self._hide_banner()

    # ----- building -----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._build_banner())

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)

        legend = QLabel("* zorunlu alan", body)
        legend.setObjectName("legend")
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(legend)

        self._label_width = self._measure_label_width()
        columns = QHBoxLayout()
        columns.setSpacing(12)
        left = QVBoxLayout()
        left.addWidget(self._build_section(Section.IDENTITY, body))
        left.addWidget(self._build_section(Section.CONTACT, body))
        left.addStretch(1)
        right = QVBoxLayout()
        # The Başvuru box reaches down as far as Kimlik + İletişim: one bottom edge, calmer.
        right.addWidget(self._build_section(Section.APPLICATION, body), 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addWidget(self._build_section(Section.TEXT, body), 1)
        layout.addLayout(self._build_buttons(body))

        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        for editor in self._order:
            editor.installEventFilter(self._events)
        for before, after in zip(self._order, [*self._order[1:], self._save_button],
                                 strict=True):
            QWidget.setTabOrder(before, after)

    def _measure_label_width(self) -> int:
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(self._label_text(spec)) for spec in FIELDS) + 6

    def _label_text(self, spec: FieldSpec) -> str:
        marker = " *" if is_required(spec, self.channel) else ""
        return f"{spec.label}{marker}:"

    def _make_label(self, spec: FieldSpec, parent: QWidget, top: bool = False) -> QLabel:
        label = QLabel(self._label_text(spec), parent)
        vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
        label.setAlignment(Qt.AlignmentFlag.AlignRight | vertical)
        label.setFixedWidth(self._label_width)
        return label

    def _build_section(self, section: Section, parent: QWidget) -> QGroupBox:
        box = QGroupBox(section.value, parent)
        box.setObjectName(f"section_{section.name.lower()}")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        row_index = -1
        line_fixed = False
        line: QHBoxLayout | None = None
        errors: QVBoxLayout | None = None
        for spec in (s for s in FIELDS if s.section is section):
            editor = self._make_editor(spec, box)
            error = QLabel(box)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            row = _FieldRow(spec, editor, error)
            self._rows[spec.key] = row
            self._order.append(editor)
            if spec.kind is FieldKind.TEXT:
                self._add_text_row(grid, row, box)
                continue
            if not spec.joins_previous_row or line is None or errors is None:
                if line is not None and line_fixed:
                    line.addStretch(1)
                row_index += 2
                label = self._make_label(spec, box)
                label.setBuddy(editor)
                grid.addWidget(label, row_index, 0)
                line = QHBoxLayout()
                line.setSpacing(6)
                errors = QVBoxLayout()
                errors.setSpacing(0)
                grid.addLayout(line, row_index, 1)
                grid.addLayout(errors, row_index + 1, 1)
            line_fixed = self._fixed_width(spec)
            line.addWidget(editor, 0 if line_fixed else 1)
            if spec.caption:
                caption = QLabel(spec.caption, box)
                caption.setObjectName("hint")
                line.addWidget(caption)
                line.addSpacing(10)
            if spec.kind is FieldKind.TCKN:
                self._tckn_ok = QLabel("✓ doğrulandı", box)
                self._tckn_ok.setObjectName("tcknOk")
                line.addWidget(self._tckn_ok)
            errors.addWidget(error)
            if spec.key == "application_type":
                row_index += 2
                self._deadline = QLabel(box)
                self._deadline.setObjectName("deadline")
                self._deadline.setWordWrap(True)
                grid.addWidget(self._deadline, row_index, 1)
        if line is not None and line_fixed:
            line.addStretch(1)
        if section is not Section.TEXT:
            grid.setRowStretch(row_index + 3, 1)
        if section is Section.CONTACT and self.channel in CONTACT_REQUIRED_CHANNELS:
            hint = QLabel(CONTACT_HINT, box)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            grid.addWidget(hint, row_index + 2, 1)
            self._contact_hint = hint
        return box

    def _add_text_row(self, grid: QGridLayout, row: _FieldRow, box: QWidget) -> None:
        label = self._make_label(row.spec, box, top=True)
        label.setBuddy(row.editor)
        grid.addWidget(label, 0, 0)
        grid.addWidget(row.editor, 0, 1)
        under = QHBoxLayout()
        under.addWidget(row.error, 1)
        self._counter = TextCounter(box)
        under.addWidget(self._counter, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(under, 1, 1)
        grid.setRowStretch(0, 1)

    @staticmethod
    def _fixed_width(spec: FieldSpec) -> bool:
        return spec.kind in (FieldKind.TCKN, FieldKind.LETTER, FieldKind.PHONE)

    def _make_editor(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        key = spec.key
        editor: QWidget
        metrics = self.fontMetrics()
        if spec.kind is FieldKind.CHOICE:
            combo = QComboBox(parent)
            combo.setPlaceholderText(CHOICE_PLACEHOLDER)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            for value, text in self._static_choices(key):
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._choice_changed(k))
            editor = combo
        elif spec.kind is FieldKind.TEXT:
            plain = QPlainTextEdit(parent)
            plain.setTabChangesFocus(True)
            plain.setPlaceholderText("Vatandaşın başvurusunu buraya yazın.")
            plain.setMinimumHeight(90)
            plain.textChanged.connect(self._text_changed)
            editor = plain
        elif spec.kind is FieldKind.LETTER:
            letter = LetterBox(parent)
            letter.setFixedWidth(metrics.horizontalAdvance("WW") + 16)
            letter.letter_entered.connect(lambda w=letter: self.focus_next_after(w))
            letter.textEdited.connect(lambda _t, k=key: self._edited(k))
            editor = letter
        else:
            line = QLineEdit(parent)
            line.setPlaceholderText(spec.placeholder)
            if spec.kind is FieldKind.TCKN:
                line.setValidator(QRegularExpressionValidator(
                    QRegularExpression(f"[0-9]{{0,{TCKN_LENGTH}}}"), line))
                line.setMaxLength(TCKN_LENGTH)
                line.setFixedWidth(metrics.horizontalAdvance("0" * TCKN_LENGTH) + 28)
                line.textChanged.connect(self._tckn_changed)
            elif spec.kind is FieldKind.PHONE:
                line.setFixedWidth(metrics.horizontalAdvance("0 (555) 555 55 55") + 24)
            line.textEdited.connect(lambda _t, k=key: self._edited(k))
            editor = line
        editor.setObjectName(f"field_{key}")
        editor.setAccessibleName(spec.label if not spec.caption
                                 else f"{spec.label} {spec.caption}")
        return editor

    def _static_choices(self, key: str) -> list[tuple[str, str]]:
        if key == "application_type":
            return [(t.value, t.label) for t in ApplicationType]
        if key == "urgency":
            return [(u.value, u.label) for u in Urgency]
        if key == "subject_code":
            return [(s.code, s.name) for s in self._desk.reference.subjects.subjects]
        return []

    def _build_banner(self) -> QWidget:
        holder = QWidget(self)  # carries the margins, so a hidden banner leaves no gap
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(12, 8, 12, 0)
        banner = QFrame(holder)
        holder_layout.addWidget(banner)
        banner.setObjectName("savedBanner")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(14, 8, 14, 8)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        title = QLabel("Başvuru kaydedildi", banner)
        title.setStyleSheet("font-weight: bold;")
        self._banner_number = QLabel(banner)
        self._banner_number.setObjectName("bannerNumber")
        self._banner_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._banner_notices = QLabel(banner)
        self._banner_notices.setWordWrap(True)
        texts.addWidget(title)
        texts.addWidget(self._banner_number)
        texts.addWidget(self._banner_notices)
        layout.addLayout(texts, 1)
        self._print_button = QPushButton("Alındı belgesi yazdır (Ctrl+P)", banner)
        self._print_button.clicked.connect(self.request_print)
        self._new_button = QPushButton("Yeni başvuru (Ctrl+N)", banner)
        self._new_button.clicked.connect(self.new_application)
        for button in (self._print_button, self._new_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._banner = holder
        holder.hide()
        return holder

    def _build_buttons(self, parent: QWidget) -> QHBoxLayout:
        bar = QHBoxLayout()
        self._save_summary = QLabel(parent)
        self._save_summary.setObjectName("saveSummary")
        self._save_summary.setWordWrap(True)
        bar.addWidget(self._save_summary, 4)
        bar.addStretch(1)
        self._clear_button = QPushButton("Formu temizle (Esc)", parent)
        self._clear_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._clear_button.clicked.connect(self._escape)
        self._save_button = QPushButton("Kaydet (Ctrl+S)", parent)
        self._save_button.setObjectName("saveButton")
        self._save_button.setMinimumWidth(140)
        self._save_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._save_button.clicked.connect(self.save)
        # Not a default button: Enter never saves (UI.md).
        self._save_button.setAutoDefault(False)
        bar.addWidget(self._clear_button)
        bar.addWidget(self._save_button)
        return bar

    def _connect_shortcuts(self) -> None:
        bindings: list[tuple[QKeySequence | QKeySequence.StandardKey | str,
                             Callable[[], object]]] = [
            ("Ctrl+S", self.save),
            ("Ctrl+P", self.request_print),
            ("Esc", self._escape),
        ]
        for sequence, slot in bindings:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ----- behaviour ----------------------------------------------------------------------

    def request_print(self) -> None:
        if self.last_saved_number and self.banner_visible:
            self.print_requested.emit(self.last_saved_number)

    def _escape(self) -> None:
        if self.has_content():
            self.ask_to_discard()
        else:
            self._hide_banner()

    def _value_of(self, row: _FieldRow) -> str:
        editor = row.editor
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return str(data) if data is not None and editor.currentIndex() >= 0 else ""
        raise TypeError(f"no value for {type(editor).__name__}")

    def _key_of(self, widget: QWidget) -> str | None:
        return next((key for key, row in self._rows.items() if row.editor is widget), None)

    def _set_error(self, row: _FieldRow, message: str) -> None:
        row.error.setText(message)
        row.error.setVisible(bool(message))
        row.editor.setProperty("error", bool(message))
        row.outline.show_over_editor(bool(message))
        if row.spec.key == "mobile_phone" and self._contact_hint is not None:
            # The error says the same thing as the hint; one red line is enough.
            self._contact_hint.setVisible("en az biri" not in message)
        if row.spec.kind is FieldKind.TCKN and message:
            self._tckn_ok.hide()

    def _show_errors(self, errors: dict[str, str], *, replace: bool) -> None:
        for key, row in self._rows.items():
            if key in errors:
                self._set_error(row, errors[key])
            elif replace:
                self._set_error(row, "")

    def _show_banner(self, number: str, notices: list[str]) -> None:
        self._banner_number.setText(number)
        self._banner_notices.setText(" ".join(notices))
        self._banner_notices.setVisible(bool(notices))
        self._banner.show()

    def _hide_banner(self) -> None:
        self._banner.hide()

    def _tckn_changed(self, text: str) -> None:
        if self._loading:
            return
        row = self._rows["tckn"]
        if len(text) == TCKN_LENGTH:
            message = tckn_error(text)
            self._set_error(row, message or "")
            self._tckn_ok.setVisible(message is None)
        else:
            self._tckn_ok.hide()

    def _reformat_phone(self, row: _FieldRow) -> None:
        editor = row.editor
        assert isinstance(editor, QLineEdit)
        e164, _error = parse_mobile(editor.text().strip()) if editor.text().strip() else (
            None, None)
        if e164:
            formatted = format_mobile(e164)
            if formatted != editor.text():
                editor.setText(formatted)

    def _choice_changed(self, key: str) -> None:
        if key == "subject_code":
            self._fill_sub_subjects()
        if key == "application_type":
            self._update_deadline()
        self._edited(key)

    def _fill_sub_subjects(self) -> None:
        combo = self._rows["sub_subject_code"].editor
        assert isinstance(combo, QComboBox)
        subject_code = self._value_of(self._rows["subject_code"])
        subject = next((s for s in self._desk.reference.subjects.subjects
                        if s.code == subject_code), None)
        was_loading = self._loading
        self._loading = True  # refilling is not the clerk's edit
        try:
            combo.clear()
            for sub in subject.sub_subjects if subject else ():
                combo.addItem(sub.name, sub.code)
            combo.setCurrentIndex(-1)
            combo.setEnabled(subject is not None)
            combo.setPlaceholderText(CHOICE_PLACEHOLDER if subject else "Önce konu seçin")
        finally:
            self._loading = was_loading

    def _update_deadline(self) -> None:
        value = self._value_of(self._rows["application_type"])
        if not value:
            self._deadline.setText("Yasal cevap süresi: başvuru türü seçilince gösterilir.")
            return
        deadline = legal_deadline(ApplicationType(value), self._desk.clock().date())
        self._deadline.setText(
            f"Yasal cevap süresi: {deadline.description} — {deadline.due:%d.%m.%Y}"
        )

    def _text_changed(self) -> None:
        editor = self._rows["text"].editor
        assert isinstance(editor, QPlainTextEdit)
        self._counter.show_length(text_length(editor.toPlainText()))
        self._edited("text")
