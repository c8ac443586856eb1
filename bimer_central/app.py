"""The FastAPI application: its database, its reference data, its routes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from starlette.types import Scope

from bimer_central.accounts import Accounts
from bimer_central.audit_anchors import AuditAnchors
from bimer_central.audit_routes import audit_router
from bimer_central.authorization import document_permissions, permissions_of
from bimer_central.blob_routes import blob_router
from bimer_central.blobs import DEFAULT_MAX_BLOB_BYTES, BlobArchive, default_blob_dir
from bimer_central.credentials import AuthPolicy
from bimer_central.errors import install_error_handlers
from bimer_central.forward_routes import forward_router
from bimer_central.forwards import Forwards
from bimer_central.guard import JSON_BODY_LIMIT, AccessLog, Authenticate, BodyLimit
from bimer_central.identity import CentralIdHeader, central_id
from bimer_central.intake import Intake, utc_now
from bimer_central.logins import Logins
from bimer_central.number_block_routes import number_block_router
from bimer_central.numbers import DEFAULT_BLOCK_TTL
from bimer_central.rate_limits import RateLimits
from bimer_central.reference import CentralReference, load_reference
from bimer_central.reference_routes import reference_router
from bimer_central.routes import api_router
from bimer_central.schemas import describe_envelope
from bimer_central.session_routes import session_router
from bimer_central.sms import SmsGateway, SmsLogFile

TITLE = "BİMER Merkez Servisi"

logger = logging.getLogger(__name__)


def build_app(
    engine: Engine,
    reference: CentralReference | None = None,
    *,
    blob_dir: Path | None = None,
    max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES,
    block_ttl: timedelta = DEFAULT_BLOCK_TTL,
    clock: Callable[[], datetime] = utc_now,
    sms: SmsGateway | None = None,
    policy: AuthPolicy | None = None,
    rate_limits: RateLimits | None = None,
) -> FastAPI:
    """The app over an open engine, which it disposes of when it shuts down.

    ``reference``: the catalogue it publishes and validates against (default: the bundled
    one). ``blob_dir``: where attachment bytes are kept (bimer_central/blobs.py); by default
    beside a SQLite database file, else a temporary directory that lives as long as the
    app. ``block_ttl``: how long reserved numbers stay usable. ``sms``: where temporary
    passwords go (default: ``sms.log`` beside the blobs, bimer_central/sms.py); ``policy``:
    session lifetimes and lock-out; ``rate_limits``: login, enrollment, evveliyat. The
    coordinator's side (stations, users) is ``app.state.accounts``.
    """
    reference = reference or load_reference()
    temporary: Path | None = None
    root = blob_dir or default_blob_dir(engine)
    if root is None:
        temporary = root = Path(tempfile.mkdtemp(prefix="bimer-central-blobs-"))
        logger.warning("attachments are kept in a temporary directory for this run only")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)

    app = FastAPI(
        title=TITLE,
        version="1",
        description=("Masaların başvuru gönderdiği başvuru kabul servisi (referans uygulama). "
                     "Yalnızca /openapi.json, /docs ve /api/v1/health kimliksiz cevap verir; "
                     "yetki tablosu docs/security.md'de."),
        lifespan=lifespan,
        redoc_url=None,
    )
    install_error_handlers(app)
    sessions = sessionmaker(engine)
    archive = BlobArchive(root, sessions, clock, max_blob_bytes)
    intake = Intake(sessions, reference.accepted_codes, clock, blobs=archive,
                    block_ttl=block_ttl)
    sms = sms or SmsLogFile(root / "sms.log", clock)
    policy = policy or AuthPolicy()
    limits = rate_limits or RateLimits.default()
    logins = Logins(sessions, clock, reference.units_below, sms, policy)
    app.state.accounts = Accounts(sessions, clock, reference.units_below, sms, policy)
    app.state.sms = sms
    unit_names = {unit.detsis_code: unit.name for unit in reference.tree.walk()}
    routers = [api_router(intake, logins, limits.history, reference.units_below),
               session_router(logins, limits, unit_names),
               blob_router(archive, reference.units_below),
               reference_router(reference),
               number_block_router(intake),
               audit_router(AuditAnchors(sessions, clock)),
               forward_router(Forwards(sessions, reference.tree, reference.accepted_codes,
                                       clock))]
    permissions = permissions_of(routers)
    for router in routers:
        app.include_router(router)
    generate_openapi = app.openapi
    app.openapi = lambda: document_permissions(  # type: ignore[method-assign]
        permissions, describe_envelope(generate_openapi()))

    def body_limit(scope: Scope) -> int:
        is_upload = scope.get("method") == "PUT" and str(scope.get("path", "")).startswith(
            "/api/v1/blobs/")
        return max_blob_bytes if is_upload else JSON_BODY_LIMIT

    # Added innermost first: a request meets the access log, then the body limit, then
    # authentication, before any route.
    app.add_middleware(Authenticate, logins=logins)
    app.add_middleware(BodyLimit, limit_for=body_limit)
    app.add_middleware(AccessLog)
    # Outermost: every answer, whoever gives it, says which database it comes from.
    app.state.central_id = central_id(sessions)
    app.add_middleware(CentralIdHeader, identity=app.state.central_id)
    return app
