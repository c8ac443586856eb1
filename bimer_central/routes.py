"""The HTTP endpoints of API version 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Response
from fastapi.concurrency import run_in_threadpool

from bimer_central.authorization import guard
from bimer_central.errors import ApplicationInvalid, FieldInvalid
from bimer_central.intake import (
    CENTRAL_NUMBER_SHAPE,
    Conflict,
    Intake,
    Invalid,
    Reissued,
    parse_idempotency_key,
)
from bimer_central.logins import Logins, Principal, Refusal
from bimer_central.rate_limits import RateLimit
from bimer_central.schemas import (
    UUID_SHAPE,
    ApplicantApplications,
    ApplicantHistoryRequest,
    ErrorMessage,
    Health,
    Receipt,
    StoredApplication,
    ValidationFailure,
)
from models.auth_reasons import AuthReason
from models.envelope import ApplicationEnvelope
from models.identity_access import IdentityAccess, identity_access
from models.roles import CaseScope, Permission, may_read
from models.tckn import tckn_error

REPLAY_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_HEADER = "Idempotency-Key"


# A re-homed desk's central number for the application it sends again, and the highest
# number it still holds for those not sent again yet (Intake.submit).
HELD_NUMBER_HEADER = "X-BIMER-Held-Central-Number"
HELD_UP_TO_HEADER = "X-BIMER-Held-Up-To"


def _number_or_none(value: str | None) -> str | None:
    text = value.strip() if value else ""
    return text if text and CENTRAL_NUMBER_SHAPE.match(text) else None


def api_router(intake: Intake, logins: Logins, history_limit: RateLimit,
               units_below: Callable[[str], frozenset[str]]) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.get("/health")
    def health() -> Health:  # public: a load balancer's probe
        return Health()

    @router.post(
        "/applications",
        status_code=201,
        # A receipt without a reserved number is exactly what it was before number blocks.
        response_model_exclude_none=True,
        summary="Başvuruyu kabul et (aynı anahtarla tekrar gönderim zararsızdır)",
        responses={
            400: {"model": ErrorMessage, "description": "Idempotency-Key eksik ya da hatalı."},
            409: {"model": ErrorMessage, "description": (
                "Anahtar başka içerikle kullanılmış; ya da istasyon numarası merkezde başka "
                "bir başvurunun (reason: station_number_reissued).")},
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
        }, {
            "name": HELD_NUMBER_HEADER,
            "in": "header",
            "required": False,
            "description": ("Yeni merkeze bağlanan masanın (bimer-desktop rehome) bu başvuru "
                            "için elinde tuttuğu merkez numarası: başka başvurunun değilse "
                            "bu numara verilir."),
            "schema": {"type": "string", "pattern": CENTRAL_NUMBER_SHAPE.pattern},
        }, {
            "name": HELD_UP_TO_HEADER,
            "in": "header",
            "required": False,
            "description": ("O masanın henüz yeniden göndermediği başvurular için tuttuğu en "
                            "yüksek merkez numarası: bu merkez şimdi onlardan birini vermez."),
            "schema": {"type": "string", "pattern": CENTRAL_NUMBER_SHAPE.pattern},
        }]},
    )
    def submit_application(
        principal: Annotated[Principal, guard(Permission.INTAKE)],
        envelope: ApplicationEnvelope,
        response: Response,
        idempotency_key: Annotated[
            str | None, Header(alias=IDEMPOTENCY_HEADER, include_in_schema=False)
        ] = None,
        held_central_number: Annotated[
            str | None, Header(alias=HELD_NUMBER_HEADER, include_in_schema=False)
        ] = None,
        held_up_to: Annotated[
            str | None, Header(alias=HELD_UP_TO_HEADER, include_in_schema=False)
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
        _check_stamps(envelope, principal, logins)
        assert principal.clerk is not None
        outcome = intake.submit(key, envelope, sent_by=principal.clerk.username,
                                held=_number_or_none(held_central_number),
                                held_up_to=_number_or_none(held_up_to))
        if isinstance(outcome, Invalid):
            raise ApplicationInvalid(outcome.errors)
        if isinstance(outcome, Reissued):
            raise Refusal(409, AuthReason.STATION_NUMBER_REISSUED, (
                f"{outcome.station_number} istasyon numarası merkezde başka bir başvurunun; "
                "masa bu numarayı ikinci kez vermiş (veritabanı kaybolmuş ya da eski bir "
                f"yedeğe dönmüş olabilir). Bu istasyonun merkezdeki en yüksek numarası "
                f"{outcome.highest}. Masada 'bimer-desktop restore' ile numaralandırmayı "
                "düzeltin; başvuru karantinada bekler."))
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
        summary="Bir başvuru, rolün görebildiği kadarıyla",
        description=(
            "Kullanıcı yalnızca giriş yaptığı istasyonun, Koordinatör ve Cevap-Onay Yetkilisi "
            "biriminin ve alt birimlerinin başvurularını okur; kapsam dışındaki bir numara "
            "olmayan numarayla aynı cevabı (404) alır. Kimliğini gizleten başvuru sahibinin "
            "kimlik alanları, kimliği gizleyen kullanıcı dışında herkese boş gelir."
        ),
        responses={404: {"model": ErrorMessage, "description": "Bu numarayla başvuru yok."}},
    )
    def get_application(
        central_number: Annotated[
            str,
            Path(description="Merkezin verdiği sayı.", examples=["BMR-2026-0000001"],
                 json_schema_extra={"pattern": CENTRAL_NUMBER_SHAPE.pattern}),
        ],
        principal: Annotated[Principal, guard(Permission.READ_APPLICATIONS)],
    ) -> StoredApplication:
        actor = principal.actor

        def may_see(case: CaseScope) -> IdentityAccess | None:
            return identity_access(actor, case) if may_read(actor, case, units_below) else None

        found = intake.find(central_number, may_see)
        if found is None:
            raise HTTPException(404, "Bu merkez numarasıyla kayıtlı başvuru bulunamadı.")
        return found

    @router.post(
        "/applicant-history",
        summary="Başvuranın önceki başvuruları (evveliyat), en yenisi önce",
        description=(
            "T.C. Kimlik No gövdededir, adreste asla. Yalnızca sayı, tarih, yol, tür, konu ve "
            "aciliyet döner; ad, iletişim bilgisi ve metin asla dönmez. Kimliğini gizleten "
            "başvuru sahibinin başvuruları, kimliği gizleyen kullanıcı dışında listede "
            "yer almaz. Hiç başvurusu olmayan için boş liste."
        ),
        responses={
            422: {"model": ValidationFailure, "description": "T.C. Kimlik No geçersiz."},
            429: {"model": ErrorMessage, "description": "Çok sık istek."},
        },
    )
    async def applicant_history(
        body: ApplicantHistoryRequest,
        principal: Annotated[Principal, guard(Permission.HISTORY)],
    ) -> ApplicantApplications:
        assert principal.clerk is not None
        history_limit.take(f"session:{principal.clerk.session_id}")
        error = tckn_error(body.tckn)
        if error is not None:
            raise FieldInvalid("tckn", error)
        found = await run_in_threadpool(intake.applicant_history, body.tckn,
                                        hidden_for=principal.actor.username)
        return ApplicantApplications(applications=found)

    return router


def _check_stamps(envelope: ApplicationEnvelope, principal: Principal, logins: Logins) -> None:
    """A desk posts only in its own station's name, and only as a clerk who has logged in
    at it (the one sending, or one whose application waited in this desk's queue)."""
    if envelope.station_code != principal.desk.station_code:
        raise Refusal(403, AuthReason.STATION_MISMATCH,
                      f"Bu masa {principal.desk.station_code} istasyonu olarak kayıtlı; "
                      f"{envelope.station_code} istasyonu adına başvuru gönderemez.")
    assert principal.clerk is not None
    clerk = envelope.created_by.strip()
    if clerk != principal.clerk.username and not logins.has_logged_in_at(
            clerk, principal.desk.desk_id):
        raise Refusal(403, AuthReason.CLERK_MISMATCH,
                      f"Başvuruyu kaydeden kullanıcı ({clerk}) bu masada hiç giriş yapmamış; "
                      "başvuru başka bir kullanıcı adına gönderilemez.")
