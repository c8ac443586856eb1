"""KVKK: nothing a citizen wrote may reach the service's log."""

from __future__ import annotations

import json
import logging
import time

import pytest
import requests

from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header
from tests.conftest import VALID_TCKN


def test_no_identity_or_text_in_the_log(
    central_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = envelope(first_name="Zeynep", last_name="Karaçam", text="Gizli şikayet metni.")
    url = central_url + APPLICATIONS_PATH
    requests.post(url, json=body, headers=key_header(body), timeout=10)
    requests.post(url, json=body, headers=key_header(body), timeout=10)
    conflicting = envelope(body["uuid"], text="Değiştirilmiş gizli metin.")
    requests.post(url, json=conflicting, headers=key_header(body), timeout=10)
    invalid = envelope(first_name="Zeynep1")
    requests.post(url, json=invalid, headers=key_header(invalid), timeout=10)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (VALID_TCKN, "Zeynep", "Karaçam", "gizli", "Gizli"):
        assert secret not in logged
    # The structured access log did record the four requests (what, who, how it went);
    # each line is written once its answer has gone, so the last one may come a moment late.
    def statuses() -> list[int]:
        return [json.loads(record.getMessage())["status"] for record in caplog.records
                if record.name == "bimer.central.access"
                and json.loads(record.getMessage())["route"] == APPLICATIONS_PATH]

    deadline = time.monotonic() + 5
    while len(statuses()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert statuses() == [201, 201, 409, 422]


def test_history_lookups_leave_no_id_number_in_the_service_log(
    central_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = envelope()
    requests.post(central_url + APPLICATIONS_PATH, json=body, headers=key_header(body),
                  timeout=10)
    for tckn in (VALID_TCKN, "10000000147"):
        requests.post(f"{central_url}/api/v1/applicant-history", json={"tckn": tckn},
                      timeout=10)

    # urllib3 is this test's own HTTP client (the desk's client redacts it: see
    # tests/services/test_history.py); everything else is the service.
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if not record.name.startswith("urllib3"))
    for secret in (VALID_TCKN, "10000000147"):
        assert secret not in logged
