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

from bimer_central.blob_routes import blob_router
from bimer_central.blobs import DEFAULT_MAX_BLOB_BYTES, BlobArchive, default_blob_dir
from bimer_central.errors import install_error_handlers
from bimer_central.intake import Intake, utc_now
from bimer_central.number_block_routes import number_block_router
from bimer_central.numbers import DEFAULT_BLOCK_TTL
from bimer_central.reference import CentralReference, load_reference
from bimer_central.reference_routes import reference_router
from bimer_central.routes import api_router
from bimer_central.schemas import describe_envelope

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
) -> FastAPI:
    """The app over an open engine, which it disposes of when it shuts down.

    ``reference``: the catalogue it publishes and validates against (default: the bundled
    one). ``blob_dir``: where attachment bytes are kept (bimer_central/blobs.py); by default
    beside a SQLite database file, else a temporary directory that lives as long as the
    app. ``block_ttl``: how long reserved numbers stay usable.
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
        description="Masaların başvuru gönderdiği başvuru kabul servisi (referans uygulama).",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    generate_openapi = app.openapi
    app.openapi = lambda: describe_envelope(generate_openapi())  # type: ignore[method-assign]
    sessions = sessionmaker(engine)
    archive = BlobArchive(root, sessions, clock, max_blob_bytes)
    intake = Intake(sessions, reference.accepted_codes, clock, blobs=archive,
                    block_ttl=block_ttl)
    app.include_router(api_router(intake))
    app.include_router(blob_router(archive))
    app.include_router(reference_router(reference))
    app.include_router(number_block_router(intake))
    return app
