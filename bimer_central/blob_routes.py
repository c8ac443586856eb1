"""The attachment endpoints of API version 1: ``HEAD``, ``PUT`` and ``GET /blobs/{sha256}``.

A desk asks ``HEAD`` first and uploads with ``PUT`` only what the service lacks, so an
interrupted upload resumes without sending anything twice. The service verifies that what
it received hashes to the name it was sent under; a mismatch stores nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from bimer_central.authorization import guard
from bimer_central.blobs import (
    ACCEPTED_MEDIA_TYPES,
    SHA256_PATTERN,
    BlobArchive,
    HashMismatch,
    NotItsType,
    TooLarge,
)
from bimer_central.errors import FieldInvalid
from bimer_central.logins import Principal
from bimer_central.schemas import BlobReceipt, ErrorMessage, ValidationFailure
from models.identity_access import IdentityAccess, identity_access
from models.roles import CaseScope, Permission, may_read

BAD_SHA256 = "Dosya özeti (SHA-256) 64 küçük harfli onaltılık rakamdan oluşmalıdır."
HASH_MISMATCH = (
    "Alınan dosyanın SHA-256 özeti adresteki özetle aynı değil; dosya bozuk ya da eksik "
    "geldi, kaydedilmedi."
)
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}")
DEFAULT_MEDIA_TYPE = "application/octet-stream"
NOT_ACCEPTED = "Yalnızca PDF, JPEG, PNG ve TIFF dosyaları kabul edilir."
NOT_ITS_TYPE = "Dosyanın içeriği bildirilen türle ({media_type}) uyuşmuyor; kaydedilmedi."

_Sha256 = Annotated[str, Path(description="Dosyanın SHA-256 özeti, 64 küçük harfli onaltılık "
                                          "rakam.", examples=["e3b0c442" + "0" * 56],
                              # Documented only: _checked answers with a Turkish message.
                              json_schema_extra={"pattern": "^[0-9a-f]{64}$"})]
# The body is the file's bytes, of whatever type its Content-Type names (read from the
# request itself, not declared as header parameters: OpenAPI leaves Content-Type to the body).
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media_type: {"schema": {"type": "string", "format": "binary"}}
            for media_type in ACCEPTED_MEDIA_TYPES
        },
    }
}


def blob_router(archive: BlobArchive,
                units_below: Callable[[str], frozenset[str]]) -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    too_large = f"Dosya çok büyük; merkez bir ek için en çok {_size(archive.max_bytes)} kabul eder."

    @router.head(
        "/blobs/{sha256}",
        summary="Merkez bu dosyayı tutuyor mu? (200: evet, 404: hayır)",
        response_class=Response,
        responses={404: {"description": "Merkezde yok."}},
    )
    def has_blob(sha256: _Sha256, _principal: Annotated[Principal, guard(Permission.INTAKE)]
                 ) -> Response:
        info = archive.find(_checked(sha256))
        if info is None:
            return Response(status_code=404)
        return Response(status_code=200, headers=_headers(info.sha256, info.size,
                                                          info.media_type))

    @router.get(
        "/blobs/{sha256}",
        summary="Dosyanın kendisi",
        response_class=FileResponse,
        responses={404: {"model": ErrorMessage, "description": "Merkezde yok."}},
    )
    def get_blob(
        sha256: _Sha256, principal: Annotated[Principal, guard(Permission.READ_APPLICATIONS)]
    ) -> FileResponse:
        actor = principal.actor

        def may_see(case: CaseScope) -> bool:
            # A scanned letter names its writer: the attachments of an application whose
            # identity is hidden go only to the clerk who hid it.
            return may_read(actor, case, units_below) and \
                identity_access(actor, case) is not IdentityAccess.HIDDEN

        info = archive.find(_checked(sha256))
        if info is None or not archive.carried_by_one_of(info.sha256, may_see):
            raise HTTPException(404, "Bu özetle kayıtlı dosya yok.")
        # Served as the type its bytes were checked to be, never sniffed, never shown
        # inline: whatever it holds, a browser saves it.
        media_type = (info.media_type if info.media_type in ACCEPTED_MEDIA_TYPES
                      else DEFAULT_MEDIA_TYPE)
        return FileResponse(archive.path(info.sha256), media_type=media_type,
                            headers={"ETag": f'"{info.sha256}"',
                                     "X-Content-Type-Options": "nosniff",
                                     "Content-Disposition":
                                         f'attachment; filename="{info.sha256}"'})

    @router.put(
        "/blobs/{sha256}",
        status_code=201,
        summary="Dosyayı yükle (özeti doğrulanır; aynı dosyayı yeniden yüklemek zararsızdır)",
        description=(
            "Gövde dosyanın baytlarıdır, Content-Type türüdür. Merkez aldığı baytların "
            "SHA-256 özetini hesaplar: adresteki özetle aynı değilse 422 döner ve hiçbir şey "
            "kaydetmez. Zaten tutulan dosya için 200, yeni kaydedilen için 201."
        ),
        responses={
            200: {"model": BlobReceipt, "description": "Merkezde zaten vardı."},
            400: {"model": ErrorMessage, "description": "Content-Length geçersiz."},
            413: {"model": ErrorMessage, "description": "Dosya merkezin sınırını aşıyor."},
            415: {"model": ErrorMessage, "description": NOT_ACCEPTED},
            422: {"model": ValidationFailure,
                  "description": "Özet ya da içerik türü geçersiz, ya da baytlar özetle "
                                 "uyuşmuyor."},
        },
        openapi_extra=_UPLOAD_BODY,
    )
    async def put_blob(sha256: _Sha256, request: Request, response: Response,
                       _principal: Annotated[Principal, guard(Permission.INTAKE)]) -> BlobReceipt:
        sha256 = _checked(sha256)
        media_type = _media_type(request.headers.get("content-type"))
        if media_type not in ACCEPTED_MEDIA_TYPES:
            raise HTTPException(415, NOT_ACCEPTED)
        content_length = _content_length(request.headers.get("content-length"))
        # Refused before a byte is read when the size is announced; counted otherwise.
        if content_length is not None and content_length > archive.max_bytes:
            raise HTTPException(413, too_large)
        try:
            temp, size = await archive.receive(sha256, media_type, request.stream())
        except TooLarge:
            raise HTTPException(413, too_large) from None
        except HashMismatch:
            raise FieldInvalid("sha256", HASH_MISMATCH) from None
        except NotItsType:
            raise FieldInvalid("content-type",
                               NOT_ITS_TYPE.format(media_type=media_type)) from None
        stored = await run_in_threadpool(archive.commit, sha256, media_type, temp, size)
        if not stored.created:
            response.status_code = 200
        return BlobReceipt(sha256=stored.info.sha256, size=stored.info.size,
                           media_type=stored.info.media_type, created=stored.created)

    return router


def _checked(sha256: str) -> str:
    if not SHA256_PATTERN.fullmatch(sha256):
        raise FieldInvalid("sha256", BAD_SHA256)
    return sha256


def _media_type(header: str | None) -> str:
    if header is None or not header.strip():
        return DEFAULT_MEDIA_TYPE
    value = header.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(value):
        raise FieldInvalid("content-type", "İçerik türü (Content-Type) geçersiz.")
    return value


def _content_length(header: str | None) -> int | None:
    if header is None:
        return None
    if not header.strip().isdecimal():
        # uvicorn refuses a malformed one before the app sees it; another server might not.
        raise HTTPException(400, "Content-Length başlığı geçersiz.")
    return int(header)


def _headers(sha256: str, size: int, media_type: str) -> dict[str, str]:
    return {"Content-Length": str(size), "Content-Type": media_type, "ETag": f'"{sha256}"'}


def _size(size: int) -> str:
    mib = 1024 * 1024
    if size >= mib and size % mib == 0:
        return f"{size // mib} MB"
    return f"{size} bayt"
