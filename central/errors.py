"""Every error the API returns is JSON with a Turkish ``detail``: the desk shows it to the clerk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from central.schemas import ErrorMessage, ValidationFailure
from models.application_form import FIELD_LABELS

REQUEST_INVALID = "İstek doğrulanamadı."
APPLICATION_INVALID = "Başvuru doğrulanamadı."

_STATUS_MESSAGES = {
    404: "İstenen adres bulunamadı.",
    405: "Bu adres bu istek yöntemini desteklemiyor.",
}

# pydantic's messages are English and echo the input; these are neither.
_PYDANTIC_MESSAGES = {
    "missing": "Bu alan zorunludur.",
    "extra_forbidden": "Bilinmeyen alan.",
    "string_type": "Metin olarak verilmelidir.",
    "dict_type": "JSON nesnesi olarak verilmelidir.",
    "model_type": "İstek gövdesi bir JSON nesnesi olmalıdır.",
    "model_attributes_type": "İstek gövdesi bir JSON nesnesi olmalıdır.",
    "json_invalid": "İstek gövdesi geçerli bir JSON değil.",
    "string_too_long": "En çok {max_length} karakter olabilir.",
    "string_too_short": "En az {min_length} karakter olmalıdır.",
    "string_pattern_mismatch": "Biçimi geçersiz.",
    "int_type": "Tam sayı olarak verilmelidir.",
    "list_type": "Liste olarak verilmelidir.",
    "greater_than_equal": "En az {ge} olmalıdır.",
    "too_long": "En çok {max_length} öğe olabilir.",
}


class ApplicationInvalid(Exception):
    """Raised by an endpoint when the domain rules reject the application."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(APPLICATION_INVALID)
        self.errors = dict(errors)


class FieldInvalid(Exception):
    """Raised by an endpoint when a request parameter is wrong; ``detail`` says how."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = {field: detail}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FieldInvalid)
    async def field_invalid(_request: Request, exc: FieldInvalid) -> JSONResponse:
        body = ValidationFailure(detail=exc.detail, errors=exc.errors)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(ApplicationInvalid)
    async def application_invalid(_request: Request, exc: ApplicationInvalid) -> JSONResponse:
        body = ValidationFailure(detail=APPLICATION_INVALID, errors=exc.errors)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        body = ValidationFailure(detail=REQUEST_INVALID, errors=translate_errors(exc.errors()))
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if detail == HTTPStatus(exc.status_code).phrase:
            detail = _STATUS_MESSAGES.get(exc.status_code, "İstek karşılanamadı.")
        return JSONResponse(
            ErrorMessage(detail=detail).model_dump(),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        # Starlette re-raises after this, so uvicorn still logs the traceback; the
        # engine's hide_parameters keeps application data out of SQL errors there.
        body = ErrorMessage(detail="Merkez serviste beklenmeyen bir hata oluştu.")
        return JSONResponse(body.model_dump(), status_code=500)


def translate_errors(errors: Sequence[Any]) -> dict[str, str]:
    """pydantic's error list as field → Turkish message, keyed like the domain's errors."""
    translated: dict[str, str] = {}
    for error in errors:
        key = _field_key(error)
        if key in translated:
            continue
        template = _PYDANTIC_MESSAGES.get(error.get("type", ""), "Geçersiz değer.")
        if error.get("type") == "missing" and key == "body":
            template = "İstek gövdesi boş."
        elif error.get("type") == "string_type" and key in FIELD_LABELS:
            # The same words ApplicationForm.from_mapping uses for the same mistake.
            template = f"{FIELD_LABELS[key]} metin olarak verilmelidir."
        translated[key] = template.format(**(error.get("ctx") or {}))
    return translated


def _field_key(error: Mapping[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    if location[:1] == ["body"]:
        location = location[1:]
    if error.get("type") == "json_invalid" or not location:
        return "body"
    # The form's own fields are keyed bare, as validate_application keys them.
    if location[0] == "application" and len(location) > 1:
        return location[1]
    return ".".join(location)
