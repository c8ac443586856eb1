"""The HTTP endpoints of API version 1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Response

from bimer_central.errors import ApplicationInvalid, FieldInvalid
from bimer_central.intake import (
    CENTRAL_NUMBER_SHAPE,
    Conflict,
    Intake,
    Invalid,
    parse_idempotency_key,
)
from bimer_central.schemas import (
    UUID_SHAPE,
    ApplicantApplications,
    ErrorMessage,
    Health,
    Receipt,
    StoredApplication,
    ValidationFailure,
)
from models.envelope import ApplicationEnvelope
from models.tckn import tckn_error

REPLAY_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# Documented only: the service checks the number itself, with a Turkish message.
TCKN_SHAPE = r"^[1-9][0-9]{10}$"


def api_router(intake: Intake) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.get("/health")
    def health() -> Health:
        return Health()

    @router.post(
        "/applications",
        status_code=201,
        # A receipt without a reserved number is exactly what it was before number blocks.
        response_model_exclude_none=True,
        summary="Başvuruyu kabul et (aynı anahtarla tekrar gönderim zararsızdır)",
        responses={
            400: {"model": ErrorMessage, "description": "Idempotency-Key eksik ya da hatalı."},
            409: {"model": ErrorMessage, "description": "Anahtar başka içerikle kullanılmış."},
            422: {"model": ValidationFailure, "description": "Başvuru doğrulanamadı."},
        },
        # Required in the contract, but checked here (a 400 with a Turkish message) rather
        # than by FastAPI, so the parameter is documented by hand.
        openapi_extra={"parameters": [{
            "name": IDEMPOTENCY_HEADER,
            "in": "header",
            "required": True,
            "description": "Başvurunun masada üretilen UUID'si; gövdedeki uuid ile aynı.",
            "schema": {"type": "string", "format": "uuid", "pattern": UUID_SHAPE},
        }]},
    )
    def submit_application(
        envelope: ApplicationEnvelope,
        response: Response,
        idempotency_key: Annotated[
            str | None, Header(alias=IDEMPOTENCY_HEADER, include_in_schema=False)
        ] = None,
    ) -> Receipt:
        if idempotency_key is None or not idempotency_key.strip():
            raise HTTPException(400, "Idempotency-Key başlığı zorunludur.")
        key = parse_idempotency_key(idempotency_key)
        if key is None:
            raise HTTPException(400, "Idempotency-Key başlığı geçerli bir UUID olmalıdır.")
        if parse_idempotency_key(envelope.uuid) != key:
            raise HTTPException(
                400, "Gövdedeki uuid, Idempotency-Key başlığındaki değerle aynı olmalıdır."
            )
        outcome = intake.submit(key, envelope)
        if isinstance(outcome, Invalid):
            raise ApplicationInvalid(outcome.errors)
        if isinstance(outcome, Conflict):
            raise HTTPException(
                409,
                "Bu Idempotency-Key daha önce farklı içerikli bir başvuru için kullanılmış.",
            )
        if outcome.replayed:
            response.headers[REPLAY_HEADER] = "true"
        return outcome.receipt

    @router.get(
        "/applications/{central_number}",
        responses={404: {"model": ErrorMessage, "description": "Bu numarayla başvuru yok."}},
    )
    def get_application(
        central_number: Annotated[
            str,
            Path(description="Merkezin verdiği sayı.", examples=["BMR-2026-0000001"],
                 json_schema_extra={"pattern": CENTRAL_NUMBER_SHAPE.pattern}),
        ],
    ) -> StoredApplication:
        found = intake.find(central_number)
        if found is None:
            raise HTTPException(404, "Bu merkez numarasıyla kayıtlı başvuru bulunamadı.")
        return found

    @router.get(
        "/applicants/{tckn}/applications",
        summary="Başvuranın önceki başvuruları (evveliyat), en yenisi önce",
        description=(
            "Bu T.C. Kimlik No ile kabul edilmiş başvurular; yalnızca sayı, tarih, yol, tür, "
            "konu ve aciliyet döner, ad, iletişim bilgisi ve metin asla dönmez. Hiç başvurusu "
            "olmayan için boş liste."
        ),
        responses={
            422: {"model": ValidationFailure, "description": "T.C. Kimlik No geçersiz."}
        },
    )
    def applicant_applications(
        tckn: Annotated[
            str,
            Path(description="Başvuranın T.C. Kimlik No'su (11 hane).",
                 examples=["10000000146"], json_schema_extra={"pattern": TCKN_SHAPE}),
        ],
    ) -> ApplicantApplications:
        error = tckn_error(tckn)
        if error is not None:
            raise FieldInvalid("tckn", error)
        return ApplicantApplications(applications=intake.applicant_history(tckn))

    return router
