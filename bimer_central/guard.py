"""The service's outer layers (pure ASGI, so they act before any route reads a byte):

1. ``AccessLog`` — one structured line per request: method, route template, status,
   duration, station and user id. Never a path as sent, a query, a body or a header value.
2. ``BodyLimit`` — the request body is counted while it is read; past the route's limit the
   answer is 413 and nothing more is read (an announced ``Content-Length`` over the limit
   is refused before a byte).
3. ``Authenticate`` — every request but the public ones must carry the desk's credential
   (``X-BIMER-Desk``) and, except for login and "Şifremi unuttum", the clerk's session
   token (``Authorization: Bearer``); enrollment carries its one-time code. Anything else
   is 401 before routing, so an anonymous caller cannot even tell which addresses exist.
   What was checked is left in ``scope["state"]["principal"]`` for the routes' own
   authorization (bimer_central/authorization.py).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bimer_central.credentials import DESK_HEADER, ENROLLMENT_HEADER
from bimer_central.logins import Logins, Principal, Refusal
from models.auth_reasons import AuthReason

access_log = logging.getLogger("bimer.central.access")

PUBLIC_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/api/v1/health"})
"""The only addresses that answer without credentials (docs/security.md)."""
DESK_ONLY_PATHS = frozenset({"/api/v1/sessions", "/api/v1/password-resets"})
"""Login and "Şifremi unuttum": an enrolled desk, but no clerk yet."""
ENROLLMENT_PATH = "/api/v1/enrollments"
JSON_BODY_LIMIT = 256 * 1024
"""Every JSON body: an application is at most a few tens of kilobytes (6,000 characters of
text and its fields); the attachments' bytes go to ``PUT /blobs``, whose limit is its own."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _answer(send: Send, status: int, body: Mapping[str, Any],
                  headers: Mapping[str, str] | None = None) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"),
           (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def refusal_body(refusal: Refusal) -> dict[str, str]:
    return {"detail": refusal.detail, "reason": refusal.reason.value}


def refusal_headers(refusal: Refusal) -> dict[str, str]:
    headers = {}
    if refusal.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="bimer"'
    if refusal.retry_after is not None:
        headers["Retry-After"] = str(refusal.retry_after)
    return headers


class Authenticate:
    def __init__(self, app: ASGIApp, logins: Logins) -> None:
        self.app = app
        self.logins = logins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        try:
            principal = await run_in_threadpool(self._check, scope, path)
        except Refusal as refusal:
            await _answer(send, refusal.status, refusal_body(refusal), refusal_headers(refusal))
            return
        if principal is not None:
            scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    def _check(self, scope: Scope, path: str) -> Principal | None:
        if path == ENROLLMENT_PATH:
            if not _header(scope, ENROLLMENT_HEADER.lower().encode()):
                raise Refusal(401, AuthReason.CREDENTIALS_MISSING,
                              "Kayıt kodu yok: masayı koordinatörün verdiği kayıt koduyla "
                              "kaydedin.")
            return None  # the route checks the code itself
        desk = self.logins.desk(_header(scope, DESK_HEADER.lower().encode()))
        if path in DESK_ONLY_PATHS:
            return Principal(desk)
        return Principal(desk, self.logins.clerk(desk, _header(scope, b"authorization")))


class BodyLimit:
    """``limit_for(scope)``: how many bytes this request's body may have."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        detail = {"detail": f"İstek gövdesi çok büyük; bu adres en çok {_size(limit)} kabul eder."}
        announced = _header(scope, b"content-length")
        if announced is not None and announced.strip().isdecimal() and int(announced) > limit:
            await _answer(send, 413, detail, {"Connection": "close"})
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _answer(send, 413, detail, {"Connection": "close"})


class _TooLarge(Exception):
    pass


class AccessLog:
    """JSON lines on ``bimer.central.access``: what was asked and how it went, no personal
    data (the route's template, never the path as sent; users by id, desks by station)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 0

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            state = scope.get("state", {})
            principal = state.get("principal")
            route = scope.get("route")
            access_log.info("%s", json.dumps({
                "method": scope.get("method"),
                "route": getattr(route, "path", None) or _known(scope.get("path", "")),
                "status": status or 500,
                "ms": round((time.perf_counter() - began) * 1000, 1),
                "station": principal.desk.station_code if principal else None,
                "user_id": principal.clerk.user_id if principal and principal.clerk else None,
            }))


def _known(path: str) -> str:
    # An address no route matched is logged as such: what a caller typed is not logged.
    return path if path in PUBLIC_PATHS or path in DESK_ONLY_PATHS else "(unmatched)"


def _size(size: int) -> str:
    mib = 1024 * 1024
    if size >= mib and size % mib == 0:
        return f"{size // mib} MB"
    return f"{size // 1024} KB" if size % 1024 == 0 else f"{size} bayt"
