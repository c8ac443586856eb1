"""Training mode sets itself up: the in-process central service registers the desk's
station, enrolls the desk and logs its clerk in, with no coordinator and no login screen.

The training clerk is ``egitim`` ("Eğitim Kullanıcısı", a Kullanıcı) unless the desk was
started for another username; every training clerk's password is ``TRAINING_PASSWORD``
(docs/security.md), so lock and switch of user can be practised too.
"""

from __future__ import annotations

import logging
import socket

from bimer_central.accounts import AccountError
from bimer_central.server import CentralServer
from models.roles import Role
from services.auth import AuthService, Clerk, LoginStatus
from services.central_client import CentralClient

log = logging.getLogger("bimer.training")

TRAINING_USERNAME = "egitim"
TRAINING_NAME = "Eğitim Kullanıcısı"  # i18n: not shown (a person's name)
TRAINING_PASSWORD = "egitim-masasi-2026"
# Ankara Valiliği in the bundled sample institutions (resources/reference/institutions.json).
TRAINING_UNIT = "10000023"


def training_clerk(username: str = "") -> Clerk:
    username = username or TRAINING_USERNAME
    name = TRAINING_NAME if username == TRAINING_USERNAME else username
    return Clerk(username, name, (Role.CLERK,), TRAINING_UNIT)


def enroll_training_desk(server: CentralServer, client: CentralClient, auth: AuthService,
                         station_code: str) -> None:
    """Register the station at the training centre (again after every start: the desk's
    previous credential is revoked), enroll, make sure the clerk exists, log in."""
    accounts = server.accounts
    try:
        issued = accounts.add_station(station_code, TRAINING_UNIT)
    except AccountError:
        issued = accounts.reenroll(station_code)
    answer = client.enroll(issued.code, socket.gethostname())
    credential = (answer.body or {}).get("desk_credential")
    if not answer.ok or not isinstance(credential, str):
        raise RuntimeError(f"training enrollment failed: {answer.message}")
    client.auth.set_credential(credential)
    current = auth.current
    clerk = current.clerk if current else training_clerk()
    tckn = accounts.ensure_user(clerk.username, clerk.name, TRAINING_UNIT,
                                frozenset({Role.CLERK}), TRAINING_PASSWORD)
    outcome = auth.login(tckn, TRAINING_PASSWORD, save_token=False)
    if outcome.status is not LoginStatus.OK:
        raise RuntimeError(f"training login failed: {outcome.message}")
    log.info("training desk enrolled and its clerk logged in")



