"""The local store: created and upgraded by Alembic, field desks keep their data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError

from models.database import MigrationError, migrate, open_database, schema_head
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

    assert head == "0012"
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


def _desk_on_0005_with_one_sent_application(path: Path) -> None:
    """A desk as 0005 left it: an application, its outbox item and attempt, an attachment,
    an audit event and a print-log row, all pointing at the application."""
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0005")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute(
            "INSERT INTO applications (id, uuid, station_number, station_code, channel, "
            "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
            "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, address, "
            "text, created_at, created_by) VALUES (7, 'u-7', '06-01-2026-000007', '06-01', "
            "'in_person', 'complaint', 'normal', '02', '02.02', '10000000146', 'Ayşe', "
            "'Yılmaz', 'Ş', 'K', '+905321234567', '', '', 'Metin', "
            "'2026-11-01 09:00:00', 'memur1')"
        )
        raw.execute(
            "INSERT INTO outbox (id, application_id, kind, idempotency_key, payload, state, "
            "attempts, created_at, updated_at) VALUES (3, 7, 'application', 'u-7', '{}', "
            "'quarantined', 1, '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
        )
        raw.execute(
            "INSERT INTO outbox_attempts (outbox_id, at, outcome, http_status, message) "
            "VALUES (3, '2026-11-01 09:01:00', 'quarantined', 422, 'Geçersiz')"
        )
        raw.execute(
            "INSERT INTO attachments (sha256, size, media_type, original_name, application_id, "
            "created_at) VALUES ('ab', 3, 'application/pdf', 'a.pdf', 7, '2026-11-01 09:00:00')"
        )
        raw.execute(
            "INSERT INTO audit_events (at, user, station_code, action, application_id, detail) "
            "VALUES ('2026-11-01 09:00:00', 'memur1', '06-01', 'application.saved', 7, '')"
        )
        raw.execute(
            "INSERT INTO print_log (serial, station_code, document_type, application_id, user, "
            "printed_at, page_count, printer, payload) VALUES (1, '06-01', 'receipt', 7, "
            "'memur1', '2026-11-01 09:02:00', 1, 'PDF', 'p')"
        )


def test_0007_gives_every_application_version_1_and_keeps_what_refers_to_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.db"
    _desk_on_0005_with_one_sent_application(path)

    db = open_database(path)
    try:
        with db.engine.connect() as connection:
            fk_on = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            children = connection.exec_driver_sql(
                "SELECT (SELECT application_id FROM outbox), "
                "(SELECT application_id FROM attachments), "
                "(SELECT application_id FROM audit_events), "
                "(SELECT application_id FROM print_log), "
                "(SELECT count(*) FROM outbox_attempts)").one()
        with db.sessions() as session:
            app = session.scalars(select(Application)).one()
    finally:
        db.close()

    assert fk_on == 1  # switched back on for the desk's own connections
    assert dangling == []
    assert tuple(children) == (7, 7, 7, 7, 1)
    assert (app.id, app.station_number, app.version, app.corrects_id) == (
        7, "06-01-2026-000007", 1, None)


def test_after_0007_a_station_number_is_unique_per_version(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    _desk_on_0005_with_one_sent_application(path)
    open_database(path).close()
    insert = (
        "INSERT INTO applications (uuid, station_number, station_code, channel, "
        "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
        "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, address, "
        "text, created_at, created_by, version, corrects_id) VALUES (?, '06-01-2026-000007', "
        "'06-01', 'in_person', 'complaint', 'normal', '02', '02.03', '10000000146', 'Ayşe', "
        "'Yılmaz', 'Ş', 'K', '+905321234567', '', '', 'Metin', '2026-11-01 09:00:00', "
        "'memur1', ?, 7)"
    )
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(insert, ("u-8", 2))  # the correction: version 2
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.exec_driver_sql(insert, ("u-9", 2))  # a second version 2: refused
    finally:
        engine.dispose()


def test_a_desk_at_head_is_opened_without_the_migrations_and_an_older_one_is_upgraded(
        tmp_path: Path) -> None:
    """The start-up fast path: the migration scripts' fingerprint stamped as ``user_version``
    once at head; a schema taken back by ``migrate`` loses it and is upgraded again."""
    from models.database import migrations_fingerprint

    path = tmp_path / "desk.db"
    open_database(path).close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations_fingerprint()
    open_database(path).close()  # stamped: nothing to run, the file stays as it was

    old = tmp_path / "old.db"
    old_engine = create_engine(f"sqlite:///{old}")
    migrate(old_engine, "0005")
    old_engine.dispose()
    with sqlite3.connect(old) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
    db = open_database(old)
    with db.engine.connect() as connection:
        columns = {row[1] for row in connection.exec_driver_sql(
            "PRAGMA table_info(reserved_numbers)")}
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == \
            migrations_fingerprint()
    db.close()
    assert columns  # 0006's table exists: the upgrade ran


# ----- schema changes are atomic (issue 18, item 1) ------------------------------------


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {name for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_an_upgrade_that_fails_leaves_the_database_exactly_as_it_was(tmp_path: Path) -> None:
    """pysqlite commits DDL on its own: a failed upgrade used to leave the tables of the
    revisions it had run (reserved_numbers, the rebuilt applications) without raising the
    revision, and every later start failed with "table ... already exists"."""
    path = tmp_path / "desk.db"
    _desk_on_0005_with_one_sent_application(path)
    with sqlite3.connect(path) as raw:  # an outbox item pointing at nothing
        raw.execute(
            "INSERT INTO outbox (application_id, kind, idempotency_key, payload, state, "
            "attempts, created_at, updated_at) VALUES (99, 'application', 'u-99', '{}', "
            "'pending', 0, '2026-11-01 09:00:00', '2026-11-01 09:00:00')")
    before = _tables(path)

    with pytest.raises(MigrationError, match="outbox"):
        open_database(path)

    assert _tables(path) == before  # not one table made, dropped or renamed
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0005",)]
        assert raw.execute("SELECT count(*) FROM applications").fetchone() == (1,)
        raw.execute("DELETE FROM outbox WHERE id <> 3")  # the operator repairs the data
    open_database(path).close()  # and the same database upgrades
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            schema_head())


def test_a_first_start_killed_by_an_earlier_release_is_made_again(tmp_path: Path) -> None:
    """What the old driver mode left after a kill during the first start: the tables,
    an empty alembic_version. The desk failed forever with "table applications already
    exists"; now those empty tables are made again."""
    path = tmp_path / "desk.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0003")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("DELETE FROM alembic_version")

    db = open_database(path)
    try:
        with db.sessions() as session:
            assert session.scalars(select(Application)).all() == []
    finally:
        db.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            schema_head())


def test_an_upgrade_copy_left_by_an_earlier_release_is_removed(tmp_path: Path) -> None:
    """A kill during the 0006→0007 upgrade left _alembic_tmp_applications beside the
    intact applications table ("already exists" at every start); it is dropped and the
    upgrade runs again, every row kept."""
    path = tmp_path / "desk.db"
    _desk_on_0005_with_one_sent_application(path)
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0006")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE _alembic_tmp_applications (id INTEGER NOT NULL)")

    db = open_database(path)
    try:
        with db.sessions() as session:
            app = session.scalars(select(Application)).one()
    finally:
        db.close()
    assert (app.id, app.version) == (7, 1)
    assert "_alembic_tmp_applications" not in _tables(path)


def test_tables_holding_rows_without_a_revision_are_never_dropped(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    _desk_on_0005_with_one_sent_application(path)
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE alembic_version")

    with pytest.raises(MigrationError, match="applications"):
        open_database(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM applications").fetchone() == (1,)
