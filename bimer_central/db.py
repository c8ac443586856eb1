"""The central service's own tables, and how it opens any SQLAlchemy database URL."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    URL,
    BigInteger,
    Engine,
    Integer,
    String,
    Table,
    create_engine,
    event,
    func,
    inspect,
    literal,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import QueuePool

from models.tckn import is_valid_tckn
from models.types import UtcDateTime

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
BACKFILL_BATCH_SIZE = 500
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
    # in a row written before this column existed and not yet backfilled (see
    # ``upgrade_schema``).
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


CENTRAL_SEQUENCE = "central"

# Columns added after the first release, as (name, type): ``upgrade_schema`` adds them.
_ADDED_COLUMNS = (
    ("applicant_tckn", String(11)),
    ("attachments", JSON()),
    ("reserved_number", String(32)),
    ("reservation_refusal", String(16)),
    ("corrects", String(36)),
)


def open_database(url: str) -> Engine:
    """Connect to ``url`` and create the tables; raise ``DatabaseError`` if that fails."""
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
        Base.metadata.create_all(engine)
        upgrade_schema(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"Veritabanına bağlanılamadı: {shown} ({_reason(exc)}).") from None
    return engine


def upgrade_schema(engine: Engine) -> None:
    """Bring a table created by an older version of the service up to this one's columns.

    ``create_all`` creates missing tables but never changes an existing one. Every step is
    idempotent and safe to interrupt, so this simply runs at each start: a crash half-way
    is finished by the next start, and two processes opening one database at once do the
    same harmless work.
    """
    table = _received_table()
    for name, column_type in _ADDED_COLUMNS:
        _add_column(engine, table, name, column_type.compile(dialect=engine.dialect))
    for index in table.indexes:
        index.create(engine, checkfirst=True)
    _backfill_applicant_tckn(engine)
    _seed_central_sequence(engine)


def _seed_central_sequence(engine: Engine) -> None:
    """Create the central number sequence above every number already issued.

    Before the sequence existed a central number was ``received_applications.id``, so it
    starts at the largest id. One INSERT ... SELECT; a second process doing the same at the
    same moment loses on the primary key, which is fine: the row exists.
    """
    sequences = Base.metadata.tables[NumberSequence.__tablename__]
    received = _received_table()
    with engine.connect() as connection:
        exists = connection.execute(
            select(sequences.c.name).where(sequences.c.name == CENTRAL_SEQUENCE)
        ).first()
    if exists is not None:
        return
    try:
        with engine.begin() as connection:
            connection.execute(
                sequences.insert().from_select(
                    ["name", "value"],
                    select(literal(CENTRAL_SEQUENCE),
                           func.coalesce(func.max(received.c.id), 0)),
                )
            )
    except IntegrityError:
        return
    logger.info("central number sequence created")


def _add_column(engine: Engine, table: Table, name: str, column_type: str) -> None:
    columns = {column["name"] for column in inspect(engine).get_columns(table.name)}
    if name in columns:
        return
    try:
        with engine.begin() as connection:
            connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {column_type}"))
    except SQLAlchemyError:
        # Another process may have added it a moment ago; anything else is real.
        columns = {column["name"] for column in inspect(engine).get_columns(table.name)}
        if name not in columns:
            raise
    logger.info("column %s added to %s", name, table.name)


def _received_table() -> Table:
    return Base.metadata.tables[ReceivedApplication.__tablename__]


def applicant_tckn_of(application: object) -> str:
    """The applicant's ID number in a stored application body, or "" if it has none."""
    value = application.get("tckn") if isinstance(application, dict) else None
    return value if isinstance(value, str) and is_valid_tckn(value) else ""


def _backfill_applicant_tckn(engine: Engine) -> None:
    """Fill ``applicant_tckn`` of rows written before the column existed, in batches."""
    rows_table = _received_table()
    filled = 0
    while True:
        with engine.begin() as connection:
            batch = connection.execute(
                select(rows_table.c.id, rows_table.c.application)
                .where(rows_table.c.applicant_tckn.is_(None))
                .order_by(rows_table.c.id)
                .limit(BACKFILL_BATCH_SIZE)
            ).all()
            for row_id, application in batch:
                connection.execute(
                    update(rows_table)
                    .where(rows_table.c.id == row_id)
                    .values(applicant_tckn=applicant_tckn_of(application))
                )
        filled += len(batch)
        if len(batch) < BACKFILL_BATCH_SIZE:
            break
    if filled:
        logger.info("applicant_tckn backfilled for %d stored application(s)", filled)


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
