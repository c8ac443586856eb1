"""The central service's own tables, and how it opens any SQLAlchemy database URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alembic.util import CommandError
from sqlalchemy import (
    JSON,
    URL,
    BigInteger,
    Boolean,
    CheckConstraint,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.pool import QueuePool

from bimer_central.schema import migrate
from models.tckn import is_valid_tckn
from models.types import UtcDateTime

SQLITE_BUSY_TIMEOUT_MS = 10_000
URL_EXAMPLES = "örnek: sqlite:///merkez.db veya postgresql://kullanici@sunucu/bimer"
POSTGRES_DRIVER = "postgresql+psycopg"


class DatabaseError(Exception):
    """The database cannot be used; the message is Turkish and safe to show as is."""


class Base(DeclarativeBase):
    pass


class ReceivedApplication(Base):
    """One application as the central service accepted it; written once, never updated."""

    __tablename__ = "received_applications"
    # AUTOINCREMENT keeps SQLite from reusing the id of a deleted last row. (Central numbers
    # were made of the id until number blocks came; they come from ``NumberSequence`` now,
    # which starts above every id so that no number is issued twice.)
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The idempotency key. UNIQUE is what makes a retried send harmless (DESIGN.md).
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    # NULL only inside the inserting transaction, until the id is known.
    central_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    station_code: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Kept exactly as the desk sent it: it is the desk's clock, not ours.
    created_at: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(100))
    application: Mapped[dict[str, str]] = mapped_column(JSON)
    # The applicant's T.C. Kimlik No, copied out of ``application`` so that the applicant's
    # history (evveliyat) is an index lookup; "" when the application has none. NULL only
    # in a row written before this column existed, until migration 0002 has filled it.
    applicant_tckn: Mapped[str | None] = mapped_column(String(11), index=True)
    # The envelope's ``attachments`` (AttachmentRef dicts, in the desk's order); NULL in a
    # row without any, or written before this column existed.
    attachments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The reserved central number the desk asked for (envelope ``reserved_central_number``)
    # and, when the service issued a fresh number instead, why (``ReservationRefusal``);
    # both NULL for an application that came without one.
    reserved_number: Mapped[str | None] = mapped_column(String(32))
    reservation_refusal: Mapped[str | None] = mapped_column(String(16))
    # The envelope's ``corrects``: the UUID of the earlier version this one corrects (a desk
    # re-sends a refused application as a new version); NULL for a first version.
    corrects: Mapped[str | None] = mapped_column(String(36))
    # The username of the session that sent it (the clerk who took it is ``created_by``);
    # NULL for an application stored before desks authenticated.
    sent_by: Mapped[str | None] = mapped_column(String(64))
    blobs: Mapped[list[ApplicationBlob]] = relationship()


class ApplicationBlob(Base):
    """Which application carries which attachment: an attachment is served only to whoever
    may read an application that carries it (filled at intake; migration 0006 filled it
    for the applications stored before)."""

    __tablename__ = "application_blobs"
    __table_args__ = (UniqueConstraint("application_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("received_applications.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)


class ReceivedBlob(Base):
    """An attachment's bytes the service holds, by SHA-256; the bytes themselves are a file
    in the blob directory (bimer_central/blobs.py). Written once the file is durably in place."""

    __tablename__ = "received_blobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # UNIQUE: two desks uploading one scan at once store one row (DESIGN.md: no check-then-
    # insert).
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(127))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NumberSequence(Base):
    """The one sequence every central number comes from, whether issued on acceptance or
    reserved ahead in a block: a single row per name, moved by one ``UPDATE ... RETURNING``
    whose row lock (PostgreSQL) or write lock (SQLite) serialises the writers, so two
    transactions can never be given the same value, and a rolled-back one gives its values
    back."""

    __tablename__ = "number_sequences"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class NumberBlock(Base):
    """Central numbers reserved ahead for one station (``POST /api/v1/number-blocks``):
    the sequence values ``first .. first + count - 1``, printed with ``year``. Written once;
    whether a number was used is the UNIQUE ``received_applications.central_number``."""

    __tablename__ = "number_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The request's Idempotency-Key: a replay gets the same block, not another one.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    station_code: Mapped[str] = mapped_column(String(8), index=True)
    first: Mapped[int] = mapped_column(BigInteger, index=True)
    count: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    reserved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


# ----- who may act (migration 0006) ---------------------------------------------------------
# Secrets are never stored as they are: a desk's secret, an enrollment code and a session
# token are long random values, kept as their SHA-256 (enough for a secret that cannot be
# guessed, and cheap on every request); a password is kept as an argon2id hash.


class Station(Base):
    """A station code the coordinator registered (``bimer-central station add``), with the
    unit (DETSİS code) it belongs to."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    unit: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Desk(Base):
    """One PC's credential for one station. A station has at most one desk that is not
    revoked; re-enrolling a replaced PC revokes the old one first."""

    __tablename__ = "desks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    # The public half of the credential, sent before the secret (``X-BIMER-Desk: id.secret``).
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    # What the desk said it is (its host name), for the coordinator's list; never trusted.
    machine: Mapped[str] = mapped_column(String(100), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class EnrollmentCode(Base):
    """A one-time code the coordinator hands to whoever sets up a station's desk."""

    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # A newer code for the same station replaces an unused older one.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class User(Base):
    """A person who logs in at desks. The T.C. Kimlik No is the login and is never logged;
    ``username`` is what applications, audit events and printouts name."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    tckn: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254), default="")
    unit: Mapped[str] = mapped_column(String(8), index=True)
    roles: Mapped[str] = mapped_column(String(200))  # models/roles.py roles_text
    # The password the user chose; NULL until the first one is chosen.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # A temporary password (sent by SMS: a new user, "Şifremi unuttum", a coordinator's
    # reset) logs in only to choose a new one, until it expires. Asking for one does not
    # void the chosen password, so nobody can lock a user out by asking in their name.
    temporary_hash: Mapped[str | None] = mapped_column(String(200))
    temporary_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class LoginSession(Base):
    """An opaque session token (its SHA-256), bound to the user and the desk it was issued
    at; it expires, and logout, a disabled user or a revoked desk revoke it."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desks.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Issued for a temporary password: good for choosing a new password and nothing else.
    password_change_only: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginFailure(Base):
    """A failed login (wrong password, unknown ID number, bad enrollment code), counted per
    user and per source address for the lock-out. Old rows are deleted as new ones come."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    source: Mapped[str] = mapped_column(String(64), index=True)


class CentralAuditEvent(Base):
    """Who did what at the service: logins, lock-outs, enrollments, revocations, user
    changes. Never an ID number, a name or application text: users by username, desks by
    station code and key id."""

    __tablename__ = "central_audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    action: Mapped[str] = mapped_column(String(40))
    username: Mapped[str] = mapped_column(String(64), default="")
    station_code: Mapped[str] = mapped_column(String(8), default="")
    source: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class AnchoredDeskEvent(Base):
    """A desk's audit event, held so that the desk's chain is anchored here: each new one
    must link to the last one held for its station (``bimer_central/audit_anchors.py``).
    Never an ID number, a name or application text. Since revision 0007."""

    __tablename__ = "anchored_desk_events"
    __table_args__ = (UniqueConstraint("station_code", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    event_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CentralIdentity(Base):
    """One row: the id this database was created with (migration 0009). Every answer of the
    service carries it, so that a desk notices when it is talking to another database."""

    __tablename__ = "central_identity"
    __table_args__ = (CheckConstraint("id = 1", name="ck_central_identity_one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    database_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReceivedForward(Base):
    """A forward (sevk) a desk sent for an accepted application, under its own idempotency
    key; written once. Holds no identity: the body has no field for it (migration 0008)."""

    __tablename__ = "received_forwards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[int] = mapped_column(ForeignKey("received_applications.id"),
                                                index=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_by: Mapped[str] = mapped_column(String(64))
    # The forward as received: priority, subjects, targets, do_not_send, the desk's stamps.
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class CentralMovement(Base):
    """One movement (hareket) of a case: from which unit, when, to which unit, Gereği/Bilgi,
    priority, note. One per target of a forward (migration 0008)."""

    __tablename__ = "movements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forward_id: Mapped[int] = mapped_column(ForeignKey("received_forwards.id"), index=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    from_unit: Mapped[str] = mapped_column(String(8))
    to_unit: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class DoNotSendUnit(Base):
    """A unit a case (by station number: every version) must never be forwarded to, with
    the units below it: the list the latest forward of the case carried (migration 0008)."""

    __tablename__ = "do_not_send_units"
    __table_args__ = (UniqueConstraint("station_number", "unit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_number: Mapped[str] = mapped_column(String(32), index=True)
    unit: Mapped[str] = mapped_column(String(8))
    told_at: Mapped[datetime] = mapped_column(UtcDateTime())


CENTRAL_SEQUENCE = "central"


def open_database(url: str) -> Engine:
    """Connect to ``url`` and bring its schema to this version's (creating the tables of an
    empty database, upgrading one of an earlier release: ``bimer_central/schema.py``);
    raise ``DatabaseError`` if that fails."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"Veritabanı adresi anlaşılamadı ({URL_EXAMPLES}).") from None
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; the one this project installs
        # (the ``postgres`` extra) is psycopg 3.
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
    shown = parsed.render_as_string(hide_password=True)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    options: dict[str, Any] = {
        # SQLAlchemy puts bound parameters into error messages, and those reach the log;
        # here they would be ID numbers, names and application text.
        "hide_parameters": True,
    }
    if not is_sqlite:
        # A database server restarts; a pooled connection it dropped is replaced unseen
        # instead of failing the next request.
        options["pool_pre_ping"] = True
    if is_sqlite and _is_memory(parsed):
        # Every connection to ":memory:" is a separate empty database, so exactly one
        # connection is shared; a pool of one also keeps two requests' transactions apart.
        options.update(
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            connect_args={"check_same_thread": False},
        )
    try:
        engine = create_engine(parsed, **options)
    except ImportError as exc:
        if parsed.get_backend_name() == "postgresql":
            raise DatabaseError(
                f"PostgreSQL sürücüsü kurulu değil: {shown} "
                f"(kurmak için: pip install 'bimer-desktop[postgres]')."
            ) from None
        raise DatabaseError(
            f"Veritabanı adresi kullanılamıyor: {shown} ({_reason(exc)}; {URL_EXAMPLES})."
        ) from None
    except ArgumentError as exc:
        raise DatabaseError(
            f"Veritabanı adresi kullanılamıyor: {shown} ({_reason(exc)}; {URL_EXAMPLES})."
        ) from None
    if is_sqlite:
        event.listen(engine, "connect", _configure_sqlite_connection)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"Veritabanına bağlanılamadı: {shown} ({_reason(exc)}).") from None
    except CommandError as exc:
        # A revision this code does not know: a newer release has upgraded the database.
        engine.dispose()
        raise DatabaseError(
            f"Veritabanının şeması bu sürümle kullanılamıyor: {shown} ({_reason(exc)}; "
            "daha yeni bir sürümle yükseltilmiş olabilir)."
        ) from None
    return engine


def applicant_tckn_of(application: object) -> str:
    """The applicant's ID number in a stored application body, or "" if it has none."""
    value = application.get("tckn") if isinstance(application, dict) else None
    return value if isinstance(value, str) and is_valid_tckn(value) else ""


def shown_url(engine: Engine) -> str:
    """The URL as it may be printed: never with its password."""
    return engine.url.render_as_string(hide_password=True)


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(original).__name__


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the one writer; the busy timeout makes concurrent
    # writers queue instead of failing; FULL because a 201 tells the desk it may forget.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
