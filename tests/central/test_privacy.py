"""KVKK: nothing a citizen wrote may reach the service's log."""

from __future__ import annotations

import logging

import pytest
import requests

from tests.central.payloads import APPLICATIONS_PATH, envelope, key_header
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
