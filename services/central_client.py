"""The central service's HTTP API as the desk uses it, with every answer classified.

Every response is one of three outcomes (DESIGN.md, "Outbox and sync"): DONE, RETRY
(network trouble, timeouts, 5xx, 429, a body that is not the JSON we expect) or
QUARANTINED (any other 4xx: the service looked at the application and refused it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import requests

log = logging.getLogger("bimer.central")

# (connect, read) seconds: a desk on a dead link must learn it quickly, a slow service
# still gets time to answer.
DEFAULT_TIMEOUT = (3.05, 20.0)


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"
    QUARANTINED = "quarantined"


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    status: int | None
    message: str
    central_number: str | None = None
    retry_after: float | None = None


class CentralClient:
    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        ca_bundle: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        # TLS verification is never switched off; a private CA is added, not trusted blindly.
        self._session.verify = ca_bundle or True
        self._timeout = timeout

    def close(self) -> None:
        self._session.close()

    def health(self) -> bool:
        try:
            response = self._session.get(f"{self.base_url}/api/v1/health", timeout=self._timeout)
        except requests.RequestException:
            return False
        return response.status_code == 200

    def submit_application(self, key: str, envelope: dict[str, Any]) -> SubmitResult:
        try:
            response = self._session.post(
                f"{self.base_url}/api/v1/applications",
                json=envelope,
                headers={"Idempotency-Key": key},
                timeout=self._timeout,
            )
        except requests.Timeout:
            return SubmitResult(Outcome.RETRY, None, "Merkez zamanında cevap vermedi.")
        except requests.RequestException as error:
            log.info("central service unreachable: %s", type(error).__name__)
            return SubmitResult(Outcome.RETRY, None, "Merkeze bağlanılamadı.")
        return classify(response)

    def get_application(self, central_number: str) -> dict[str, Any] | None:
        response = self._session.get(
            f"{self.base_url}/api/v1/applications/{central_number}", timeout=self._timeout
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


def classify(response: requests.Response) -> SubmitResult:
    status = response.status_code
    body = _json_or_none(response)
    if status in (200, 201):
        number = body.get("central_number") if body else None
        if isinstance(number, str) and number:
            return SubmitResult(Outcome.DONE, status, "Merkeze ulaştı.", central_number=number)
        return SubmitResult(Outcome.RETRY, status, "Merkezin cevabı eksik ya da bozuk geldi.")
    if status == 429 or status >= 500:
        return SubmitResult(
            Outcome.RETRY,
            status,
            f"Merkez şu an cevap veremiyor (HTTP {status}).",
            retry_after=_retry_after(response),
        )
    return SubmitResult(Outcome.QUARANTINED, status, _refusal_message(status, body))


def _json_or_none(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _refusal_message(status: int, body: dict[str, Any] | None) -> str:
    if not body:
        return f"Merkez başvuruyu reddetti (HTTP {status})."
    parts = []
    detail = body.get("detail")
    if isinstance(detail, str):
        parts.append(detail)
    errors = body.get("errors")
    if isinstance(errors, dict):
        parts.extend(f"{field}: {message}" for field, message in errors.items())
    return " ".join(parts) or f"Merkez başvuruyu reddetti (HTTP {status})."
