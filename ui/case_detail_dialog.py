"""The case detail: one case, everything about it, and what can be done with it.

Opened from a list row (double-click, Enter), a scanned barcode, a number typed in the
search box, from evveliyat and from Yazdırma Geçmişi. Read off the GUI thread
(``desk.case_details``); the identity is shown as ``models/identity_access.py`` allows the
clerk: masked, and the eye button ("Kimliği göster") reveals it — each reveal recorded in
the audit trail on the writer lane before anything is shown (``CaseDetails.reveal``). Every
action has a key (``Scope.DETAIL`` in ui/shortcuts.py); next / previous walk the list the
case was opened from. Enter or a double-click on an attachment (or Ctrl+Shift+A) opens the
attachments in the viewer (``ui/attachments/viewer.py``) at that attachment's first page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.enums import OutboxState
from models.i18n import _, format_date, format_datetime, ngettext
from models.turkish_text import format_size
from services.case_detail import CaseDetail, RevealRefused
from ui.attachments.viewer import AttachmentViewer
from ui.case_list_model import deadline_text
from ui.forwarding import ForwardAsk
from ui.forwarding.case_forward import detail_preview, forward_saved_case
from ui.operations import Change, Operations
from ui.shortcuts import Command, bind

Neighbour = Callable[[int, int], int | None]  # (application id, step) -> the id there


class CaseDetailDialog(QDialog):
    """``CaseDetailDialog(desk, ops, application_id, neighbour=None)``; ``shown`` fires
    when a case is on screen (its detail), ``missing`` when the case is not found."""

    print_receipt = Signal(str)
    print_report = Signal(str)
    correct_requested = Signal(int)  # application id
    requeue_requested = Signal(int)  # outbox item id
    shown = Signal(object)
    missing = Signal()
    attachments_opened = Signal(object)  # the AttachmentViewer

    def __init__(self, desk: Desk, ops: Operations, application_id: int,
                 neighbour: Neighbour | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetail")
        self._desk = desk
        self._ops = ops
        self._neighbour = neighbour
        self.detail: CaseDetail | None = None
        self.setWindowTitle(_("Başvuru"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_("Başvuru okunuyor…"), self)
        self.heading.setObjectName("formTitle")
        self.deadline = QLabel("", self)
        self.deadline.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.deadline)
        # Walking the list sits at the top, the actions at the foot: each row fits a
        # 1024-pixel screen.
        self.previous_button = self._button(top, _("◀ Önceki (Alt+Sol)"), self.previous)
        self.next_button = self._button(top, _("Sonraki (Alt+Sağ) ▶"), self.next)
        layout.addLayout(top)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.summary = QFormLayout()
        self.identity = QFormLayout()
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        case_tab = QWidget(self)
        case_layout = QHBoxLayout(case_tab)
        left = QVBoxLayout()
        left.addLayout(self.summary)
        self.identity_note = QLabel("", self)
        self.identity_note.setObjectName("hint")
        self.identity_note.setWordWrap(True)
        left.addWidget(self.identity_note)
        left.addLayout(self.identity)
        self.reveal_button = QPushButton(_("Kimliği göster"), self)
        self.reveal_button.setObjectName("revealIdentity")
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setToolTip(_("Kimlik bilgilerini bu başvuru için açar; kim, ne "
                                        "zaman, hangi alanları açtı denetim kaydına yazılır."))
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.hide()
        left.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        case_layout.addLayout(left, 1)
        case_layout.addWidget(self.text, 1)
        self.tabs.addTab(case_tab, _("Başvuru"))
        self.attachments = self._attachments_tab()
        self.history = self._list_tab(_("Evveliyat"))
        self.sending = self._list_tab(_("Gönderim"))
        self.prints = self._list_tab(_("Yazdırma geçmişi"))
        self.versions = self._list_tab(_("Sürümler"))
        self.movements = self._list_tab(_("Hareketler"))

        buttons = QHBoxLayout()
        self.receipt_button = self._button(buttons, _("Alındı belgesi (Ctrl+P)"),
                                           lambda: self._emit_number(self.print_receipt))
        self.report_button = self._button(buttons, _("Rapor (Ctrl+R)"),
                                          lambda: self._emit_number(self.print_report))
        self.correct_button = self._button(buttons, _("Düzelt (Ctrl+E)"), self.correct)
        self.requeue_button = self._button(buttons, _("Yeniden kuyruğa al (Ctrl+Shift+R)"),
                                           self.requeue)
        self.forward_button = self._button(buttons, _("Sevk et (Ctrl+Shift+S)"),
                                           self.forward)
        buttons.addStretch(1)
        close = self._button(buttons, _("Kapat (Esc)"), self.reject)
        close.setAutoDefault(False)
        self.notice = QLabel("", self)
        self.notice.setObjectName("hint")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        for command, slot in (
                (Command.DETAIL_RECEIPT, self.receipt_button.click),
                (Command.DETAIL_REPORT, self.report_button.click),
                (Command.DETAIL_CORRECT, self.correct_button.click),
                (Command.DETAIL_REQUEUE, self.requeue_button.click),
                (Command.DETAIL_FORWARD, self.forward_button.click),
                (Command.DETAIL_ATTACHMENTS, self.view_attachments),
                (Command.DETAIL_NEXT, self.next), (Command.DETAIL_PREVIOUS, self.previous)):
            bind(self, command, slot)
        self.forward_ask = ForwardAsk(desk, ops, self)
        self._enable()
        # A re-queue, a print or a sync changes what this shows: read it again.
        ops.desk_changed.connect(self._desk_changed)
        self.load(application_id)

    def _list_tab(self, title: str) -> QListWidget:
        widget = QListWidget(self)
        self.tabs.addTab(widget, title)
        return widget

    def _attachments_tab(self) -> QListWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.view_button = self._button(row, _("Görüntüle (Ctrl+Shift+A)"),
                                        self.view_attachments)
        hint = QLabel(_("Enter ya da çift tıklama, seçili eki sayfalarıyla açar."), tab)
        hint.setObjectName("hint")
        row.addWidget(hint, 1)
        widget = QListWidget(tab)
        widget.setObjectName("detailAttachments")
        widget.itemActivated.connect(lambda _item: self.view_attachments())
        column.addWidget(widget, 1)
        column.addLayout(row)
        self.tabs.addTab(tab, _("Ekler"))
        return widget

    def view_attachments(self) -> AttachmentViewer | None:
        """The case's attachments in the viewer, at the selected one (the first if none)."""
        detail = self.detail
        if detail is None or not detail.attachments:
            return None
        chosen = max(self.attachments.currentRow(), 0)
        viewer = AttachmentViewer(self._desk, detail.row.station_number, detail.attachments,
                                  chosen, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()
        self.attachments_opened.emit(viewer)
        return viewer

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ----- reading ------------------------------------------------------------------------

    def load(self, application_id: int) -> None:
        desk = self._desk
        viewer = desk.viewer()
        self._ops.read(self, "detail", lambda: desk.case_details.get(application_id, viewer),
                       self._show)

    def _desk_changed(self, _changes: object) -> None:
        if self.detail is not None:
            self.load(self.detail.row.id)

    def _show(self, detail: CaseDetail | None) -> None:
        if detail is None:
            self.heading.setText(_("Başvuru bulunamadı."))
            self.missing.emit()
            return
        self.detail = detail
        row = detail.row
        self.setWindowTitle(_("Başvuru {number}").format(number=row.station_number))
        self.heading.setText(_("Başvuru {number}").format(number=row.station_number))
        self.deadline.setText(_("{law} süresi: {due} — {left}").format(
            law=row.law, due=format_date(row.due), left=deadline_text(row)))
        _fill(self.summary, [
            (_("Merkez numarası"), row.central_number or _("henüz yok (eşitleme sonrası "
                                                          "verilir)")),
            (_("Tarih"), format_datetime(row.created_at)),
            (_("Tür / kanal / ivedilik"), f"{row.application_type.label} · "
                                          f"{row.channel.label} · {row.urgency.label}"),
            (_("Konu"), row.subject_label),
            (_("Durum"), row.sync_state.label + (f" — {row.sync_message}"
                                                 if row.sync_message else "")),
            (_("Sürüm"), str(row.version)),
            *detail.details,
        ])
        self.identity_note.setText(detail.identity_note)
        _fill(self.identity, detail.identity_rows)
        self.reveal_button.setVisible(detail.revealable and not detail.revealed)
        self.reveal_button.setEnabled(True)
        self.text.setPlainText(detail.text)
        _items(self.attachments, [
            f"{item.name} · {format_size(item.size)}"
            + (" · " + ngettext("{count} sayfa", "{count} sayfa", item.page_count).format(
                count=item.page_count)
               if item.page_count else "")
            + (" · " + _("merkezde") if item.uploaded else "")
            for item in detail.attachments], _("Eki yok."))
        _items(self.history, [
            f"{format_date(entry.received_at.astimezone().date())} · {entry.number} · "
            f"{entry.application_type.label} · {entry.subject_label}"
            for entry in detail.history], _("Bu başvuranın bu masada başka başvurusu yok."))
        _items(self.sending, [
            f"{format_datetime(attempt.at)} · {attempt.outcome}"
            + (f" · HTTP {attempt.http_status}" if attempt.http_status else "")
            + (f" · {attempt.message}" if attempt.message else "")
            for attempt in detail.attempts],
            _("Durum: {state}. Henüz gönderim denemesi yok.").format(
                state=row.sync_state.label))
        _items(self.prints, [
            f"{format_datetime(line.printed_at)} · {line.document_type} · "
            f"{_('seri')} {line.serial} · {line.user} · {line.printer}"
            for line in detail.prints], _("Bu başvuru için yazdırma kaydı yok."))
        _items(self.versions, [
            f"{_('Sürüm')} {line.version} · {format_datetime(line.created_at)} · "
            f"{line.created_by} · {line.state.label if line.state else '—'}"
            for line in detail.versions], "")
        _items(self.movements, movement_lines(detail), _("Hareket yok: bu başvuru henüz "
                                                         "sevk edilmedi."))
        self._enable()
        self.shown.emit(detail)

    def _enable(self) -> None:
        detail = self.detail
        for button in (self.receipt_button, self.report_button):
            button.setEnabled(detail is not None)
        self.correct_button.setEnabled(detail is not None and detail.correctable)
        self.requeue_button.setEnabled(detail is not None and detail.requeueable)
        self.forward_button.setEnabled(detail is not None)
        self.view_button.setEnabled(detail is not None and bool(detail.attachments))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(self._neighbour is not None)

    # ----- actions ------------------------------------------------------------------------

    def forward(self) -> None:
        """Sevk et: the forward dialog over this case; its decision is saved off the GUI
        thread and the detail reads itself again (the new forward, its state)."""
        detail = self.detail
        if detail is None:
            return
        application_id = detail.row.id
        self.forward_ask.ask(detail_preview(detail), lambda choice: self._ops.mutate(
            self, "forward", forward_saved_case(self._desk, application_id, choice),
            Change.APPLICATIONS | Change.OUTBOX, self.notice.setText))

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._neighbour is None or self.detail is None:
            return
        wanted = self._neighbour(self.detail.row.id, step)
        if wanted is not None:
            self.load(wanted)

    def reveal(self) -> None:
        """Unmask the applicant (audited first, on the writer lane)."""
        if self.detail is None or not self.detail.revealable:
            return
        desk, viewer, application_id = self._desk, self._desk.viewer(), self.detail.row.id
        self.reveal_button.setEnabled(False)
        self._ops.mutate(self, "reveal identity",
                         lambda: desk.case_details.reveal(application_id, viewer),
                         Change.NONE, self._show, self._reveal_failed)

    def _reveal_failed(self, error: BaseException) -> None:
        self.reveal_button.setEnabled(True)
        if isinstance(error, RevealRefused):
            self.identity_note.setText(_("Bu başvurunun kimlik bilgilerini açma yetkiniz yok."))
        else:
            self.identity_note.setText(_("Kimlik bilgileri açılamadı; yeniden deneyin."))

    def correct(self) -> None:
        if self.detail is not None and self.detail.correctable:
            self.correct_requested.emit(self.detail.row.id)

    def requeue(self) -> None:
        if self.detail is not None and self.detail.outbox_item_id is not None \
                and self.detail.requeueable:
            self.requeue_requested.emit(self.detail.outbox_item_id)

    def _emit_number(self, signal: object) -> None:
        if self.detail is not None:
            signal.emit(self.detail.row.station_number)  # type: ignore[attr-defined]


def _fill(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
    while form.rowCount():
        form.removeRow(0)
    for label, value in rows:
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label + ":", shown)


def _items(widget: QListWidget, lines: list[str], empty: str) -> None:
    widget.clear()
    widget.addItems(lines or ([empty] if empty else []))


def movement_lines(detail: CaseDetail) -> list[str]:
    """The "Hareketler" tab: the movements the central service recorded, the forwards that
    still wait (and why), and the case's do-not-send list."""
    lines = [
        f"{format_datetime(m.at)} · {m.from_name} → {m.to_name} · {m.kind.label} · "
        f"{m.priority.label}" + (f" · {m.note}" if m.note else "")
        for m in detail.movements]
    for forward in detail.forwards:
        if forward.state is OutboxState.DONE:
            continue
        targets = ", ".join(f"{t.name} ({t.kind.label})" for t in forward.targets)
        state = forward.state.label if forward.state else "—"
        lines.append(_("Sevk {at} · {targets} · {state}").format(
            at=format_datetime(forward.created_at), targets=targets, state=state)
            + (f" · {forward.message}" if forward.message else ""))
    for entry in detail.do_not_send:
        line = _("Gönderilmeyecek: {name} ({code}) · {user}").format(
            name=entry.name, code=entry.unit, user=entry.set_by)
        if not entry.active:
            line += " · " + _("kaldırıldı: {user}").format(user=entry.lifted_by)
        lines.append(line)
    return lines
