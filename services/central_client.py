"""The central service's HTTP API as the desk uses it, with every answer classified.

Every response is one of three outcomes (DESIGN.md, "Outbox and sync"): DONE, RETRY
(network trouble, timeouts, 5xx, 429, a body that is not the JSON we expect) or
QUARANTINED (any other 4xx: the service looked at the application and refused it).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import quote

import requests

from models.auth_reasons import AuthReason, in_desk_language, parse_reason
from models.i18n import _, format_number
from services.transport_security import ca_bundle_problem, insecure_url_problem

log = logging.getLogger("bimer.central")

# (connect, read) seconds: a desk on a dead link must learn it quickly, a slow service
# still gets time to answer.
DEFAULT_TIMEOUT = (3.05, 20.0)
# The applicant's history is asked while the clerk types: a late answer is no answer.
HISTORY_TIMEOUT = (1.5, 4.0)
# "Bağlantıyı sına" in the first-run wizard: a person waits for the answer.
HEALTH_CHECK_TIMEOUT = (3.05, 5.0)

# urllib3 logs every request line at DEBUG, and the history's URL carries the applicant's
# T.C. Kimlik No (KVKK: never in a log). These are the loggers that print URLs.
URL_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.poolmanager",
               "urllib3.util.retry")
_APPLICANT_SEGMENT = re.compile(r"/applicants/[^/\s\"'?#]*")
_ID_NUMBER = re.compile(r"(?<!\d)\d{11}(?!\d)")


class RedactIdNumbers(logging.Filter):
    """Rewrites a record so that no applicant path segment or 11-digit run survives."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _ID_NUMBER.sub("*" * 11, _APPLICANT_SEGMENT.sub("/applicants/***", message))
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_REDACT_ID_NUMBERS = RedactIdNumbers()


def keep_id_numbers_out_of_http_logs() -> None:
    """Attach the redacting filter to urllib3's URL-logging loggers (idempotent).

    A filter on a logger sees every record created there, whichever handler (a file, the
    console, pytest's caplog) takes it afterwards.
    """
    for name in URL_LOGGERS:
        logging.getLogger(name).addFilter(_REDACT_ID_NUMBERS)


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"
    QUARANTINED = "quarantined"
    # 401/403 about who is sending (an ended session, a revoked desk, a role): nothing is
    # wrong with the item; the drain stops and the item waits, as it was, for a login.
    PAUSED = "paused"


DESK_HEADER = "X-BIMER-Desk"
ENROLLMENT_HEADER = "X-BIMER-Enrollment-Code"


class CentralSetupError(ValueError):
    """The settings do not let the desk talk to the central service at all (the address, the
    CA file); the message is Turkish, one line, for the person who can fix the settings."""


class InsecureCentralUrl(CentralSetupError):
    """A plain ``http://`` address that is not this computer; the message is Turkish."""


class MissingCaBundle(CentralSetupError):
    """``ca_bundle`` names a file that is not there (or cannot be read)."""


class CentralChanged(requests.RequestException):
    """The answer came from a central database other than the one this desk recorded
    (``services/central_identity.py``); ``message`` is Turkish. A RequestException, so
    that every caller already treats it as "no usable answer"; the outbox turns it into a
    pause with this message (``_unreachable``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Every answer of the central service names its database (bimer_central/identity.py).
CENTRAL_ID_HEADER = "X-BIMER-Central-Id"
# The central number an application sent again already holds (bimer_central/routes.py).
HELD_NUMBER_HEADER = "X-BIMER-Held-Central-Number"
HELD_UP_TO_HEADER = "X-BIMER-Held-Up-To"
# Sent with every request that carries the desk's data: the database the desk expects.
# Another database refuses it (412) before any route runs (bimer_central/identity.py), so
# not even the first request of a sync reaches it.
EXPECT_CENTRAL_HEADER = "X-BIMER-Expect-Central-Id"


class IdentityCheck(Protocol):
    """The central database the desk knows (``services/central_identity.py``)."""

    @property
    def known(self) -> str | None: ...

    def check(self, seen: str | None) -> str | None:
        """None when an answer naming database ``seen`` (None: the service does not say)
        may be used, else the Turkish reason it may not."""


class DeskAuth:
    """The credentials every request carries: the desk's (``X-BIMER-Desk``, from its
    enrollment) and the logged-in clerk's session token (``Authorization: Bearer``).
    Shared by the desk's one client and whoever logs in; thread-safe."""

    def __init__(self, credential: str | None = None, token: str | None = None) -> None:
        self._lock = threading.Lock()
        self._credential = credential
        self._token = token

    @property
    def credential(self) -> str | None:
        with self._lock:
            return self._credential

    @property
    def token(self) -> str | None:
        with self._lock:
            return self._token

    def set_credential(self, credential: str | None) -> None:
        with self._lock:
            self._credential = credential

    def set_token(self, token: str | None) -> None:
        with self._lock:
            self._token = token

    def headers(self) -> dict[str, str]:
        with self._lock:
            headers = {}
            if self._credential:
                headers[DESK_HEADER] = self._credential
            if self._token:
                headers["Authorization"] = f"Bearer {self._token}"
            return headers


@dataclass(frozen=True)
class HealthCheck:
    """The answer to "is the central service there?": ``message`` is Turkish, for a person."""

    ok: bool
    message: str


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    status: int | None
    message: str
    central_number: str | None = None
    retry_after: float | None = None
    reason: AuthReason | None = None  # why a 401/403 (PAUSED, or QUARANTINED)
    # A forward's answer: the movements the service recorded (plain JSON objects).
    movements: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class AnchorResult:
    """The service's answer to a desk's audit events: how far it holds the chain (DONE), or
    where the chain it holds and the desk's part (QUARANTINED, ``broken_at``)."""

    outcome: Outcome
    status: int | None
    message: str
    anchored_through: int | None = None
    broken_at: int | None = None


@dataclass(frozen=True)
class AuthAnswer:
    """An answer of the enrollment and login routes: ``ok`` with its body, else the Turkish
    ``message``; ``reachable`` False when the service could not be asked at all."""

    ok: bool
    status: int | None
    message: str
    body: dict[str, Any] | None = None
    reason: AuthReason | None = None
    reachable: bool = True
    retry_after: float | None = None


class FetchStatus(StrEnum):
    UPDATED = "updated"  # 200: a new document, in ``body``
    NOT_MODIFIED = "not_modified"  # 304: the copy the desk holds is current
    UNAVAILABLE = "unavailable"  # no usable answer now (network, 5xx, a broken body, ...)


@dataclass(frozen=True)
class ReferenceFetch:
    status: FetchStatus
    http_status: int | None
    etag: str | None = None
    body: dict[str, Any] | None = None


@dataclass(frozen=True)
class NumberBlock:
    """Central numbers the service reserved for this station, in order."""

    numbers: tuple[str, ...]
    expires_at: datetime


@dataclass(frozen=True)
class BlockResult:
    outcome: Outcome
    status: int | None
    message: str
    block: NumberBlock | None = None


class CentralClient:
    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        ca_bundle: str | None = None,
        auth: DeskAuth | None = None,
        allow_insecure_http: bool = False,
        identity: IdentityCheck | None = None,
    ) -> None:
        problem = insecure_url_problem(base_url, allow_insecure_http=allow_insecure_http)
        if problem:
            raise InsecureCentralUrl(problem)
        ca_problem = ca_bundle_problem(ca_bundle)
        if ca_problem:
            raise MissingCaBundle(ca_problem)
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        # TLS verification is never switched off; a private CA is added, not trusted blindly.
        self._session.verify = ca_bundle or True
        # Given with every request too: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in
        # the environment override a session's ``verify``, which would drop the private CA.
        # A per-request path wins over them (Session.merge_environment_settings consults the
        # environment only for ``verify=True``): the setting is what the desk trusts. With
        # no ``ca_bundle``, the environment's bundle (or certifi's) applies, as documented.
        self._verify: str | bool = ca_bundle or True
        self._timeout = timeout
        self.auth = auth or DeskAuth()
        self._identity = identity
        # The database the last answer named (enrolment records it; rehome adopts it).
        self.last_central_id: str | None = None
        keep_id_numbers_out_of_http_logs()

    def _call(self, method: str, path: str, *, timeout: tuple[float, float] | None = None,
              headers: dict[str, str] | None = None, check_identity: bool = True,
              **options: Any) -> requests.Response:
        """One request with the desk's and the clerk's credentials. Its answer is used only
        if it comes from the central database this desk knows (``CentralChanged`` else);
        ``check_identity`` False for enrolment, login and health, which send nothing of the
        desk's and are how a desk moved to another centre reaches it (``rehome``)."""
        sent = {**self.auth.headers(), **(headers or {})}
        expected = self._identity.known if check_identity and self._identity else None
        if expected:
            sent[EXPECT_CENTRAL_HEADER] = expected
        response = self._session.request(method, f"{self.base_url}{path}", headers=sent,
                                         timeout=timeout or self._timeout,
                                         verify=self._verify, **options)
        seen = response.headers.get(CENTRAL_ID_HEADER) or None
        if seen:
            self.last_central_id = seen
        if check_identity and self._identity is not None:
            problem = self._identity.check(seen)
            if problem:
                response.close()
                raise CentralChanged(problem)
        return response

    def close(self) -> None:
        self._session.close()

    def health(self) -> bool:
        try:
            response = self._call("GET", "/api/v1/health", check_identity=False)
        except requests.RequestException:
            return False
        return response.status_code == 200

    def check_health(
        self, *, timeout: tuple[float, float] = HEALTH_CHECK_TIMEOUT
    ) -> HealthCheck:
        """``GET /api/v1/health``, with what went wrong said in words (wizard, settings)."""
        try:
            response = self._session.get(f"{self.base_url}/api/v1/health", timeout=timeout,
                                         verify=self._verify)
        except requests.exceptions.SSLError:
            return HealthCheck(False, _("Güvenli bağlantı kurulamadı: merkezin sertifikası "
                                        "doğrulanamadı. Adresi kontrol edin; kurumun kendi "
                                        "sertifika otoritesi varsa onun dosyasını seçin."))
        except requests.Timeout:
            return HealthCheck(False, _("Merkez {seconds} saniye içinde cevap vermedi. "
                                        "Adresi ve ağ bağlantısını kontrol edin.").format(
                seconds=format_number(round(timeout[0] + timeout[1]))))
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema):
            return HealthCheck(False, _("Adres anlaşılamadı. Örnek: "
                                        "https://bimer.kurum.gov.tr"))
        except requests.ConnectionError:
            return HealthCheck(False, _("Merkeze bağlanılamadı: adres ya da port yanlış, "
                                        "merkez çalışmıyor ya da ağ bağlantısı yok."))
        except requests.RequestException as error:
            log.info("health check failed: %s", type(error).__name__)
            return HealthCheck(False, _("Merkeze bağlanılamadı."))
        except OSError:  # not a RequestException: requests opens the CA bundle only now
            return HealthCheck(False, _("Sertifika otoritesi dosyası okunamadı."))
        body = _json_or_none(response)
        if response.status_code != 200 or not body or body.get("status") != "ok":
            return HealthCheck(False, _("Bu adreste BİMER merkezi cevap vermiyor (HTTP "
                                        "{status}). Adresi kontrol edin.").format(
                status=response.status_code))
        return HealthCheck(True, _("Bağlantı kuruldu: merkez çalışıyor."))

    def central_changed(self) -> SubmitResult | None:
        """Before anything is sent: ``GET /api/v1/health``. None when the service answers
        and is the central database this desk knows; a pause with the Turkish reason when it
        is another; a RETRY without status when it cannot be reached. The check on every
        answer comes too late for the first request of a drain: the other database would
        already hold what it carried."""
        try:
            response = self._call("GET", "/api/v1/health")
        except requests.RequestException as error:
            return _unreachable(error)
        response.close()
        if response.status_code != 200:
            return SubmitResult(Outcome.RETRY, None, _busy(response.status_code))
        return None

    def submit_application(self, key: str, envelope: dict[str, Any], *,
                           held_central_number: str | None = None,
                           held_up_to: str | None = None) -> SubmitResult:
        """``held_central_number``: the number the application already holds (sent again
        after ``rehome``); the service keeps it when no other application has it.
        ``held_up_to``: the highest number held by applications still to be sent again;
        the service issues no number up to it now."""
        headers = {"Idempotency-Key": key}
        if held_central_number:
            headers[HELD_NUMBER_HEADER] = held_central_number
        if held_up_to:
            headers[HELD_UP_TO_HEADER] = held_up_to
        try:
            response = self._call("POST", "/api/v1/applications", json=envelope,
                                  headers=headers)
        except requests.RequestException as error:
            return _unreachable(error)
        return classify(response)

    def submit_forward(self, central_number: str, key: str, payload: dict[str, Any]
                       ) -> SubmitResult:
        """``POST /api/v1/applications/{central_number}/forwards`` under ``key`` (the
        forward's UUID): DONE with the movements the service recorded, or as ``classify``
        says (a refused forward — a do-not-send unit, say — is QUARANTINED)."""
        try:
            response = self._call(
                "POST", f"/api/v1/applications/{quote(central_number, safe='')}/forwards",
                json=payload, headers={"Idempotency-Key": key})
        except requests.RequestException as error:
            return _unreachable(error)
        return classify_forward(response)

    def send_blob(self, sha256: str, media_type: str, read: Callable[[], bytes]) -> SubmitResult:
        """Make sure the service holds the blob ``sha256``: ``HEAD``, then ``PUT`` only if
        it answers 404. ``read`` gives the bytes (it is not called when the service has
        them; whatever it raises propagates). The service verifies the hash of what it
        receives: a 422 means the bytes were not what their name says.
        """
        path = f"/api/v1/blobs/{sha256}"
        try:
            head = self._call("HEAD", path)
        except requests.RequestException as error:
            return _unreachable(error)
        if head.status_code == 200:
            return SubmitResult(Outcome.DONE, 200, _("Ek merkezde zaten vardı."))
        if head.status_code != 404:
            return classify_blob(head)
        data = read()
        try:
            response = self._call("PUT", path, data=data, headers={"Content-Type": media_type})
        except requests.RequestException as error:
            return _unreachable(error)
        return classify_blob(response)

    def fetch_reference(self, name: str, etag: str | None) -> ReferenceFetch:
        """``GET /api/v1/reference/{name}`` with ``If-None-Match: etag`` when the desk holds
        a copy. Never raises for network trouble: that is ``UNAVAILABLE``."""
        headers = {"If-None-Match": etag} if etag else {}
        try:
            response = self._call("GET", f"/api/v1/reference/{quote(name)}", headers=headers)
        except requests.RequestException as error:
            log.info("reference %s unavailable: %s", name, type(error).__name__)
            return ReferenceFetch(FetchStatus.UNAVAILABLE, None)
        status = response.status_code
        if status == 304:
            return ReferenceFetch(FetchStatus.NOT_MODIFIED, status,
                                  response.headers.get("ETag") or etag)
        body = _json_or_none(response) if status == 200 else None
        new_etag = response.headers.get("ETag")
        if body is None or not new_etag:
            log.info("reference %s unavailable: HTTP %d", name, status)
            return ReferenceFetch(FetchStatus.UNAVAILABLE, status)
        return ReferenceFetch(FetchStatus.UPDATED, status, new_etag, body)

    def reserve_numbers(self, key: str, station_code: str, count: int) -> BlockResult:
        """``POST /api/v1/number-blocks``: reserve ``count`` central numbers ahead. Sent
        again with the same ``key`` (after a timeout, say) it returns the same block."""
        try:
            response = self._call("POST", "/api/v1/number-blocks",
                                  json={"station_code": station_code, "count": count},
                                  headers={"Idempotency-Key": key})
        except requests.RequestException as error:
            unreachable = _unreachable(error)
            return BlockResult(unreachable.outcome, None, unreachable.message)
        status = response.status_code
        body = _json_or_none(response)
        if status in (200, 201):
            block = _number_block(body)
            if block is not None:
                return BlockResult(Outcome.DONE, status, _("Numara bloğu ayrıldı."), block)
            return BlockResult(Outcome.RETRY, status, _broken_answer())
        if status == 429 or status >= 500:
            return BlockResult(Outcome.RETRY, status, _busy(status))
        refused = auth_refusal(status, body)
        if refused is not None:
            return BlockResult(refused.outcome, status, refused.message)
        return BlockResult(Outcome.QUARANTINED, status, _refusal_message(status, body))

    def anchor_audit_events(self, events: list[dict[str, Any]]) -> AnchorResult:
        """``POST /api/v1/audit-events``: this desk's audit events after the last one the
        service holds. Sent again after a lost answer, the same events are a replay."""
        try:
            response = self._call("POST", "/api/v1/audit-events", json={"events": events})
        except requests.RequestException as error:
            unreachable = _unreachable(error)
            return AnchorResult(unreachable.outcome, None, unreachable.message)
        status = response.status_code
        body = _json_or_none(response)
        if status == 200 and body and isinstance(body.get("anchored_through"), int):
            return AnchorResult(Outcome.DONE, status, "", int(body["anchored_through"]))
        if status == 409 and body and body.get("reason") == "audit_chain_broken":
            event_id = body.get("event_id")
            detail = body.get("detail")
            return AnchorResult(Outcome.QUARANTINED, status,
                                detail if isinstance(detail, str) else _broken_answer(),
                                broken_at=event_id if isinstance(event_id, int) else None)
        refused = auth_refusal(status, body)
        if refused is not None:
            return AnchorResult(Outcome.PAUSED, status, refused.message)
        return AnchorResult(Outcome.RETRY, status, _busy(status))

    def get_application(self, central_number: str) -> dict[str, Any] | None:
        response = self._call("GET", f"/api/v1/applications/{quote(central_number)}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def applicant_history(
        self, tckn: str, *, timeout: tuple[float, float] = HISTORY_TIMEOUT
    ) -> list[dict[str, Any]] | None:
        """The applicant's applications the central service knows, newest first, as the
        API gives them; None if it cannot say now (unreachable, timeout, 5xx, an answer
        that is not the expected JSON). Never raises for network trouble, never logs the
        ID number.
        """
        try:
            # The ID number in the body, never in the address (proxies log addresses).
            response = self._call("POST", "/api/v1/applicant-history", json={"tckn": tckn},
                                  timeout=timeout)
        except requests.RequestException as error:
            log.info("applicant history unavailable: %s", type(error).__name__)
            return None
        if response.status_code != 200:
            log.info("applicant history unavailable: HTTP %d", response.status_code)
            return None
        body = _json_or_none(response)
        applications = body.get("applications") if body else None
        if not isinstance(applications, list) or not all(
            isinstance(item, dict) for item in applications
        ):
            log.info("applicant history unavailable: unexpected answer")
            return None
        return applications


    # ----- enrollment and sessions -------------------------------------------------------

    def enroll(self, code: str, machine: str,
               *, timeout: tuple[float, float] = HEALTH_CHECK_TIMEOUT) -> AuthAnswer:
        """``POST /api/v1/enrollments`` with the coordinator's one-time code."""
        return self._auth_call("POST", "/api/v1/enrollments", {"machine": machine[:100]},
                               headers={ENROLLMENT_HEADER: code.strip()}, timeout=timeout)

    def login(self, tckn: str, password: str) -> AuthAnswer:
        """``POST /api/v1/sessions``; on success ``body`` holds the token and the clerk."""
        return self._auth_call("POST", "/api/v1/sessions",
                               {"tckn": tckn, "password": password},
                               timeout=HEALTH_CHECK_TIMEOUT)

    def current_session(self) -> AuthAnswer:
        return self._auth_call("GET", "/api/v1/sessions/current", None)

    def logout(self) -> AuthAnswer:
        return self._auth_call("DELETE", "/api/v1/sessions/current", None,
                               timeout=HEALTH_CHECK_TIMEOUT)

    def change_password(self, current: str, new: str) -> AuthAnswer:
        return self._auth_call("POST", "/api/v1/sessions/current/password",
                               {"current_password": current, "new_password": new})

    def forgot_password(self, tckn: str) -> AuthAnswer:
        return self._auth_call("POST", "/api/v1/password-resets", {"tckn": tckn},
                               timeout=HEALTH_CHECK_TIMEOUT)

    def _auth_call(self, method: str, path: str, body: dict[str, Any] | None, *,
                   headers: dict[str, str] | None = None,
                   timeout: tuple[float, float] | None = None) -> AuthAnswer:
        try:
            response = self._call(method, path, json=body, headers=headers, timeout=timeout,
                                  check_identity=False)
        except requests.exceptions.SSLError:
            return AuthAnswer(False, None, _("Güvenli bağlantı kurulamadı: merkezin sertifikası "
                                             "doğrulanamadı."), reachable=False)
        except requests.RequestException as error:
            log.info("%s %s unreachable: %s", method, path, type(error).__name__)
            return AuthAnswer(False, None, _("Merkeze bağlanılamadı."), reachable=False)
        status = response.status_code
        answer = _json_or_none(response)
        if 200 <= status < 300:
            return AuthAnswer(True, status, "", answer or {})
        if status >= 500:
            return AuthAnswer(False, status, _busy(status), reachable=False)
        detail = answer.get("detail") if answer else None
        reason = parse_reason(answer.get("reason")) if answer else None
        message = in_desk_language(reason, detail) if isinstance(detail, str) and detail \
            else _refusal_message(status, answer)
        return AuthAnswer(False, status, message, answer, reason,
                          retry_after=_retry_after(response))


def auth_refusal(status: int, body: dict[str, Any] | None) -> SubmitResult | None:
    """A 401/403 that names why: paused (who sends), or quarantined (what one item says)."""
    if status not in (401, 403):
        return None
    reason = parse_reason(body.get("reason")) if body else None
    if reason is None:
        return None
    detail = body.get("detail") if body else None
    message = in_desk_language(reason, detail) if isinstance(detail, str) and detail else \
        _("Merkez bu masayı ya da kullanıcıyı kabul etmedi (HTTP {status}).").format(
            status=status)
    outcome = Outcome.QUARANTINED if reason.about_one_application else Outcome.PAUSED
    return SubmitResult(outcome, status, message, reason=reason)


def classify(response: requests.Response) -> SubmitResult:
    status = response.status_code
    body = _json_or_none(response)
    if status in (200, 201):
        number = body.get("central_number") if body else None
        if isinstance(number, str) and number:
            # The service's number is the truth; when it could not honour the reserved one
            # the desk printed, the clerk is told why (the service words it in Turkish).
            refused = body.get("reserved_number_refused") if body else None
            message = _("Merkeze ulaştı.")
            if isinstance(refused, str) and refused:
                message = f"{message} {refused}"
            return SubmitResult(Outcome.DONE, status, message, central_number=number)
        return SubmitResult(Outcome.RETRY, status, _broken_answer())
    if status == 429 or status >= 500:
        return SubmitResult(
            Outcome.RETRY,
            status,
            _busy(status),
            retry_after=_retry_after(response),
        )
    refused = auth_refusal(status, body)
    if refused is not None:
        return refused
    return SubmitResult(Outcome.QUARANTINED, status, _refusal_message(status, body))


def classify_forward(response: requests.Response) -> SubmitResult:
    """An answer to a forward: DONE only with a movements list whose every row has the
    fields the desk stores."""
    status = response.status_code
    body = _json_or_none(response)
    if status in (200, 201):
        movements = body.get("movements") if body else None
        if isinstance(movements, list) and movements and all(
                isinstance(m, dict) and set(m) >= _MOVEMENT_FIELDS for m in movements):
            return SubmitResult(Outcome.DONE, status, _("Sevk merkeze ulaştı."),
                                movements=tuple(movements))
        return SubmitResult(Outcome.RETRY, status, _broken_answer())
    if status == 429 or status >= 500:
        return SubmitResult(Outcome.RETRY, status, _busy(status),
                            retry_after=_retry_after(response))
    refused = auth_refusal(status, body)
    if refused is not None:
        return refused
    message = _refusal_message(status, body).replace(
        _("Merkez başvuruyu reddetti (HTTP {status}).").format(status=status),
        _("Merkez sevki reddetti (HTTP {status}).").format(status=status))
    return SubmitResult(Outcome.QUARANTINED, status, message)


_MOVEMENT_FIELDS = frozenset({"from_unit", "from_name", "at", "to_unit", "to_name", "kind",
                              "priority", "note"})


def classify_blob(response: requests.Response) -> SubmitResult:
    """An answer to ``HEAD`` or ``PUT /api/v1/blobs/{sha256}``, as one of the outcomes."""
    status = response.status_code
    if status in (200, 201):
        return SubmitResult(Outcome.DONE, status, _("Ek merkeze ulaştı."))
    if status == 429 or status >= 500:
        return SubmitResult(
            Outcome.RETRY,
            status,
            _busy(status),
            retry_after=_retry_after(response),
        )
    body = _json_or_none(response)
    refused = auth_refusal(status, body)
    if refused is not None:
        return refused
    detail = body.get("detail") if body else None
    if status == 413:
        reason = _("Ek, merkezin kabul ettiği dosya boyutunu aşıyor.")
    else:
        reason = _("Merkez eki reddetti (HTTP {status}).").format(status=status)
    if isinstance(detail, str) and detail:
        reason = f"{reason} {detail}"
    return SubmitResult(Outcome.QUARANTINED, status, reason)


def _unreachable(error: requests.RequestException) -> SubmitResult:
    if isinstance(error, CentralChanged):
        # Not this item's fault, nor the network's: nothing more goes until rehome.
        return SubmitResult(Outcome.PAUSED, None, error.message,
                            reason=AuthReason.CENTRAL_CHANGED)
    if isinstance(error, requests.Timeout):
        return SubmitResult(Outcome.RETRY, None, _("Merkez zamanında cevap vermedi."))
    log.info("central service unreachable: %s", type(error).__name__)
    return SubmitResult(Outcome.RETRY, None, _("Merkeze bağlanılamadı."))


def _broken_answer() -> str:
    return _("Merkezin cevabı eksik ya da bozuk geldi.")


def _busy(status: int) -> str:
    return _("Merkez şu an cevap veremiyor (HTTP {status}).").format(status=status)


def _json_or_none(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _number_block(body: dict[str, Any] | None) -> NumberBlock | None:
    if body is None:
        return None
    numbers, expires = body.get("numbers"), body.get("expires_at")
    if not isinstance(numbers, list) or not numbers or not isinstance(expires, str):
        return None
    if not all(isinstance(n, str) and 0 < len(n) <= 32 for n in numbers):
        return None
    try:
        expires_at = datetime.fromisoformat(expires)
    except ValueError:
        return None
    if expires_at.tzinfo is None:
        return None
    return NumberBlock(tuple(numbers), expires_at)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _refusal_message(status: int, body: dict[str, Any] | None) -> str:
    refused = _("Merkez başvuruyu reddetti (HTTP {status}).").format(status=status)
    if not body:
        return refused
    parts = []
    detail = body.get("detail")
    if isinstance(detail, str):
        parts.append(detail)
    errors = body.get("errors")
    if isinstance(errors, dict):
        parts.extend(f"{field}: {message}" for field, message in errors.items())
    return " ".join(parts) or refused
