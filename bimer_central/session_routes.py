"""Enrollment, login, the current session, a new password, "Şifremi unuttum"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.concurrency import run_in_threadpool

from bimer_central.authorization import desk_only, guard, principal_of
from bimer_central.credentials import ENROLLMENT_HEADER
from bimer_central.logins import ClerkPrincipal, Logins, Principal
from bimer_central.rate_limits import RateLimits
from bimer_central.schemas import (
    AuthFailure,
    ClerkAnswer,
    EnrollmentAnswer,
    EnrollmentRequest,
    ErrorMessage,
    LoginRequest,
    PasswordChange,
    PasswordResetRequest,
    SessionAnswer,
)
from models.roles import Permission
from models.turkey_time import TURKEY

RESET_SENT = ("T.C. Kimlik No'su kayıtlı ve etkin bir kullanıcıysa cep telefonuna geçici şifre "
              "gönderildi. Geçici şifreyle giriş yapıp yeni şifrenizi belirleyin.")
_REFUSED = {"model": AuthFailure}


def source_of(request: Request) -> str:
    """The caller's address, as uvicorn saw it (behind a trusted proxy: the forwarded one)."""
    return request.client.host if request.client else "unknown"


def session_router(logins: Logins, limits: RateLimits, unit_name: dict[str, str]) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["sessions"])

    @router.post("/enrollments", status_code=201,
                 summary="Masayı koordinatörün tek kullanımlık koduyla kaydet",
                 responses={401: {**_REFUSED, "description": "Kod yok ya da geçersiz."},
                            409: {**_REFUSED, "description": "Kod kullanılmış, süresi dolmuş "
                                                             "ya da istasyon başka masada."},
                            429: {**_REFUSED, "description": "Çok sık deneme."}})
    async def enroll(request: Request, body: EnrollmentRequest,
                     code: Annotated[str, Header(alias=ENROLLMENT_HEADER,
                                                 include_in_schema=False)] = ""
                     ) -> EnrollmentAnswer:
        limits.enrollment.take(source_of(request))
        enrolled = await run_in_threadpool(logins.enroll, code, body.machine,
                                           source_of(request))
        return EnrollmentAnswer(station_code=enrolled.station_code, unit=enrolled.unit,
                                unit_name=unit_name.get(enrolled.unit, ""),
                                desk_credential=f"{enrolled.key_id}.{enrolled.secret}")

    @router.post("/sessions", status_code=201, dependencies=[desk_only()],
                 summary="Giriş: T.C. Kimlik No ve şifre",
                 responses={401: {**_REFUSED, "description": "T.C. Kimlik No ya da şifre "
                                                             "hatalı."},
                            403: {**_REFUSED, "description": "Hesap kapalı ya da masa birime "
                                                             "bağlı değil."},
                            429: {**_REFUSED, "description": "Kilitli: Retry-After kadar "
                                                             "bekleyin."}})
    async def login(request: Request, body: LoginRequest) -> SessionAnswer:
        principal = principal_of(request)
        limits.login.take(source_of(request))
        logged_in = await run_in_threadpool(logins.login, principal.desk, body.tckn,
                                            body.password, source_of(request))
        return SessionAnswer(token=logged_in.token,
                             **_clerk_answer(logged_in.clerk, principal).model_dump())

    @router.get("/sessions/current", summary="Oturumu açık kullanıcı")
    def current(principal: Annotated[Principal, guard(Permission.OWN_SESSION)]) -> ClerkAnswer:
        assert principal.clerk is not None
        return _clerk_answer(principal.clerk, principal)

    @router.delete("/sessions/current", status_code=204, response_class=Response,
                   summary="Çıkış: oturum anahtarı geçersiz olur")
    def logout(principal: Annotated[Principal, guard(Permission.OWN_SESSION)]) -> Response:
        assert principal.clerk is not None
        logins.logout(principal.clerk, principal.desk)
        return Response(status_code=204)

    @router.post("/sessions/current/password", summary="Yeni şifre belirle",
                 responses={422: {"model": AuthFailure,
                                  "description": "Şu anki şifre hatalı ya da yeni şifre "
                                                 "kurala uymuyor."}})
    def change_password(
        body: PasswordChange, principal: Annotated[Principal, guard(Permission.OWN_SESSION)]
    ) -> ClerkAnswer:
        assert principal.clerk is not None
        clerk = logins.change_password(principal.clerk, principal.desk, body.current_password,
                                       body.new_password)
        return _clerk_answer(clerk, principal)

    @router.post("/password-resets", status_code=202, dependencies=[desk_only()],
                 summary="Şifremi unuttum: kayıtlı cep telefonuna geçici şifre",
                 responses={429: {**_REFUSED, "description": "Çok sık istek."}})
    async def forgot_password(request: Request, body: PasswordResetRequest) -> ErrorMessage:
        principal = principal_of(request)
        limits.password_reset.take(source_of(request))
        await run_in_threadpool(logins.forgot_password, principal.desk, body.tckn,
                                source_of(request))
        return ErrorMessage(detail=RESET_SENT)

    return router


def _clerk_answer(clerk: ClerkPrincipal, principal: Principal) -> ClerkAnswer:
    return ClerkAnswer(username=clerk.username, name=clerk.name,
                       roles=sorted(role.value for role in clerk.roles), unit=clerk.unit,
                       station_code=principal.desk.station_code,
                       expires_at=clerk.expires_at.astimezone(TURKEY).isoformat(
                           timespec="seconds"),
                       password_change_required=clerk.password_change_only)
