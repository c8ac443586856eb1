"""A filtered case list as CSV for Excel: UTF-8 with a BOM (Excel then reads Turkish
letters right) and ";" between fields (what Excel expects in a Turkish locale), identity
as the viewer may see it (``models/identity_access.py``), and the export written to the
audit trail — which filters were used and how many rows went out, never their values."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from models.database import Database
from models.i18n import _, format_date, format_datetime
from models.identity_access import Viewer
from services.audit import record_event
from services.case_search import CaseRow, CaseSearch, Query
from services.clock import Clock

EXPORT_ACTION = "cases.exported"
_BATCH = 500


def header() -> list[str]:
    return [_("Başvuru no"), _("Merkez no"), _("Tarih"), _("Kanal"), _("Tür"), _("İvedilik"),
            _("Konu"), _("Başvuran"), _("T.C. Kimlik No"), _("Durum"), _("Yasal süre"),
            _("Son gün"), _("Kalan gün"), _("Kaydeden")]


def line(row: CaseRow) -> list[str]:
    return [row.station_number, row.central_number or "", format_datetime(row.created_at),
            row.channel.label, row.application_type.label, row.urgency.label,
            row.subject_label, row.applicant, row.tckn_masked, row.sync_state.label, row.law,
            format_date(row.due), str(row.days_left), row.created_by]


class CaseExport:
    def __init__(self, db: Database, cases: CaseSearch, station_code: str,
                 clock: Clock) -> None:
        self._db = db
        self._cases = cases
        self._station_code = station_code
        self._clock = clock

    def rows(self, query: Query, viewer: Viewer) -> Iterator[CaseRow]:
        ids = self._cases.ids(query)
        for start in range(0, len(ids), _BATCH):
            yield from self._cases.rows(ids[start:start + _BATCH], viewer)

    def write(self, query: Query, viewer: Viewer, path: Path) -> int:
        """Write the list to ``path`` (replaced whole: a half-written file never stays
        under the name) and audit it; the number of rows."""
        partial = path.with_name(path.name + ".part")
        count = 0
        with partial.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(header())
            for row in self.rows(query, viewer):
                writer.writerow(line(row))
                count += 1
        partial.replace(path)
        self.audit(query, viewer, count)
        return count

    def audit(self, query: Query, viewer: Viewer, count: int) -> None:
        used = ",".join(query.filter.used()) or "-"
        with self._db.sessions.begin() as session:
            record_event(session, at=self._now(), user=viewer.user,
                         station_code=self._station_code, action=EXPORT_ACTION,
                         application_id=None, detail=f"rows={count} filters={used}")

    def _now(self) -> datetime:
        return self._clock()

