"""Enrolling a desk: the coordinator's one-time code, sent once to the central service, buys
this desk's own credential and the station it is bound to (docs/security.md).

Used by ``Desk.enroll`` (the ``enroll`` command) and by the first-run wizard, which enrolls
before the data folder exists and stores the credential when the wizard finishes.
"""

from __future__ import annotations

import socket

from models.i18n import _
from services.central_client import CentralClient, CentralSetupError
from services.credentials import DeskCredential


def request_enrollment(central_url: str, code: str, *, ca_bundle: str | None = None,
                       allow_insecure_http: bool = False) -> DeskCredential | str:
    """The credential the service issued for ``code``, or the Turkish reason it refused.
    A network call: a worker thread only. Nothing is stored here."""
    if not code.strip():
        return _("Koordinatörün verdiği kayıt kodunu yazın.")
    try:
        client = CentralClient(central_url, ca_bundle=ca_bundle,
                               allow_insecure_http=allow_insecure_http)
    except CentralSetupError as error:
        return str(error)
    try:
        answer = client.enroll(code, socket.gethostname())
    finally:
        client.close()
    body = answer.body or {}
    credential = body.get("desk_credential")
    if not answer.ok or not isinstance(credential, str):
        return answer.message or _("Masa kaydedilemedi. Adresi ve kodu kontrol edin.")
    return DeskCredential(central_url.rstrip("/"), str(body.get("station_code", "")),
                          str(body.get("unit", "")), str(body.get("unit_name", "")),
                          credential, client.last_central_id or "")
