"""The intake form: one engine for every channel, its fields declared once in ``FIELDS``.

``FIELDS`` says what each field is (key, label, widget kind, section, position); *whether*
a field is required, optional or not shown comes only from
``models.intake_rules.field_requirement`` — the same function validation enforces — so a
`*` marker, a hidden row and an error can never disagree. The rules depend on the choices
(Bilgi Edinme asks Gerçek / Tüzel kişi; İhbar and Şikayet offer identity hiding), so the
form asks again whenever a choice changes and shows, hides and re-marks its rows.

Keyboard: Enter moves to the next field (a newline in the text); fields that know when they
are complete (T.C. Kimlik No, the letter boxes, a date, a one-key choice, a subject code)
move on by themselves to the next empty field; Ctrl+↓ / Ctrl+↑ jump between sections.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRectF,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QRegularExpressionValidator,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.application_form import FALSE, TRUE, ApplicationForm, parse_date
from models.deadlines import legal_deadline
from models.enums import ApplicantKind, ApplicationType, Channel, EducationLevel, Urgency
from models.i18n import N_, _, format_date, format_number
from models.intake_rules import (
    CONTACT_FIELDS,
    CONTACT_REQUIRED_CHANNELS,
    IDENTITY_HIDING_TYPES,
    Requirement,
    field_requirement,
)
from models.phone import format_mobile, parse_mobile, parse_phone
from models.reference import SubjectCatalog
from models.tckn import TCKN_LENGTH, tckn_error
from models.turkish_text import (
    MAX_TEXT_LENGTH,
    format_size,
    normalize,
    strip_invisible,
    text_length,
    turkish_upper,
)
from services.attachments import AttachmentRefused
from services.drafts import DraftNotFound
from services.intake import SaveOutcome
from ui.attachments_dialog import AttachmentsDialog
from ui.questions import ask_before
from ui.style import ERROR_RED, set_state_property

log = logging.getLogger("bimer.ui")


class Section(Enum):
    """A box of the form; its value is the box's title (translated where shown)."""

    DOCUMENT = N_("Belge")
    IDENTITY = N_("Kimlik")
    CONTACT = N_("İletişim")
    APPLICATION = N_("Başvuru")
    TEXT = N_("Metin")

    @property
    def title(self) -> str:
        return _(self.value)


class FieldKind(Enum):
    TCKN = "tckn"
    NAME = "name"
    LETTER = "letter"
    MOBILE = "mobile"
    PHONE = "phone"  # any number: a fax
    LINE = "line"
    DATE = "date"
    CHOICE = "choice"
    CHECK = "check"
    TEXT = "text"


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the ApplicationForm attribute
    # label, caption and placeholder are marked with N_ and translated where shown.
    label: str  # the row label, without marker and colon; a check box carries its own text
    kind: FieldKind
    section: Section
    caption: str = ""  # a small word after the box (the letter boxes)
    joins_previous_row: bool = False
    placeholder: str = ""
    inline_label: bool = False  # joins a row but is named by its own label before the box
    width_sample: str = ""  # fixed width: wide enough for this text
    one_key: bool = False  # a choice whose items start with different letters


# Only measured, never shown: the widest place name a province / district box must fit.
PLACE_WIDTH_SAMPLE = "Eskişehir"  # i18n: not shown

FIELDS: tuple[FieldSpec, ...] = (
    # Belge: what the paper itself says, before whom it is from (letter, fax, e-mail).
    FieldSpec("sender_as_written", N_("Gönderen (yazıldığı gibi)"), FieldKind.LINE,
              Section.DOCUMENT,
              placeholder=N_("zarftaki, faks başlığındaki ya da e-postadaki ad")),
    FieldSpec("fax_number", N_("Faks numarası"), FieldKind.PHONE, Section.DOCUMENT,
              placeholder="0 (312) xxx xx xx", width_sample="0 (312) 555 55 55"),
    FieldSpec("email_subject", N_("E-posta konusu"), FieldKind.LINE, Section.DOCUMENT),
    FieldSpec("paper_date", N_("Belge tarihi"), FieldKind.DATE, Section.DOCUMENT,
              placeholder=N_("gg.aa.yyyy"), width_sample="00.00.00000"),
    FieldSpec("received_date", N_("Geliş tarihi"), FieldKind.DATE, Section.DOCUMENT,
              placeholder=N_("gg.aa.yyyy"), width_sample="00.00.00000", joins_previous_row=True,
              inline_label=True),
    FieldSpec("tckn", N_("T.C. Kimlik No"), FieldKind.TCKN, Section.IDENTITY),
    FieldSpec("first_name", N_("Ad"), FieldKind.NAME, Section.IDENTITY),
    FieldSpec("last_name", N_("Soyad"), FieldKind.NAME, Section.IDENTITY),
    FieldSpec("mother_maiden_first", N_("Anne kızlık soyadı"), FieldKind.LETTER,
              Section.IDENTITY, caption=N_("ilk harf")),
    FieldSpec("mother_maiden_last", N_("Anne kızlık soyadı"), FieldKind.LETTER,
              Section.IDENTITY, caption=N_("son harf"), joins_previous_row=True),
    FieldSpec("mobile_phone", N_("Cep telefonu"), FieldKind.MOBILE, Section.CONTACT,
              placeholder="0 (5xx) xxx xx xx", width_sample="0 (555) 555 55 55"),
    FieldSpec("email", N_("E-posta"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("ad.soyad@ornek.com.tr")),
    FieldSpec("email_preference", N_("E-posta ile bilgilendirilmek istiyorum"), FieldKind.CHECK,
              Section.CONTACT),
    FieldSpec("address", N_("Adres (MERNİS)"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("nüfusta kayıtlı adres")),
    FieldSpec("contact_address", N_("İletişim adresi"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("farklıysa: cevabın gönderileceği adres")),
    FieldSpec("location_province", N_("Konum"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("il"), width_sample=PLACE_WIDTH_SAMPLE),
    FieldSpec("location_district", N_("Konum"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("ilçe"), width_sample=PLACE_WIDTH_SAMPLE, joins_previous_row=True),
    FieldSpec("location_detail", N_("Konum"), FieldKind.LINE, Section.CONTACT,
              placeholder=N_("yer: mahalle, cadde…"), joins_previous_row=True),
    FieldSpec("education_level", N_("Eğitim durumu"), FieldKind.CHOICE, Section.CONTACT),
    FieldSpec("application_type", N_("Başvuru türü"), FieldKind.CHOICE, Section.APPLICATION,
              one_key=True),
    FieldSpec("applicant_kind", N_("Başvuran"), FieldKind.CHOICE, Section.APPLICATION,
              one_key=True),
    FieldSpec("organization_title", N_("Unvan"), FieldKind.LINE, Section.APPLICATION,
              placeholder=N_("tüzel kişinin tam unvanı")),
    FieldSpec("organization_tax_number", N_("Vergi / sicil no"), FieldKind.LINE,
              Section.APPLICATION, placeholder=N_("VKN (10), T.C. (11) ya da MERSİS (16)")),
    FieldSpec("requested_information", N_("İstenen bilgi ve belgeler"), FieldKind.LINE,
              Section.APPLICATION),
    FieldSpec("hide_identity", N_("Kimlik bilgilerim gizlensin"), FieldKind.CHECK,
              Section.APPLICATION),
    FieldSpec("subject_code", N_("Konu"), FieldKind.CHOICE, Section.APPLICATION),
    FieldSpec("sub_subject_code", N_("Alt konu"), FieldKind.CHOICE, Section.APPLICATION),
    FieldSpec("urgency", N_("Aciliyet"), FieldKind.CHOICE, Section.APPLICATION, one_key=True),
    FieldSpec("text", N_("Başvuru metni"), FieldKind.TEXT, Section.TEXT),
)

# Marked here, translated with ``_()`` where shown: the language is chosen after import.
CHOICE_PLACEHOLDER = N_("Seçiniz")
CONTACT_HINT = N_("Cep telefonu, e-posta veya adresten en az biri girilmelidir.")
FIVE_W_ONE_H = (N_("Kim?"), N_("Ne?"), N_("Ne zaman?"), N_("Nerede?"), N_("Neden?"),
                N_("Nasıl?"))
FORWARD_NOT_YET = N_("Sevk işlemi bu sürümde henüz yok; başvuru kaydedildi, sevk daha sonra "
                     "yapılacak.")
KEY_HINTS = N_("Enter: sonraki alan · Ctrl+↓ / Ctrl+↑: sonraki / önceki bölüm")
AUTOSAVE_MS = 3000


def format_count(value: int) -> str:
    """``1234`` → ``1.234`` in Turkish (``1,234`` in English), whatever the machine's
    locale: the desk's language decides."""
    return format_number(value)



def counter_level(length: int, limit: int = MAX_TEXT_LENGTH) -> str:
    """'normal', 'warning' from 90 % of the limit, 'limit' at or over it."""
    if length >= limit:
        return "limit"
    if length * 10 >= limit * 9:
        return "warning"
    return "normal"


def counted_length(text: str) -> int:
    """The length the 6000-character rule sees: validation counts code points of the NFC
    text after removing invisible characters and the surrounding blanks, so the counter
    counts the same way and never says "fits" for a text that is then refused."""
    cleaned, _removed = strip_invisible(normalize(text))
    return text_length(cleaned.strip())


def display_date(value: str) -> str:
    """A stored or typed date as the desk's date fields hold it (``05.11.2026``); unreadable
    text as is. Not ``format_date``: this is what ``parse_date`` reads back, in any language
    (the placeholder says ``gg.aa.yyyy`` / ``dd.mm.yyyy``)."""
    parsed = parse_date(value) if value.strip() else None
    return f"{parsed:%d.%m.%Y}" if parsed else value


def _fold(text: str) -> str:
    return turkish_upper(normalize(text))


def _plain(text: str) -> str:
    """Without accents and dots (Ş→S, İ→I): a clerk on a keyboard without Turkish letters."""
    decomposed = unicodedata.normalize("NFD", _fold(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


HOT_FOLDER_GLANCE_MS = 2000


class Attachment(Protocol):
    """What the Ekler list shows of an attachment (``services.drafts.AttachmentInfo``)."""

    @property
    def original_name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def media_type(self) -> str: ...


class ChoiceBox(QComboBox):
    """A list that answers typed keys instead of making the clerk open it.

    Typed keys collect for a moment (as Qt's own type-ahead does) and pick the item whose
    code is typed (``02``; ``02`` or ``02.02`` for a sub-subject) or whose name begins with
    them. A complete code, or for ``one_key`` lists the single letter that only one item
    starts with (Ş → Şikayet), settles the choice: ``completed`` tells the form to move on.
    Backspace / Delete empties an optional choice.
    """

    completed = Signal()

    def __init__(self, parent: QWidget | None = None, *, one_key: bool = False) -> None:
        super().__init__(parent)
        self._one_key = one_key
        self._typed = ""
        self._typed_at = 0.0

    def add_choice(self, value: str, name: str, code: str = "") -> None:
        self.addItem(f"{code} · {name}" if code else name, value)
        index = self.count() - 1
        self.setItemData(index, name, Qt.ItemDataRole.UserRole + 1)
        self.setItemData(index, code, Qt.ItemDataRole.UserRole + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if (len(text) == 1 and text.isprintable() and not text.isspace()
                and not modifiers):
            self.type_key(text)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not modifiers:
            self._typed = ""
            self.setCurrentIndex(-1)
            event.accept()
            return
        super().keyPressEvent(event)

    def type_key(self, key: str) -> None:
        now = time.monotonic()
        # A second, not Qt's 0.4 s: a clerk reading a code off a paper types it slowly.
        if now - self._typed_at > max(QApplication.keyboardInputInterval(), 1000) / 1000:
            self._typed = ""
        self._typed_at = now
        found = self._match(self._typed + key)
        if found is None and self._typed:
            found = self._match(key)  # a fresh start, as Qt's type-ahead does
            self._typed = key if found is not None else ""
        else:
            self._typed += key
        if found is None:
            self._typed = ""
            return
        index, complete = found
        self.setCurrentIndex(index)
        if complete:
            self._typed = ""
            self.completed.emit()

    def _match(self, typed: str) -> tuple[int, bool] | None:
        """(index, settled) for what was typed, or None when nothing matches."""
        code_hits: list[int] = []
        for index in range(self.count()):
            code = str(self.itemData(index, Qt.ItemDataRole.UserRole + 2) or "")
            if not code:
                continue
            local = code.rsplit(".", 1)[-1]
            if typed in (code, local):
                return index, True
            if code.startswith(typed) or local.startswith(typed):
                code_hits.append(index)
        if code_hits:
            return code_hits[0], False
        for fold in (_fold, _plain):
            hits = [index for index in range(self.count())
                    if fold(str(self.itemData(index, Qt.ItemDataRole.UserRole + 1)
                                or self.itemText(index))).startswith(fold(typed))]
            if hits:
                return hits[0], self._one_key and len(typed) == 1 and len(hits) == 1
        return None


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
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.show_length(0)

    def show_length(self, length: int) -> None:
        self.setText(f"{format_count(length)} / {format_count(MAX_TEXT_LENGTH)}")
        set_state_property(self, "level", counter_level(length))
        self.setToolTip(
            _("Başvuru metni en çok {limit} karakter olabilir.").format(
                limit=format_count(MAX_TEXT_LENGTH))
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
    """The widgets of one field: its input, its error line, the label it is named by (the
    row's label, or its own inline label when it joins a row), and the row it lives in."""

    def __init__(self, spec: FieldSpec, editor: QWidget, error: QLabel, label: QLabel | None,
                 line: QWidget, extras: Sequence[QWidget] = ()) -> None:
        self.spec = spec
        self.editor = editor
        self.error = error
        self.label = label
        self.line = line  # the row widget holding the field; hidden when all its fields are
        self.extras = tuple(extras)  # caption, inline label: shown and hidden with the field
        self.outline = ErrorOutline(editor)
        self.visible = True


class _FieldEvents(QObject):
    """Enter moves on, Ctrl+↓/↑ jump sections, focus-out validates — for every editor."""

    def __init__(self, form: IntakeForm) -> None:
        super().__init__(form)
        self._form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if not isinstance(watched, QWidget):
                return False
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if control and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                return self._form.jump_section(watched, forward=event.key() == Qt.Key.Key_Down)
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not control
                    and isinstance(watched, QLineEdit | QComboBox | QCheckBox)):
                self._form.focus_next_after(watched)
                return True
        elif (event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent)
              and event.reason() != Qt.FocusReason.PopupFocusReason
              and isinstance(watched, QWidget)):
            self._form.field_left(watched)
        return False


class _LeftoverSpace(QWidget):
    """Holds a panel that takes what space is left. Without this, a panel with word-wrapped
    text asks its height for the width like the fields do, and a box layout short of room
    then squeezes the fields' error lines onto the fields instead of shrinking the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    def hasHeightForWidth(self) -> bool:
        return False


class _FittingScrollArea(QScrollArea):
    """The form's fallback for a screen too small: it scrolls only when the form cannot fit.

    A resizable QScrollArea sizes a widget whose layout has word-wrapped labels (the field
    errors) by its preferred height for the width, and so scrolls a form that would fit at
    its minimum; here the form gets the viewport's size unless its minimum is larger."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Owned, so a fit still pending when the form goes away goes with it.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            self._refit.start()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        body = self.widget()
        if body is None:
            return
        least = body.minimumSizeHint()
        view = self.viewport().size()
        body.resize(max(view.width(), least.width()), max(view.height(), least.height()))


class SaveRefused(Exception):
    """Raised by a form's ``save_function`` when nothing was saved for a reason that is no
    field's fault; the message (already in the desk's language) shows under the form."""


# Saves the form's value for the user somewhere other than a new application (a correction).
SaveFunction = Callable[[ApplicationForm, str], SaveOutcome]


class IntakeForm(QWidget):
    """The form for one channel. ``saved`` carries the new station number; ``changed``
    fires on every edit by the clerk (the window's autosave listens)."""

    saved = Signal(str)
    print_requested = Signal(str)
    changed = Signal()
    draft_stored = Signal(int)
    tckn_settled = Signal(object)  # the valid T.C. Kimlik No, or None when there is none

    def __init__(self, desk: Desk, channel: Channel = Channel.IN_PERSON,
                 parent: QWidget | None = None, *, autosave: bool = True,
                 save_function: SaveFunction | None = None, title: str | None = None) -> None:
        """``save_function``: what Kaydet does instead of saving a new application (a
        correction); such a form keeps the attachments it is given, never forwards, and
        leaves Esc to its dialog."""
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self.autosave = autosave  # previews of a production desk must not write drafts
        self._save_function = save_function
        self._title = title or _("Yeni başvuru — {channel}").format(channel=channel.label)
        self._desk = desk
        self.channel = channel
        self._rows: dict[str, _FieldRow] = {}
        self._order: list[QWidget] = []
        self._sections: dict[Section, QGroupBox] = {}
        self._touched: set[str] = set()
        self._loading = False
        self._defaults: ApplicationForm | None = None
        self._shown_tckn: str | None = None
        self.last_saved_number: str | None = None
        self.draft_id: int | None = None
        self._dirty = False
        self._contact_hint: QLabel | None = None
        self._subjects_shown: SubjectCatalog | None = None
        self._events = _FieldEvents(self)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.store_draft)
        self._build()
        self._connect_shortcuts()
        self.clear()

    # ----- public API -------------------------------------------------------------------

    def form_value(self) -> ApplicationForm:
        """What the clerk sees, as raw text. A field the rules hide right now is sent empty,
        whatever it still holds, so validation never speaks of a field nobody can see."""
        values: dict[str, str] = {}
        for key, row in self._rows.items():
            if self.requirement(key) is Requirement.HIDDEN:
                values[key] = FALSE if row.spec.kind is FieldKind.CHECK else ""
            else:
                values[key] = self._value_of(row)
        return ApplicationForm(channel=self.channel.value, **values)

    def set_form_value(self, form: ApplicationForm) -> None:
        """Fill every field from ``form`` (a draft, an imported e-mail): choices first, so
        that the rows they reveal are there to fill; no errors shown, nothing 'touched'."""
        self._loading = True
        try:
            self._fill_subjects()
            for key in ("application_type", "applicant_kind", "subject_code"):
                self._set_value(self._rows[key], getattr(form, key))
                if key == "subject_code":
                    self._fill_sub_subjects()
            for key, row in self._rows.items():
                if key not in ("application_type", "applicant_kind", "subject_code"):
                    self._set_value(row, getattr(form, key))
            if not form.applicant_kind:
                self._set_value(self._rows["applicant_kind"], ApplicantKind.PERSON.value)
            for row in self._rows.values():
                self._set_error(row, "")
            self._touched.clear()
            self._save_summary.hide()
            self._apply_rules()
            self._update_deadline()
            self._text_changed()
            self._tckn_changed(self._value_of(self._rows["tckn"]))
        finally:
            self._loading = False

    def show_field_errors(self, errors: dict[str, str]) -> None:
        """Mark these fields as in error now (a loaded form the service refused)."""
        self._show_errors(errors, replace=True)

    def editor(self, key: str) -> QWidget:
        return self._rows[key].editor

    def first_editor(self) -> QWidget:
        return next(w for w in self._order if self._focusable(w))

    def requirement(self, key: str) -> Requirement:
        """The rules for this field with the choices made so far."""
        kind = self._value_of(self._rows["applicant_kind"])
        type_value = self._value_of(self._rows["application_type"])
        return field_requirement(
            key, self.channel,
            ApplicationType(type_value) if type_value else None,
            ApplicantKind(kind) if kind else None,
        )

    def is_shown(self, key: str) -> bool:
        """Whether the field is on screen now (a field this channel never asks: False)."""
        row = self._rows.get(key)
        return row is not None and row.visible

    def label_text(self, key: str) -> str:
        label = self._rows[key].label
        return label.text() if label is not None else ""

    def error_text(self, key: str) -> str:
        row = self._rows[key]
        return row.error.text() if not row.error.isHidden() else ""

    def errors(self) -> dict[str, str]:
        return {key: row.error.text() for key, row in self._rows.items()
                if not row.error.isHidden()}

    def has_content(self) -> bool:
        """Anything the clerk typed or chose that clearing would lose."""
        return self._defaults is not None and self.form_value() != self._defaults

    def save(self) -> bool:
        """Save through the intake service; on failure keep everything typed."""
        return self._save(forward=False)

    def save_and_forward(self) -> bool:
        """Kaydet ve Sevk Et. Forwarding comes in a later version: until then this saves and
        says so plainly, rather than pretending the case went anywhere."""
        return self._save(forward=True)

    def clear(self) -> None:
        """Empty every field and error; the banner is the caller's business."""
        self._loading = True
        try:
            self._fill_subjects()
            for row in self._rows.values():
                self._set_value(row, self._default_of(row.spec.key))
                self._set_error(row, "")
            self._fill_sub_subjects()
            self._touched.clear()
            self._save_summary.hide()
            self._tckn_ok.hide()
            self._counter.show_length(0)
            self._update_deadline()
            self._apply_rules()
            self.set_attachments(())
            self._attachment_errors.hide()
            self._info.hide()
        finally:
            self._loading = False
        self._defaults = self.form_value()
        self._dirty = False
        self._autosave_timer.stop()
        self._settle_tckn(None)

    def new_application(self) -> None:
        """Ctrl+N: a fresh form; asks first if something typed would be lost."""
        if self.has_content():
            self.ask_to_discard()
            return
        self._hide_banner()
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_to_discard(self) -> QMessageBox:
        """Ask (window-modal, not blocking) before clearing what the clerk typed."""
        return ask_before(
            self, title=_("Formu temizle"),
            text=_("Formdaki bilgiler silinsin mi? Kaydedilmemiş bilgiler kaybolur.\n"
                   "Taslak olarak saklarsanız form boşalır, bilgiler Taslaklar'da kalır."),
            object_name="discardQuestion",
            destructive=(_("Sil"), self.discard),
            other=(_("Taslak olarak sakla"), self.park),
            delete_on_close=False,
        )

    def discard(self) -> None:
        """Clear the form and throw its draft away (the clerk said so)."""
        draft_id, self.draft_id = self.draft_id, None
        if draft_id is not None:
            self._desk.drafts.discard(draft_id, self._desk.config.user)
        self.clear()
        self._hide_banner()
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def park(self) -> bool:
        """Keep the form as a draft and empty it for the next citizen (the one at the window
        went to fetch a document). Nothing is cleared unless the draft was written."""
        self._dirty = True
        if self.has_content() and not self._write_draft():
            return False
        self.draft_id = None
        self.clear()
        self._hide_banner()
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def load_draft(self, draft_id: int, form: ApplicationForm,
                   attachments: Sequence[Attachment] = ()) -> None:
        """Show a stored draft for further work; later autosaves update the same draft."""
        self._hide_banner()
        self.set_form_value(form)
        self.set_attachments(attachments)
        self.draft_id = draft_id
        self._dirty = False
        self._autosave_timer.stop()

    def store_draft(self) -> bool:
        """Autosave: keep what is typed as this clerk's draft, if it changed. A form with
        nothing typed has no draft. Returns whether a draft was written."""
        self._autosave_timer.stop()
        if not self.autosave:
            return False
        return self._write_draft()

    def _write_draft(self) -> bool:
        if not self._dirty or not self.has_content():
            return False
        drafts = self._desk.drafts
        user = self._desk.config.user
        try:
            try:
                self.draft_id = drafts.save(user, self.form_value(), self.draft_id)
            except DraftNotFound:
                # Deleted from the Taslaklar list meanwhile: what is on screen is a new draft.
                self.draft_id = drafts.save(user, self.form_value(), None)
        except Exception:
            # A draft is a safety net; failing to write one must not stop the clerk.
            log.exception("autosaving a draft failed")
            return False
        self._dirty = False
        self.draft_stored.emit(self.draft_id)
        return True

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        """The Ekler list (read-only until the viewer exists)."""
        self._attachments.clear()
        for item in attachments:
            self._attachments.addItem(
                f"{item.original_name} — {format_size(item.size)}")
        has_any = bool(attachments)
        self._attachments.setVisible(has_any)
        self._no_attachments.setVisible(not has_any)
        self._attachments.setFixedHeight(
            min(4, max(1, len(attachments))) * (self.fontMetrics().height() + 4) + 6)

    def show_info(self, text: str) -> None:
        """A calm note above the form (what an imported e-mail brought, what to check)."""
        self._info.setText(text)
        self._info.setVisible(bool(text))

    @property
    def info_text(self) -> str:
        return self._info.text() if not self._info.isHidden() else ""

    def attachment_names(self) -> list[str]:
        return [self._attachments.item(i).text() for i in range(self._attachments.count())]

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

    @property
    def five_w_one_h_visible(self) -> bool:
        return not self._five_w.isHidden()

    @property
    def save_summary(self) -> str:
        return self._save_summary.text() if not self._save_summary.isHidden() else ""

    # ----- moving between fields --------------------------------------------------------

    def focus_first_missing(self) -> None:
        """Focus the first required field still empty (after a prefill), else the first."""
        target = next((w for w in self._order if self._focusable(w) and self._is_empty(w)
                       and self.requirement(self._keys[w]) is Requirement.REQUIRED),
                      self.first_editor())
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_next_after(self, widget: QWidget) -> None:
        """Enter: the very next field that can take focus (the save button after the last)."""
        following = self._following(widget)
        target = following[0] if following else self._save_button
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def advance_from(self, widget: QWidget) -> None:
        """A field completed itself: go on to the next field still waiting for an answer,
        stepping over check boxes and choices that already hold a value."""
        following = self._following(widget)
        target = next((w for w in following if self._is_empty(w)),
                      following[0] if following else self._save_button)
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def jump_section(self, widget: QWidget, *, forward: bool) -> bool:
        """Ctrl+↓ / Ctrl+↑: the first empty field of the next (or the first field of the
        previous) section. False when there is nowhere to go, so the key does its usual."""
        key = self._key_of(widget)
        if key is None:
            return False
        order = [s for s in Section if s in self._sections and not self._sections[s].isHidden()]
        here = order.index(self._rows[key].spec.section)
        targets = order[here + 1:] if forward else list(reversed(order[:here]))
        for section in targets:
            editors = [w for w in self._order if self._focusable(w)
                       and self._rows[self._keys[w]].spec.section is section]
            if editors:
                target = (next((w for w in editors if self._is_empty(w)), editors[0])
                          if forward else editors[0])
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _following(self, widget: QWidget) -> list[QWidget]:
        if widget not in self._order:
            return []
        index = self._order.index(widget)
        return [w for w in self._order[index + 1:] if self._focusable(w)]

    def _focusable(self, widget: QWidget) -> bool:
        return widget.isEnabled() and widget.isVisibleTo(self)

    def _is_empty(self, widget: QWidget) -> bool:
        if isinstance(widget, QCheckBox):
            return False
        if isinstance(widget, QComboBox):
            return widget.currentIndex() < 0
        if isinstance(widget, QLineEdit):
            return not widget.text().strip()
        if isinstance(widget, QPlainTextEdit):
            return not widget.toPlainText().strip()
        return True

    # ----- events from the editors --------------------------------------------------------

    def field_left(self, widget: QWidget) -> None:
        """Validate as the clerk leaves a field: show that field's error only, and clear
        errors elsewhere that the change resolved (a phone fixes 'one contact needed')."""
        key = self._key_of(widget)
        if key is None or self._loading:
            return
        row = self._rows[key]
        self._tidy(row)
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
        self._dirty = True
        if not self._autosave_timer.isActive():
            self._autosave_timer.start()
        self.changed.emit()

    # ----- building -----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._build_banner())
        self._info = QLabel(self)
        self._info.setObjectName("infoBar")
        self._info.setWordWrap(True)
        self._info.hide()
        info_holder = QHBoxLayout()
        info_holder.setContentsMargins(12, 6, 12, 0)
        info_holder.addWidget(self._info)
        outer.addLayout(info_holder)

        scroll = _FittingScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 12, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        title = QLabel(self._title, body)
        title.setObjectName("formTitle")
        top.addWidget(title)
        top.addStretch(1)
        legend = QLabel(_("* zorunlu alan  ·  {hints}").format(hints=_(KEY_HINTS)), body)
        legend.setObjectName("legend")
        top.addWidget(legend)
        layout.addLayout(top)

        self._label_width = self._measure_label_width()
        # Two columns read top to bottom, left then right — the tab order. Left: who it is
        # from (Belge on paper, Kimlik, İletişim) and, in person, the applicant's Evveliyat;
        # right: what it is (Başvuru), its text, tall and about 75 characters a line, and
        # its attachments. That fits 1366×768 with the saved banner showing.
        columns = QHBoxLayout()
        columns.setSpacing(12)
        self._left = QVBoxLayout()
        self._left.setSpacing(4)
        if any(self._channel_shows(s) for s in FIELDS if s.section is Section.DOCUMENT):
            self._left.addWidget(self._build_section(Section.DOCUMENT, body))
        self._left.addWidget(self._build_section(Section.IDENTITY, body))
        self._left.addWidget(self._build_section(Section.CONTACT, body))
        self._left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self._build_section(Section.APPLICATION, body))
        right.addWidget(self._build_section(Section.TEXT, body), 1)
        right.addWidget(self._build_attachments(body))
        columns.addLayout(self._left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
        layout.addLayout(self._build_buttons(body))

        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self._keys: dict[QWidget, str] = {row.editor: key for key, row in self._rows.items()}
        for editor in self._order:
            editor.installEventFilter(self._events)
        self._apply_tab_order()

    def add_side_panel(self, panel: QWidget) -> None:
        """Put a panel under Kimlik and İletişim (the applicant's Evveliyat). It gets the
        room the fields leave, never the room their error lines need."""
        self._left.takeAt(self._left.count() - 1)  # the stretch that kept the boxes on top
        holder = _LeftoverSpace(panel.parentWidget())
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        self._left.addWidget(holder, 1)

    def _channel_shows(self, spec: FieldSpec) -> bool:
        """Whether this channel can ever show the field (some choice reveals it)."""
        return any(
            field_requirement(spec.key, self.channel, application_type, kind)
            is not Requirement.HIDDEN
            for application_type in (None, *ApplicationType)
            for kind in (None, *ApplicantKind)
        )

    def _apply_tab_order(self) -> None:
        chain = [w for w in self._order if self._focusable(w)] + [self._save_button,
                                                                   self._forward_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _measure_label_width(self) -> int:
        metrics = self.fontMetrics()
        # With the marker on every label: a marker appearing later must not shift the form.
        return max(metrics.horizontalAdvance(f"{_(spec.label)} *:") for spec in FIELDS
                   if spec.kind not in (FieldKind.CHECK, FieldKind.TEXT)
                   and not spec.inline_label) + 6

    def _build_section(self, section: Section, parent: QWidget) -> QGroupBox:
        box = QGroupBox(section.title, parent)
        box.setObjectName(f"section_{section.name.lower()}")
        self._sections[section] = box
        specs = [s for s in FIELDS if s.section is section and self._channel_shows(s)]
        if section is Section.TEXT:
            self._build_text_section(box, specs[0])
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
            column.addWidget(self._build_row(row_specs, box))
        if section is Section.CONTACT and self.channel in CONTACT_REQUIRED_CHANNELS:
            hint = QLabel(_(CONTACT_HINT), box)
            hint.setObjectName("contactHint")
            hint.setWordWrap(True)
            hint.setIndent(self._label_width + 8)
            column.addWidget(hint)
            self._contact_hint = hint
        return box

    def _build_row(self, specs: list[FieldSpec], box: QWidget) -> QWidget:
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
        label.setFixedWidth(self._label_width)
        grid.addWidget(label, 0, 0)
        line = QHBoxLayout()
        line.setSpacing(6)
        errors = QVBoxLayout()
        errors.setSpacing(0)
        grid.addLayout(line, 0, 1)
        grid.addLayout(errors, 1, 1)
        stretches = False
        for spec in specs:
            editor = self._make_editor(spec, row_widget)
            if spec is specs[0] and spec.kind is not FieldKind.CHECK:
                label.setBuddy(editor)
            error = QLabel(row_widget)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            extras: list[QWidget] = []
            own_label = label
            if spec.inline_label:
                own_label = QLabel(row_widget)
                own_label.setObjectName("inlineLabel")
                own_label.setBuddy(editor)
                line.addSpacing(12)
                line.addWidget(own_label)
                extras.append(own_label)
            fixed = bool(spec.width_sample) or spec.kind in (FieldKind.TCKN, FieldKind.LETTER,
                                                             FieldKind.CHECK)
            stretches = stretches or not fixed
            line.addWidget(editor, 0 if fixed else 1)
            if spec.caption:
                caption = QLabel(_(spec.caption), row_widget)
                caption.setObjectName("hint")
                line.addWidget(caption)
                line.addSpacing(10)
                extras.append(caption)
            if spec.kind is FieldKind.TCKN:
                self._tckn_ok = QLabel(_("✓ doğrulandı"), row_widget)
                self._tckn_ok.setObjectName("tcknOk")
                line.addWidget(self._tckn_ok)
            errors.addWidget(error)
            self._rows[spec.key] = _FieldRow(spec, editor, error, own_label, row_widget,
                                             extras)
            self._order.append(editor)
            if spec.key == "application_type":
                self._deadline = QLabel(row_widget)
                self._deadline.setObjectName("deadline")
                errors.addWidget(self._deadline)
        if not stretches:
            line.addStretch(1)  # fixed-width boxes stay at the left, not spread out
        return row_widget

    def _build_text_section(self, box: QGroupBox, spec: FieldSpec) -> None:
        # The one label above its field: a text this size needs the column's whole width.
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(3)
        editor = self._make_editor(spec, box)
        label = QLabel(box)
        label.setObjectName("rowLabel")
        label.setBuddy(editor)
        error = QLabel(box)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self._five_w = self._build_five_w(box)
        layout.addWidget(label)
        layout.addWidget(self._five_w)
        layout.addWidget(editor, 1)
        under = QHBoxLayout()
        under.addWidget(error, 1)
        self._counter = TextCounter(box)
        under.addWidget(self._counter, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(under)
        self._rows[spec.key] = _FieldRow(spec, editor, error, label, box)
        self._order.append(editor)

    def _build_five_w(self, parent: QWidget) -> QLabel:
        """The 5N1K reminder for İhbar and Şikayet: the six questions a report must answer."""
        hint = QLabel(_("<b>5N1K</b> — {questions}").format(
            questions=" · ".join(_(question) for question in FIVE_W_ONE_H)), parent)
        hint.setObjectName("fiveWOneH")
        hint.setWordWrap(True)  # so it never widens its column: the form must not jump
        hint.setToolTip(_("Kim? Ne? Ne zaman? Nerede? Neden? Nasıl? İhbar ve şikayetin "
                          "incelenebilmesi için metinde bu soruların cevabı bulunmalıdır."))
        hint.hide()
        return hint

    def _build_attachments(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Ekler"), parent)
        box.setObjectName("section_attachments")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        self._attachments = QListWidget(box)
        self._attachments.setObjectName("attachmentList")
        self._attachments.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._attachments.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        empty = _("Ek yok.")
        if self.channel is Channel.EMAIL:
            empty = _("Ek yok. Bir e-posta dosyası açılınca (Ctrl+O) ekleri burada listelenir.")
        self._no_attachments = QLabel(empty, box)
        self._no_attachments.setObjectName("hint")
        self._attachment_errors = QLabel(box)
        self._attachment_errors.setObjectName("fieldError")
        self._attachment_errors.setWordWrap(True)
        self._attachment_errors.hide()
        row = QHBoxLayout()
        row.addWidget(self._no_attachments, 1)
        self._attach_button = QPushButton(_("Ek ekle / tara… (Ctrl+E)"), box)
        self._attach_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._attach_button.clicked.connect(self.open_attachments)
        row.addWidget(self._attach_button)
        self._attach_button.setVisible(self._save_function is None)
        self._hot_waiting = QLabel(box)
        self._hot_waiting.setObjectName("hint")
        self._hot_waiting.hide()
        layout.addWidget(self._attachments)
        layout.addLayout(row)
        layout.addWidget(self._hot_waiting)
        layout.addWidget(self._attachment_errors)
        if self._desk.config.settings.hot_folder:
            # The scanner's folder is watched by a thread; the form only asks it, calmly.
            self._hot_timer = QTimer(self)
            self._hot_timer.setInterval(HOT_FOLDER_GLANCE_MS)
            self._hot_timer.timeout.connect(self._show_hot_waiting)
            self._hot_timer.start()
        return box

    def _show_hot_waiting(self) -> None:
        watcher = self._desk.hot_folder()
        count = len(watcher.pending()) if watcher is not None else 0
        self._hot_waiting.setText(
            _("Tarama klasöründe {count} dosya bekliyor — Ctrl+H ile bu forma ekleyin.").format(
                count=count))
        self._hot_waiting.setVisible(count > 0)

    def take_hot_folder(self) -> list[str]:
        """Ctrl+H: every complete scan waiting in the hot folder goes to this form, oldest
        first, and out of the folder so that no desk offers it again."""
        watcher = self._desk.hot_folder()
        if watcher is None:
            return []
        waiting = watcher.pending()
        files: list[tuple[str, bytes]] = []
        unreadable: list[str] = []
        for file in waiting:
            try:
                files.append((file.name, file.path.read_bytes()))
            except OSError:
                unreadable.append(_("{name}: tarama klasöründen okunamadı.").format(
                    name=file.name))
        refused = self.attach_files(files) + unreadable
        refused_names = {message.split(": ", 1)[0] for message in refused}
        for file in waiting:
            if file.name in refused_names:
                watcher.dismiss(file)  # stays on disk; its reason is under the list
                continue
            try:
                watcher.mark_taken(file)
            except OSError:
                refused.append(_("{name}: eklendi, ancak tarama klasöründen taşınamadı.").format(
                    name=file.name))
        self._attachment_errors.setText("\n".join(refused))
        self._attachment_errors.setVisible(bool(refused))
        self._show_hot_waiting()
        return refused

    def open_attachments(self) -> AttachmentsDialog:
        """Ctrl+E: the page workbench (files, scanner, hot folder); confirmed files are
        attached to this form's draft at once, so a crash cannot lose a scan."""
        dialog = AttachmentsDialog(self._desk, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        def attach() -> None:
            self.attach_files(dialog.files())
            dialog.panel.commit_hot_files()

        dialog.accepted.connect(attach)
        dialog.open()
        return dialog

    def attach_files(self, files: Sequence[tuple[str, bytes]]) -> list[str]:
        """Check, store and attach ``files`` to this form's draft (written now if there is
        none yet). Returns the refusals, which also show under the Ekler list."""
        if not files:
            return []
        user = self._desk.config.user
        refused: list[str] = []
        self._dirty = True
        try:
            self.draft_id = self._desk.drafts.save(user, self.form_value(), self.draft_id)
        except DraftNotFound:
            self.draft_id = self._desk.drafts.save(user, self.form_value(), None)
        self._dirty = False
        for name, data in files:
            try:
                self._desk.attachments.add_to_draft(self.draft_id, user, name, data)
            except AttachmentRefused as refusal:
                refused.append(f"{name}: {refusal}")
        draft = self._desk.drafts.get(self.draft_id, user)
        self.set_attachments(draft.attachments if draft else ())
        self._attachment_errors.setText("\n".join(refused))
        self._attachment_errors.setVisible(bool(refused))
        return refused

    def _make_editor(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        key = spec.key
        editor: QWidget
        metrics = self.fontMetrics()
        if spec.kind is FieldKind.CHOICE:
            combo = ChoiceBox(parent, one_key=spec.one_key)
            combo.setPlaceholderText(
                _("Belirtilmemiş") if key == "education_level" else _(CHOICE_PLACEHOLDER))
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            for value, text, code in self._static_choices(key):
                combo.add_choice(value, text, code)
            combo.currentIndexChanged.connect(lambda _i, k=key: self._choice_changed(k))
            combo.completed.connect(lambda w=combo: self.advance_from(w))
            editor = combo
        elif spec.kind is FieldKind.CHECK:
            check = QCheckBox(_(spec.label), parent)
            check.toggled.connect(lambda _on, k=key: self._edited(k))
            editor = check
        elif spec.kind is FieldKind.TEXT:
            plain = QPlainTextEdit(parent)
            plain.setTabChangesFocus(True)
            plain.setPlaceholderText(_("Vatandaşın başvurusunu buraya yazın."))
            plain.setMinimumHeight(80)
            plain.textChanged.connect(self._text_changed)
            editor = plain
        elif spec.kind is FieldKind.LETTER:
            letter = LetterBox(parent)
            letter.setFixedWidth(metrics.horizontalAdvance("WW") + 16)
            letter.letter_entered.connect(lambda w=letter: self.advance_from(w))
            letter.textEdited.connect(lambda _t, k=key: self._edited(k))
            editor = letter
        else:
            line = QLineEdit(parent)
            line.setPlaceholderText(_(spec.placeholder) if spec.placeholder else "")
            # First: a field that moves on by itself must count as edited before it goes.
            line.textEdited.connect(lambda _t, k=key: self._edited(k))
            if spec.kind is FieldKind.TCKN:
                line.setValidator(QRegularExpressionValidator(
                    QRegularExpression(f"[0-9]{{0,{TCKN_LENGTH}}}"), line))
                line.setMaxLength(TCKN_LENGTH)
                line.setFixedWidth(metrics.horizontalAdvance("0" * TCKN_LENGTH) + 28)
                line.textChanged.connect(self._tckn_changed)
                line.textEdited.connect(lambda t, w=line: self._tckn_typed(w, t))
            elif spec.kind is FieldKind.DATE:
                line.setValidator(QRegularExpressionValidator(
                    QRegularExpression(r"[0-9./\-]{0,10}"), line))
                line.textEdited.connect(lambda t, w=line: self._date_typed(w, t))
            if spec.width_sample:
                line.setFixedWidth(metrics.horizontalAdvance(spec.width_sample) + 24)
            editor = line
        editor.setObjectName(f"field_{key}")
        editor.setAccessibleName(f"{_(spec.label)} {_(spec.caption)}" if spec.caption
                                 else _accessible_name(spec))
        return editor

    def _static_choices(self, key: str) -> list[tuple[str, str, str]]:
        if key == "application_type":
            return [(t.value, t.label, "") for t in ApplicationType]
        if key == "urgency":
            return [(u.value, u.label, "") for u in Urgency]
        if key == "applicant_kind":
            return [(k.value, k.label, "") for k in ApplicantKind]
        if key == "education_level":
            return [(e.value, e.label, "") for e in EducationLevel]
        return []  # subjects: _fill_subjects, from the catalogue the desk holds now

    def _build_banner(self) -> QWidget:
        holder = QWidget(self)  # carries the margins, so a hidden banner leaves no gap
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(12, 8, 12, 0)
        banner = QFrame(holder)
        holder_layout.addWidget(banner)
        banner.setObjectName("savedBanner")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(14, 6, 14, 6)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        title = QLabel(_("Başvuru kaydedildi"), banner)
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
        self._print_button = QPushButton(_("Alındı belgesi yazdır (Ctrl+P)"), banner)
        self._print_button.clicked.connect(self.request_print)
        self._new_button = QPushButton(_("Yeni başvuru (Ctrl+N)"), banner)
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
        self._clear_button = QPushButton(_("Formu temizle (Esc)"), parent)
        self._clear_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._clear_button.clicked.connect(self._escape)
        self._save_button = QPushButton(_("Kaydet (Ctrl+S)"), parent)
        self._save_button.setObjectName("saveButton")
        self._save_button.clicked.connect(self.save)
        self._forward_button = QPushButton(_("Kaydet ve Sevk Et (Ctrl+Shift+S)"), parent)
        self._forward_button.setObjectName("forwardButton")
        self._forward_button.clicked.connect(self.save_and_forward)
        for button in (self._save_button, self._forward_button):
            button.setMinimumWidth(140)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            # Not a default button: Enter never saves (UI.md).
            button.setAutoDefault(False)
        bar.addWidget(self._clear_button)
        bar.addWidget(self._save_button)
        bar.addWidget(self._forward_button)
        if self._save_function is not None:
            self._clear_button.hide()
            self._forward_button.hide()
        return bar

    def _connect_shortcuts(self) -> None:
        bindings: list[tuple[str, Callable[[], object]]] = [
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+S", self.save_and_forward),
            ("Ctrl+P", self.request_print),
            ("Ctrl+E", self.open_attachments),
            ("Ctrl+H", self.take_hot_folder),
            ("Esc", self._escape),
        ]
        if self._save_function is not None:
            bindings = bindings[:1]
        for sequence, slot in bindings:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ----- behaviour ----------------------------------------------------------------------

    def _save(self, *, forward: bool) -> bool:
        user = self._desk.config.user
        form = self.form_value()
        try:
            if self._save_function is not None:
                outcome = self._save_function(form, user)
            else:
                outcome = self._desk.intake.save(form, user, draft_id=self.draft_id)
        except SaveRefused as refusal:
            self._hide_banner()
            self._save_summary.setText(str(refusal))
            self._save_summary.show()
            return False
        except DraftNotFound:
            # The draft was deleted (Taslaklar) while open here; nothing was saved.
            self.draft_id = None
            self._hide_banner()
            self._save_summary.setText(
                _("Bu formun taslağı başka bir ekrandan silinmiş; başvuru kaydedilmedi. "
                  "Bilgiler formda duruyor: tekrar Kaydet'e basarsanız kaydedilir."))
            self._save_summary.show()
            return False
        except Exception:
            # A disk or database failure: keep every field as typed and say what to do.
            log.exception("saving an application failed")
            self._hide_banner()
            self._save_summary.setText(
                _("Başvuru kaydedilemedi: yerel veritabanına yazılamadı. Bilgiler formda "
                  "duruyor; tekrar Kaydet'e basın, sorun sürerse sistem yöneticisine "
                  "bildirin."))
            self._save_summary.show()
            return False
        if not outcome.ok or outcome.station_number is None:
            self._hide_banner()
            self._show_errors(outcome.errors, replace=True)
            count = len(outcome.errors)
            self._save_summary.setText(
                _("Kaydedilemedi: {count} alanı düzeltin.").format(count=count) if count > 1
                else _("Kaydedilemedi: işaretli alanı düzeltin.")
            )
            self._save_summary.show()
            first = next((w for w in self._order if self._key_of(w) in outcome.errors
                          and self._focusable(w)), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.last_saved_number = outcome.station_number
        self.draft_id = None  # the service deleted it with the save
        self.clear()
        notices = list(outcome.notices)
        if forward:
            notices.append(_(FORWARD_NOT_YET))
        self._show_banner(outcome.station_number, notices)
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(outcome.station_number)
        return True

    def request_print(self) -> None:
        if self.last_saved_number and self.banner_visible:
            self.print_requested.emit(self.last_saved_number)

    def _escape(self) -> None:
        if self.has_content():
            self.ask_to_discard()
        else:
            self._hide_banner()

    def _default_of(self, key: str) -> str:
        if key == "urgency":
            return Urgency.NORMAL.value
        if key == "applicant_kind":
            return ApplicantKind.PERSON.value
        if key == "received_date":
            # The field's value, read back by parse_date: see display_date.
            return f"{self._desk.clock().date():%d.%m.%Y}"
        if key in ("email_preference", "hide_identity"):
            return FALSE
        return ""

    def _value_of(self, row: _FieldRow) -> str:
        editor = row.editor
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return str(data) if data is not None and editor.currentIndex() >= 0 else ""
        if isinstance(editor, QCheckBox):
            return TRUE if editor.isChecked() else FALSE
        raise TypeError(f"no value for {type(editor).__name__}")

    def _set_value(self, row: _FieldRow, value: str) -> None:
        editor = row.editor
        if isinstance(editor, QLineEdit):
            if row.spec.kind is FieldKind.DATE:
                value = display_date(value)
            editor.setText(value)
            editor.setCursorPosition(0)  # a long address shows its beginning
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value) if value else -1)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(value.strip().lower() == TRUE)

    def _key_of(self, widget: QWidget) -> str | None:
        return self._keys.get(widget)

    def _set_error(self, row: _FieldRow, message: str) -> None:
        row.error.setText(message)
        row.error.setVisible(bool(message))
        row.editor.setProperty("error", bool(message))
        row.outline.show_over_editor(bool(message))
        if row.spec.key == "mobile_phone" and self._contact_hint is not None:
            # The "give one contact" error says what the hint says; one red line is enough.
            # It is the error when no contact field holds anything.
            given = any(self._value_of(self._rows[key]).strip() for key in CONTACT_FIELDS
                        if key in self._rows)
            self._contact_hint.setVisible(not message or given)
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

    def _apply_rules(self) -> None:
        """Show, hide and re-mark every row for the choices made so far. A hidden field
        keeps what was typed into it, in case the choice that hid it is taken back."""
        changed = False
        for key, row in self._rows.items():
            visible = self.requirement(key) is not Requirement.HIDDEN
            if visible != row.visible:
                changed = True
            row.visible = visible
            row.editor.setVisible(visible)
            for extra in row.extras:
                extra.setVisible(visible)
            if not visible:
                self._set_error(row, "")
        for row in self._rows.values():
            siblings = [r for r in self._rows.values() if r.line is row.line]
            if row.spec.kind is not FieldKind.TEXT:
                row.line.setVisible(any(r.visible for r in siblings))
            named = [r for r in siblings if r.label is row.label]
            if row.label is not None and row is named[0]:
                row.label.setText(self._label_text(named))
        for section, box in self._sections.items():
            box.setVisible(any(r.visible for r in self._rows.values()
                               if r.spec.section is section))
        type_value = self._value_of(self._rows["application_type"])
        self._five_w.setVisible(bool(type_value)
                                and ApplicationType(type_value) in IDENTITY_HIDING_TYPES)
        if changed:
            self._apply_tab_order()

    def _label_text(self, siblings: list[_FieldRow]) -> str:
        """The row's label with `*` when any field of the row is required right now."""
        first = siblings[0].spec
        if first.kind is FieldKind.CHECK:
            return ""
        required = any(self.requirement(r.spec.key) is Requirement.REQUIRED for r in siblings)
        return f"{_(first.label)}{' *' if required else ''}:"

    def _tckn_changed(self, text: str) -> None:
        if self._loading:
            if len(text) == TCKN_LENGTH and tckn_error(text) is None:
                self._tckn_ok.show()
                self._settle_tckn(text)
            else:
                self._tckn_ok.hide()
                self._settle_tckn(None)
            return
        row = self._rows["tckn"]
        if len(text) == TCKN_LENGTH:
            message = tckn_error(text)
            self._set_error(row, message or "")
            self._tckn_ok.setVisible(message is None)
            self._settle_tckn(text if message is None else None)
        else:
            self._tckn_ok.hide()
            self._settle_tckn(None)

    def _settle_tckn(self, tckn: str | None) -> None:
        if tckn != self._shown_tckn:
            self._shown_tckn = tckn
            self.tckn_settled.emit(tckn)

    def _tckn_typed(self, editor: QLineEdit, text: str) -> None:
        # Eleven digits that pass the checksum: nothing more to type here.
        if len(text) == TCKN_LENGTH and tckn_error(text) is None:
            self.advance_from(editor)

    def _date_typed(self, editor: QLineEdit, text: str) -> None:
        """``05112026`` becomes ``05.11.2026`` and moves on, as a complete date should."""
        digits = text.replace(".", "")
        if len(text) == 8 and text.isdigit():
            candidate = f"{text[:2]}.{text[2:4]}.{text[4:]}"
        elif len(text) == 10 and len(digits) == 8:
            candidate = text
        else:
            return
        if parse_date(candidate) is not None:
            editor.setText(candidate)
            self.advance_from(editor)

    def _tidy(self, row: _FieldRow) -> None:
        """On leaving a field, show what was typed the way the desk writes it."""
        editor = row.editor
        if not isinstance(editor, QLineEdit):
            return
        text = editor.text().strip()
        tidy = text
        if not text:
            return
        if row.spec.kind is FieldKind.MOBILE:
            e164, _error = parse_mobile(text)
            tidy = format_mobile(e164) if e164 else text
        elif row.spec.kind is FieldKind.PHONE:
            e164, _error = parse_phone(text)
            # format_mobile writes any Turkish number as 0 (xxx) xxx xx xx, others
            # internationally: the national form the clerk reads back to a sender.
            tidy = format_mobile(e164) if e164 else text
        elif row.spec.kind is FieldKind.DATE:
            if len(text) == 8 and text.isdigit():
                text = f"{text[:2]}.{text[2:4]}.{text[4:]}"
            tidy = display_date(text)
        if tidy != editor.text():
            editor.setText(tidy)

    def _choice_changed(self, key: str) -> None:
        if key == "subject_code":
            self._fill_sub_subjects()
        if key == "application_type":
            self._update_deadline()
        if key in ("application_type", "applicant_kind"):
            self._apply_rules()
        self._edited(key)

    def _fill_subjects(self) -> None:
        """Offer the active subjects of the catalogue the desk holds now: a background
        refresh shows in the next new form or draft, never under the clerk's hands."""
        catalog = self._desk.reference.subjects
        if catalog is self._subjects_shown:
            return
        combo = self._rows["subject_code"].editor
        assert isinstance(combo, ChoiceBox)
        was_loading = self._loading
        self._loading = True  # refilling is not the clerk's edit
        try:
            combo.clear()
            for subject in catalog.offered():
                combo.add_choice(subject.code, subject.name, subject.code)
            combo.setCurrentIndex(-1)
        finally:
            self._loading = was_loading
        self._subjects_shown = catalog

    def _fill_sub_subjects(self) -> None:
        combo = self._rows["sub_subject_code"].editor
        assert isinstance(combo, ChoiceBox)
        subject_code = self._value_of(self._rows["subject_code"])
        catalog = self._subjects_shown or self._desk.reference.subjects
        subject = next((s for s in catalog.offered() if s.code == subject_code), None)
        was_loading = self._loading
        self._loading = True  # refilling is not the clerk's edit
        try:
            combo.clear()
            for sub in subject.sub_subjects if subject else ():
                combo.add_choice(sub.code, sub.name, sub.code)
            combo.setCurrentIndex(-1)
            combo.setEnabled(subject is not None)
            combo.setPlaceholderText(_(CHOICE_PLACEHOLDER) if subject
                                     else _("Önce konu seçin"))
        finally:
            self._loading = was_loading

    def _update_deadline(self) -> None:
        value = self._value_of(self._rows["application_type"])
        if not value:
            self._deadline.setText(_("Yasal süre: başvuru türü seçilince gösterilir."))
            return
        deadline = legal_deadline(ApplicationType(value), self._desk.clock().date())
        self._deadline.setText(
            _("Yasal süre: {description} — son gün {due}").format(
                description=deadline.description, due=format_date(deadline.due))
        )

    def _text_changed(self) -> None:
        editor = self._rows["text"].editor
        assert isinstance(editor, QPlainTextEdit)
        self._counter.show_length(counted_length(editor.toPlainText()))
        self._edited("text")


def _accessible_name(spec: FieldSpec) -> str:
    if spec.key.startswith("location_"):
        part = _(spec.placeholder).split(" ")[0]
        return _("Konum {part}").format(part=part)
    return _(spec.label)
