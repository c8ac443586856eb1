"""Draining the outbox to the central service: exactly once, whatever fails.

An item is marked in flight (and committed) before its request, and done only after the
answer is stored. A crash in between leaves it in flight; ``recover_in_flight`` at start-up
sends it again, which is safe because every send carries the same idempotency key.

Applications go first, then forwards (each once an application version of its case has
been accepted: a quarantined application holds its forwards back until its correction is
accepted), then attachment blobs (DESIGN.md: metadata first). A blob item is
due only once an application that carries it is done; it is sent as ``HEAD`` then, only if
the service lacks it, ``PUT`` of the locally verified bytes. So an interrupted upload
resumes at the first blob the service does not have, and nothing it has is sent again.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from models import i18n
from models.auth_reasons import AuthReason
from models.database import Database
from models.entities import Application, Attachment, OutboxAttempt, OutboxItem
from models.enums import OutboxKind, OutboxState
from models.i18n import N_, _
from services.audit import record_event
from services.blob_store import BlobCorrupt, BlobStore
from services.central_client import CentralClient, Outcome, SubmitResult
from services.clock import Clock
from services.forwards import store_movements
from services.queries import ApplicationQueries

log = logging.getLogger("bimer.sync")

BACKOFF_BASE_SECONDS = 5.0
BACKOFF_CAP_SECONDS = 15 * 60.0
# One durable commit marks this many items in flight; a crash resends them (idempotent).
CLAIM_BATCH = 25


# Marked only: translated where they become an item's message (stored in that language).
LOCAL_BLOB_CORRUPT = N_(
    "Ekin bu masadaki kopyası bozulmuş (içeriği kaydedildiği andakiyle aynı değil); "
    "gönderilmedi. Dosyayı taslağa ya da yeni başvuruya yeniden ekleyin."
)
LOCAL_BLOB_MISSING = N_("Ekin bu masadaki kopyası bulunamadı; gönderilemedi.")
LOCAL_BLOB_UNREADABLE = N_("Ekin bu masadaki kopyası okunamadı; gönderilemedi.")
NUMBER_HELD_ELSEWHERE = N_(
    "Merkez bu başvuruya {number} merkez numarasını verdi; bu masada o numara {other} "
    "numaralı başvurunun. Merkez eski bir yedekten geri yüklenmiş olabilir: sistem "
    "yöneticisine bildirin (bimer-desktop rehome). Diğer başvurular gönderilmeye devam ediyor."
)
CENTRAL_NUMBER_CHANGED = N_(
    "Merkeze yeniden gönderildi; merkez {old} numarasını veremedi (orada başka bir "
    "başvurunun), yeni merkez numarası {new}. Vatandaşın belgesinde {old} yazıyorsa yeni "
    "numarayı bildirin.")
LOGIN_NEEDED = N_("Merkeze göndermek için giriş gerekiyor; başvurular masada bekliyor.")


@dataclass(frozen=True)
class AttemptView:
    at: datetime
    outcome: Outcome
    http_status: int | None
    message: str


@dataclass(frozen=True)
class _Claimed:
    id: int
    kind: str
    key: str
    envelope: dict[str, object]
    previous_state: OutboxState
    # The central number the application already holds: it is being sent again, after
    # ``rehome``, and the service is asked to keep that number (it may be on paper).
    held_central_number: str | None = None
    # The highest number held by an application waiting to be sent again: the service is
    # asked not to issue any number up to it now (each would lose its own in turn).
    held_up_to: str | None = None
    # A forward's: the central number of the accepted version of its application.
    central_number: str | None = None
    station_number: str = ""


@dataclass(frozen=True)
class SyncReport:
    sent: int
    retrying: int
    quarantined: int
    pending: int
    reachable: bool
    message: str
    finished_at: datetime
    # The outbox items this drain quarantined, oldest first (each is told to the clerk once).
    quarantined_ids: tuple[int, ...] = ()
    # Set when the service refused who is sending (an ended session, a revoked desk): the
    # drain stopped there and every item waits as it was (``message`` says why).
    paused: AuthReason | None = None


# ``progress(done, total)``: items answered so far in this drain, and how many it expects.
# Called on the draining thread; ``total`` may grow once (attachments whose application has
# just been accepted become due).
ProgressCallback = Callable[[int, int], None]


class SyncService:
    def __init__(
        self,
        db: Database,
        client: CentralClient,
        clock: Clock,
        station_code: str,
        queries: ApplicationQueries,
        rng: random.Random | None = None,
        *,
        blobs: BlobStore | None = None,
        after_reachable: Callable[[], None] | None = None,
    ) -> None:
        """``after_reachable``: background upkeep run at the end of every drain that
        reached the service and left nothing to retry (reference refresh, reserved-number
        top-up); what it raises is logged, never turned into a failed sync."""
        self._after_reachable = after_reachable
        self._db = db
        self._client = client
        self._clock = clock
        self._station_code = station_code
        self._queries = queries
        self._rng = rng or random.Random()
        # Without a blob store (a sync that only sends applications) blob items wait.
        self._blobs = blobs

    @property
    def central_url(self) -> str:
        return self._client.base_url

    def recover_in_flight(self) -> int:
        """Put back every item a crash left in flight; returns how many."""
        with self._db.sessions.begin() as session:
            items = session.scalars(
                select(OutboxItem).where(OutboxItem.state == OutboxState.IN_FLIGHT.value)
            ).all()
            for item in items:
                item.state = OutboxState.PENDING.value
                item.updated_at = self._clock()
        if items:
            log.warning("%d outbox item(s) were in flight at start-up; they will be resent",
                        len(items))
        return len(items)

    def drain_once(self, *, force: bool = False,
                   progress: ProgressCallback | None = None) -> SyncReport:
        """Send every due item once. ``force`` ignores backoff (the clerk's "send now").

        Items are claimed a batch at a time (one durable commit marks the batch in flight),
        then sent and answered one by one. Stops early when the service is unreachable, so a
        dead link costs one timeout, not one per item; the unsent rest of the batch goes back
        to the state it had. ``progress`` hears of every answered item.
        """
        sent = retrying = quarantined = 0
        paused: AuthReason | None = None
        quarantined_ids: list[int] = []
        reachable = True
        message = _("Eşitleme tamamlandı.")
        tried_any = False
        answered = 0
        # Every due application first, then the forwards and the blobs of those now done.
        passes = [OutboxKind.APPLICATION, OutboxKind.FORWARD]
        if self._blobs is not None:
            passes.append(OutboxKind.BLOB)
        for stage in passes:
            if not reachable or paused is not None:
                break
            total = answered + self._count_due(force, stage) if progress else 0
            after_id = 0
            while reachable and paused is None and (
                    batch := self._claim_batch(force, after_id, stage)):
                tried_any = True
                after_id = batch[-1].id
                for index, claimed in enumerate(batch):
                    result = self._send(claimed)
                    if result.outcome is Outcome.PAUSED:
                        # Not the item's fault: it goes back untouched with the rest, and
                        # the next drain after a login sends it (same key: no duplicate).
                        self._release(batch[index:])
                        paused, message = result.reason, result.message
                        log.warning("sync paused: the service refused the credentials (%s)",
                                    result.reason)
                        break
                    outcome = self._store_result(claimed.id, result)
                    answered += 1
                    if progress is not None:
                        total = max(total, answered)
                        progress(answered, total)
                    if outcome is Outcome.DONE:
                        sent += 1
                    elif outcome is Outcome.QUARANTINED:
                        quarantined += 1
                        quarantined_ids.append(claimed.id)
                    else:
                        retrying += 1
                        if result.status is None:
                            reachable = False
                            message = result.message
                            self._release(batch[index + 1:])
                            break
        if paused is None and not tried_any and not self._client.auth.token:
            # Nobody is logged in (an offline login, a closed session): nothing can go.
            paused, message = AuthReason.LOGIN_REQUIRED, i18n._(LOGIN_NEEDED)
            reachable = self._client.health()
        elif reachable and not tried_any:
            # Nothing was due: one request says whether the service is there — and, with
            # the desk's expected database named in it, whether it is the one it knows.
            probe = self._client.central_changed()
            if probe is not None and probe.outcome is Outcome.PAUSED:
                paused, message = probe.reason, probe.message
            elif probe is not None:
                reachable, message = False, _("Merkeze bağlanılamadı.")
        # Only after a sync that went well: upkeep's own requests have no business with a
        # service that is answering 5xx or 429 right now.
        if reachable and paused is None and retrying == 0 and self._after_reachable is not None:
            try:
                self._after_reachable()
            except Exception:
                log.exception("upkeep after sync failed")
        return SyncReport(sent, retrying, quarantined, self._queries.pending_count(), reachable,
                          message, self._clock(), tuple(quarantined_ids), paused)

    def _send(self, claimed: _Claimed) -> SubmitResult:
        if claimed.kind == OutboxKind.FORWARD.value:
            assert claimed.central_number is not None  # due only once one is accepted
            return self._client.submit_forward(claimed.central_number, claimed.key,
                                               claimed.envelope)
        if claimed.kind != OutboxKind.BLOB.value:
            return self._client.submit_application(claimed.key, claimed.envelope,
                                                   held_central_number=claimed.held_central_number,
                                                   held_up_to=claimed.held_up_to)
        assert self._blobs is not None  # blob items are claimed only with a blob store
        blobs = self._blobs
        sha256 = claimed.key
        media_type = str(claimed.envelope.get("media_type") or "application/octet-stream")
        try:
            # Read (and verified) only if the service lacks it: HEAD comes first.
            return self._client.send_blob(sha256, media_type,
                                          lambda: blobs.read_verified(sha256))
        except BlobCorrupt:
            log.error("outbox item %d: local blob is corrupt; quarantined unsent", claimed.id)
            return SubmitResult(Outcome.QUARANTINED, None, i18n._(LOCAL_BLOB_CORRUPT))
        except FileNotFoundError:
            log.error("outbox item %d: local blob is missing; quarantined", claimed.id)
            return SubmitResult(Outcome.QUARANTINED, None, i18n._(LOCAL_BLOB_MISSING))
        except OSError as error:
            log.error("outbox item %d: local blob unreadable (%s); quarantined", claimed.id,
                      type(error).__name__)
            return SubmitResult(Outcome.QUARANTINED, None, i18n._(LOCAL_BLOB_UNREADABLE))

    def _claim_batch(self, force: bool, after_id: int, stage: OutboxKind) -> list[_Claimed]:
        now = self._clock()
        with self._db.sessions.begin() as session:
            items = session.scalars(
                select(OutboxItem).where(_due(force, stage, now), OutboxItem.id > after_id)
                .order_by(OutboxItem.id).limit(CLAIM_BATCH)
            ).all()
            applications = [item.application_id for item in items
                            if item.kind == OutboxKind.APPLICATION.value]
            held = dict(session.execute(
                select(Application.id, Application.central_number).where(
                    Application.id.in_(applications),
                    Application.central_number.is_not(None))).all())
            up_to = _highest_waiting_held(session) if applications else None
            claimed = []
            for item in items:
                if item.kind == OutboxKind.APPLICATION.value:
                    claimed.append(_Claimed(
                        item.id, item.kind, item.idempotency_key, json.loads(item.payload),
                        OutboxState(item.state), held_central_number=held.get(
                            item.application_id), held_up_to=up_to))
                    continue
                number = station = None
                if item.kind == OutboxKind.FORWARD.value:
                    station = session.get_one(Application, item.application_id).station_number
                    number = _accepted_central_number(session, station)
                claimed.append(_Claimed(item.id, item.kind, item.idempotency_key,
                                        json.loads(item.payload), OutboxState(item.state),
                                        central_number=number, station_number=station or ""))
            for item in items:
                item.state = OutboxState.IN_FLIGHT.value
                item.updated_at = now
            return claimed

    def _count_due(self, force: bool, stage: OutboxKind) -> int:
        with self._db.sessions() as session:
            return int(session.scalar(
                select(func.count()).select_from(OutboxItem)
                .where(_due(force, stage, self._clock()))) or 0)

    def _release(self, unsent: list[_Claimed]) -> None:
        """Give back claimed items that were never sent, as they were before the claim."""
        if not unsent:
            return
        with self._db.sessions.begin() as session:
            for claimed in unsent:
                session.get_one(OutboxItem, claimed.id).state = claimed.previous_state.value

    def _store_result(self, item_id: int, result: SubmitResult) -> Outcome:
        """Record the answer; returns the outcome as stored (an acceptance whose central
        number this desk already holds for another application is quarantined)."""
        now = self._clock()
        with self._db.sessions.begin() as session:
            item = session.get_one(OutboxItem, item_id)
            if (result.outcome is Outcome.DONE and item.kind == OutboxKind.APPLICATION.value
                    and (holder := _holder_of(session, result.central_number,
                                              item.application_id))):
                # A central service restored from an older backup hands out again numbers
                # it gave before. The desk's UNIQUE number would fail this commit on every
                # drain and wedge the queue: the item is quarantined, the rest flows.
                log.error("outbox item %d: the service gave a central number this desk "
                          "already holds for another application; quarantined", item.id)
                result = SubmitResult(Outcome.QUARANTINED, result.status, i18n._(
                    NUMBER_HELD_ELSEWHERE).format(number=result.central_number, other=holder))
            item.attempts += 1
            item.last_status = result.status
            item.last_message = result.message
            item.updated_at = now
            session.add(OutboxAttempt(outbox_id=item.id, at=now, outcome=result.outcome.value,
                                      http_status=result.status, message=result.message))
            if result.outcome is Outcome.DONE:
                item.state = OutboxState.DONE.value
                item.next_attempt_at = None
                item.acknowledged_at = now
                if item.kind == OutboxKind.BLOB.value:
                    return result.outcome
                if item.kind == OutboxKind.FORWARD.value:
                    station = session.get_one(Application, item.application_id).station_number
                    added = store_movements(session, station, item.idempotency_key,
                                            result.movements)
                    record_event(session, at=now, user="sync",
                                 station_code=self._station_code, action="forward.synced",
                                 application_id=item.application_id,
                                 detail=f"{item.idempotency_key} movements={added}")
                    return result.outcome
                application = session.get_one(Application, item.application_id)
                held = application.central_number
                if held and held != result.central_number:
                    # Sent again after rehome: the new service could not keep the number
                    # (another application has it there). Its number is the truth now; the
                    # clerk sees which number the citizen's paper may still carry.
                    log.warning("application %d: the service gave another central number "
                                "than the one held", application.id)
                    item.last_message = i18n._(CENTRAL_NUMBER_CHANGED).format(
                        old=held, new=result.central_number)
                application.central_number = result.central_number
                reserved = application.reserved_central_number
                if reserved and reserved != result.central_number:
                    # The receipt showed the reserved number; the service's answer wins.
                    log.warning("application %d: reserved central number not honoured, "
                                "the service gave another", application.id)
                application.synced_at = now
                record_event(session, at=now, user="sync", station_code=self._station_code,
                             action="application.synced", application_id=application.id,
                             detail=result.central_number or "")
            elif result.outcome is Outcome.QUARANTINED:
                item.state = OutboxState.QUARANTINED.value
                item.next_attempt_at = None
                log.warning("outbox item %d quarantined (HTTP %s)", item.id, result.status)
            else:
                item.state = OutboxState.RETRY.value
                item.next_attempt_at = now + timedelta(
                    seconds=self._backoff(item.attempts, result.retry_after)
                )
        return result.outcome

    def requeue(self, item_id: int, user: str) -> bool:
        """"Yeniden kuyruğa al": a quarantined item goes back to pending (the clerk fixed
        what the service complained about, or the service was fixed). False if the item
        is not quarantined."""
        now = self._clock()
        with self._db.sessions.begin() as session:
            item = session.get(OutboxItem, item_id)
            if item is None or item.state != OutboxState.QUARANTINED.value:
                return False
            item.state = OutboxState.PENDING.value
            item.next_attempt_at = None
            item.updated_at = now
            record_event(session, at=now, user=user, station_code=self._station_code,
                         action="outbox.requeued", application_id=item.application_id,
                         detail=f"outbox={item.id}")
        return True

    def attempts(self, item_id: int) -> list[AttemptView]:
        """Every try of one item, oldest first, as plain data."""
        with self._db.sessions() as session:
            rows = session.scalars(select(OutboxAttempt).where(OutboxAttempt.outbox_id == item_id)
                                   .order_by(OutboxAttempt.id)).all()
            return [AttemptView(row.at, Outcome(row.outcome), row.http_status, row.message)
                    for row in rows]

    def _backoff(self, attempts: int, retry_after: float | None) -> float:
        delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0 ** max(0, attempts - 1))
        delay *= self._rng.uniform(0.8, 1.2)  # jitter: desks that failed together retry apart
        return max(delay, retry_after or 0.0)


def _highest_waiting_held(session: Session) -> str | None:
    """The highest central number (by its sequence, the digits after the last dash) that an
    application waiting to be sent again still holds; None when none does (always, but
    after ``rehome``)."""
    numbers = session.scalars(
        select(Application.central_number).join(
            OutboxItem, OutboxItem.application_id == Application.id).where(
            Application.central_number.is_not(None),
            OutboxItem.kind == OutboxKind.APPLICATION.value,
            OutboxItem.state.not_in([OutboxState.DONE.value,
                                     OutboxState.SUPERSEDED.value]))).all()
    sequenced = [(int(tail), number) for number in numbers if number
                 and (tail := number.rpartition("-")[2]).isdigit()]
    return max(sequenced)[1] if sequenced else None


def _holder_of(session: Session, central_number: str | None, application_id: int | None
               ) -> str | None:
    """The station number of another application of this desk that holds
    ``central_number`` as a number the service confirmed, or None.

    An application waiting to be sent again (after ``rehome``) holds its old number only
    until its own answer: the service has just given that number to another application,
    so it cannot give it to this one any more. It lets go of it here (its answer brings
    its number); the rehome command lists the numbers that changed."""
    if not central_number:
        return None
    found = session.execute(select(Application.id, Application.station_number).where(
        Application.central_number == central_number, Application.id != application_id)
    ).first()
    if found is None:
        return None
    holder_id, station_number = found
    waiting = session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.application_id == holder_id,
        OutboxItem.kind == OutboxKind.APPLICATION.value,
        OutboxItem.state != OutboxState.DONE.value,
        OutboxItem.state != OutboxState.SUPERSEDED.value))
    if not waiting:
        return str(station_number)
    session.execute(update(Application).where(Application.id == holder_id)
                    .values(central_number=None)
                    .execution_options(synchronize_session=False))
    return None


def _due(force: bool, stage: OutboxKind, now: datetime) -> ColumnElement[bool]:
    """The items one pass of a drain sends: pending ones, and retries whose time has come
    (every retry when forced); in the forward pass only forwards of a case with an accepted
    application version, in the blob pass only blobs an accepted application carries.
    Done, quarantined and superseded items are never due."""
    retry_due = OutboxItem.state == OutboxState.RETRY.value
    if not force:
        retry_due = retry_due & (OutboxItem.next_attempt_at <= now)
    kind: ColumnElement[bool] = OutboxItem.kind == stage.value
    if stage is OutboxKind.BLOB:
        kind = kind & _carried_by_a_done_application()
    elif stage is OutboxKind.FORWARD:
        kind = kind & _case_accepted()
    return or_(OutboxItem.state == OutboxState.PENDING.value, retry_due) & kind


def _case_accepted() -> ColumnElement[bool]:
    """The forward item's case has a version the service accepted (the first one, or the
    correction of one it refused): a forward waits for it, and goes once it is there."""
    own = aliased(Application)
    version = aliased(Application)
    application_item = aliased(OutboxItem)
    return exists(
        select(1)
        .select_from(own)
        .join(version, version.station_number == own.station_number)
        .join(application_item, application_item.application_id == version.id)
        .where(
            own.id == OutboxItem.application_id,
            application_item.kind == OutboxKind.APPLICATION.value,
            application_item.state == OutboxState.DONE.value,
        )
    )


def _accepted_central_number(session: Session, station_number: str) -> str | None:
    """The central number of the case's accepted version (the latest, should there be
    more than one)."""
    return session.scalars(
        select(Application.central_number)
        .join(OutboxItem, OutboxItem.application_id == Application.id)
        .where(Application.station_number == station_number,
               OutboxItem.kind == OutboxKind.APPLICATION.value,
               OutboxItem.state == OutboxState.DONE.value,
               Application.central_number.is_not(None))
        .order_by(Application.version.desc())).first()


def _carried_by_a_done_application() -> ColumnElement[bool]:
    """The blob item's content is attached to an application the service has accepted.

    Any such application will do, not only the one the item is linked to: a scan attached
    to two applications is uploaded once, and must not wait on one that was quarantined.
    """
    application_item = aliased(OutboxItem)
    return exists(
        select(1)
        .select_from(Attachment)
        .join(application_item, application_item.application_id == Attachment.application_id)
        .where(
            Attachment.sha256 == OutboxItem.idempotency_key,
            application_item.kind == OutboxKind.APPLICATION.value,
            application_item.state == OutboxState.DONE.value,
        )
    )
