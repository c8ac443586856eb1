"""``POST /api/v1/applications/{central_number}/forwards``: a forward (sevk) of a case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Response

from bimer_central.authorization import guard
from bimer_central.errors import ApplicationInvalid
from bimer_central.forward_schemas import ForwardEnvelope, ForwardReceipt
from bimer_central.forwards import (
    ForwardConflict,
    ForwardInvalid,
    Forwards,
    NoSuchApplication,
)
from bimer_central.intake import CENTRAL_NUMBER_SHAPE, parse_idempotency_key
from bimer_central.logins import Principal, Refusal
from bimer_central.routes import IDEMPOTENCY_HEADER, REPLAY_HEADER
from bimer_central.schemas import UUID_SHAPE, ErrorMessage, ValidationFailure
from models.auth_reasons import AuthReason
from models.roles import Permission


def forward_router(forwards: Forwards) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/applications/{central_number}/forwards",
        status_code=201,
        summary="Başvuruyu birimlere sevk et; hareketleri döner (aynı anahtarla tekrar "
                "gönderim zararsızdır)",
        description=(
            "Her hedef için bir hareket (gönderen birim, tarih, hedef birim, Gereği/Bilgi, "
            "öncelik, not) kaydedilir. Gönderilmeyecek kurumlar listesindeki bir birime ya "
            "da altındaki bir birime sevk 422 ile reddedilir. Gövde başvuru sahibinin "
            "kimliğini taşıyamaz; kimliği gizli bir başvurunun notunda kimlik bilgisi "
            "bulunamaz. Yalnızca başvuruyu alan istasyonun masası sevk edebilir."
        ),
        responses={
            400: {"model": ErrorMessage, "description": "Idempotency-Key eksik ya da hatalı."},
            404: {"model": ErrorMessage, "description": "Bu numarayla başvuru yok."},
            409: {"model": ErrorMessage, "description": "Anahtar başka içerikle kullanılmış."},
            422: {"model": ValidationFailure, "description": "Sevk doğrulanamadı."},
        },
        openapi_extra={"parameters": [{
            "name": IDEMPOTENCY_HEADER, "in": "header", "required": True,
            "description": "Sevkin masada üretilen UUID'si; gövdedeki uuid ile aynı.",
            "schema": {"type": "string", "format": "uuid", "pattern": UUID_SHAPE},
        }]},
    )
    def forward(
        central_number: Annotated[
            str, Path(description="Merkezin verdiği sayı.", examples=["BMR-2026-0000001"],
                      json_schema_extra={"pattern": CENTRAL_NUMBER_SHAPE.pattern})],
        principal: Annotated[Principal, guard(Permission.FORWARD)],
        envelope: ForwardEnvelope,
        response: Response,
        idempotency_key: Annotated[
            str | None, Header(alias=IDEMPOTENCY_HEADER, include_in_schema=False)] = None,
    ) -> ForwardReceipt:
        key = parse_idempotency_key(idempotency_key or "")
        if key is None:
            raise HTTPException(400, "Idempotency-Key başlığı geçerli bir UUID olmalıdır.")
        if parse_idempotency_key(envelope.uuid) != key:
            raise HTTPException(
                400, "Gövdedeki uuid, Idempotency-Key başlığındaki değerle aynı olmalıdır.")
        station = (forwards.application_station(central_number)
                   if CENTRAL_NUMBER_SHAPE.fullmatch(central_number) else None)
        if station is None:
            raise HTTPException(404, "Bu merkez numarasıyla kayıtlı başvuru bulunamadı.")
        if station != principal.desk.station_code or \
                envelope.station_code != principal.desk.station_code:
            raise Refusal(403, AuthReason.STATION_MISMATCH,
                          f"Bu masa {principal.desk.station_code} istasyonu olarak kayıtlı; "
                          "başka bir istasyonun başvurusunu sevk edemez.")
        assert principal.clerk is not None
        outcome = forwards.submit(key, central_number, envelope, principal.desk.unit,
                                  principal.clerk.username)
        if isinstance(outcome, NoSuchApplication):
            raise HTTPException(404, "Bu merkez numarasıyla kayıtlı başvuru bulunamadı.")
        if isinstance(outcome, ForwardInvalid):
            raise ApplicationInvalid(outcome.errors)
        if isinstance(outcome, ForwardConflict):
            raise HTTPException(
                409, "Bu Idempotency-Key daha önce farklı içerikli bir sevk için kullanılmış.")
        if outcome.replayed:
            response.headers[REPLAY_HEADER] = "true"
        return outcome.receipt

    return router
