"""Evveliyat at the central service: an applicant's earlier applications, by ID number."""

from __future__ import annotations

import uuid
from datetime import datetime

import requests
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, create_engine, inspect
from sqlalchemy.pool import NullPool

from models.roles import Role
from models.tckn import check_digits
from models.types import UtcDateTime
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import (
    APPLICATIONS_PATH,
    application_fields,
    envelope,
    key_header,
    next_station_number,
)
from tests.central_auth import central_for, log_in, register
from tests.conftest import VALID_TCKN

TIMEOUT = 10
OTHER_TCKN = "234567891" + check_digits("234567891")
HISTORY_FIELDS = {
    "central_number", "station_number", "received_at", "channel", "application_type",
    "subject_code", "sub_subject_code", "urgency",
}


HISTORY_PATH = "/api/v1/applicant-history"  # the ID number goes in the body, never the URL


def ask_history(base: str, tckn: str) -> requests.Response:
    return requests.post(base + HISTORY_PATH, json={"tckn": tckn}, timeout=TIMEOUT)


def submit(base: str, station_number: str | None = None, **fields: str) -> str:
    body = envelope(**fields)
    body["station_number"] = station_number or next_station_number(
        body["station_number"][:5])
    response = requests.post(base + APPLICATIONS_PATH, json=body, headers=key_header(body),
                             timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return str(response.json()["central_number"])


def history(base: str, tckn: str) -> list[dict[str, str]]:
    response = ask_history(base, tckn)
    assert response.status_code == 200, response.text
    applications: list[dict[str, str]] = response.json()["applications"]
    return applications


def test_lists_only_the_applicants_own_applications_newest_first(central_url: str) -> None:
    first = submit(central_url, "06-01-2026-000001", application_type="complaint")
    submit(central_url, "06-01-2026-000002", tckn=OTHER_TCKN)
    second = submit(central_url, "06-01-2026-000003", application_type="request",
                    subject_code="02", sub_subject_code="02.02", urgency="urgent")
    third = submit(central_url, "06-01-2026-000004", channel="letter",
                   mother_maiden_first="", mother_maiden_last="", received_date="2026-11-27")
    # A letter without an ID number belongs to nobody's history.
    submit(central_url, "06-01-2026-000005", channel="letter", tckn="",
           mother_maiden_first="", mother_maiden_last="", received_date="2026-11-27")

    mine = history(central_url, VALID_TCKN)

    assert [entry["central_number"] for entry in mine] == [third, second, first]
    assert all(set(entry) == HISTORY_FIELDS for entry in mine)
    assert mine[1] == {
        "central_number": second,
        "station_number": "06-01-2026-000003",
        "received_at": mine[1]["received_at"],
        "channel": "in_person",
        "application_type": "request",
        "subject_code": "02",
        "sub_subject_code": "02.02",
        "urgency": "urgent",
    }
    assert mine[0]["channel"] == "letter"
    assert [entry["station_number"] for entry in history(central_url, OTHER_TCKN)] == [
        "06-01-2026-000002"
    ]


def test_a_first_time_applicant_has_an_empty_list(central_url: str) -> None:
    submit(central_url)
    assert history(central_url, OTHER_TCKN) == []


def test_hidden_identity_applications_are_listed_without_personal_data(
    central_url: str,
) -> None:
    submit(central_url, application_type="denunciation", hide_identity="true",
           first_name="Zeynep", last_name="Karaçam", text="Gizli ihbar metni.")

    # Nobody but the clerk who hid it is told it exists: not a Genel Koordinatör ...
    server = central_for(central_url)
    assert server is not None
    desk = {"X-BIMER-Desk": register(server, "06-02", "denetci")["X-BIMER-Desk"]}
    auditor = log_in(server, desk, "genel1", frozenset({Role.GENERAL_COORDINATOR}))
    response = requests.post(central_url + HISTORY_PATH, json={"tckn": VALID_TCKN},
                             headers={**desk, **auditor}, timeout=TIMEOUT)
    assert response.json()["applications"] == []
    # ... the clerk who saved it hidden sees that it exists, still without anything personal.
    response = requests.post(central_url + HISTORY_PATH, json={"tckn": VALID_TCKN},
                             timeout=TIMEOUT)

    [entry] = response.json()["applications"]
    assert set(entry) == HISTORY_FIELDS
    assert entry["application_type"] == "denunciation"
    for personal in ("Zeynep", "Karaçam", "Gizli", "+90", "example.com", VALID_TCKN):
        assert personal not in response.text


def test_an_invalid_id_number_is_a_422_in_turkish(central_url: str) -> None:
    for bad, words in (
        ("10000000147", "son iki hane"),
        ("1234", "11 haneli"),
        ("1000000014a", "yalnızca rakam"),
        ("01234567890", "0 ile başlayamaz"),
    ):
        response = ask_history(central_url, bad)
        assert response.status_code == 422
        failure = response.json()
        assert words in failure["detail"]
        assert failure["errors"] == {"tckn": failure["detail"]}
        assert bad not in response.text


def test_openapi_documents_the_history(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()

    assert not any("{tckn}" in path for path in document["paths"])
    operation = document["paths"][HISTORY_PATH]["post"]
    assert {"200", "422"} <= set(operation["responses"])
    assert "parameters" not in operation
    item = document["components"]["schemas"]["ApplicantApplication"]
    assert set(item["properties"]) == HISTORY_FIELDS


# The table exactly as the central service before evveliyat (commit 39e4db9) declared it;
# that service made it with ``create_all``, as this does on either backend.
OLD_METADATA = MetaData()
OLD_TABLE = Table(
    "received_applications",
    OLD_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("body_sha256", String(64), nullable=False),
    Column("central_number", String(32), unique=True),
    Column("station_number", String(32), nullable=False, index=True),
    Column("station_code", String(8), nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("created_at", String(64), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("application", JSON, nullable=False),
    sqlite_autoincrement=True,
)


def create_old_database(database: CentralDatabase,
                        rows: list[tuple[str, str, dict[str, str]]]) -> None:
    """A training database as yesterday's service left it: (number, received, body)."""
    engine = create_engine(database.url, poolclass=NullPool)
    try:
        OLD_METADATA.create_all(engine)
        with engine.begin() as connection:
            for sequence, (station_number, received_at, application) in enumerate(rows, 1):
                connection.execute(OLD_TABLE.insert().values(
                    uuid=str(uuid.uuid4()), body_sha256="0" * 64,
                    central_number=f"BMR-2026-{sequence:07d}", station_number=station_number,
                    station_code="06-01", received_at=datetime.fromisoformat(received_at),
                    created_at="2026-11-27T09:00:00+03:00", created_by="memur1",
                    application=application,
                ))
    finally:
        engine.dispose()


def columns_and_indexes(database: CentralDatabase) -> tuple[set[str], set[str]]:
    with database.connect() as connection:
        inspector = inspect(connection)
        columns = {column["name"] for column in inspector.get_columns("received_applications")}
        indexes = {str(index["name"]) for index in
                   inspector.get_indexes("received_applications")}
    return columns, indexes


def test_a_database_created_by_the_old_schema_is_upgraded_and_backfilled(
    central_db: CentralDatabase,
) -> None:
    create_old_database(central_db, [
        ("06-01-2026-000001", "2026-11-27T06:00:00+00:00", application_fields()),
        ("06-01-2026-000002", "2026-11-27T07:00:00+00:00", application_fields(tckn=OTHER_TCKN)),
        ("06-01-2026-000003", "2026-11-27T08:00:00+00:00",
         application_fields(channel="letter", tckn="", mother_maiden_first="",
                            mother_maiden_last="", received_date="2026-11-26")),
        ("06-01-2026-000004", "2026-11-27T09:00:00+00:00",
         application_fields(application_type="request")),
    ])

    with central_db.server() as server:
        old = history(server.url, VALID_TCKN)
        new = submit(server.url, "06-01-2026-000005")
        after = history(server.url, VALID_TCKN)

    assert [entry["station_number"] for entry in old] == [
        "06-01-2026-000004", "06-01-2026-000001"
    ]
    assert old[0]["received_at"] == "2026-11-27T12:00:00+03:00"
    assert old[0]["application_type"] == "request"
    assert [entry["central_number"] for entry in after[:1]] == [new]
    assert new == "BMR-2026-0000005"
    assert len(after) == 3
    columns, indexes = columns_and_indexes(central_db)
    assert "applicant_tckn" in columns
    assert "ix_received_applications_applicant_tckn" in indexes
    assert central_db.rows(
        "SELECT station_number, applicant_tckn FROM received_applications ORDER BY id"
    ) == [
        ("06-01-2026-000001", VALID_TCKN),
        ("06-01-2026-000002", OTHER_TCKN),
        ("06-01-2026-000003", ""),
        ("06-01-2026-000004", VALID_TCKN),
        ("06-01-2026-000005", VALID_TCKN),
    ]

    # Opening it again changes nothing and still answers.
    with central_db.server() as server:
        assert len(history(server.url, VALID_TCKN)) == 3
    assert columns_and_indexes(central_db) == (columns, indexes)


def test_an_interrupted_backfill_is_finished_at_the_next_start(
    central_db: CentralDatabase,
) -> None:
    with central_db.server() as server:
        submit(server.url, "06-01-2026-000001")
        submit(server.url, "06-01-2026-000002")
    # As a release before migrations left it when it died after adding the column but
    # before filling it (it committed each step on its own): no ``alembic_version`` yet.
    # Today's upgrade is one transaction, so it cannot stop half-way (test_schema.py).
    central_db.execute("UPDATE received_applications SET applicant_tckn = NULL")
    central_db.execute("DROP TABLE alembic_version")

    with central_db.server() as server:
        assert len(history(server.url, VALID_TCKN)) == 2
    assert central_db.rows("SELECT applicant_tckn FROM received_applications") == [
        (VALID_TCKN,), (VALID_TCKN,)
    ]
