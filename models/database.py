"""The local SQLite store: durable settings, and the schema brought up to date by Alembic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path) -> Database:
    """Open (creating if needed) the desk's database file and migrate it to the newest schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: a database error must never carry a name or an ID number into a log.
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": 30}, hide_parameters=True
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    migrate(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the sync thread read while the form writes; FULL makes a saved application
    # survive a power cut, not only a crash (DESIGN.md: about 0.4 ms per save).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (a revision id; tests build old desks with it)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        # Batch mode copies a SQLite table and drops the old one, which other tables'
        # foreign keys refer to; with the checks on, that drop fails. They are switched off
        # for the upgrade (only possible outside a transaction) and verified after it.
        sqlite = connection.dialect.name == "sqlite"
        checks = 0
        if sqlite:
            checks = int(connection.exec_driver_sql("PRAGMA foreign_keys").scalar() or 0)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                connection.commit()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} dangling reference(s)")
        finally:
            if sqlite:  # back as the connection had them (the desk's: on)
                connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if checks else 'OFF'}")
                connection.commit()
