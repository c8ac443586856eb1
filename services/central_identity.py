"""Which central database this desk sends to (issue 18, item 2).

Every answer of the central service names its database (``X-BIMER-Central-Id``, an id made
with the database). The desk records the id of the first answer — its enrolment — and uses
an answer only while it names that database. Another id means another database: a
training centre, a new installation, a backup restored under a new id. Its numbers and
records are not the ones this desk holds, so the outbox stops (every application waits on
the desk) with a message saying so, until the operator runs ``bimer-desktop rehome``
(``services/rehome.py``), which adopts the new id and sends again what that database lacks.

A service of an earlier release names no database: its answers are used as before.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from models import i18n
from models.database import Database
from models.entities import KnownCentral
from models.i18n import N_
from services.clock import Clock

log = logging.getLogger("bimer.central_identity")

CENTRAL_CHANGED = N_(
    "Merkezden gelen cevaplar bu masanın bağlı olduğu merkez veritabanından değil (merkez "
    "yedekten geri yüklenmiş, başka bir sunucuya taşınmış ya da bu bir eğitim merkezi "
    "olabilir). Gönderim durduruldu; başvurular masada bekliyor, hiçbiri kaybolmadı. Sistem "
    "yöneticisi masayı yeni merkeze 'bimer-desktop rehome' komutuyla bağlamalı."
)


class CentralIdentity:
    """The recorded central database id, read once and kept; thread-safe (the outbox's
    worker and the applicant-history lookups share the one client)."""

    def __init__(self, db: Database, clock: Clock, *, record: bool = True) -> None:
        """``record`` False (a training desk): a first answer is used but not recorded, so
        that a desk that only ever practised is enrolled in production without a rehome —
        while a production desk opened in training mode still stops at the training
        centre, whose database is not the one it knows."""
        self._db = db
        self._clock = clock
        self._record = record
        self._lock = threading.Lock()
        self._loaded = False
        self._known: str | None = None

    @property
    def known(self) -> str | None:
        with self._lock:
            return self._load()

    def check(self, seen: str | None) -> str | None:
        """None when an answer naming ``seen`` may be used (the first one is recorded),
        else the Turkish reason it may not."""
        if not seen:
            return None
        with self._lock:
            known = self._load()
            if known is None:
                if self._record:
                    self._write(seen)
                return None
            if known == seen:
                return None
        log.info("an answer came from another central database; sending stops")
        return i18n._(CENTRAL_CHANGED)

    def record_first(self, seen: str | None) -> None:
        """At enrolment: the id is recorded unless one already is (a desk enrolled again at
        another centre keeps its old id until ``rehome``: its sent applications are not
        there)."""
        self.check(seen)

    def adopt(self, seen: str, *, written: bool = False) -> None:
        """``rehome``: from now on this is the desk's central database. ``written``: the
        caller already stored it, in its own transaction (``services/rehome.py``)."""
        with self._lock:
            if written:
                self._known, self._loaded = seen, True
            else:
                self._write(seen)

    def _load(self) -> str | None:
        if not self._loaded:
            with self._db.sessions() as session:
                self._known = session.scalar(select(KnownCentral.central_id))
            self._loaded = True
        return self._known

    def _write(self, central_id: str) -> None:
        with self._db.sessions.begin() as session:
            row = session.get(KnownCentral, 1)
            if row is None:
                session.add(KnownCentral(id=1, central_id=central_id,
                                         recorded_at=self._clock()))
            else:
                row.central_id, row.recorded_at = central_id, self._clock()
        self._known, self._loaded = central_id, True
        log.info("central database identity recorded")
