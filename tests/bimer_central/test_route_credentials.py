"""Every route of the central service asks who is calling: generated from the OpenAPI
document the service serves, so a route added later cannot be forgotten. Without
credentials, with a desk nobody enrolled, with a session that ended, and with the right
ones; and the one station one desk rule of enrollment."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from bimer_central.accounts import AccountError
from bimer_central.server import CentralServer
from models.roles import ROLE_PERMISSIONS, Permission, Role
from tests.central_auth import TEST_UNIT, enrollment_code, register

pytestmark = pytest.mark.anonymous  # each request here carries exactly what it names

TIMEOUT = 10
PUBLIC = {("GET", "/api/v1/health"), ("GET", "/openapi.json"), ("GET", "/docs")}
# Routes that take another credential than desk + session (docs/security.md).
ENROLLMENT = ("POST", "/api/v1/enrollments")
DESK_ONLY = {("POST", "/api/v1/sessions"), ("POST", "/api/v1/password-resets")}
SAMPLE = {"sha256": "0" * 64, "central_number": "BMR-2026-0000001"}


def routes(url: str) -> list[tuple[str, str]]:
    document: dict[str, Any] = requests.get(url + "/openapi.json", timeout=TIMEOUT).json()
    found = [(method.upper(), path) for path, operations in document["paths"].items()
             for method in operations]
    assert len(found) >= 15  # the document lists every route the service has
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: SAMPLE.get(match.group(1), "x"), path)


def send(url: str, method: str, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.request(method, url + concrete(path), headers=headers, json={},
                            timeout=TIMEOUT)


def test_every_route_but_the_public_ones_answers_401_without_credentials(
        central_url: str) -> None:
    checked = []
    for method, path in routes(central_url):
        answer = send(central_url, method, path, {})
        if (method, path) in PUBLIC:
            continue
        assert answer.status_code == 401, (method, path, answer.status_code, answer.text)
        if method != "HEAD":
            assert answer.json()["reason"] in ("credentials_missing", "enrollment_refused")
        checked.append((method, path))
    for method, path in PUBLIC:
        assert requests.request(method, central_url + path, timeout=TIMEOUT).status_code == 200
    assert ("GET", "/api/v1/applications/{central_number}") in checked


def test_a_desk_nobody_enrolled_and_an_ended_session_are_refused_everywhere(
        central_url: str, central_db: Any) -> None:
    from tests.central_auth import central_for

    server = central_for(central_url)
    assert isinstance(server, CentralServer)
    right = register(server)
    stranger = {"X-BIMER-Desk": "bd1_" + "x" * 40, "Authorization": right["Authorization"]}
    requests.delete(central_url + "/api/v1/sessions/current", headers=right, timeout=TIMEOUT)
    for method, path in routes(central_url):
        if (method, path) in PUBLIC or (method, path) == ENROLLMENT:
            continue
        unknown = send(central_url, method, path, stranger)
        assert unknown.status_code == 401, (method, path, unknown.text)
        if (method, path) in DESK_ONLY:
            continue
        ended = send(central_url, method, path, right)
        assert ended.status_code == 401, (method, path, ended.text)
        if method != "HEAD":
            assert ended.json()["reason"] == "session_ended"


def test_the_right_credentials_get_past_the_door_on_every_route(central_url: str) -> None:
    from tests.central_auth import central_for

    server = central_for(central_url)
    assert server is not None
    right = register(server)
    logout = ("DELETE", "/api/v1/sessions/current")
    for method, path in sorted(routes(central_url), key=lambda route: route == logout):
        if (method, path) in PUBLIC or (method, path) == ENROLLMENT:
            continue
        answer = send(central_url, method, path, right)
        # Whatever the body's mistakes (an empty one here), never "who are you?".
        assert answer.status_code not in (401, 403), (method, path, answer.text)


def test_a_second_desk_claiming_an_enrolled_station_is_refused(central_url: str) -> None:
    from tests.central_auth import central_for

    server = central_for(central_url)
    assert server is not None
    code = enrollment_code(server, "34-07", TEST_UNIT)
    first = requests.post(central_url + "/api/v1/enrollments", json={"machine": "masa-1"},
                          headers={"X-BIMER-Enrollment-Code": code}, timeout=TIMEOUT)
    assert first.status_code == 201 and first.json()["station_code"] == "34-07"
    replay = requests.post(central_url + "/api/v1/enrollments", json={"machine": "masa-2"},
                           headers={"X-BIMER-Enrollment-Code": code}, timeout=TIMEOUT)
    assert replay.status_code == 409
    assert "başka bir masaya kayıtlı" in replay.json()["detail"]
    # Nor does the coordinator get a second code for it: only a re-enrollment, which
    # revokes the first desk (a replaced PC).
    with pytest.raises(AccountError, match="reenroll 34-07"):
        server.accounts.new_code("34-07")
    # The first desk still works.
    desk = {"X-BIMER-Desk": first.json()["desk_credential"]}
    assert requests.get(central_url + "/api/v1/sessions/current", headers=desk,
                        timeout=TIMEOUT).json()["reason"] == "login_required"


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_gets_exactly_the_routes_its_permissions_name(central_url: str,
                                                                role: Role) -> None:
    """Route × role, from the permission each operation declares in /openapi.json
    (``x-bimer-permission``) and ROLE_PERMISSIONS — the table of docs/security.md."""
    from tests.central_auth import central_for, log_in

    server = central_for(central_url)
    assert server is not None
    desk = {"X-BIMER-Desk": register(server)["X-BIMER-Desk"]}
    headers = {**desk, **log_in(server, desk, f"rol-{role.value}", frozenset({role}))}
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()
    logout = ("DELETE", "/api/v1/sessions/current")
    operations = sorted(((method.upper(), path, operation.get("x-bimer-permission"))
                         for path, by_method in document["paths"].items()
                         for method, operation in by_method.items()),
                        key=lambda item: item[:2] == logout)  # ending the session last
    allowed, refused = [], []
    for method, path, declared in operations:
        if declared not in set(Permission):
            continue  # public, desk-only and enrollment routes: the tests above
        answer = send(central_url, method, path, headers)
        if Permission(declared) in ROLE_PERMISSIONS[role]:
            assert answer.status_code not in (401, 403), (role, method, path, answer.text)
            allowed.append((method, path))
        else:
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            if method != "HEAD":
                assert answer.json()["reason"] == "forbidden"
            refused.append((method, path))
    assert logout in allowed  # every role manages its own session
    takes_applications = Permission.INTAKE in ROLE_PERMISSIONS[role]
    assert (("POST", "/api/v1/applications") in allowed) is takes_applications
    assert len(allowed) + len(refused) >= 13
