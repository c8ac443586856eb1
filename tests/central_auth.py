"""Credentials for tests that talk to a real central service: its station registered, a desk
enrolled with a one-time code, a clerk logged in — over HTTP, as a desk does.

``central_for(url)`` finds the running service behind an address (a ``CentralServer`` or a
``FaultProxy`` in front of one): every server a test starts is remembered by its URL
(tests/conftest.py), so a desk made on any of them can be provisioned.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from bimer_central.accounts import AccountError
from models.roles import Role
from services.central_client import DeskAuth

if TYPE_CHECKING:
    from bimer_central.server import CentralServer

TEST_UNIT = "10000023"  # Ankara Valiliği in the bundled sample institutions
TEST_PASSWORD = "uzun-bir-test-sifresi-2026"
SERVERS: dict[str, CentralServer] = {}
PROXIES: dict[str, str] = {}  # a FaultProxy's URL → the URL it forwards to
TIMEOUT = 10


def central_for(url: str) -> CentralServer | None:
    url = url.rstrip("/")
    seen = set()
    while url in PROXIES and url not in seen:
        seen.add(url)
        url = PROXIES[url]
    server = SERVERS.get(url)
    return server if server is not None and server.running else None


def enrollment_code(server: CentralServer, station: str, unit: str = TEST_UNIT) -> str:
    """A fresh one-time code for ``station`` (registered if new; its desk revoked if any)."""
    try:
        return server.accounts.add_station(station, unit).code
    except AccountError:
        return server.accounts.reenroll(station).code


def register(server: CentralServer, station: str = "06-01", username: str = "memur1",
             roles: frozenset[Role] = frozenset({Role.CLERK}), unit: str = TEST_UNIT,
             url: str | None = None) -> dict[str, str]:
    """The headers of an enrolled desk for ``station`` and a logged-in ``username``."""
    base = (url or server.url).rstrip("/")
    code = enrollment_code(server, station, unit)
    enrolled = requests.post(f"{base}/api/v1/enrollments", json={"machine": "test"},
                             headers={"X-BIMER-Enrollment-Code": code}, timeout=TIMEOUT)
    assert enrolled.status_code == 201, enrolled.text
    desk = {"X-BIMER-Desk": enrolled.json()["desk_credential"]}
    return {**desk, **log_in(server, desk, username, roles, unit, url=base)}


def desk_auth_for(server: CentralServer, station: str = "06-01",
                  username: str = "memur1") -> DeskAuth:
    """A client's credentials (``CentralClient(url, auth=...)``) for a desk and clerk of
    its own, enrolled and logged in over HTTP."""
    headers = register(server, station, username)
    auth = DeskAuth(headers["X-BIMER-Desk"])
    auth.set_token(headers["Authorization"].removeprefix("Bearer "))
    return auth


def log_in(server: CentralServer, desk: dict[str, str], username: str,
           roles: frozenset[Role] = frozenset({Role.CLERK}), unit: str = TEST_UNIT,
           url: str | None = None) -> dict[str, str]:
    """The Authorization header of ``username`` (made if new) logged in at ``desk``."""
    tckn = server.accounts.ensure_user(username, username, unit, roles, TEST_PASSWORD)
    response = requests.post(f"{(url or server.url).rstrip('/')}/api/v1/sessions",
                             json={"tckn": tckn, "password": TEST_PASSWORD}, headers=desk,
                             timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


AUTH_HEADERS = frozenset({"x-bimer-desk", "authorization", "x-bimer-enrollment-code"})


def act_as_desk(monkeypatch: Any, station: str = "06-01", username: str = "memur1") -> None:
    """Requests a test sends by hand to a central service it started carry the credentials
    of an enrolled desk and a logged-in ``username`` (enrolled and logged in over HTTP on
    first use), unless the request names credentials of its own. The desk is the one of the
    body's ``station_code`` when it names a well-formed one (the station a real desk would
    send as), else ``station``. A session that ended (the test moved the service's clock on)
    is logged in again and the request sent once more, as the desk does. For the tests of
    what the service does with an application, a blob or a number block, written before
    every route needed credentials; the tests of authentication itself name theirs."""
    acting: dict[tuple[int, str], dict[str, str]] = {}
    lock = threading.Lock()  # tests send from many threads at once
    original = requests.Session.request

    def request(self: requests.Session, method: str, url: str, *args: Any,
                **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.get("headers") or {})
        if any(name.lower() in AUTH_HEADERS for name in headers):
            return original(self, method, url, *args, **kwargs)
        parts = urlsplit(str(url))
        server = central_for(f"{parts.scheme}://{parts.netloc}")
        if server is None:
            return original(self, method, url, *args, **kwargs)
        body = kwargs.get("json")
        named = body.get("station_code") if isinstance(body, dict) else None
        as_station = named if isinstance(named, str) and STATION.fullmatch(named) else station
        key = (id(server), as_station)
        with lock:
            if key not in acting:
                acting[key] = register(server, as_station, username)
            credentials = acting[key]
        response = original(self, method, url, *args,
                            **{**kwargs, "headers": {**headers, **credentials}})
        if response.status_code == 401 and _reason(response) == "session_ended":
            with lock:
                desk = {"X-BIMER-Desk": credentials["X-BIMER-Desk"]}
                acting[key] = credentials = {**desk, **log_in(server, desk, username)}
            response = original(self, method, url, *args,
                                **{**kwargs, "headers": {**headers, **credentials}})
        return response

    monkeypatch.setattr(requests.Session, "request", request)


STATION = re.compile(r"\d\d-\d\d")


def _reason(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("reason", "")) if isinstance(body, dict) else ""
