"""``POST /api/v1/number-blocks``: central numbers reserved ahead for a station."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Response

from bimer_central.authorization import guard
from bimer_central.errors import FieldInvalid
from bimer_central.intake import Conflict, Intake, Invalid, Limited, parse_idempotency_key
from bimer_central.logins import Principal, Refusal
from bimer_central.routes import REPLAY_HEADER
from bimer_central.schemas import (
    ErrorMessage,
    NumberBlockAnswer,
    NumberBlockRequest,
    ValidationFailure,
)
from models.auth_reasons import AuthReason
from models.roles import Permission


def number_block_router(intake: Intake) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.post(
        "/number-blocks",
        status_code=201,
        summary="İstasyona önceden merkez numarası ayır (aynı anahtarla tekrar aynı blok)",
        description=(
            "Numaralar, başvuru kabulünde verilen numaralarla aynı sıradan gelir; hiçbir "
            "numara iki kez verilmez. Kullanılmayan numaraların süresi dolar, başkasına "
            "verilmez."
        ),
        responses={
            400: {"model": ErrorMessage, "description": "Idempotency-Key eksik ya da hatalı."},
            409: {"model": ErrorMessage, "description": "Anahtar başka içerikle kullanılmış."},
            422: {"model": ValidationFailure, "description": "İstek doğrulanamadı."},
            429: {"model": ErrorMessage,
                  "description": "Bu masanın kullanılmamış numaraları ya da son bir saatteki "
                                 "istekleri sınırda (Retry-After)."},
        },
    )
    def reserve_numbers(
        principal: Annotated[Principal, guard(Permission.INTAKE)],
        request: NumberBlockRequest,
        response: Response,
        idempotency_key: Annotated[
            str | None,
            Header(alias="Idempotency-Key",
                   description="Zorunlu: masanın bu istek için ürettiği UUID."),
        ] = None,
    ) -> NumberBlockAnswer:
        if idempotency_key is None or not idempotency_key.strip():
            raise HTTPException(400, "Idempotency-Key başlığı zorunludur.")
        key = parse_idempotency_key(idempotency_key)
        if key is None:
            raise HTTPException(400, "Idempotency-Key başlığı geçerli bir UUID olmalıdır.")
        if request.station_code != principal.desk.station_code:
            raise Refusal(403, AuthReason.STATION_MISMATCH,
                          f"Bu masa {principal.desk.station_code} istasyonu olarak kayıtlı; "
                          f"{request.station_code} istasyonu için numara ayıramaz.")
        outcome = intake.reserve_block(key, request)
        if isinstance(outcome, Invalid):
            field, message = next(iter(outcome.errors.items()))
            raise FieldInvalid(field, message)
        if isinstance(outcome, Limited):
            raise HTTPException(429, outcome.message,
                                headers={"Retry-After": str(outcome.retry_after)})
        if isinstance(outcome, Conflict):
            raise HTTPException(
                409, "Bu Idempotency-Key daha önce farklı bir numara isteği için kullanılmış.")
        if outcome.replayed:
            response.headers[REPLAY_HEADER] = "true"
        return outcome.block

    return router
