"""Accepting an application exactly once, however often the desk sends it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bimer_central.blobs import BlobArchive
from bimer_central.db import (
    CENTRAL_SEQUENCE,
    ApplicationBlob,
    NumberBlock,
    NumberSequence,
    ReceivedApplication,
    Station,
    applicant_tckn_of,
)
from bimer_central.numbers import (
    DEFAULT_BLOCK_TTL,
    MAX_ADVANCE,
    CentralNumber,
    ReservationRefusal,
    advance_past,
    allocate,
    block_numbers,
    check_reserved,
    turkish_year,
)
from bimer_central.schemas import (
    UUID_SHAPE,
    ApplicantApplication,
    NumberBlockAnswer,
    NumberBlockRequest,
    Receipt,
    StoredApplication,
)
from models.application_form import ApplicationForm, SubjectCatalogView, validate_application
from models.envelope import ApplicationEnvelope, AttachmentRef
from models.identity_access import IdentityAccess, sees_hidden
from models.numbers import StationNumber, station_code_error
from models.roles import CaseScope, without_identity
from models.turkey_time import TURKEY, in_turkey

# The fields of a stored application that its applicant's history shows: none of them
# identifies anyone, so a hidden-identity application may be listed too.
HISTORY_FIELDS = ("channel", "application_type", "subject_code", "sub_subject_code", "urgency")
# What a central number may look like: anything else is not looked up at all (it cannot be
# stored, and a NUL in it is an error to PostgreSQL's driver, not a miss).
CENTRAL_NUMBER_SHAPE = re.compile(r"^[A-Za-z0-9-]{1,32}$")
_UUID_PATTERN = re.compile(UUID_SHAPE)
# The fields of every application when desks were first shipped (desk schema 0001). An
# envelope carrying exactly these was queued by such a desk before letters, faxes and
# e-mails had a received date (desk schema 0002); it may reach the service only after the
# desk's upgrade. It is judged as that desk judged it: the paper arrived at the latest on
# the day the desk took it in, its ``created_at``. The stored body is unchanged, so a
# replay still gets the same answer.
FIRST_VERSION_FIELDS = frozenset({
    "channel", "application_type", "urgency", "subject_code", "sub_subject_code", "text",
    "tckn", "first_name", "last_name", "mother_maiden_first", "mother_maiden_last",
    "mobile_phone", "email", "address",
})


@dataclass(frozen=True)
class Accepted:
    receipt: Receipt
    replayed: bool


@dataclass(frozen=True)
class Conflict:
    """The key was already used for a different body."""


@dataclass(frozen=True)
class Invalid:
    errors: dict[str, str]


@dataclass(frozen=True)
class Reissued:
    """The station number is already another application's: the desk issued it again (a
    lost or rolled-back database). ``highest``: the station's highest number held here."""

    station_number: str
    highest: str


Outcome = Accepted | Conflict | Invalid | Reissued


@dataclass(frozen=True)
class Reserved:
    block: NumberBlockAnswer
    replayed: bool


@dataclass(frozen=True)
class Limited:
    """The station is at one of its number-block limits; try again after ``retry_after``."""

    message: str
    retry_after: int


BlockOutcome = Reserved | Conflict | Invalid | Limited
# Per station (docs/security.md): unexpired reserved numbers held, blocks asked an hour.
MAX_OUTSTANDING = 1000
MAX_BLOCKS_PER_HOUR = 10


def parse_idempotency_key(raw: str) -> str | None:
    """The key in its canonical (lower-case) form, or None if it is not a UUID."""
    value = raw.strip()
    return value.lower() if _UUID_PATTERN.match(value) else None


def envelope_digest(envelope: ApplicationEnvelope) -> str:
    """The SHA-256 of the whole body as sent (``to_json``: validation coerced nothing). No
    attachments and ``"attachments": []`` are the same body: both are what a desk without
    attachments sends, and the digests stored before attachments existed must still match
    that desk's replays. Likewise no ``reserved_central_number`` / ``corrects`` and null:
    desks without them send none."""
    return body_digest(envelope.to_json())


def body_digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    # Whole seconds: a database that drops fractions would otherwise make a replay's
    # received_at differ from the first answer's.
    return datetime.now(UTC).replace(microsecond=0)


class Intake:
    """The central service's use cases; every call opens and closes its own session."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        subjects: SubjectCatalogView,
        clock: Callable[[], datetime] = utc_now,
        *,
        blobs: BlobArchive | None = None,
        block_ttl: timedelta = DEFAULT_BLOCK_TTL,
    ) -> None:
        self._sessions = sessions
        self._subjects = subjects
        self._clock = clock
        self._blobs = blobs
        self._block_ttl = block_ttl

    def submit(self, key: str, envelope: ApplicationEnvelope, sent_by: str | None = None,
               held: str | None = None, held_up_to: str | None = None) -> Outcome:
        """Store the application under ``key`` unless that key is already taken;
        ``sent_by``: the username of the session that sent it.

        Its central number is the reserved one it carries when that was reserved for its
        station, is unused, and the application was made before the block expired;
        otherwise a fresh one from the same sequence, and the receipt says why.

        ``held``: the central number a re-homed desk holds for this application (it may be
        on the citizen's paper; ``X-BIMER-Held-Central-Number``). A new application gets it
        when no other application has it, and the sequence moves past it; else as above.
        ``held_up_to``: the highest number that desk still holds for applications it has
        not sent again yet; the sequence moves past it first, so that no number this
        service issues now is one of those (each would then lose its number in turn).
        """
        digest = envelope_digest(envelope)
        errors, cleaned = self._validate(envelope)
        if cleaned is None:
            with self._sessions() as session:
                # A body that was valid when first accepted may fail today's rules (new
                # catalog); its replay must still get the original answer, not a 422.
                existing = _find_by_key(session, key)
                if existing is not None:
                    return _replay_or_conflict(existing, digest)
                return Invalid(errors)
        with self._sessions() as session:
            # Apart from the storing transaction below (SQLite: the allocation must be its
            # first statement). A replay is answered as before, whatever else is stored.
            existing = _find_by_key(session, key)
            if existing is None:
                reissued = _reissued(session, envelope, key)
                if reissued is not None:
                    return reissued
            # Held numbers far beyond the sequence are not kept: it could not move past
            # them (``advance_past``), and would one day issue them again.
            ceiling = int(session.scalar(select(NumberSequence.value).where(
                NumberSequence.name == CENTRAL_SEQUENCE)) or 0) + MAX_ADVANCE
        reserved = envelope.reserved_central_number
        refusal: ReservationRefusal | None = None
        keeping, up_to = (parsed if parsed is not None and parsed.sequence <= ceiling else None
                          for parsed in (CentralNumber.parse(held) if held else None,
                                         CentralNumber.parse(held_up_to) if held_up_to
                                         else None))
        floor = max((n.sequence for n in (keeping, up_to) if n is not None), default=None)
        while True:
            with self._sessions() as session:
                if floor is not None:
                    advance_past(session, floor)  # the first write (see ``allocate``)
                if keeping is None and reserved is not None and refusal is None:
                    refusal = check_reserved(session, reserved, envelope.station_code,
                                             datetime.fromisoformat(envelope.created_at))
                received_at = self._clock()
                if keeping is not None:
                    number = str(keeping)
                elif reserved is not None and refusal is None:
                    number = reserved
                else:
                    # The first write of the transaction (see ``allocate``).
                    number = str(CentralNumber(turkish_year(received_at), allocate(session)))
                row = ReceivedApplication(
                    uuid=key,
                    body_sha256=digest,
                    central_number=number,
                    station_number=envelope.station_number,
                    station_code=envelope.station_code,
                    received_at=received_at,
                    created_at=envelope.created_at,
                    created_by=envelope.created_by.strip(),
                    application=cleaned,
                    applicant_tckn=applicant_tckn_of(cleaned),
                    attachments=[a.to_json() for a in envelope.attachments] or None,
                    reserved_number=reserved,
                    reservation_refusal=refusal.value if refusal else None,
                    corrects=envelope.corrects.lower() if envelope.corrects else None,
                    sent_by=sent_by,
                )
                session.add(row)
                for sha256 in dict.fromkeys(a.sha256 for a in envelope.attachments):
                    row.blobs.append(ApplicationBlob(sha256=sha256))
                try:
                    # The UNIQUE key decides who was first, and the UNIQUE central number
                    # whether a reserved number is still free; checking beforehand would race.
                    session.commit()
                except IntegrityError:
                    session.rollback()
                    existing = _find_by_key(session, key)
                    if existing is not None:
                        return _replay_or_conflict(existing, digest)
                    if keeping is not None:
                        keeping = None  # another application has it: the usual way
                        continue
                    if number != reserved:
                        raise
                    refusal = ReservationRefusal.USED  # and try again with a fresh number
                    continue
                return Accepted(_receipt(row), replayed=False)

    def reserve_block(self, key: str, request: NumberBlockRequest) -> BlockOutcome:
        """Reserve ``request.count`` consecutive central numbers for a station, once per
        ``key``: a replay gets the same block, never a second one."""
        code_error = station_code_error(request.station_code)
        if code_error:
            return Invalid({"station_code": code_error})
        digest = body_digest(request.model_dump(mode="json"))
        with self._sessions() as session:
            # Read apart from the reserving transaction below (SQLite: the allocation must
            # be that transaction's first statement). Two requests at the same moment may
            # both pass; the limit is about a sequence burnt by thousands, not by one.
            existing = session.scalars(select(NumberBlock).where(NumberBlock.uuid == key)
                                       ).one_or_none()
            if existing is not None:
                if existing.body_sha256 != digest:
                    return Conflict()
                return Reserved(_block_answer(existing), replayed=True)
            limited = self._block_limits(session, request)
            if limited is not None:
                return limited
        with self._sessions() as session:
            reserved_at = self._clock()
            block = NumberBlock(
                uuid=key,
                body_sha256=digest,
                station_code=request.station_code,
                first=allocate(session, request.count),
                count=request.count,
                year=turkish_year(reserved_at),
                reserved_at=reserved_at,
                expires_at=reserved_at + self._block_ttl,
            )
            session.add(block)
            try:
                session.commit()
            except IntegrityError:
                # The key was taken; the numbers just taken go back with the rollback.
                session.rollback()
                existing = session.scalars(
                    select(NumberBlock).where(NumberBlock.uuid == key)
                ).one_or_none()
                if existing is None:
                    raise
                if existing.body_sha256 != digest:
                    return Conflict()
                return Reserved(_block_answer(existing), replayed=True)
            return Reserved(_block_answer(block), replayed=False)

    def _block_limits(self, session: Session, request: NumberBlockRequest) -> Limited | None:
        """No station holds more than ``MAX_OUTSTANDING`` unexpired reserved numbers or asks
        for more than ``MAX_BLOCKS_PER_HOUR`` blocks an hour: however it is driven, a desk
        cannot exhaust the sequence every desk shares."""
        now = self._clock()
        held = session.scalar(select(func.coalesce(func.sum(NumberBlock.count), 0)).where(
            NumberBlock.station_code == request.station_code, NumberBlock.expires_at > now))
        if int(held or 0) + request.count > MAX_OUTSTANDING:
            return Limited(
                f"Bu istasyonun süresi dolmamış {int(held or 0)} ayrılmış numarası var; bir "
                f"istasyon en çok {MAX_OUTSTANDING} numara tutabilir. Eldekiler kullanıldıkça "
                "ya da süreleri doldukça yenisi ayrılır.", 3600)
        recent = session.scalar(select(func.count()).select_from(NumberBlock).where(
            NumberBlock.station_code == request.station_code,
            NumberBlock.reserved_at > now - timedelta(hours=1)))
        if int(recent or 0) >= MAX_BLOCKS_PER_HOUR:
            return Limited(f"Bir istasyon saatte en çok {MAX_BLOCKS_PER_HOUR} numara bloğu "
                           "isteyebilir; biraz sonra yeniden deneyin.", 600)
        return None

    def find(self, number: str, may_see: Callable[[CaseScope], IdentityAccess | None]
             ) -> StoredApplication | None:
        """The application with this central number as ``may_see`` allows: None when there
        is none or the caller may not read it (the same answer: nobody learns which numbers
        exist outside their scope); its identity fields emptied when it says ``HIDDEN``."""
        if not CENTRAL_NUMBER_SHAPE.fullmatch(number):
            return None
        with self._sessions() as session:
            found = session.execute(
                select(ReceivedApplication, Station.unit)
                .outerjoin(Station, Station.code == ReceivedApplication.station_code)
                .where(ReceivedApplication.central_number == number)
            ).one_or_none()
            if found is None or found[0].central_number is None:
                return None
            row, unit = found
            assert row.central_number is not None
            access = may_see(CaseScope(row.station_code, unit or "",
                                       _hides_identity(row.application), row.created_by))
            if access is None:
                return None
            attachments = [AttachmentRef(**a) for a in row.attachments or []]
            missing = (self._blobs.missing(a.sha256 for a in attachments) if self._blobs
                       else list(dict.fromkeys(a.sha256 for a in attachments)))
            return StoredApplication(
                central_number=row.central_number,
                uuid=row.uuid,
                station_number=row.station_number,
                station_code=row.station_code,
                received_at=_timestamp(row.received_at),
                created_at=row.created_at,
                created_by=row.created_by,
                application=(without_identity(row.application)
                             if access is IdentityAccess.HIDDEN else dict(row.application)),
                identity=access.value,
                attachments=attachments,
                complete=not missing,
                missing_blobs=missing,
                corrects=row.corrects,
            )

    def applicant_history(self, tckn: str, *, hidden_for: str) -> list[ApplicantApplication]:
        """Every accepted application of the applicant with this (valid) ID number, newest
        first; only what a history list needs, never a name, an address or the text. An
        application whose identity is hidden is left out unless ``hidden_for`` (the reader's
        username) hid it: listing it under the number would tie the hidden identity to it."""
        statement = (
            select(
                ReceivedApplication.central_number,
                ReceivedApplication.station_number,
                ReceivedApplication.received_at,
                ReceivedApplication.application,
                ReceivedApplication.created_by,
            )
            .where(
                ReceivedApplication.applicant_tckn == tckn,
                ReceivedApplication.central_number.is_not(None),
            )
            .order_by(ReceivedApplication.received_at.desc(), ReceivedApplication.id.desc())
        )
        with self._sessions() as session:
            rows = session.execute(statement).all()
        return [
            ApplicantApplication(
                central_number=number or "",
                station_number=station_number,
                received_at=_timestamp(received_at),
                **{key: str(application.get(key, "")) for key in HISTORY_FIELDS},
            )
            for number, station_number, received_at, application, created_by in rows
            if not _hides_identity(application) or sees_hidden(hidden_for, created_by)
        ]

    def _validate(
        self, envelope: ApplicationEnvelope
    ) -> tuple[dict[str, str], dict[str, str] | None]:
        errors = _envelope_errors(envelope)
        form, form_errors = ApplicationForm.from_mapping(_as_its_desk_saw_it(envelope))
        errors.update(form_errors)
        if form_errors:
            return errors, None
        result = validate_application(form, self._subjects, today=in_turkey(self._clock()).date())
        errors.update(result.errors)
        if errors or result.application is None:
            return errors, None
        return errors, result.application.to_payload()


def _hides_identity(application: dict[str, str]) -> bool:
    return str(application.get("hide_identity", "")).lower() == "true"


def _as_its_desk_saw_it(envelope: ApplicationEnvelope) -> dict[str, object]:
    """The application's fields, with what a first-version desk could not know filled in
    from the envelope (see ``FIRST_VERSION_FIELDS``)."""
    application = dict(envelope.application)
    if set(application) != FIRST_VERSION_FIELDS or application["channel"] == "in_person":
        return application
    try:
        taken_in = datetime.fromisoformat(envelope.created_at)
    except ValueError:
        return application  # _envelope_errors says what is wrong with it
    application["received_date"] = taken_in.date().isoformat()
    return application


def _envelope_errors(envelope: ApplicationEnvelope) -> dict[str, str]:
    errors: dict[str, str] = {}
    code_error = station_code_error(envelope.station_code)
    if code_error:
        errors["station_code"] = code_error
    number = StationNumber.parse(envelope.station_number)
    if number is None or str(number) != envelope.station_number:
        errors["station_number"] = (
            f"İstasyon numarası geçersiz: '{envelope.station_number}'. "
            "Biçim: istasyon kodu, yıl ve sıra, örneğin 06-01-2026-000123."
        )
    elif not code_error and number.station_code != envelope.station_code:
        errors["station_number"] = (
            f"İstasyon numarası, istasyon koduyla ({envelope.station_code}) başlamalıdır."
        )
    try:
        created_at: datetime | None = datetime.fromisoformat(envelope.created_at)
    except ValueError:
        created_at = None
    if created_at is None or created_at.tzinfo is None:
        errors["created_at"] = (
            "Kayıt zamanı saat dilimiyle birlikte ISO 8601 biçiminde olmalıdır, "
            "örneğin 2026-11-28T10:15:00+03:00."
        )
    if not envelope.created_by.strip():
        errors["created_by"] = "Kaydeden kullanıcı boş bırakılamaz."
    elif not envelope.created_by.strip().isprintable():
        # A login never has one, and PostgreSQL cannot even store a NUL in a text column.
        errors["created_by"] = "Kaydeden kullanıcı görünmeyen ya da denetim karakteri içeremez."
    if envelope.corrects is not None:
        corrected = parse_idempotency_key(envelope.corrects)
        if corrected is None:
            errors["corrects"] = (
                "Düzeltilen sürüm bir UUID olmalıdır, örneğin "
                "0b9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c11."
            )
        elif corrected == envelope.uuid.strip().lower():
            errors["corrects"] = "Bir başvuru kendisini düzeltemez."
    return errors


def _reissued(session: Session, envelope: ApplicationEnvelope, key: str) -> Reissued | None:
    """Whether another application already holds this station number. A correction (a new
    version of the same paper, ``corrects`` set) keeps its number and is never refused."""
    if envelope.corrects:
        return None
    holder = session.scalar(select(ReceivedApplication.uuid).where(
        ReceivedApplication.station_number == envelope.station_number,
        ReceivedApplication.uuid != key).limit(1))
    if holder is None:
        return None
    return Reissued(envelope.station_number,
                    highest_station_number(session, envelope.station_code) or "")


def highest_station_number(session: Session, station_code: str) -> str | None:
    """The station's highest station number held here. Station numbers are fixed-width
    (``06-01-2026-000034``: the year, then six digits), so the greatest string is the
    greatest number; the index on ``station_number`` answers it."""
    return session.scalar(select(func.max(ReceivedApplication.station_number)).where(
        ReceivedApplication.station_number.like(f"{station_code}-%")))


def _find_by_key(session: Session, key: str) -> ReceivedApplication | None:
    return session.scalars(
        select(ReceivedApplication).where(ReceivedApplication.uuid == key)
    ).one_or_none()


def _replay_or_conflict(row: ReceivedApplication, digest: str) -> Accepted | Conflict:
    if row.body_sha256 != digest:
        return Conflict()
    return Accepted(_receipt(row), replayed=True)


def _receipt(row: ReceivedApplication) -> Receipt:
    # The first answer and every replay are built from the stored row alone, so they match.
    assert row.central_number is not None
    refusal = (ReservationRefusal(row.reservation_refusal).message
               if row.reservation_refusal else None)
    return Receipt(
        central_number=row.central_number,
        uuid=row.uuid,
        station_number=row.station_number,
        received_at=_timestamp(row.received_at),
        reserved_central_number=row.reserved_number,
        reserved_number_refused=refusal,
    )


def _block_answer(block: NumberBlock) -> NumberBlockAnswer:
    return NumberBlockAnswer(
        station_code=block.station_code,
        numbers=block_numbers(block),
        reserved_at=_timestamp(block.reserved_at),
        expires_at=_timestamp(block.expires_at),
    )


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(TURKEY).isoformat(timespec="seconds")
