"""``bimer-desktop rehome``: bind the desk to the central database it now reaches, and send
again what that database may lack (issue 18, item 2; docs/operator.md, "A central service
that is not the one the desk knew").

When answers name another central database (``services/central_identity.py``) the outbox
stops. The operator, having made sure the new centre is the right one (a backup restored
and given a new id, a move to another server), enrols the desk there if it asks for it,
logs in and runs ``rehome``. In ONE transaction every item the old database acknowledged
goes back to the queue and the new id is recorded; the next sync sends them again with
their own idempotency keys. What the new database already holds is answered as a replay
(the same central number); what it lacks is stored, and each application asks to keep the
central number the citizen may hold on paper (``X-BIMER-Held-Central-Number``): the
service gives it when no other application has it. Station numbers — on every receipt and
its barcode — never change. Killed half-way, nothing has changed; run it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update

from models.database import Database
from models.entities import Application, KnownCentral, OutboxItem
from models.enums import OutboxKind, OutboxState
from models.i18n import _
from services.audit import record_event
from services.central_client import CentralClient
from services.central_identity import CentralIdentity
from services.clock import Clock

log = logging.getLogger("bimer.rehome")

REHOMED_EVENT = "central.rehomed"


@dataclass(frozen=True)
class RehomeReport:
    """``applications`` and ``attachments``: items queued again; ``already`` True when the
    desk was already bound to this database (nothing changed)."""

    central_id: str
    applications: int
    attachments: int
    already: bool = False


def rehome(db: Database, client: CentralClient, identity: CentralIdentity, clock: Clock,
           station_code: str, user: str) -> RehomeReport | str:
    """Bind the desk to the database behind ``client``; the report, or the Turkish reason
    nothing was done. A network call: never on the GUI thread."""
    if not client.health():
        return _("Merkeze ulaşılamadı; masa yeni merkeze bağlanmadı. Ağ bağlantısını ve merkez "
                 "adresini kontrol edip yeniden deneyin.")
    seen = client.last_central_id
    if not seen:
        return _("Bu merkez veritabanı kimliğini bildirmiyor (eski bir sürüm); masa zaten "
                 "ona gönderiyor, yapılacak bir şey yok.")
    if identity.known == seen:
        return RehomeReport(seen, 0, 0, already=True)
    now = clock()
    # What the old database acknowledged, and what a service (restored, still under the old
    # id) accepted but the desk quarantined because the number it gave was already held
    # here: both are sent again; the new database answers each with its number.
    again = or_(OutboxItem.state == OutboxState.DONE.value,
                (OutboxItem.state == OutboxState.QUARANTINED.value)
                & OutboxItem.last_status.in_((200, 201)))
    with db.sessions.begin() as session:
        counts = dict(session.execute(
            select(OutboxItem.kind, func.count()).where(again).group_by(OutboxItem.kind)
        ).all())
        session.execute(
            update(OutboxItem).where(again)
            .values(state=OutboxState.PENDING.value, next_attempt_at=None, updated_at=now)
            .execution_options(synchronize_session=False))
        known = session.get(KnownCentral, 1)
        if known is None:
            session.add(KnownCentral(id=1, central_id=seen, recorded_at=now))
        else:
            known.central_id, known.recorded_at = seen, now
        applications = int(counts.get(OutboxKind.APPLICATION.value, 0))
        attachments = int(counts.get(OutboxKind.BLOB.value, 0))
        record_event(session, at=now, user=user, station_code=station_code,
                     action=REHOMED_EVENT, application_id=None,
                     detail=f"central={seen}; applications={applications}; "
                            f"blobs={attachments}")  # i18n: not shown
    identity.adopt(seen, written=True)
    log.warning("desk re-homed to another central database: %d application(s) and %d "
                "attachment(s) queued again", applications, attachments)
    return RehomeReport(seen, applications, attachments)


def central_numbers(db: Database) -> dict[str, str]:
    """Station number → central number of every application that has one (to say, after the
    re-sending, which numbers the new service could not keep)."""
    with db.sessions() as session:
        return {station: central for station, central in session.execute(
            select(Application.station_number, Application.central_number).where(
                Application.central_number.is_not(None)).order_by(Application.id))
            if central}
