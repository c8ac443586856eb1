"""The case behind a scanned printout, and who printed that paper, where and when.

Opened by the barcode reader (:mod:`ui.barcode_reader`). It shows the case's numbers, its
state towards the central service, what it is about, the applicant as the identity rules
allow (masked, or "Gizlenmiş"), the text and the attachments; and, from the print log, the
sentence that makes every paper traceable: "06-01 istasyonunda memur1 kullanıcısı tarafından
12.03.2026 14:07 tarihinde basıldı, seri 4". A full case view comes with the work lists;
this dialog is what a scan needs at the counter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.i18n import N_, _, format_datetime, ngettext
from models.turkish_text import format_size
from services.printouts import CaseView, ScanLookup
from ui.screen_fit import fit_dialog

NOT_ON_THIS_DESK = N_("Bu başvuru bu masada kayıtlı değil: başka bir istasyonda alınmış. "
                      "Ayrıntıları o istasyonda, eşitlendiyse merkezde bulunur.")


class CaseLookupDialog(QDialog):
    """One scanned payload, read back. ``print_receipt``/``print_report`` carry the case
    number when the clerk asks to print again."""

    print_receipt = Signal(str)
    print_report = Signal(str)
    open_case = Signal(str)  # the case number: show its full detail

    def __init__(self, lookup: ScanLookup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseLookup")
        self.lookup = lookup
        self.setWindowTitle(_("Barkoddan başvuru — {number}").format(number=lookup.case_number))
        fit_dialog(self, 760, 640)

        heading = QLabel(_("Başvuru {number}").format(number=lookup.case_number))
        heading.setObjectName("formTitle")
        self.provenance = QLabel(lookup.provenance)
        self.provenance.setObjectName("infoBar")
        self.provenance.setWordWrap(True)
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Not printed here, or this desk's log has the serial on another case (a warning).
        if lookup.printed is None or lookup.printed.station_number != lookup.case_number:
            # Not in this desk's log: say it in the amber of "look again", not the calm blue.
            self.provenance.setStyleSheet(
                "background: #fff6d9; border: 1px solid #e6d08a; color: #5a4300;")
        scanned = QLabel(_("Okunan barkod: {payload}").format(payload=lookup.scanned))
        scanned.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.provenance)
        layout.addWidget(scanned)

        self.text: QPlainTextEdit | None = None
        self.attachments: QListWidget | None = None
        if lookup.case is None:
            missing = QLabel(_(NOT_ON_THIS_DESK))
            missing.setObjectName("hint")
            missing.setWordWrap(True)
            layout.addWidget(missing)
            layout.addStretch(1)
        else:
            self._case_details(layout, lookup.case)

        buttons = QHBoxLayout()
        self.receipt_button = QPushButton(_("Alındı belgesi yazdır…"))
        self.report_button = QPushButton(_("Başvuru raporu yazdır…"))
        self.open_button = QPushButton(_("Başvuruyu aç"))
        self.open_button.setObjectName("openCase")
        self.open_button.clicked.connect(lambda: self._ask(self.open_case))
        buttons.addWidget(self.open_button)
        close = QPushButton(_("Kapat"))
        # Enter after a scan opens the case; with no case here it closes.
        (self.open_button if lookup.case is not None else close).setDefault(True)
        for button in (self.receipt_button, self.report_button, self.open_button):
            button.setEnabled(lookup.case is not None)
        self.receipt_button.clicked.connect(lambda: self._ask(self.print_receipt))
        self.report_button.clicked.connect(lambda: self._ask(self.print_report))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _case_details(self, layout: QVBoxLayout, case: CaseView) -> None:
        summary = case.summary
        form = QFormLayout()
        form.addRow(_("Başvuru numarası:"), _value(summary.station_number))
        form.addRow(_("Merkez numarası:"),
                    _value(summary.central_number or _("henüz yok (eşitleme sonrası verilir)")))
        state = _value(summary.sync_state.label)
        if summary.sync_message:
            state.setToolTip(summary.sync_message)
        form.addRow(_("Durum:"), state)
        form.addRow(_("Başvuru tarihi:"), _value(format_datetime(summary.created_at)))
        form.addRow(_("Tür / yol:"), _value(f"{summary.application_type.label} · "
                                             f"{summary.channel.label} · {summary.urgency.label}"))
        form.addRow(_("Konu:"), _value(case.subject_label))
        form.addRow(_("Başvuran:"), _value(summary.applicant_masked or _("Belirtilmemiş")))
        layout.addLayout(form)

        layout.addWidget(QLabel(_("Başvuru metni:")))
        self.text = QPlainTextEdit(case.text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 2)

        layout.addWidget(QLabel(_("Ekler ({count}):").format(count=len(case.attachments))))
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachmentList")
        for item in case.attachments:
            pages = (" · " + ngettext("{count} sayfa", "{count} sayfa", item.page_count).format(
                count=item.page_count)
                     if item.page_count else "")
            uploaded = " · " + _("merkezde") if item.uploaded else ""
            self.attachments.addItem(f"{item.name}{pages} · {format_size(item.size)}{uploaded}")
        if not case.attachments:
            self.attachments.addItem(_("Eki yok."))
        self.attachments.setMaximumHeight(110)
        layout.addWidget(self.attachments, 1)

    def _ask(self, signal: SignalInstance) -> None:
        number = self.lookup.case_number
        self.accept()
        signal.emit(number)


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
