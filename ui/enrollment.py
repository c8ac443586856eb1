"""Kayıt kodu: the coordinator's one-time enrollment code, in the first-run wizard (beside the
central address) and, for a desk with an address but no enrollment (a revoked or replaced
desk), in a dialog before the login.

The station code is not typed at the desk: the central service says which station the code
was issued for, and binds that station to this desk's own credential.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from bimer_desktop.version import PRODUCT_NAME
from models.i18n import _
from services.credentials import DeskCredential
from services.enrollment import request_enrollment
from ui.operations import Operations
from ui.style import set_state_property


class EnrollmentBox(QWidget):
    """The code field and what the service answered; ``enroll(url, ...)`` sends it once.
    ``enrolled`` carries the DeskCredential, ``refused`` the Turkish reason."""

    enrolled = Signal(object)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = Operations(self)
        self.result: DeskCredential | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        title = QLabel(_("Kayıt kodu *:"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.code = QLineEdit(self)
        self.code.setObjectName("enrollmentCode")
        self.code.setMaxLength(64)
        self.code.setMaximumWidth(320)
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")  # i18n: not shown (a code's shape)
        self.code.textEdited.connect(self._forget)
        help_text = QLabel(_("Koordinatör istasyonu merkezde kaydedip bu masa için tek "
                             "kullanımlık bir kod verir. İstasyon kodu bu koddan gelir."), self)
        help_text.setObjectName("hint")
        help_text.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("enrollStatus")
        self.status.setWordWrap(True)
        for widget in (title, self.code, help_text, self.status):
            layout.addWidget(widget)

    @property
    def busy(self) -> bool:
        return self._ops.busy

    def _forget(self) -> None:
        self.result = None
        self.show_status("", "")

    def enroll(self, url: str, ca_bundle: str | None, allow_insecure_http: bool,
               work: Callable[[str, str], DeskCredential | str] | None = None) -> bool:
        """Send the code on a worker thread (once: a code is used up by a success)."""
        if self.busy:
            return False
        code = self.code.text().strip()
        if not code:
            self.show_status(_("Koordinatörün verdiği kayıt kodunu yazın."), "error")
            self.code.setFocus()
            return False
        job = work or (lambda u, c: request_enrollment(
            u, c, ca_bundle=ca_bundle, allow_insecure_http=allow_insecure_http))
        self.show_status(_("Masa merkeze kaydediliyor…"), "")
        self._ops.run(self, "enrollment", lambda: job(url, code), self._answered,
                      self._failed)
        return True

    def _answered(self, answer: DeskCredential | str) -> None:
        if isinstance(answer, str):
            self.show_status("✖ " + answer, "error")
            self.refused.emit(answer)
            return
        self.result = answer
        self.code.setReadOnly(True)
        self.show_status("✔ " + _("Masa kaydedildi: istasyon {station}{unit}.").format(
            station=answer.station_code,
            unit=f" ({answer.unit_name})" if answer.unit_name else ""), "ok")
        self.enrolled.emit(answer)

    def _failed(self, _error: BaseException) -> None:
        message = _("Masa kaydedilemedi. Tekrar deneyin; sorun sürerse sistem yöneticisine "
                    "bildirin.")
        self.show_status("✖ " + message, "error")
        self.refused.emit(message)

    def show_status(self, text: str, state: str) -> None:
        self.status.setText(text)
        set_state_property(self.status, "state", state)

    def stop(self) -> None:
        self._ops.shutdown()


class EnrollDialog(QDialog):
    """A desk with a central address but no enrollment: the code, then the login."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrollDialog")
        self.desk = desk
        self.setWindowTitle(_("{product} — masa kaydı").format(product=PRODUCT_NAME))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(_("Bu masa merkeze kayıtlı değil"), self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        note = QLabel(_("Merkez: {url}. Masanın kaydı yok ya da koordinatör tarafından "
                        "iptal edilmiş. Gönderilmemiş başvurular masada durur; yeni kayıt "
                        "kodunu koordinatörden isteyin.").format(url=desk.config.central_url),
                      self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.box = EnrollmentBox(self)
        self.box.enrolled.connect(self._enrolled)
        layout.addWidget(self.box)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Çıkış"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.enroll_button = QPushButton(_("Kaydet"), self)
        self.enroll_button.setDefault(True)
        self.enroll_button.clicked.connect(self.submit)
        buttons.addWidget(cancel)
        buttons.addWidget(self.enroll_button)
        layout.addLayout(buttons)
        self.box.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        desk = self.desk
        settings = desk.config.settings
        self.box.enroll(desk.config.central_url, settings.ca_bundle or None,
                        settings.allow_insecure_http,
                        lambda url, code: desk.enroll(url, code, settings.ca_bundle or None))

    def _enrolled(self, _credential: DeskCredential) -> None:
        self.accept()
