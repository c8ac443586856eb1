"""A desk made by the first version upgrades in place: backed up, migrated, and its queue
reaches the central service exactly once, with the content it was saved with."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine

from bimer_desktop.app import BACKUPS_DIR_NAME, DATABASE_FILE_NAME
from models.backups import current_revision, list_backups
from models.database import is_plain_database, migrate, schema_head
from tests.conftest import fixed_clock, in_person_form, make_desk
from tests.desk_sql import desk_sql, files_containing

# Two applications as version 0001 stored them: the row, the outbox item with its frozen
# JSON envelope (ValidApplication.to_payload(): every field a string, the phone in E.164),
# the audit event and the station's counter. Nobody has sent them yet.
FIRST_VERSION_APPLICATIONS = [
    {
        "uuid": "5d0c1f7e-1a2b-4c3d-8e9f-000000000001",
        "station_number": "06-01-2026-000001",
        "created_at": "2026-11-02T09:15:00+03:00",
        "stored_at": "2026-11-02 06:15:00.000000",
        "application": {
            "channel": "in_person", "application_type": "complaint", "urgency": "normal",
            "subject_code": "02", "sub_subject_code": "02.02",
            "text": "Sokağımızdaki çöpler üç gündür toplanmıyor.",
            "tckn": "10000000146", "first_name": "Ayşe", "last_name": "Yılmaz",
            "mother_maiden_first": "Ş", "mother_maiden_last": "K",
            "mobile_phone": "+905321234567", "email": "", "address": "",
        },
    },
    {
        "uuid": "5d0c1f7e-1a2b-4c3d-8e9f-000000000002",
        "station_number": "06-01-2026-000002",
        "created_at": "2026-11-02T09:40:00+03:00",
        "stored_at": "2026-11-02 06:40:00.000000",
        "application": {
            "channel": "letter", "application_type": "request", "urgency": "urgent",
            "subject_code": "04", "sub_subject_code": "04.02",
            "text": "Aile hekimimin çalışma saatlerinin uzatılmasını rica ediyorum.",
            "tckn": "10000000146", "first_name": "Ayşe", "last_name": "Yılmaz",
            "mother_maiden_first": "", "mother_maiden_last": "",
            "mobile_phone": "", "email": "", "address": "Kızılay Mah. 12. Sok. No: 4 Ankara",
        },
    },
]


def make_first_version_desk(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    path = data_dir / DATABASE_FILE_NAME
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        for item in FIRST_VERSION_APPLICATIONS:
            fields = item["application"]
            assert isinstance(fields, dict)
            cursor = raw.execute(
                "INSERT INTO applications (uuid, station_number, station_code, channel, "
                "application_type, urgency, subject_code, sub_subject_code, tckn, first_name, "
                "last_name, mother_maiden_first, mother_maiden_last, mobile_phone, email, "
                "address, text, created_at, created_by) "
                "VALUES (?, ?, '06-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'memur1')",
                (item["uuid"], item["station_number"], fields["channel"],
                 fields["application_type"], fields["urgency"], fields["subject_code"],
                 fields["sub_subject_code"], fields["tckn"], fields["first_name"],
                 fields["last_name"], fields["mother_maiden_first"],
                 fields["mother_maiden_last"], fields["mobile_phone"], fields["email"],
                 fields["address"], fields["text"], item["stored_at"]))
            envelope = {
                "uuid": item["uuid"], "station_number": item["station_number"],
                "station_code": "06-01", "created_at": item["created_at"],
                "created_by": "memur1", "application": fields,
            }
            raw.execute(
                "INSERT INTO outbox (application_id, kind, idempotency_key, payload, state, "
                "attempts, created_at, updated_at) "
                "VALUES (?, 'application', ?, ?, 'pending', 0, ?, ?)",
                (cursor.lastrowid, item["uuid"],
                 json.dumps(envelope, ensure_ascii=False, sort_keys=True),
                 item["stored_at"], item["stored_at"]))
            raw.execute(
                "INSERT INTO audit_events (at, user, station_code, action, application_id, "
                "detail) VALUES (?, 'memur1', '06-01', 'application.saved', ?, ?)",
                (item["stored_at"], cursor.lastrowid, item["station_number"]))
        raw.execute("INSERT INTO counters (name, value) VALUES ('station-number:06-01:2026', 2)")
    return path


def test_a_first_version_desk_is_backed_up_upgraded_and_its_queue_arrives_once(
        tmp_path: Path, central_url: str) -> None:
    data_dir = tmp_path / "desk"
    database = make_first_version_desk(data_dir)

    desk = make_desk(data_dir, central_url)  # the desk as it starts today
    try:
        assert current_revision(desk.db.engine) == schema_head() != "0001"
        backups = list_backups(data_dir / BACKUPS_DIR_NAME)
        assert [b.name.endswith("-rev0001.db") for b in backups] == [True]
        # The plain desk was encrypted in place, its backup too (taken, encrypted, first).
        assert not is_plain_database(database)
        assert not is_plain_database(backups[0])
        with desk_sql(backups[0], data_dir=data_dir) as old:  # the old desk, whole
            assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0001",)]
            assert old.execute("SELECT COUNT(*) FROM outbox").fetchone() == (2,)

        first = desk.sync.drain_once(force=True)
        again = desk.sync.drain_once(force=True)
        assert (first.sent, first.quarantined, first.pending) == (2, 0, 0)
        assert (again.sent, again.pending) == (0, 0)
        local = {a.station_number: a for a in desk.queries.list_applications()}
    finally:
        desk.close()

    assert set(local) == {"06-01-2026-000001", "06-01-2026-000002"}
    applicant = requests.post(f"{central_url}/api/v1/applicant-history",
                              json={"tckn": "10000000146"}, headers=desk.desk_auth.headers(),
                              timeout=10).json()["applications"]
    assert sorted(a["station_number"] for a in applicant) == sorted(local)  # once each
    for item in FIRST_VERSION_APPLICATIONS:
        number = local[str(item["station_number"])].central_number
        assert number is not None
        stored = requests.get(f"{central_url}/api/v1/applications/{number}",
                              headers=desk.desk_auth.headers(), timeout=10).json()
        assert stored["uuid"] == item["uuid"]
        application = stored["application"]
        assert isinstance(item["application"], dict)
        for key, value in item["application"].items():
            assert application.get(key, "") == value, key

    # The next start finds nothing to migrate: no second backup.
    make_desk(data_dir, central_url).close()
    assert len(list_backups(data_dir / BACKUPS_DIR_NAME)) == 1
    assert database.exists()
    # Nothing of the citizens is left readable anywhere in the data folder.
    assert files_containing(data_dir, ["10000000146", "Yılmaz", "Kızılay Mah", "Aile hekimimin"]
                            ) == []


def test_after_the_upgrade_new_numbers_continue_the_old_sequence(
        tmp_path: Path, central_url: str) -> None:
    data_dir = tmp_path / "desk"
    make_first_version_desk(data_dir)
    later_that_year = datetime.fromisoformat("2026-11-30T10:00:00+03:00")
    with make_desk(data_dir, central_url, clock=fixed_clock(later_that_year)) as desk:
        outcome = desk.intake.save(in_person_form(), "memur1")
    assert outcome.station_number is not None
    assert outcome.station_number.endswith("-000003")
