"""Düzelt: the refused version in the intake form, to be saved as the next version."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.i18n import _, ngettext
from services.corrections import CorrectionOutcome, CorrectionSource
from services.intake import SaveOutcome
from ui.intake import IntakeForm, SaveRefused
from ui.operations import Operations
from ui.questions import ask_before
from ui.screen_fit import fit_dialog


@dataclass(frozen=True)
class _CarriedAttachment:
    """An attachment of the refused version, shown as the form lists files."""

    original_name: str
    size: int
    media_type: str


def reason_text(source: CorrectionSource) -> str:
    status = f" (HTTP {source.http_status})" if source.http_status is not None else ""
    said = source.reason or _("Merkez bir neden bildirmedi.")
    count = len(source.attachments)
    carried = (" " + ngettext("{count} eki aynen yeni sürüme aktarılır.",
                              "{count} eki aynen yeni sürüme aktarılır.", count).format(
        count=count) if source.attachments else "")
    return (_("Merkez bu başvuruyu kabul etmedi{status}: {said}").format(status=status, said=said)
            + "\n" + _("Düzeltip kaydettiğinizde aynı numarayla ({number}) sürüm {next_version} "
                       "olarak yeniden gönderilir; gönderilmemiş sürüm {version} geçmişte "
                       "kalır.").format(number=source.station_number,
                                        next_version=source.next_version,
                                        version=source.version)
            + carried)


class CorrectionDialog(QDialog):
    """Window-modal, opened with ``open()``; ``corrected`` carries the saved outcome."""

    corrected = Signal(object)  # CorrectionOutcome

    def __init__(self, desk: Desk, ops: Operations, source: CorrectionSource,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle(_("Başvuruyu düzelt — {number}").format(number=source.station_number))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        fit_dialog(self, 1280, 720)
        self._desk = desk
        self.source = source
        self.outcome: CorrectionOutcome | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.reason = QLabel(reason_text(source), self)
        self.reason.setObjectName("correctionReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holder = QVBoxLayout()
        holder.setContentsMargins(12, 0, 12, 0)
        holder.addWidget(self.reason)
        layout.addLayout(holder)
        self.form = IntakeForm(
            desk, ops, source.channel, self, autosave=False, save_function=self._save,
            title=_("Düzeltme — {number}, sürüm {version}").format(
                number=source.station_number, version=source.next_version))
        layout.addWidget(self.form, 1)
        self.form.set_form_value(source.form)
        self.form.set_attachments([_CarriedAttachment(a.name, a.size, a.media_type)
                                   for a in source.attachments])
        # Whatever this desk's rules find wrong in what was sent, marked at its field now.
        self.form.show_field_errors(desk.intake.validate(source.form).errors)
        self._loaded = self.form.form_value()
        self.form.saved.connect(self._saved)
        self.form.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def changed(self) -> bool:
        return self.form.form_value() != self._loaded

    def _save(self, form: ApplicationForm, user: str) -> SaveOutcome:
        """Kaydet (on the form's worker): the correction saved as the next version."""
        outcome = self._desk.corrections.correct(self.source.application_id, form, user)
        if outcome.refusal is not None:
            raise SaveRefused(outcome.refusal)
        if outcome.ok:
            self.outcome = outcome  # read by _saved, which the form calls after this returns
        return SaveOutcome(outcome.station_number, outcome.uuid, outcome.errors,
                           outcome.notices)

    def _saved(self, _number: str) -> None:
        self.corrected.emit(self.outcome)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Esc or close: asks first if the clerk changed something (nothing is saved)."""
        if self.outcome is not None or not self.changed():
            super().reject()
            return
        ask_before(self, title=_("Düzeltmeyi bırak"),
                   text=_("Yaptığınız düzeltmeler kaydedilmedi. Pencere kapatılsın mı? "
                          "Başvuru karantinada kalır."),
                   object_name="leaveCorrectionQuestion",
                   destructive=(_("Kapat"), lambda: QDialog.reject(self)))
