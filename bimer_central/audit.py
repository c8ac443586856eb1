"""The service's audit events (``central_audit_events``): logins, failures, lock-outs,
enrollments, revocations, user changes. Never an ID number, a name or application text."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bimer_central.db import CentralAuditEvent

log = logging.getLogger("bimer.central.audit")


def audit(session: Session, at: datetime, action: str, *, username: str = "",
          station_code: str = "", source: str = "", detail: str = "") -> None:
    """Add one event to the caller's transaction (it is written with what it records)."""
    session.add(CentralAuditEvent(at=at, action=action, username=username,
                                  station_code=station_code, source=source, detail=detail))
    log.info("audit %s station=%s", action, station_code or "-")
