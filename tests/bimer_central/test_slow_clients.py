"""A client that sends its request a byte at a time is cut off, so that a handful of slow
connections cannot hold the service (bimer_central/slow_clients.py); a normal request on
the same service is answered meanwhile."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from bimer_central.server import CentralServer
from tests.bimer_central.databases import CentralDatabase
from tests.central_auth import register

pytestmark = pytest.mark.anonymous

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0


@pytest.fixture
def server(central_db: CentralDatabase) -> Iterator[CentralServer]:
    with central_db.server(header_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT) as running:
        yield running


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def closed_within(connection: socket.socket, seconds: float) -> float | None:
    """Seconds until the service closed the connection (None: still open)."""
    start = time.monotonic()
    connection.settimeout(seconds)
    try:
        while connection.recv(4096):
            pass  # an error answer before the close is fine
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - start


def test_headers_that_never_end_are_cut_off(server: CentralServer) -> None:
    slow = [connect(server.url) for _ in range(10)]
    try:
        for connection in slow:
            connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: merkez\r\nX-Slow: ")
        # The service still answers others while they dawdle.
        assert requests.get(server.url + "/api/v1/health", timeout=5).status_code == 200
        for connection in slow:
            waited = closed_within(connection, HEADER_TIMEOUT + 5)
            assert waited is not None and waited < HEADER_TIMEOUT + 4
    finally:
        for connection in slow:
            connection.close()


def test_a_body_that_stops_arriving_is_cut_off(server: CentralServer) -> None:
    """An enrolled desk's upload (the body is read only for a caller with credentials)."""
    credentials = "".join(f"{name}: {value}\r\n" for name, value in register(server).items())
    connection = connect(server.url)
    try:
        connection.sendall(
            b"PUT /api/v1/blobs/" + b"0" * 64 + b" HTTP/1.1\r\nHost: merkez\r\n"
            + credentials.encode("ascii")
            + b"Content-Type: application/pdf\r\nContent-Length: 1000000\r\n\r\n%PDF-1.4\n")
        waited = closed_within(connection, BODY_TIMEOUT + 5)
        assert waited is not None and waited < BODY_TIMEOUT + 4
    finally:
        connection.close()
