"""The intake form: one engine for every channel, built from the field table.

The parts live beside this module: the field table and editors (``fields.py``), the layout
(``layout.py``), the rules on screen (``rules.py``), keyboard navigation
(``navigation.py``), the draft kept as the clerk types (``drafts.py``), the Ekler box with
the hot folder (``attachments_section.py``) and the saved banner (``banner.py``). This
module holds them together and speaks for the form: its value, saving, and what the window
asks of it.

Saving checks the form on the GUI thread (the rules are pure and quick: the errors show
at once, at their fields) and writes it through the desk's operations; while the write
runs, the form takes no input, so nothing typed meanwhile can be lost by the clearing
that follows a save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.application_form import FALSE, ApplicationForm
from models.enums import Channel
from models.i18n import N_, _
from models.intake_rules import CONTACT_FIELDS, CONTACT_REQUIRED_CHANNELS, Requirement
from models.tckn import TCKN_LENGTH, tckn_error
from services.drafts import DraftNotFound
from services.intake import SaveOutcome
from ui.attachments import AttachmentsDialog
from ui.editors import FieldEditor
from ui.forwarding import ForwardAsk, ForwardChoice
from ui.intake.attachments_section import Attachment, AttachmentsSection, HotHandover
from ui.intake.banner import SavedBanner
from ui.intake.drafts import DraftKeeper
from ui.intake.fields import FieldKind, Section, default_value
from ui.intake.forwarding import forwarded_notice, intake_preview, save_with_forward
from ui.intake.layout import FieldRow, FormLayout
from ui.intake.navigation import FormNavigation
from ui.intake.rules import FormRules, channel_shows
from ui.intake.saving import (
    SAVE_CHANGES,
    SAVING_NOTICE_MS,
    InputHold,
    SaveFunction,
    not_saved_message,
    refused_message,
)
from ui.intake.subjects import SubjectLists
from ui.operations import Operations
from ui.questions import ask_before
from ui.shortcuts import Command, bind
from ui.widgets.fitting_scroll_area import FittingScrollArea
from ui.widgets.leftover_space import LeftoverSpace
from ui.widgets.text_counter import TextCounter

SIDE_PANEL_LEAST_HEIGHT = 185
COLUMN_SPACING = 12
log = logging.getLogger("bimer.ui")

# Marked here, translated with ``_()`` where shown: the language is chosen after import.
KEY_HINTS = N_("Enter: sonraki alan · Ctrl+↓ / Ctrl+↑: sonraki / önceki bölüm")


class IntakeForm(QWidget):
    """The form for one channel. ``saved`` carries the new station number, ``not_saved``
    the reason shown under the form; ``changed`` fires on every edit by the clerk."""

    saved = Signal(str)
    not_saved = Signal(str)
    print_requested = Signal(str)
    changed = Signal()
    draft_stored = Signal(int)
    tckn_settled = Signal(object)  # the valid T.C. Kimlik No, or None when there is none

    def __init__(self, desk: Desk, ops: Operations, channel: Channel = Channel.IN_PERSON,
                 parent: QWidget | None = None, *, autosave: bool = True,
                 save_function: SaveFunction | None = None, title: str | None = None) -> None:
        """``save_function``: what Kaydet does instead of saving a new application (a
        correction); such a form keeps the attachments it is given, never forwards, and
        leaves Esc to its dialog."""
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self._desk = desk
        self._ops = ops
        self.channel = channel
        self._save_function = save_function
        self.forwarding = ForwardAsk(desk, ops, self)
        self._touched: set[str] = set()
        self._defaults: ApplicationForm | None = None
        self._shown_tckn: str | None = None
        self.last_saved_number: str | None = None
        self.drafts = DraftKeeper(desk, ops, self._draft_content, self, enabled=autosave)
        self.drafts.stored.connect(self.draft_stored)
        self._build(title or _("Yeni başvuru — {channel}").format(channel=channel.label))
        self._connect()
        self.clear()

    # ----- the value ----------------------------------------------------------------------

    def form_value(self) -> ApplicationForm:
        """What the clerk sees, as raw text. A field the rules hide right now is sent empty,
        whatever it still holds, so validation never speaks of a field nobody can see."""
        values: dict[str, str] = {}
        for key, row in self._rows.items():
            if self.requirement(key) is Requirement.HIDDEN:
                values[key] = FALSE if row.spec.kind is FieldKind.CHECK else ""
            else:
                values[key] = row.editor.value()
        return ApplicationForm(channel=self.channel.value, **values)

    def set_form_value(self, form: ApplicationForm) -> None:
        """Fill every field from ``form`` (a draft, an imported e-mail): choices first, so
        that the rows they reveal are there to fill; no errors shown, nothing 'touched'."""
        self._subjects.offer()
        first = ("application_type", "applicant_kind", "subject_code")
        for key in (*first, *(k for k in self._rows if k not in first)):
            self._rows[key].editor.set_value(getattr(form, key))
        if not form.applicant_kind:
            self._rows["applicant_kind"].editor.set_value(default_value("applicant_kind"))
        for row in self._rows.values():
            self._set_error(row, "")
        self._touched.clear()
        self._save_summary.hide()

    def has_content(self) -> bool:
        """Anything the clerk typed or chose that clearing would lose."""
        return self._defaults is not None and self.form_value() != self._defaults

    def _draft_content(self) -> ApplicationForm | None:
        return self.form_value() if self.has_content() else None

    def requirement(self, key: str) -> Requirement:
        return self._rules.requirement(key)

    # ----- what tests and the window read -------------------------------------------------

    def field(self, key: str) -> FieldEditor[str]:
        return self._rows[key].editor

    def editor(self, key: str) -> QWidget:
        return self._rows[key].editor.focus_widget

    def first_editor(self) -> QWidget:
        return self.navigation.first()

    def is_shown(self, key: str) -> bool:
        """Whether the field is on screen now (a field this channel never asks: False)."""
        row = self._rows.get(key)
        return row is not None and row.visible

    def label_text(self, key: str) -> str:
        label = self._rows[key].label
        return label.text() if label is not None else ""

    def error_text(self, key: str) -> str:
        return self._rows[key].error_text

    def errors(self) -> dict[str, str]:
        return {key: row.error_text for key, row in self._rows.items() if row.error_text}

    @property
    def draft_id(self) -> int | None:
        return self.drafts.draft_id

    @property
    def counter(self) -> TextCounter:
        assert self._parts.counter is not None
        return self._parts.counter

    @property
    def deadline_text(self) -> str:
        return self._parts.deadline.text() if self._parts.deadline is not None else ""

    @property
    def five_w_one_h_visible(self) -> bool:
        return self._parts.five_w is not None and not self._parts.five_w.isHidden()

    @property
    def save_summary(self) -> str:
        return self._save_summary.text() if not self._save_summary.isHidden() else ""

    @property
    def info_text(self) -> str:
        return self._info.text() if not self._info.isHidden() else ""

    @property
    def busy(self) -> bool:
        """A save is running: the form takes no input until it is done."""
        return self._hold.holding

    def attachment_names(self) -> list[str]:
        return self.attachments.names()

    # ----- what the window asks -----------------------------------------------------------

    def show_field_errors(self, errors: dict[str, str]) -> None:
        """Mark these fields as in error now (a loaded form the service refused)."""
        self._show_errors(errors, replace=True)

    def show_info(self, text: str) -> None:
        """A calm note above the form (what an imported e-mail brought, what to check)."""
        self._info.setText(text)
        self._info.setVisible(bool(text))

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        self.attachments.show_attachments(attachments)

    def add_side_panel(self, panel: QWidget) -> None:
        """Put a panel under Kimlik and İletişim (the applicant's Evveliyat). It gets the
        room the fields leave, never the room their error lines need."""
        self._left.takeAt(self._left.count() - 1)  # the stretch that kept the boxes on top
        holder = LeftoverSpace(panel.parentWidget())
        # Never less than its filter, a row of its table and its status line: on a small
        # screen the form scrolls instead (squeezed to nothing, the table lay over the
        # status line after a save).
        holder.setMinimumHeight(SIDE_PANEL_LEAST_HEIGHT)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        self._left.addWidget(holder, 1)

    def focus_first_missing(self) -> None:
        """Focus the first required field still empty (after a prefill), else the first."""
        self.navigation.focus_first_where(
            lambda row: row.editor.is_empty()
            and self.requirement(row.key) is Requirement.REQUIRED)

    def load_draft(self, draft_id: int, form: ApplicationForm,
                   attachments: Sequence[Attachment] = ()) -> None:
        """Show a stored draft for further work; later autosaves update the same draft."""
        self.banner.hide()
        self.set_form_value(form)
        self.set_attachments(attachments)
        self.drafts.start(draft_id)

    def store_draft(self) -> bool:
        """Autosave now (a switch of screen, closing): keep what is typed as this clerk's
        draft, if it changed. A form with nothing typed has no draft."""
        return self.drafts.store()

    def open_attachments(self) -> AttachmentsDialog:
        """Ctrl+E: the page workbench (files, scanner, hot folder); confirmed files are
        attached to this form's draft, so a crash cannot lose a scan."""
        dialog = AttachmentsDialog(self._desk, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def attach() -> None:
            take, restore = dialog.panel.hand_over_hot_files()
            self.attachments.attach_files(dialog.files(), HotHandover(take, restore))

        dialog.accepted.connect(attach)
        dialog.open()
        return dialog

    def attach_files(self, files: Sequence[tuple[str, bytes]]) -> bool:
        return self.attachments.attach_files(files)

    def take_hot_folder(self) -> bool:
        return self.attachments.take_hot_folder()

    # ----- new, clear, discard, park ------------------------------------------------------

    def clear(self) -> None:
        """Empty every field and error, for new content; the banner is the caller's."""
        self._subjects.offer()
        for key, row in self._rows.items():
            value = (f"{self._desk.clock().date():%d.%m.%Y}" if key == "received_date"
                     else default_value(key))
            row.editor.set_value(value)
            self._set_error(row, "")
        self._subjects.follow_subject()
        self._choices_changed()
        self._tckn_changed()
        self._touched.clear()
        self._save_summary.hide()
        self.set_attachments(())
        self.attachments.show_refusals(())
        self._info.hide()
        self._defaults = self.form_value()
        self.drafts.start()

    def new_application(self) -> None:
        """Ctrl+N: a fresh form; asks first if something typed would be lost."""
        if self.has_content():
            self.ask_to_discard()
            return
        self.banner.hide()
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
        self.drafts.discard()
        self.clear()
        self.banner.hide()
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def park(self) -> bool:
        """Keep the form as a draft and empty it for the next citizen (the one at the window
        went to fetch a document). Nothing is cleared unless the draft was written."""
        if not self.has_content():
            return False

        def parked(_draft_id: int) -> None:
            self.clear()
            self.banner.hide()
            self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

        def not_parked(_error: BaseException) -> None:
            self._summary(_("Taslak saklanamadı; bilgiler formda duruyor. Tekrar deneyin."))

        return self.drafts.store(force=True, done=parked, failed=not_parked)

    # ----- saving -------------------------------------------------------------------------

    def save(self) -> bool:
        """Kaydet: check, then save off the GUI thread; ``saved`` or ``not_saved`` follows.
        False when the form was refused at once (its errors show at the fields)."""
        return self._save(forward=False)

    def save_and_forward(self) -> bool:
        """Kaydet ve Sevk Et: the form's checks, then the forward dialog (ui/forwarding);
        its "Ekle ve Sevk Et" saves the application with the forward in one transaction,
        Vazgeç saves nothing. (A correction's form saves only: it forwards nothing.)"""
        return self._save(forward=self._save_function is None)

    def _save(self, *, forward: bool) -> bool:
        if self.busy:
            return False
        form = self.form_value()
        check = self._desk.intake.validate(form)
        if check.application is None:
            self._refused(check.errors)
            return False
        if forward:
            self.forwarding.ask(intake_preview(self._desk, check.application),
                                lambda choice: self._write(form, choice))
        else:
            self._write(form, None)
        return True

    def _write(self, form: ApplicationForm, choice: ForwardChoice | None) -> None:
        desk, user, slot = self._desk, self._desk.config.user, self.drafts.slot
        save_function = self._save_function

        def work() -> SaveOutcome:
            if save_function is not None:
                return save_function(form, user)
            return save_with_forward(desk, form, user, slot.id, choice)

        self._set_busy(True)
        self._ops.mutate(self, "save", work, SAVE_CHANGES,
                         lambda outcome: self._save_answered(outcome, choice),
                         self._save_failed)

    def _save_answered(self, outcome: SaveOutcome, forward: ForwardChoice | None) -> None:
        self._set_busy(False)
        if not outcome.ok or outcome.station_number is None:
            self._refused(outcome.errors)
            return
        self.last_saved_number = outcome.station_number
        self.clear()  # the service deleted the draft with the save: new content, new slot
        notices = list(outcome.notices)
        if forward is not None:
            notices.append(forwarded_notice(forward))
        self.banner.show_saved(outcome.station_number, notices)
        self.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(outcome.station_number)

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, DraftNotFound):  # deleted meanwhile: the content is a new draft
            self.drafts.start()
            self.drafts.dirty = True
        self._summary(not_saved_message(error))

    def _refused(self, errors: dict[str, str]) -> None:
        self._show_errors(errors, replace=True)
        self._summary(refused_message(len(errors)))
        first = next((row for row in self._rows.values()
                      if row.key in errors and self.navigation.focusable(row)), None)
        if first is not None:
            first.editor.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _summary(self, message: str) -> None:
        self.banner.hide()
        self._save_summary.setText(message)
        self._save_summary.show()
        self.not_saved.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self.drafts.paused = busy
        self._hold.hold(busy)
        if busy:
            self._saving_notice.start()
            return
        self._saving_notice.stop()
        if self._save_summary.text() == _("Kaydediliyor…"):
            self._save_summary.hide()

    def _show_saving(self) -> None:
        self._save_summary.setText(_("Kaydediliyor…"))
        self._save_summary.show()

    def request_print(self) -> None:
        if self.last_saved_number and self.banner.shown:
            self.print_requested.emit(self.last_saved_number)

    def _escape(self) -> None:
        if self.has_content():
            self.ask_to_discard()
        else:
            self.banner.hide()

    # ----- reacting to the clerk ----------------------------------------------------------

    def field_left(self, key: str) -> None:
        """Validate as the clerk leaves a field: show that field's error only, and clear
        errors elsewhere that the change resolved (a phone fixes 'one contact needed')."""
        row = self._rows[key]
        row.editor.tidy()
        if key not in self._touched:
            return
        result = self._desk.intake.validate(self.form_value())
        self._set_error(row, result.errors.get(key, ""))
        for other in self._rows.values():
            if other is not row and other.key not in result.errors:
                self._set_error(other, "")

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        row = self._rows[key]
        self._set_error(row, "")
        if key == "tckn":
            text = row.editor.value()
            if len(text) == TCKN_LENGTH:  # eleven digits: say at once if they cannot be
                self._set_error(row, tckn_error(text) or "")
        self._save_summary.hide()
        self.banner.hide()
        self.drafts.edited()
        self.changed.emit()

    def _choices_changed(self) -> None:
        if self._rules.apply():
            self.navigation.apply_tab_order()
        self._rules.show_deadline()

    def _tckn_changed(self) -> None:
        text = self._rows["tckn"].editor.value()
        valid = len(text) == TCKN_LENGTH and tckn_error(text) is None
        if self._parts.tckn_ok is not None:
            self._parts.tckn_ok.setVisible(valid)
        tckn = text if valid else None
        if tckn != self._shown_tckn:
            self._shown_tckn = tckn
            self.tckn_settled.emit(tckn)

    def _set_error(self, row: FieldRow, message: str) -> None:
        row.set_error(message)
        hint = self._parts.contact_hint
        if row.key == "mobile_phone" and hint is not None:
            # The "give one contact" error says what the hint says; one red line is enough.
            # It is the error when no contact field holds anything.
            given = any(self._rows[key].editor.value().strip() for key in CONTACT_FIELDS
                        if key in self._rows)
            hint.setVisible(not message or given)
        if row.key == "tckn" and message and self._parts.tckn_ok is not None:
            self._parts.tckn_ok.hide()

    def _show_errors(self, errors: dict[str, str], *, replace: bool) -> None:
        for key, row in self._rows.items():
            if key in errors:
                self._set_error(row, errors[key])
            elif replace:
                self._set_error(row, "")

    # ----- building -----------------------------------------------------------------------

    def _build(self, title_text: str) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = SavedBanner(self)
        outer.addWidget(self.banner)
        self._info = QLabel(self)
        self._info.setObjectName("infoBar")
        self._info.setWordWrap(True)
        self._info.hide()
        info_holder = QHBoxLayout()
        info_holder.setContentsMargins(12, 6, 12, 0)
        info_holder.addWidget(self._info)
        outer.addLayout(info_holder)

        scroll = FittingScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 12, 8)
        layout.setSpacing(4)
        self._body_layout = layout
        top = QHBoxLayout()
        title = QLabel(title_text, body)
        title.setObjectName("formTitle")
        top.addWidget(title)
        top.addStretch(1)
        legend = QLabel(_("* zorunlu alan  ·  {hints}").format(hints=_(KEY_HINTS)), body)
        legend.setObjectName("legend")
        legend.setWordWrap(True)  # on a small screen it takes two lines, not the form's width
        legend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(legend)
        layout.addLayout(top)

        builder = FormLayout(self, lambda spec: channel_shows(self.channel, spec),
                             contact_hint=self.channel in CONTACT_REQUIRED_CHANNELS)
        # Two columns where they fit; on a narrower screen (1024×640) the second goes under
        # the first — in the same order Tab walks — instead of the form scrolling sideways.
        columns = QGridLayout()
        columns.setHorizontalSpacing(COLUMN_SPACING)
        columns.setVerticalSpacing(COLUMN_SPACING)
        self._columns = columns
        self._stacked = False
        self._least_rows = (0, 0)
        self._left = QVBoxLayout()
        self._left.setSpacing(4)
        for section in (Section.DOCUMENT, Section.IDENTITY, Section.CONTACT):
            if builder.has_section(section):
                self._left.addWidget(builder.section(section, body))
        self._left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(builder.section(Section.APPLICATION, body))
        right.addWidget(builder.section(Section.TEXT, body), 1)
        self.attachments = AttachmentsSection(self._desk, self._ops, self.drafts,
                                              self.form_value, self.channel, body,
                                              can_add=self._save_function is None)
        right.addWidget(self.attachments)
        self._right = right
        columns.addLayout(self._left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        columns.setRowStretch(0, 1)
        layout.addLayout(columns, 1)
        layout.addLayout(self._build_buttons(body))
        scroll.setWidget(body)
        scroll.fitting.connect(self._arrange_columns)
        outer.addWidget(scroll, 1)

        self._parts = builder.parts
        self._rows = builder.parts.rows
        self._rules = FormRules(self.channel, self._parts, lambda: self._desk.clock().date())
        self._subjects = SubjectLists(self._rows["subject_code"].editor,
                                      self._rows["sub_subject_code"].editor,
                                      lambda: self._desk.reference.subjects)
        self.navigation = FormNavigation(self, self._parts,
                                         [self._save_button, self._forward_button],
                                         self.field_left)
        self._hold = InputHold(self)
        self._saving_notice = QTimer(self)
        self._saving_notice.setSingleShot(True)
        self._saving_notice.setInterval(SAVING_NOTICE_MS)
        self._saving_notice.timeout.connect(self._show_saving)

    def _arrange_columns(self, width: int) -> None:
        margins = self._body_layout.contentsMargins()
        left, right = self._left.minimumSize(), self._right.minimumSize()
        stacked = width < left.width() + right.width() + COLUMN_SPACING + margins.left() \
            + margins.right()
        columns = self._columns
        if stacked != self._stacked:
            self._stacked = stacked
            columns.removeItem(self._right)
            if stacked:
                columns.addLayout(self._right, 1, 0)
            else:
                columns.addLayout(self._right, 0, 1)
            columns.setColumnStretch(1, 0 if stacked else 1)
            columns.setRowStretch(1, 1 if stacked else 0)
        # Stacked, the grid would give a column of word-wrapped rows its height for the
        # width, which Qt reckons below the fields' own minimum (the rows lay over each
        # other); the columns' minimums follow what they hold (errors, rows the rules show).
        least = (left.height(), right.height()) if stacked else (0, 0)
        if least != self._least_rows:
            self._least_rows = least
            columns.setRowMinimumHeight(0, least[0])
            columns.setRowMinimumHeight(1, least[1])
        # Now, so that the scroll area sizes the body by this arrangement's minimum.
        self._body_layout.activate()

    @property
    def stacked(self) -> bool:
        """Whether the second column stands under the first (a narrow screen)."""
        return self._stacked

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

    def _connect(self) -> None:
        for key, row in self._rows.items():
            row.editor.edited.connect(lambda k=key: self._edited(k))
        for key in ("application_type", "applicant_kind"):
            self._rows[key].editor.changed.connect(self._choices_changed)
        self._rows["tckn"].editor.changed.connect(self._tckn_changed)
        text = self._rows["text"].editor
        text.changed.connect(lambda: self.counter.show_text_of(text.value()))
        self.banner.print_clicked.connect(self.request_print)
        self.banner.new_clicked.connect(self.new_application)
        self.attachments.add_button.clicked.connect(self.open_attachments)
        self._choices_changed()
        bindings: list[tuple[Command, Callable[[], object]]] = [
            (Command.SAVE, self.save),
            (Command.SAVE_AND_FORWARD, self.save_and_forward),
            (Command.PRINT_RECEIPT, self.request_print),
            (Command.ATTACHMENTS, self.open_attachments),
            (Command.HOT_FOLDER, self.take_hot_folder),
            (Command.ESCAPE, self._escape),
        ]
        if self._save_function is not None:
            bindings = bindings[:1]
        for command, slot in bindings:
            bind(self, command, slot)
