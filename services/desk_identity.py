"""Never start a lost, emptied, replaced or rolled-back database as if nothing happened.

At every start the database is held against the ledger beside it (``models/desk_ledger.py``)
and its own ``desk_identity`` row:

* a ledger but no database file, or an empty one: the database was deleted or emptied;
* a database whose id is not the ledger's, or without an id while the ledger has one: it is
  not this desk's database (a fresh one made in its place, another desk's);
* a station-number counter below the ledger's last number: the database was rolled back (a
  deleted or damaged WAL file, an old copy put back by hand).

Each stops the desk with a Turkish ``DeskStartError`` naming ``bimer-desktop restore``
(``services/restore.py``), which puts a backup back and continues the numbering after the
last number issued. The station code is kept in the database too: a desk whose settings
file was lost keeps its station; settings that name another station stop the desk.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.database import Database
from models.desk_ledger import Ledger, LedgerDamaged, ledger_path, read_ledger, write_ledger
from models.entities import Application, Counter, DeskIdentity
from models.i18n import _
from models.numbers import StationNumber

log = logging.getLogger("bimer.desk_identity")

_COUNTER_PREFIX = "station-number:"


class DeskStartError(RuntimeError):
    """The desk must not start; the message (Turkish, one line) says why and what to do."""


def restore_hint() -> str:
    return _("Yedekten geri yüklemek için: bimer-desktop restore")


def check_database_file(database_path: Path) -> None:
    """Before the database is opened (opening would make a new, empty one)."""
    ledger = _read(database_path)
    if ledger is None:
        return
    if not database_path.exists():
        raise DeskStartError(_(
            "Veritabanı dosyası bulunamadı ({path}), ama bu masa daha önce {code} "
            "istasyonu olarak başvuru aldı. Boş bir veritabanıyla başlamak, vatandaşa verilmiş "
            "numaraları yeniden verirdi. {hint}").format(
                path=database_path, code=ledger.station_code, hint=restore_hint()))
    if database_path.stat().st_size == 0:
        raise DeskStartError(_(
            "Veritabanı dosyası boş ({path}), ama bu masa daha önce başvuru aldı. {hint}"
        ).format(path=database_path, hint=restore_hint()))


def counters_of(session: Session, station_code: str) -> dict[int, int]:
    """The station-number counters of ``station_code``: year -> last sequence."""
    prefix = f"{_COUNTER_PREFIX}{station_code}:"
    rows = session.execute(select(Counter.name, Counter.value)
                           .where(Counter.name.startswith(prefix))).all()
    return {int(name[len(prefix):]): int(value) for name, value in rows}


def set_counter_at_least(session: Session, station_code: str, year: int, value: int) -> None:
    name = f"{_COUNTER_PREFIX}{station_code}:{year}"
    counter = session.get(Counter, name)
    if counter is None:
        session.add(Counter(name=name, value=value))
    elif counter.value < value:
        counter.value = value


@dataclass(frozen=True)
class Identity:
    station_code: str
    ledger: LedgerKeeper


class LedgerKeeper:
    """Keeps the ledger up with the numbers the desk issues (called after each save)."""

    def __init__(self, path: Path, ledger: Ledger) -> None:
        self._path = path
        self._ledger = ledger
        self._lock = threading.Lock()

    @property
    def ledger(self) -> Ledger:
        return self._ledger

    def issued(self, station_number: str) -> None:
        number = StationNumber.parse(station_number)
        if number is None or number.station_code != self._ledger.station_code:
            return
        with self._lock:
            updated = self._ledger.with_number(number.year, number.sequence)
            if updated is not self._ledger:
                self._ledger = updated
                self._write(durable=False)

    def close(self) -> None:
        with self._lock:
            self._write(durable=True)

    def adopt_station(self, station_code: str) -> None:
        """The desk's enrollment named another station before any number was issued."""
        with self._lock:
            self._ledger = Ledger(self._ledger.database_id, station_code, {})
            self._write(durable=True)

    def _write(self, *, durable: bool) -> None:
        # Called after the save committed: a full disk must not turn a saved application
        # into a failed save. A ledger left behind the database is safe (it only ever
        # guards against the database going below it); the next write catches up.
        try:
            write_ledger(self._path, self._ledger, durable=durable)
        except OSError as error:
            log.info("desk ledger not written (%s); it catches up on the next save",
                        error.strerror)


def settle_identity(db: Database, database_path: Path, station_code: str, *,
                    settings_explicit: bool, enrolled: bool = False) -> Identity:
    """Hold the opened database against its ledger; raises ``DeskStartError`` as above.
    ``enrolled``: ``station_code`` is the one the central service bound this desk to, which
    a database that has issued no number takes (see ``adopt_enrolled_station``). Returns
    the station code the desk runs as and the keeper of its ledger (written now, durably,
    so that it is there from the first start)."""
    path = ledger_path(database_path)
    ledger = _read(database_path)
    with db.sessions.begin() as session:
        identity = session.get(DeskIdentity, 1)
        if identity is None:
            if ledger is not None:
                raise DeskStartError(_(
                    "Bu veritabanı ({path}) bu masanın veritabanı değil: yeni ya da başka bir "
                    "veritabanı, bu masanın önceki kayıtları onda yok. {hint}").format(
                        path=database_path, hint=restore_hint()))
            code = station_code if settings_explicit else (
                _latest_station(session) or station_code)
            identity = DeskIdentity(id=1, database_id=new_database_id(), station_code=code)
            session.add(identity)
            log.info("database identity recorded (station %s)", code)
        if identity.station_code != station_code and enrolled and \
                not (ledger is not None and ledger.last_numbers) and \
                not _issued_any(session, identity.station_code):
            log.info("station of the enrollment recorded (%s, was %s)", station_code,
                     identity.station_code)
            identity.station_code = station_code
            ledger = None if ledger is None else Ledger(ledger.database_id, station_code, {})
        if identity.station_code != station_code:
            if settings_explicit:
                raise DeskStartError(_(
                    "Ayarlarda istasyon kodu {settings} yazıyor, ama bu veritabanı {database} "
                    "istasyonuna ait. Bir masanın istasyon kodu sonradan değiştirilemez; "
                    "ayarlardaki kodu {database} yapın.").format(
                        settings=station_code, database=identity.station_code))
            log.warning("no station code in the settings: the database's %s is used",
                        identity.station_code)
        code = identity.station_code
        counters = counters_of(session, code)
        if ledger is not None:
            if ledger.database_id != identity.database_id:
                raise DeskStartError(_(
                    "Bu veritabanı ({path}) bu masanın veritabanı değil (kimliği farklı). "
                    "{hint}").format(path=database_path, hint=restore_hint()))
            for year, last in sorted(ledger.last_numbers.items()):
                if counters.get(year, 0) < last:
                    raise DeskStartError(_(
                        "Veritabanı geri gitmiş: {year} yılında en son {last} numara verildi, "
                        "veritabanında {held} numara var (silinmiş ya da bozulmuş bir WAL "
                        "dosyası?). Bu haliyle başlamak numaraları yeniden verirdi. "
                        "{hint}").format(year=year, last=last, held=counters.get(year, 0),
                                         hint=restore_hint()))
        elif database_path.exists():
            log.info("no ledger beside the database yet: written from the database")
        merged = Ledger(identity.database_id, code, dict(counters))
        if ledger is not None:
            for year, last in ledger.last_numbers.items():
                merged = merged.with_number(year, last)
    keeper = LedgerKeeper(path, merged)
    keeper.close()  # durably, now: the ledger exists from the first start on
    return Identity(code, keeper)


def adopt_enrolled_station(db: Database, keeper: LedgerKeeper, station_code: str) -> str | None:
    """Record the station the central service enrolled this desk as. A desk opened before
    its enrollment (``bimer-desktop enroll``, the enrollment dialog) was stamped with the
    settings' station; while it has issued no number the enrollment's word replaces it.
    Returns the Turkish reason when the desk already holds another station's numbers."""
    with db.sessions.begin() as session:
        identity = session.get(DeskIdentity, 1)
        if identity is None or identity.station_code == station_code:
            return None
        if _issued_any(session, identity.station_code):
            return _("Bu masa {database} istasyonunun başvurularını tutuyor; {station} "
                     "istasyonu olarak kaydedilemez. Koordinatörden {database} istasyonu "
                     "için yeniden kayıt kodu isteyin.").format(
                         database=identity.station_code, station=station_code)
        log.info("station of the enrollment recorded (%s, was %s)", station_code,
                 identity.station_code)
        identity.station_code = station_code
    keeper.adopt_station(station_code)
    return None


def _issued_any(session: Session, station_code: str) -> bool:
    return any(counters_of(session, station_code).values()) or \
        session.execute(select(Application.id).limit(1)).first() is not None


def new_database_id() -> str:
    # Straight from os.urandom, not uuid.uuid4(): the database's id is not one of the keys
    # the desk hands out (tests that fix those keys see the same sequence as before).
    return str(uuid.UUID(bytes=os.urandom(16), version=4))


def _latest_station(session: Session) -> str | None:
    """The station of a desk upgraded from a release without ``desk_identity``: the one its
    applications were numbered under."""
    return session.execute(select(Application.station_code)
                           .order_by(Application.id.desc()).limit(1)).scalar()


def _read(database_path: Path) -> Ledger | None:
    try:
        return read_ledger(ledger_path(database_path))
    except LedgerDamaged as error:
        raise DeskStartError(_(
            "Masa defteri dosyası bozuk ({path}). Bu dosya, veritabanı kaybolursa numaraların "
            "yeniden verilmesini önler; silmeyin, yedekten geri koyun ya da destek isteyin."
        ).format(path=error.args[0])) from error
