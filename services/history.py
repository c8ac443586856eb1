"""Evveliyat (slide 27): an applicant's earlier applications, from this desk and the centre.

``local`` reads only the desk's own store and answers in milliseconds; ``full`` adds what
the central service knows (applications taken at other desks), merged and deduplicated.
Both return plain data for any thread. Neither ever logs the ID number (KVKK).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from models.database import Database
from models.entities import Application
from models.enums import ApplicationType, Channel
from models.i18n import _
from models.tckn import mask_tckn, tckn_error
from services.central_client import CentralClient
from services.reference import ReferenceService

_correction = aliased(Application)

log = logging.getLogger("bimer.history")

SOURCE_LOCAL = "local"
SOURCE_CENTRAL = "central"
SOURCE_BOTH = "both"


class HistoryUnavailable(Exception):
    """The local store could not be read; the message is Turkish and holds no ID number."""


@dataclass(frozen=True)
class HistoryEntry:
    station_number: str | None
    central_number: str | None
    # When the desk took it (this desk's entries), or when the centre accepted it (entries
    # known only there); always time-zone aware.
    received_at: datetime
    channel: Channel
    application_type: ApplicationType
    subject_code: str
    sub_subject_code: str
    subject_label: str
    source: str  # SOURCE_LOCAL, SOURCE_CENTRAL or SOURCE_BOTH

    @property
    def number(self) -> str:
        """The number to show: the central one once known (it finds the case anywhere)."""
        return self.central_number or self.station_number or ""


@dataclass(frozen=True)
class ApplicantHistory:
    tckn_masked: str
    entries: tuple[HistoryEntry, ...]  # newest first
    # True only when the central service was asked and answered.
    central_reachable: bool


class HistoryService:
    def __init__(
        self,
        queries_db: Database,
        reference: ReferenceService,
        client_provider: Callable[[], CentralClient | None],
    ) -> None:
        """``client_provider`` may be slow (it can start the training centre): it is only
        called from ``full``, which runs on a worker thread."""
        self._db = queries_db
        self._reference = reference
        self._client_provider = client_provider

    def local(self, tckn: str) -> ApplicantHistory:
        """This desk's applications of the applicant, newest first. Fast, no network."""
        _check(tckn)
        return ApplicantHistory(mask_tckn(tckn), tuple(self._local_entries(tckn)), False)

    def full(self, tckn: str) -> ApplicantHistory:
        """This desk's and the central service's, merged; this desk's alone (and
        ``central_reachable`` False) when the centre cannot answer now."""
        _check(tckn)
        local = self._local_entries(tckn)
        records = self._ask_central(tckn)
        if records is None:
            return ApplicantHistory(mask_tckn(tckn), tuple(local), False)
        central = self._central_entries(records)
        return ApplicantHistory(mask_tckn(tckn), merge(local, central), True)

    def _local_entries(self, tckn: str) -> list[HistoryEntry]:
        statement = (
            select(
                Application.station_number,
                Application.central_number,
                Application.created_at,
                Application.channel,
                Application.application_type,
                Application.subject_code,
                Application.sub_subject_code,
            )
            .where(Application.tckn == tckn, ~exists().where(
                _correction.corrects_id == Application.id))  # one line per case: its newest
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
        try:
            with self._db.sessions() as session:
                rows = session.execute(statement).all()
        except SQLAlchemyError:
            # Not chained: the database error's text would carry the bound ID number
            # into the log of whoever reports this exception.
            log.error("local history query failed")
            raise HistoryUnavailable(_("Bu masadaki başvurular okunamadı.")) from None
        return [
            HistoryEntry(
                station_number=station_number,
                central_number=central_number,
                received_at=created_at,
                channel=Channel(channel),
                application_type=ApplicationType(application_type),
                subject_code=subject_code,
                sub_subject_code=sub_subject_code,
                subject_label=self._subject_label(subject_code, sub_subject_code),
                source=SOURCE_LOCAL,
            )
            for (station_number, central_number, created_at, channel, application_type,
                 subject_code, sub_subject_code) in rows
        ]

    def _ask_central(self, tckn: str) -> list[dict[str, Any]] | None:
        try:
            client = self._client_provider()
        except Exception as error:  # no centre now (e.g. the training centre won't start)
            log.warning("central service unavailable for the history: %s",
                        type(error).__name__)
            return None
        if client is None:
            return None
        return client.applicant_history(tckn)

    def _central_entries(self, records: Iterable[Mapping[str, Any]]) -> list[HistoryEntry]:
        entries: list[HistoryEntry] = []
        skipped = 0
        for record in records:
            entry = self._central_entry(record)
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
        if skipped:
            log.warning("%d central history record(s) not understood", skipped)
        return entries

    def _central_entry(self, record: Mapping[str, Any]) -> HistoryEntry | None:
        text = {key: record.get(key) for key in (
            "central_number", "station_number", "received_at", "channel",
            "application_type", "subject_code", "sub_subject_code")}
        if not all(isinstance(value, str) for value in text.values()):
            return None
        values: dict[str, str] = {key: str(value) for key, value in text.items()}
        try:
            received_at = datetime.fromisoformat(values["received_at"])
            channel = Channel(values["channel"])
            application_type = ApplicationType(values["application_type"])
        except ValueError:
            return None
        if received_at.tzinfo is None or not values["central_number"]:
            return None
        return HistoryEntry(
            station_number=values["station_number"] or None,
            central_number=values["central_number"],
            received_at=received_at,
            channel=channel,
            application_type=application_type,
            subject_code=values["subject_code"],
            sub_subject_code=values["sub_subject_code"],
            subject_label=self._subject_label(values["subject_code"],
                                              values["sub_subject_code"]),
            source=SOURCE_CENTRAL,
        )

    def _subject_label(self, subject_code: str, sub_subject_code: str) -> str:
        catalog = self._reference.subjects
        return (f"{catalog.subject_name(subject_code)} / "
                f"{catalog.sub_subject_name(subject_code, sub_subject_code)}")


def merge(
    local: Iterable[HistoryEntry], central: Iterable[HistoryEntry]
) -> tuple[HistoryEntry, ...]:
    """One entry per application, newest first.

    A local entry and a central one are the same application when their central numbers
    match, or, while the desk has not stored the central number yet (the answer to its
    send was lost), when their station numbers match. The merged entry keeps the desk's
    own record (its date is when the citizen applied) with the central number added.
    """
    central = list(central)
    by_central = {entry.central_number: entry for entry in central if entry.central_number}
    by_station = {entry.station_number: entry for entry in central if entry.station_number}
    matched: set[str] = set()
    merged: list[HistoryEntry] = []
    for entry in local:
        if entry.central_number:
            twin = by_central.get(entry.central_number)
        else:
            twin = by_station.get(entry.station_number) if entry.station_number else None
        if twin is None or twin.central_number is None or twin.central_number in matched:
            merged.append(entry)
            continue
        matched.add(twin.central_number)
        merged.append(replace(entry, central_number=twin.central_number, source=SOURCE_BOTH))
    merged.extend(entry for entry in central if entry.central_number not in matched)
    merged.sort(key=lambda entry: (entry.received_at, entry.number), reverse=True)
    return tuple(merged)


def _check(tckn: str) -> None:
    error = tckn_error(tckn)
    if error is not None:
        raise ValueError(error)
