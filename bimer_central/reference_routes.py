"""``GET /api/v1/reference/...``: the catalogue desks cache, with ETag / If-None-Match."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from bimer_central.authorization import guard
from bimer_central.reference import CentralReference, ReferenceDocument
from bimer_central.schemas import HolidaysDocument, InstitutionsDocument, SubjectsDocument
from models.roles import Permission

_IF_NONE_MATCH = Header(
    alias="If-None-Match",
    description="Masadaki kopyanın ETag'i; aynıysa 304 döner, gövde gönderilmez.",
)
_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Masadaki kopya güncel (gövde yok)."}
}


def reference_router(reference: CentralReference) -> APIRouter:
    router = APIRouter(prefix="/api/v1/reference", tags=["reference"],
                       dependencies=[guard(Permission.REFERENCE)])

    @router.get(
        "/subjects",
        summary="Konular ve alt konular",
        response_model=SubjectsDocument,
        responses=_NOT_MODIFIED,
    )
    def subjects(
        if_none_match: Annotated[str | None, _IF_NONE_MATCH] = None,
    ) -> Response:
        return _answer(reference.subjects, if_none_match)

    @router.get(
        "/institutions",
        summary="Kurum ağacı (DETSİS kodlarıyla)",
        response_model=InstitutionsDocument,
        responses=_NOT_MODIFIED,
    )
    def institutions(
        if_none_match: Annotated[str | None, _IF_NONE_MATCH] = None,
    ) -> Response:
        return _answer(reference.institutions, if_none_match)

    @router.get(
        "/holidays",
        summary="Resmî tatiller ve arifeler (yasal sürelerin iş günü hesabı için)",
        response_model=HolidaysDocument,
        responses=_NOT_MODIFIED,
    )
    def holidays(
        if_none_match: Annotated[str | None, _IF_NONE_MATCH] = None,
    ) -> Response:
        return _answer(reference.holidays, if_none_match)

    return router


def _answer(document: ReferenceDocument, if_none_match: str | None) -> Response:
    # no-cache: a cache may keep it but must ask again (cheaply, with the ETag) each time.
    headers = {"ETag": document.etag, "Cache-Control": "no-cache"}
    if document.matches(if_none_match):
        return Response(status_code=304, headers=headers)
    return Response(content=document.body, media_type="application/json", headers=headers)
