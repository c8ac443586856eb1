"""The central database's identity (issue 18, item 2): an id made with the database
(migration 0009), carried by every answer as ``X-BIMER-Central-Id``.

A desk records the id at its enrolment and stops sending when answers carry another: it is
then talking to a different database — the training centre, a new installation, a backup
restored under a new id — whose numbers and records are not the ones the desk holds. After
restoring a backup, the operator gives the database a new id (``bimer-central identity
--renew``) so that every desk stops and is re-homed (``bimer-desktop rehome``), which
re-sends what the restored database lacks.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bimer_central.db import CentralIdentity

CENTRAL_ID_HEADER = "X-BIMER-Central-Id"
EXPECT_CENTRAL_HEADER = "X-BIMER-Expect-Central-Id"
_EXPECT = EXPECT_CENTRAL_HEADER.lower().encode("latin-1")
OTHER_DATABASE = ("Bu istek başka bir merkez veritabanı için: masa bu merkeze bağlı değil. "
                  "Masada 'bimer-desktop rehome' ile bu merkeze bağlanılabilir.")


def central_id(sessions: sessionmaker[Session]) -> str:
    """The database's id (migration 0009 made it)."""
    with sessions() as session:
        return session.scalars(select(CentralIdentity.database_id)).one()


def renew_central_id(sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> str:
    """Give the database a new id (after it was restored from a backup); returns it. A
    running service keeps answering with the id it read at its start: restart it."""
    new = str(uuid.uuid4())
    with sessions.begin() as session:
        session.execute(update(CentralIdentity).where(CentralIdentity.id == 1)
                        .values(database_id=new, created_at=clock()))
    return new


class CentralIdHeader:
    """Pure ASGI middleware: every HTTP answer — a route's, an error's, a refusal by the
    middleware inside it — carries the database's id; a request that expects another
    database (``X-BIMER-Expect-Central-Id``) is refused with 412 before anything runs, so
    a desk bound to another database leaves nothing here."""

    def __init__(self, app: ASGIApp, identity: str) -> None:
        self.app = app
        self.identity = identity
        self.header = (CENTRAL_ID_HEADER.lower().encode("latin-1"), identity.encode("latin-1"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        expected = dict(scope.get("headers") or []).get(_EXPECT)
        if expected is not None and expected.decode("latin-1").strip() != self.identity:
            body = json.dumps({"detail": OTHER_DATABASE, "reason": "central_changed"},
                              ensure_ascii=False).encode("utf-8")
            await send({"type": "http.response.start", "status": 412, "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")), self.header]})
            await send({"type": "http.response.body", "body": body})
            return

        async def with_identity(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, with_identity)
