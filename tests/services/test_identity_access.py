"""One rule for hidden and masked identity (issue 13, item 2): the rule itself, the desk's
case detail with its audited reveal, and the central service's answers."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import AuditEvent
from models.identity_access import (
    IdentityAccess,
    IdentityLevel,
    Viewer,
    identity_access,
    identity_level,
    may_reveal,
)
from models.roles import Actor, CaseScope, Role
from models.samples import DENUNCIATION_SAMPLE, in_person_sample
from services.auth import Clerk, ClerkSession
from services.case_detail import RevealRefused

CLERK = Viewer("memur1", frozenset({Role.CLERK}))
OTHER_CLERK = Viewer("memur2", frozenset({Role.CLERK}))
MANAGER = Viewer("yonetici1", frozenset({Role.MANAGER}))
GENERAL = Viewer("genel1", frozenset({Role.GENERAL_COORDINATOR}))
NOBODY = Viewer("memur1")  # a name without a login: no role


def test_hidden_identity_is_for_the_one_who_hid_it_only_whatever_the_role() -> None:
    for viewer in (OTHER_CLERK, MANAGER, GENERAL):
        assert identity_level(viewer, hidden=True, hidden_by="memur1") is IdentityLevel.HIDDEN
        assert identity_level(viewer, hidden=True, hidden_by="memur1",
                              revealed=True) is IdentityLevel.HIDDEN
        assert not may_reveal(viewer, hidden=True, hidden_by="memur1")
    # The one who hid it sees it masked, like any other case, and may reveal it.
    assert identity_level(CLERK, hidden=True, hidden_by="memur1") is IdentityLevel.MASKED
    assert may_reveal(CLERK, hidden=True, hidden_by="memur1")
    assert identity_level(CLERK, hidden=True, hidden_by="memur1",
                          revealed=True) is IdentityLevel.FULL
    # An unknown hider is nobody: hidden for all.
    assert identity_level(CLERK, hidden=True, hidden_by="") is IdentityLevel.HIDDEN


def test_masked_by_default_revealed_only_for_a_role() -> None:
    for viewer in (CLERK, OTHER_CLERK, MANAGER, GENERAL):
        assert identity_level(viewer, hidden=False) is IdentityLevel.MASKED
        assert identity_level(viewer, hidden=False, revealed=True) is IdentityLevel.FULL
    assert not may_reveal(NOBODY, hidden=False)
    assert identity_level(NOBODY, hidden=False, revealed=True) is IdentityLevel.MASKED


def test_the_central_service_asks_the_same_rule() -> None:
    case = CaseScope("06-01", "U1", hide_identity=True, hidden_by="memur1")
    assert identity_access(Actor(frozenset({Role.CLERK}), "U1", "06-01", "memur1"),
                           case) is IdentityAccess.MASKED
    for roles, name in (({Role.MANAGER}, "yonetici1"), ({Role.GENERAL_COORDINATOR}, "genel1"),
                        ({Role.CLERK}, "memur2")):
        assert identity_access(Actor(frozenset(roles), "U1", "06-01", name),
                               case) is IdentityAccess.HIDDEN


def _as(desk: Desk, username: str, *roles: Role) -> None:
    desk.auth.sign_in(ClerkSession(Clerk(username, username, tuple(roles), ""), online=False))


def _reveals(desk: Desk) -> list[AuditEvent]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(
            AuditEvent.action == "identity.revealed")))


def test_the_detail_is_masked_and_every_reveal_is_audited(offline_desk: Desk) -> None:
    _as(offline_desk, "memur1", Role.CLERK)
    sample = in_person_sample()
    number = offline_desk.intake.save(sample, "memur1").station_number
    found = offline_desk.cases.find_one(number, offline_desk.viewer())
    assert found is not None
    _as(offline_desk, "memur2", Role.CLERK)
    viewer = offline_desk.viewer()
    assert viewer == Viewer("memur2", frozenset({Role.CLERK}))

    detail = offline_desk.case_details.get(found.id, viewer)
    assert detail is not None and detail.revealable and not detail.revealed
    shown = " ".join(value for _label, value in detail.identity_rows)
    assert sample.tckn not in shown and sample.first_name not in shown
    assert _reveals(offline_desk) == []

    revealed = offline_desk.case_details.reveal(found.id, viewer)
    assert revealed is not None and revealed.revealed
    shown = " ".join(value for _label, value in revealed.identity_rows)
    assert sample.tckn in shown and sample.first_name in shown
    [event] = _reveals(offline_desk)
    assert (event.user, event.application_id) == ("memur2", found.id)
    assert event.detail.startswith("screen fields=") and "tckn" in event.detail
    assert sample.tckn not in event.detail and sample.first_name not in event.detail
    assert event.at is not None and event.hash and event.prev_hash


def test_a_hidden_identity_cannot_be_revealed_by_anyone_else(offline_desk: Desk) -> None:
    _as(offline_desk, "memur1", Role.CLERK)
    number = offline_desk.intake.save(DENUNCIATION_SAMPLE, "memur1").station_number
    found = offline_desk.cases.find_one(number, offline_desk.viewer())
    assert found is not None
    for name, role in (("memur2", Role.CLERK), ("yonetici1", Role.MANAGER),
                       ("genel1", Role.GENERAL_COORDINATOR)):
        _as(offline_desk, name, role)
        detail = offline_desk.case_details.get(found.id, offline_desk.viewer())
        assert detail is not None and not detail.revealable
        assert [value for _label, value in detail.identity_rows] == ["Gizlenmiş"]
        with pytest.raises(RevealRefused):
            offline_desk.case_details.reveal(found.id, offline_desk.viewer())
    assert _reveals(offline_desk) == []
    # The clerk who hid it: masked, and may reveal (audited).
    _as(offline_desk, "memur1", Role.CLERK)
    detail = offline_desk.case_details.get(found.id, offline_desk.viewer())
    assert detail is not None and detail.revealable
    assert DENUNCIATION_SAMPLE.tckn not in str(detail.identity_rows)
    revealed = offline_desk.case_details.reveal(found.id, offline_desk.viewer())
    assert revealed is not None and DENUNCIATION_SAMPLE.tckn in str(revealed.identity_rows)
    assert [event.user for event in _reveals(offline_desk)] == ["memur1"]


def test_the_central_service_returns_a_hidden_identity_only_to_who_hid_it(desk: Desk) -> None:
    from models.entities import Application
    from tests.central_auth import central_for, log_in, register

    desk.intake.save(DENUNCIATION_SAMPLE, "memur1")
    desk.sync.drain_once()
    with desk.db.sessions() as session:
        central_number = session.scalars(select(Application.central_number)).one()
    assert central_number
    # The clerk who hid it (this desk's session) gets the identity ...
    mine = desk.central_client().get_application(central_number)
    assert mine is not None and mine["identity"] == "masked"
    assert mine["application"]["tckn"] == DENUNCIATION_SAMPLE.tckn
    # ... a Genel Koordinatör and a Yönetici, who read everything, do not.
    url = desk.config.settings.central_url
    server = central_for(url)
    assert server is not None
    path = f"{url}/api/v1/applications/{central_number}"
    station = {"X-BIMER-Desk": register(server, "06-09", "denetci")["X-BIMER-Desk"]}
    for name, role in (("genel1", Role.GENERAL_COORDINATOR), ("yonetici1", Role.MANAGER)):
        headers = {**station, **log_in(server, station, name, frozenset({role}))}
        answer = requests.get(path, headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
        assert answer.json()["identity"] == "hidden"
        assert DENUNCIATION_SAMPLE.tckn not in answer.text
        assert DENUNCIATION_SAMPLE.first_name not in answer.text
