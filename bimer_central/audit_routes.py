"""``POST /api/v1/audit-events``: a desk's audit trail, anchored at the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bimer_central.audit_anchors import Anchored, AuditAnchors
from bimer_central.authorization import guard
from bimer_central.logins import Principal
from bimer_central.schemas import AuditAnchorAnswer, AuditEventBatch, ErrorMessage
from models.roles import Permission

CHAIN_BROKEN = "audit_chain_broken"


def audit_router(anchors: AuditAnchors) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/audit-events",
        summary="Masanın denetim kaydındaki olaylar: merkezde zincire bağlanır",
        description=(
            "Masa, merkezin kendi istasyonu için tuttuğu son olaydan sonrakileri, eskiden "
            "yeniye gönderir. Her olayın özeti yeniden hesaplanır ve merkezde kayıtlı son "
            "olaya bağlanması gerekir; daha önce alınmış olaylar aynıysa tekrar sayılır. "
            "Olaylarda T.C. Kimlik No, ad ya da başvuru metni bulunmaz. İstasyon, masanın "
            "kimlik bilgisinden alınır."
        ),
        responses={
            409: {"model": ErrorMessage,
                  "description": "Zincir kırık: olay merkezde kayıtlı zincire uymuyor "
                                 "(reason: audit_chain_broken, event_id)."},
        },
    )
    async def anchor_audit_events(
        batch: AuditEventBatch,
        principal: Annotated[Principal, guard(Permission.AUDIT_TRAIL)],
    ) -> AuditAnchorAnswer:
        station = principal.desk.station_code
        outcome = await run_in_threadpool(anchors.anchor, station, batch.events)
        if isinstance(outcome, Anchored):
            return AuditAnchorAnswer(anchored_through=outcome.through,
                                     last_hash=outcome.last_hash)
        return JSONResponse(  # type: ignore[return-value]
            status_code=409,
            content={"detail": outcome.message, "reason": CHAIN_BROKEN,
                     "event_id": outcome.event_id})

    return router
