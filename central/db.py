"""The central service's own tables, and how it opens any SQLAlchemy database URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    URL,
    Engine,
    Integer,
    String,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import QueuePool

from models.types import UtcDateTime

SQLITE_BUSY_TIMEOUT_MS = 10_000
URL_EXAMPLES = "örnek: sqlite:///merkez.db veya postgresql+psycopg://kullanici@sunucu/bimer"


class DatabaseError(Exception):
    """The database cannot be used; the message is Turkish and safe to show as is."""


class Base(DeclarativeBase):
    pass


class ReceivedApplication(Base):
    """One application as the central service accepted it; written once, never updated."""

    __tablename__ = "received_applications"
    # AUTOINCREMENT keeps SQLite from reusing the id of a deleted last row, and the id is
    # what the central number is made of: a number once issued must never be issued again.
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


def open_database(url: str) -> Engine:
    """Connect to ``url`` and create the tables; raise ``DatabaseError`` if that fails."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"Veritabanı adresi anlaşılamadı ({URL_EXAMPLES}).") from None
    shown = parsed.render_as_string(hide_password=True)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    options: dict[str, Any] = {
        # SQLAlchemy puts bound parameters into error messages, and those reach the log;
        # here they would be ID numbers, names and application text.
        "hide_parameters": True,
    }
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
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(
            f"Veritabanı adresi kullanılamıyor: {shown} ({_reason(exc)}; {URL_EXAMPLES})."
        ) from None
    if is_sqlite:
        event.listen(engine, "connect", _configure_sqlite_connection)
    try:
        Base.metadata.create_all(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"Veritabanına bağlanılamadı: {shown} ({_reason(exc)}).") from None
    return engine


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
