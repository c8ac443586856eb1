"""The central service's schema under Alembic (bimer_central/schema.py): a database of any
earlier release upgrades in place with its rows intact, services starting together on one
empty database all come up, and a start killed half-way leaves nothing half-made."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from bimer_central.db import Base, DatabaseError
from bimer_central.intake import body_digest
from bimer_central.schema import config, current_revision
from tests.bimer_central.conftest import MakeCentralDatabase
from tests.bimer_central.databases import SQLITE, CentralDatabase
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.bimer_central.test_cli import REPO_ROOT, cli_env, first_line
from tests.conftest import VALID_TCKN

TIMEOUT = 10
LEGACY_SCHEMAS = Path(__file__).resolve().parent / "legacy_schemas"
# The schemas databases were made with before migrations (legacy_schemas/capture.py), in
# the order the main line went through them, and one only a branch ever had.
LEGACY_STATES = (
    "01-first-release",
    "02-applicant-tckn",
    "03-attachments",
    "04-number-blocks",
    "05-corrects",
    "branch-corrects-before-number-blocks",
)
STARTED_TOGETHER = 4
# The key of the first legacy row: its desk resends it after the upgrade.
FIRST_KEY = "0b9f3c2e-8a51-4c8e-9b8e-1f6f1e0a7c11"


def schema_head() -> str | None:
    """The newest revision of the central service's migrations."""
    return ScriptDirectory.from_config(config()).get_current_head()


def run_sql_file(database: CentralDatabase, path: Path) -> None:
    with database.connect() as connection:
        for statement in path.read_text(encoding="utf-8").split(";\n\n"):
            if statement.strip():
                connection.exec_driver_sql(statement)


def columns(connection: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


@contextmanager
def connection_to(database: CentralDatabase) -> Iterator[Connection]:
    with database.connect() as connection:
        yield connection


def schema_differences(database: CentralDatabase) -> list[Any]:
    """What the database lacks or has beyond the models' schema (empty: the same)."""
    with connection_to(database) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def revision_of(database: CentralDatabase) -> str | None:
    with connection_to(database) as connection:
        return current_revision(connection)


def table_names(database: CentralDatabase) -> set[str]:
    with connection_to(database) as connection:
        return set(inspect(connection).get_table_names())


def legacy_rows(present: set[str]) -> list[dict[str, Any]]:
    """Three applications as that release stored them, in the columns it had. The first
    has the digest of ``envelope(FIRST_KEY)``, so that its desk's resend is a replay; the
    third was stored before its release's backfill could reach it (applicant_tckn NULL)."""
    rows = []
    for number, body in enumerate((envelope(FIRST_KEY), envelope(), envelope()), 1):
        row: dict[str, Any] = {
            "id": number,
            "uuid": body["uuid"],
            "body_sha256": body_digest(body),
            "central_number": f"BMR-2026-{number:07d}",
            "station_number": f"06-01-2026-{number:06d}",
            "station_code": "06-01",
            "received_at": datetime(2026, 11, 27, 6 + number),
            "created_at": body["created_at"],
            "created_by": body["created_by"],
            "application": json.dumps(body["application"], ensure_ascii=False),
        }
        optional = {"applicant_tckn": VALID_TCKN if number < 3 else None, "attachments": None,
                    "reserved_number": None, "reservation_refusal": None, "corrects": None}
        row.update({name: value for name, value in optional.items() if name in present})
        rows.append(row)
    return rows



def make_legacy_database(database: CentralDatabase, state: str) -> list[dict[str, Any]]:
    """The database that release's service made and used: its DDL, three applications and,
    once number blocks existed, the sequence that service seeded. Returns the rows."""
    run_sql_file(database, LEGACY_SCHEMAS / f"{state}.{database.backend}.sql")
    with connection_to(database) as connection:
        present = columns(connection, "received_applications")
        tables = set(inspect(connection).get_table_names())
        rows = legacy_rows(present)
        names = list(rows[0])
        placeholders = ", ".join(f":{name}" for name in names)
        connection.execute(
            text(f"INSERT INTO received_applications ({', '.join(names)}) "
                 f"VALUES ({placeholders})"), rows)
        if "number_sequences" in tables:
            connection.execute(text("INSERT INTO number_sequences (name, value) "
                                    "VALUES ('central', 3)"))
    if database.backend != SQLITE:
        # The rows were given their ids; the identity goes on above them, as the
        # service's own inserts would have left it.
        database.rows("SELECT setval(pg_get_serial_sequence('received_applications', 'id'), 3)")
    return rows


@pytest.mark.parametrize("state", LEGACY_STATES)
def test_a_database_of_an_earlier_release_upgrades_in_place(
    central_db: CentralDatabase, state: str
) -> None:
    old_rows = make_legacy_database(central_db, state)
    assert "alembic_version" not in table_names(central_db)

    with central_db.server() as server:
        replay = requests.post(server.url + APPLICATIONS_PATH, json=envelope(FIRST_KEY),
                               headers={"Idempotency-Key": FIRST_KEY}, timeout=TIMEOUT)
        stored = [requests.get(f"{server.url}{APPLICATIONS_PATH}/{row['central_number']}",
                               timeout=TIMEOUT) for row in old_rows]
        new_body = envelope()
        created = requests.post(server.url + APPLICATIONS_PATH, json=new_body,
                                headers=key_header(new_body), timeout=TIMEOUT)
        assert created.status_code == 201, created.text
        new_number = created.json()["central_number"]
        read_back = requests.get(f"{server.url}{APPLICATIONS_PATH}/{new_number}",
                                 timeout=TIMEOUT).json()
        history = requests.post(f"{server.url}/api/v1/applicant-history",
                                json={"tckn": VALID_TCKN}, timeout=TIMEOUT
                                ).json()["applications"]

    # The desk that sent the first application before the upgrade gets its answer again.
    assert replay.status_code == 201, replay.text
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.json()["central_number"] == "BMR-2026-0000001"
    # Every old row is served as it was stored.
    for row, response in zip(old_rows, stored, strict=True):
        assert response.status_code == 200, response.text
        assert response.json()["uuid"] == row["uuid"]
        assert response.json()["station_number"] == row["station_number"]
        assert response.json()["application"] == json.loads(row["application"])
        assert response.json()["received_at"] == "2026-11-27T" f"{9 + row['id']:02d}:00:00+03:00"
    # A new application gets the next number and reads back; the history finds old and
    # new (the backfill filled the row its release had not reached).
    assert new_number.endswith("-0000004")
    assert read_back["uuid"] == new_body["uuid"]
    assert read_back["application"]["text"] == new_body["application"]["text"]
    assert {entry["central_number"] for entry in history} == {
        "BMR-2026-0000001", "BMR-2026-0000002", "BMR-2026-0000003", new_number}
    assert central_db.rows(
        "SELECT id, uuid, body_sha256, central_number, station_number, created_at, "
        "created_by, applicant_tckn FROM received_applications WHERE id <= 3 ORDER BY id"
    ) == [(row["id"], row["uuid"], row["body_sha256"], row["central_number"],
           row["station_number"], row["created_at"], row["created_by"], VALID_TCKN)
          for row in old_rows]
    # The schema is now exactly the models' one, at the newest revision.
    assert revision_of(central_db) == schema_head()
    assert schema_differences(central_db) == []


def test_an_empty_database_gets_exactly_the_models_schema(central_db: CentralDatabase) -> None:
    with central_db.server():
        pass

    assert revision_of(central_db) == schema_head()
    assert schema_differences(central_db) == []
    assert central_db.rows("SELECT name, value FROM number_sequences") == [("central", 0)]


def test_starting_again_changes_nothing(central_db: CentralDatabase) -> None:
    with central_db.server() as server:
        body = envelope()
        first = requests.post(server.url + APPLICATIONS_PATH, json=body,
                              headers=key_header(body), timeout=TIMEOUT)
    with central_db.server() as server:
        again = requests.post(server.url + APPLICATIONS_PATH, json=body,
                              headers=key_header(body), timeout=TIMEOUT)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert revision_of(central_db) == schema_head()


def test_the_migrations_go_down_to_nothing_and_up_again(central_db: CentralDatabase) -> None:
    with central_db.server():
        pass
    engine = create_engine(central_db.url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            alembic_config = config()
            alembic_config.attributes["connection"] = connection
            command.downgrade(alembic_config, "base")
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()

    with central_db.server():
        pass
    assert schema_differences(central_db) == []


def test_a_database_of_a_newer_release_is_refused_in_turkish(
    central_db: CentralDatabase,
) -> None:
    with central_db.server():
        pass
    central_db.execute("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(DatabaseError, match="şeması bu sürümle kullanılamıyor"):
        central_db.server().start()
    assert revision_of(central_db) == "9999"


def child(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.bimer_central.schema_child", *arguments],
        cwd=REPO_ROOT, env=cli_env(), text=True, encoding="utf-8",
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def test_services_starting_together_on_an_empty_database_all_come_up(
    make_central_db: MakeCentralDatabase,
) -> None:
    database = make_central_db("together")
    processes = [child("start", database.url, str(database.blob_dir))
                 for _ in range(STARTED_TOGETHER)]
    try:
        assert [first_line(process) for process in processes] == ["ready"] * STARTED_TOGETHER
        for process in processes:  # as close to the same moment as processes can be
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outcomes = [process.communicate(timeout=60) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()

    for process, (out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert out.startswith("up http://127.0.0.1:"), (out, err)
    assert revision_of(database) == schema_head()
    assert schema_differences(database) == []
    assert database.rows("SELECT name, value FROM number_sequences") == [("central", 0)]


def test_a_start_killed_half_way_leaves_nothing_and_the_next_one_works(
    central_db: CentralDatabase,
) -> None:
    # Killed right after the migration created its third table, before anything committed.
    process = child("die-after", central_db.url, "CREATE TABLE received_blobs")
    out, err = process.communicate(timeout=60)
    assert process.returncode == -9, (out, err)
    assert table_names(central_db) == set()

    with central_db.server() as server:
        body = envelope()
        response = requests.post(server.url + APPLICATIONS_PATH, json=body,
                                 headers=key_header(body), timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    assert revision_of(central_db) == schema_head()
