"""The window's status bar: station · user · central state · pending · last sync."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from models.i18n import N_, _, format_number, format_time, ngettext
from services.sync import SyncReport
from ui.style import set_state_property


class CentralState(Enum):
    ONLINE = ("online", N_("Çevrimiçi"))
    OFFLINE = ("offline", N_("Çevrimdışı"))
    SYNCING = ("syncing", N_("Eşitleniyor"))
    PROBLEM = ("problem", N_("Sorun var"))

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return _(self.value[1])


def central_state_for(report: SyncReport, quarantined_total: int) -> tuple[CentralState, str]:
    """The status-bar state and its tooltip, from a sync report and the local queue."""
    if report.paused is not None:
        # Who sends was refused (an ended session, a revoked desk): nothing is lost, all waits.
        return CentralState.PROBLEM, report.message
    if not report.reachable:
        return CentralState.OFFLINE, _("Merkeze ulaşılamıyor: {message}").format(
            message=report.message)
    problems: list[str] = []
    if quarantined_total:
        problems.append(ngettext("{count} başvuru karantinada: merkez kabul etmedi (Gönderim "
                                 "Kuyruğu'nda nedeni yazılı).",
                                 "{count} başvuru karantinada: merkez kabul etmedi (Gönderim "
                                 "Kuyruğu'nda nedeni yazılı).", quarantined_total).format(
                              count=format_number(quarantined_total)))
    if report.retrying:
        problems.append(ngettext("{count} başvuru yeniden denenecek: {message}",
                                 "{count} başvuru yeniden denenecek: {message}",
                                 report.retrying).format(
            count=format_number(report.retrying), message=report.message))
    if problems:
        return CentralState.PROBLEM, " ".join(problems)
    return CentralState.ONLINE, _("Merkezle bağlantı var; gönderilmeyi bekleyen her şey "
                                  "gönderildi.")


class DeskStatusBar(QStatusBar):
    """Station · user · central state · pending · last sync, always visible."""

    def __init__(self, station: str, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.station_label = QLabel(_("İstasyon: {station}").format(station=station), self)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("clerkLabel")
        self.show_clerk(user)
        self.dot = QLabel("●", self)
        self.dot.setObjectName("statusDot")
        self.central_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.last_sync_label = QLabel(_("Son eşitleme: —"), self)
        self._state = CentralState.OFFLINE
        parts: list[QWidget] = [self.station_label, self.user_label, self._central_box(),
                                self.pending_label, self.last_sync_label]
        for index, part in enumerate(parts):
            if index:
                separator = QLabel("·", self)
                separator.setObjectName("statusSeparator")
                self.addPermanentWidget(separator)
            self.addPermanentWidget(part)
        margin = QWidget(self)
        margin.setFixedWidth(6)
        self.addPermanentWidget(margin)
        self.show_central(CentralState.OFFLINE, _("Henüz eşitleme yapılmadı."))
        self.show_pending(0)

    def show_clerk(self, name: str, roles: str = "", offline: bool = False) -> None:
        """The logged-in clerk (with the roles as a tooltip); "—" when nobody is."""
        text = _("Kullanıcı: {user}").format(user=name or "—")
        if offline:
            text += " " + _("(çevrimdışı giriş)")
        self.user_label.setText(text)
        self.user_label.setToolTip(roles)

    def _central_box(self) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.central_label)
        return box

    @property
    def state(self) -> CentralState:
        return self._state

    def show_central(self, state: CentralState, tooltip: str) -> None:
        self._state = state
        self.central_label.setText(state.label)
        set_state_property(self.dot, "state", state.key)
        for widget in (self.dot, self.central_label):
            widget.setToolTip(tooltip)

    def show_pending(self, count: int) -> None:
        self.pending_label.setText(_("Bekleyen: {count}").format(count=format_number(count)))

    def show_last_sync(self, moment: datetime) -> None:
        self.last_sync_label.setText(_("Son eşitleme: {time}").format(
            time=format_time(moment)))

    def show_progress(self, done: int, total: int) -> None:
        """While syncing: how far a drain has come, e.g. "Eşitleniyor 120 / 2.000"."""
        if self._state is CentralState.SYNCING and total > 0:
            self.central_label.setText(
                f"{CentralState.SYNCING.label} {format_number(done)} / {format_number(total)}")
