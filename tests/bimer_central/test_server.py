"""CentralServer: embedding the service in another program's process."""

from __future__ import annotations

import signal
import socket
import threading
from pathlib import Path

import pytest
import requests

from bimer_central.db import DatabaseError
from bimer_central.server import CentralServer, CentralServerError
from tests.bimer_central.databases import CentralDatabase
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header


def test_url_names_the_real_port(tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'c.db'}") as server:
        host, port = server.url.removeprefix("http://").split(":")
        assert host == "127.0.0.1"
        assert int(port) > 0
        assert server.running
    assert not server.running
    with pytest.raises(RuntimeError):
        _ = server.url


def test_starting_leaves_signal_handlers_alone(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with CentralServer(f"sqlite:///{tmp_path / 'c.db'}") as server:
        requests.get(server.url + "/api/v1/health", timeout=10).raise_for_status()
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_starts_and_stops_from_a_worker_thread(tmp_path: Path) -> None:
    results: list[int] = []

    def run() -> None:
        with CentralServer(f"sqlite:///{tmp_path / 'c.db'}") as server:
            results.append(requests.get(server.url + "/api/v1/health", timeout=10).status_code)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert results == [200]


def test_data_survives_a_restart_and_replays_still_match(central_db: CentralDatabase) -> None:
    body = envelope()
    with central_db.server() as server:
        first = requests.post(
            server.url + APPLICATIONS_PATH, json=body, headers=key_header(body), timeout=10
        )
    with central_db.server() as server:
        again = requests.post(
            server.url + APPLICATIONS_PATH, json=body, headers=key_header(body), timeout=10
        )
        number = first.json()["central_number"]
        fetched = requests.get(f"{server.url}{APPLICATIONS_PATH}/{number}", timeout=10)
    assert again.status_code == 201
    assert again.content == first.content
    assert fetched.status_code == 200


def test_in_memory_database_works(tmp_path: Path) -> None:
    with CentralServer("sqlite://") as server:
        body = envelope()
        response = requests.post(
            server.url + APPLICATIONS_PATH, json=body, headers=key_header(body), timeout=10
        )
        number = response.json()["central_number"]
        fetched = requests.get(f"{server.url}{APPLICATIONS_PATH}/{number}", timeout=10)
    assert response.status_code == 201
    assert fetched.status_code == 200


def test_stop_is_safe_to_repeat_and_before_start(tmp_path: Path) -> None:
    server = CentralServer(f"sqlite:///{tmp_path / 'c.db'}")
    server.stop()
    server.start()
    server.stop()
    server.stop()


def test_a_taken_port_is_a_turkish_error(tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'c.db'}") as running:
        port = int(running.url.rsplit(":", 1)[1])
        with pytest.raises(CentralServerError, match="başlatılamadı"):
            CentralServer(f"sqlite:///{tmp_path / 'd.db'}", port=port).start()


def test_a_postgresql_url_without_a_driver_name_uses_psycopg() -> None:
    # Nothing listens on port 9: the connection is refused, so the driver was found.
    with pytest.raises(DatabaseError, match="bağlanılamadı") as refused:
        CentralServer("postgresql://memur:gizli123@127.0.0.1:9/bimer").start()
    assert "postgresql+psycopg://memur:***@127.0.0.1:9/bimer" in str(refused.value)
    assert "gizli123" not in str(refused.value)


def test_unusable_database_fails_start_directly(tmp_path: Path) -> None:
    missing_dir = tmp_path / "yok" / "c.db"
    with pytest.raises(DatabaseError, match="bağlanılamadı"):
        CentralServer(f"sqlite:///{missing_dir}").start()
    with pytest.raises(DatabaseError, match="anlaşılamadı"):
        CentralServer("bu bir adres değil").start()


def test_binding_a_free_port_number_given_explicitly(tmp_path: Path) -> None:
    # Port 0 is the common case; an explicit number must work too (the CLI default).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with CentralServer(f"sqlite:///{tmp_path / 'c.db'}", port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
