"""Every error the API returns is JSON with a Turkish ``detail``: the desk shows it to the clerk."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from bimer_central.guard import refusal_body, refusal_headers
from bimer_central.logins import Refusal
from bimer_central.schemas import AuthFailure, ErrorMessage, ValidationFailure
from models.application_form import FIELD_WORDING, field_label

logger = logging.getLogger(__name__)

REQUEST_INVALID = "İstek doğrulanamadı."
APPLICATION_INVALID = "Başvuru doğrulanamadı."
DATABASE_UNAVAILABLE = (
    "Merkez servis veritabanına şu an ulaşamıyor; başvuru kaydedilmedi, biraz sonra yeniden "
    "gönderilebilir."
)
UNEXPECTED = "Merkez serviste beklenmeyen bir hata oluştu."
NOT_JSON = "İstek gövdesi JSON olmalıdır (Content-Type: application/json)."
NOT_PARSEABLE = "İstek gövdesi geçerli bir JSON değil."
# FastAPI's words when reading the body fails other than as malformed JSON.
FASTAPI_UNPARSEABLE_BODY = "There was an error parsing the body"
_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
_BODY_SHAPE_ERRORS = {"model_attributes_type", "model_type", "dataclass_type", "dict_type"}
# Seconds a desk waits before sending again after a 503 (it honours Retry-After).
DATABASE_RETRY_AFTER = 5

_STATUS_MESSAGES = {
    404: "İstenen adres bulunamadı.",
    405: "Bu adres bu istek yöntemini desteklemiyor.",
}

# pydantic's messages are English and echo the input; these are neither.
_PYDANTIC_MESSAGES = {
    "missing": "Bu alan zorunludur.",
    "extra_forbidden": "Bilinmeyen alan.",
    "unexpected_keyword_argument": "Bilinmeyen alan.",  # a dataclass's (models/envelope.py)
    "string_type": "Metin olarak verilmelidir.",
    "dict_type": "JSON nesnesi olarak verilmelidir.",
    "model_type": "İstek gövdesi bir JSON nesnesi olmalıdır.",
    "model_attributes_type": "İstek gövdesi bir JSON nesnesi olmalıdır.",
    "dataclass_type": "İstek gövdesi bir JSON nesnesi olmalıdır.",
    "json_invalid": NOT_PARSEABLE,
    "string_too_long": "En çok {max_length} karakter olabilir.",
    "string_too_short": "En az {min_length} karakter olmalıdır.",
    "string_pattern_mismatch": "Biçimi geçersiz.",
    "int_type": "Tam sayı olarak verilmelidir.",
    "list_type": "Liste olarak verilmelidir.",
    "tuple_type": "Liste olarak verilmelidir.",
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
    @app.exception_handler(Refusal)
    async def refused(_request: Request, exc: Refusal) -> JSONResponse:
        return JSONResponse(refusal_body(exc), status_code=exc.status,
                            headers=refusal_headers(exc))

    @app.exception_handler(FieldInvalid)
    async def field_invalid(_request: Request, exc: FieldInvalid) -> JSONResponse:
        body = ValidationFailure(detail=exc.detail, errors=exc.errors)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(ApplicationInvalid)
    async def application_invalid(_request: Request, exc: ApplicationInvalid) -> JSONResponse:
        body = ValidationFailure(detail=APPLICATION_INVALID, errors=exc.errors)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if _is_not_json(request) and any(_is_body_shape_error(e) for e in exc.errors()):
            # FastAPI hands a body it would not parse as JSON to the model as bytes.
            return JSONResponse(ErrorMessage(detail=NOT_JSON).model_dump(), status_code=415)
        body = ValidationFailure(detail=REQUEST_INVALID, errors=translate_errors(exc.errors()))
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code == 400 and detail == FASTAPI_UNPARSEABLE_BODY:
            # A body that is not even text (say, JSON in invalid UTF-8): malformed JSON.
            body = ValidationFailure(detail=REQUEST_INVALID, errors={"body": NOT_PARSEABLE})
            return JSONResponse(body.model_dump(), status_code=422)
        if detail == HTTPStatus(exc.status_code).phrase:
            detail = _STATUS_MESSAGES.get(exc.status_code, "İstek karşılanamadı.")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the methods of the first route it matched by path; the
            # answer must name every method the address supports (RFC 9110, 15.5.6).
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(
            ErrorMessage(detail=detail).model_dump(),
            status_code=exc.status_code,
            headers=headers,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
        # The server is down, restarting, or every connection is busy: nothing was stored,
        # and the desk's retry is the right answer. No traceback: it is not a bug here. Only
        # the driver's error code is logged, never its message (it could quote a value).
        logger.warning("database unavailable (%s); answered 503", _error_code(exc))
        return JSONResponse(
            ErrorMessage(detail=DATABASE_UNAVAILABLE).model_dump(),
            status_code=503,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        # Starlette re-raises after this, so uvicorn still logs the traceback; the
        # engine's hide_parameters keeps application data out of SQL errors there.
        return JSONResponse(ErrorMessage(detail=UNEXPECTED).model_dump(), status_code=500)

    _document_errors(app)


def _error_code(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    # psycopg's SQLSTATE ("57P01"), sqlite3's name ("SQLITE_BUSY"); else the class.
    code = (getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
            or type(original or exc).__name__)
    return str(code)


def _is_not_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return not (media_type == "application/json" or
                (media_type.startswith("application/") and media_type.endswith("+json")))


def _is_body_shape_error(error: Mapping[str, Any]) -> bool:
    return tuple(error.get("loc", ())) == ("body",) and error.get("type") in _BODY_SHAPE_ERRORS


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app would take at the request's path, sorted."""
    return [method for method in _METHODS
            if any(route.matches({**request.scope, "method": method})[0] is Match.FULL
                   for route in request.app.router.routes)]


def _document_errors(app: FastAPI) -> None:
    """Make /openapi.json tell the errors as these handlers send them, for every route,
    including routes added later: a 422 is a ``ValidationFailure`` (not FastAPI's default
    shape), and any operation may answer 503 while the database is unreachable."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorMessage, ValidationFailure, AuthFailure):
        schemas.setdefault(model.__name__, model.model_json_schema())
    default_422 = "#/components/schemas/HTTPValidationError"
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            failure = responses.get("422")
            if failure is not None and _json_ref(failure) == default_422:
                responses["422"] = _json_response(REQUEST_INVALID, ValidationFailure.__name__)
            body_types = operation.get("requestBody", {}).get("content", {})
            if list(body_types) == ["application/json"]:
                responses.setdefault("415", _json_response(NOT_JSON, ErrorMessage.__name__))
            responses.setdefault(
                "503", _json_response(DATABASE_UNAVAILABLE, ErrorMessage.__name__,
                                      headers={"Retry-After": {
                                          "description": "Kaç saniye sonra yeniden denenmeli.",
                                          "schema": {"type": "integer"}}}))
    if default_422 not in json.dumps(document.get("paths")):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def _json_ref(response: Mapping[str, Any]) -> str | None:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref") if isinstance(schema, Mapping) else None
    return ref if isinstance(ref, str) else None


def _json_response(description: str, model: str, *, headers: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


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
        elif error.get("type") == "string_type" and key in FIELD_WORDING:
            # The same words ApplicationForm.from_mapping uses for the same mistake.
            template = f"{field_label(key)} metin olarak verilmelidir."
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
