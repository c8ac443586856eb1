"""Which route asks which ``Permission`` of the clerk's roles (models/roles.py), enforced by
a dependency on each route and written into /openapi.json (``x-bimer-permission``, the
security requirements, the 401/403/429 answers) so that a test can walk every operation.

``guard(permission)`` is the dependency a route declares; ``principal_of`` gives a route
the checked caller. The desk's credential and the clerk's session were checked before
routing (bimer_central/guard.py); here only the roles are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPBearer

from bimer_central.credentials import DESK_HEADER, ENROLLMENT_HEADER
from bimer_central.logins import Principal, Refusal
from models.auth_reasons import AuthReason
from models.roles import Permission

PERMISSION_KEY = "x-bimer-permission"
DESK_SCHEME = "desk"
CLERK_SCHEME = "clerk"
ENROLLMENT_SCHEME = "enrollment"
DESK_ONLY = "desk_only"  # login, "Şifremi unuttum": a desk, no clerk yet
ENROLLMENT = "enrollment"  # the one-time code is the credential
PUBLIC = "public"

# Documented only (the schemes of /openapi.json); the checking is done before routing.
_DESK_KEY = APIKeyHeader(name=DESK_HEADER, scheme_name=DESK_SCHEME, auto_error=False,
                         description="Masanın kimlik bilgisi: anahtar kimliği, nokta, gizli "
                                     "anahtar (kayıtta bir kez verilir).")
_CLERK_TOKEN = HTTPBearer(scheme_name=CLERK_SCHEME, auto_error=False,
                          description="Kullanıcının oturum anahtarı (POST /api/v1/sessions).")


def principal_of(request: Request) -> Principal:
    principal = request.scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal):
        raise RuntimeError("a guarded route was reached without authentication")
    return principal


def guard(permission: Permission) -> Any:
    """The dependency of a route that needs ``permission`` of the logged-in clerk."""

    def check(request: Request, _desk: Annotated[Any, Depends(_DESK_KEY)],
              _token: Annotated[Any, Depends(_CLERK_TOKEN)]) -> Principal:
        principal = principal_of(request)
        clerk = principal.clerk
        if clerk is None:
            raise Refusal(401, AuthReason.LOGIN_REQUIRED, "Oturum açılmamış.")
        if clerk.password_change_only and permission is not Permission.OWN_SESSION:
            raise Refusal(403, AuthReason.PASSWORD_CHANGE_REQUIRED,
                          "Geçici şifreyle giriş yapıldı: önce yeni şifrenizi belirleyin.")
        if not principal.actor.may(permission):
            raise Refusal(403, AuthReason.FORBIDDEN,
                          "Rolünüz bu işleme izin vermiyor; yetki için koordinatörünüze "
                          "başvurun.")
        return principal

    check.permission = permission  # type: ignore[attr-defined]
    return Depends(check)


def desk_only() -> Any:
    """The dependency of login and "Şifremi unuttum": the enrolled desk, no clerk."""

    def check(request: Request, _desk: Annotated[Any, Depends(_DESK_KEY)]) -> Principal:
        return principal_of(request)

    check.permission = DESK_ONLY  # type: ignore[attr-defined]
    return Depends(check)


def route_permission(route: APIRoute) -> str:
    """What a route asks: a ``Permission`` value, ``desk_only``, ``enrollment`` or
    ``public``."""
    for dependant in route.dependant.dependencies:
        found = getattr(dependant.call, "permission", None)
        if found is not None:
            return str(found)
    if route.path_format == "/api/v1/enrollments":
        return ENROLLMENT
    return PUBLIC


def permissions_of(routers: Iterable[APIRouter]) -> dict[tuple[str, str], str]:
    """(method, path) → what the route asks, for every route of these routers (before they
    are included in the app, while their routes are plain ``APIRoute``s)."""
    table: dict[tuple[str, str], str] = {}
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.include_in_schema:
                for method in route.methods or ():
                    table[(method.lower(), route.path_format)] = route_permission(route)
    return table


def document_permissions(permissions: Mapping[tuple[str, str], str],
                         document: dict[str, Any]) -> dict[str, Any]:
    """Write each operation's permission, security and refusals into the document."""
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[ENROLLMENT_SCHEME] = {"type": "apiKey", "in": "header", "name": ENROLLMENT_HEADER,
                                  "description": "Koordinatörün verdiği tek kullanımlık kayıt "
                                                 "kodu."}
    refusal = {"content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/AuthFailure"}}}}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            permission = permissions.get((method, path), PUBLIC)
            operation[PERMISSION_KEY] = permission
            responses = operation.setdefault("responses", {})
            if permission == PUBLIC:
                operation["security"] = []
                continue
            if permission == ENROLLMENT:
                operation["security"] = [{ENROLLMENT_SCHEME: []}]
            elif permission == DESK_ONLY:
                operation["security"] = [{DESK_SCHEME: []}]
            else:
                # Both at once (one requirement object), not either.
                operation["security"] = [{DESK_SCHEME: [], CLERK_SCHEME: []}]
                responses.setdefault("403", {"description": "Rol ya da kapsam izin vermiyor.",
                                             **refusal})
            responses.setdefault("401", {"description": "Kimlik bilgisi yok ya da geçersiz.",
                                         **refusal})
    return document
