"""docs/security.md's authorization table says what models/roles.py ROLE_PERMISSIONS and the
routes enforce: for every row naming a route, each role's cell (✔ or a scope: allowed; —:
refused) agrees with whether that role has the permission the route declares in the
service's own OpenAPI document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from bimer_central.authorization import PERMISSION_KEY
from models.roles import ROLE_PERMISSIONS, Permission, Role

pytestmark = pytest.mark.anonymous

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = (Role.CLERK, Role.COORDINATOR, Role.GENERAL_COORDINATOR, Role.APPROVER,
           Role.MANAGER)
ALLOWED = {"✔", "station", "unit", "all"}
_SPEC = re.compile(r"`([A-Z/]+) (/api/v1/[^`\s]+)`")


def table_rows() -> list[tuple[str, str, list[str]]]:
    """(method, path, the five role cells) of every row whose cells are ✔/—/a scope."""
    text = (ROOT / "docs" / "security.md").read_text("utf-8")
    table = text[text.index("### Authorization table"):]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not all(c in ALLOWED | {"—"} for c in cells[1:]):
            continue
        match = _SPEC.search(cells[0])
        if match is None:
            continue
        method = match.group(1).split("/")[0]
        rows.append((method, match.group(2), cells[1:]))
    return rows


def test_the_table_is_the_roles_permissions(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=10).json()
    rows = table_rows()
    assert len(rows) >= 8
    checked = set()
    for method, path, cells in rows:
        operation = document["paths"][path][method.lower()]
        permission = Permission(operation[PERMISSION_KEY])
        for role, cell in zip(COLUMNS, cells, strict=True):
            assert (cell in ALLOWED) == (permission in ROLE_PERMISSIONS[role]), (
                method, path, role, cell)
        checked.add(permission)
    assert Permission.FORWARD in checked
    assert ("POST", "/api/v1/applications/{central_number}/forwards") in {
        (m, p) for m, p, _cells in rows}
