"""The audit trail: append-only, and never a name, an ID number or application text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models.entities import AuditEvent


def record_event(
    session: Session,
    *,
    at: datetime,
    user: str,
    station_code: str,
    action: str,
    application_id: int | None,
    detail: str = "",
) -> None:
    session.add(
        AuditEvent(
            at=at,
            user=user,
            station_code=station_code,
            action=action,
            application_id=application_id,
            detail=detail,
        )
    )
