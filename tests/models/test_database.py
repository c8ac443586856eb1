"""The local store: created and upgraded by Alembic, field desks keep their data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from models.database import migrate, open_database
from models.entities import Application, Attachment, Base, DraftRecord, ReservedNumber


def test_a_desk_on_the_first_schema_upgrades_and_keeps_its_applications(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO applications (uuid, station_number, station_code, channel, "
            "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
            "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, address, "
            "text, created_at, created_by) VALUES ('u-1', '06-01-2026-000001', '06-01', "
            "'in_person', 'complaint', 'normal', '02', '02.02', '10000000146', 'Ayşe', "
            "'Yılmaz', 'Ş', 'K', '+905321234567', '', '', 'Eski metin', "
            "'2026-11-01 09:00:00', 'memur1')"
        )

    db = open_database(path)
    with db.sessions() as session:
        app = session.scalars(select(Application)).one()
    with db.engine.connect() as connection:
        head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    db.close()

    assert head == "0006"
    assert (app.station_number, app.text, app.first_name) == ("06-01-2026-000001",
                                                              "Eski metin", "Ayşe")
    assert (app.hide_identity, app.email_preference, app.contact_address) == (False, False, "")
    assert app.paper_date is None and app.received_date is None


def test_the_migrations_build_exactly_the_models_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "desk.db")
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.close()


def test_a_desk_on_0002_gets_empty_draft_and_attachment_tables(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0002")
    engine.dispose()

    db = open_database(path)
    with db.sessions() as session:
        assert session.scalars(select(DraftRecord)).all() == []
        assert session.scalars(select(Attachment)).all() == []
    db.close()


def test_a_desk_on_0005_gets_reserved_numbers_and_keeps_its_applications(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0005")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO applications (uuid, station_number, station_code, channel, "
            "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
            "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, address, "
            "text, created_at, created_by, central_number) VALUES ('u-1', '06-01-2026-000001', "
            "'06-01', 'in_person', 'complaint', 'normal', '02', '02.02', '10000000146', 'Ayşe', "
            "'Yılmaz', 'Ş', 'K', '+905321234567', '', '', 'Eski metin', "
            "'2026-11-01 09:00:00', 'memur1', 'BMR-2026-0000007')"
        )

    db = open_database(path)
    try:
        with db.sessions() as session:
            app = session.scalars(select(Application)).one()
            assert (app.central_number, app.reserved_central_number) == ("BMR-2026-0000007",
                                                                         None)
            assert session.scalars(select(ReservedNumber)).all() == []
        with db.engine.connect() as connection:
            indexes = {row[1]: row[2] for row in connection.exec_driver_sql(
                "PRAGMA index_list(applications)")}
        assert indexes["ix_applications_reserved_central_number"] == 1  # unique
    finally:
        db.close()
