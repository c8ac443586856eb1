"""The FastAPI application: its database, its reference data, its routes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from central.blob_routes import blob_router
from central.blobs import DEFAULT_MAX_BLOB_BYTES, BlobArchive, default_blob_dir
from central.db import open_database
from central.errors import install_error_handlers
from central.intake import Intake, load_subjects, utc_now
from central.routes import api_router
from models.application_form import SubjectCatalogView

TITLE = "BİMER Merkez Servisi"

logger = logging.getLogger(__name__)


def create_app(
    db_url: str, *, blob_dir: Path | None = None, max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES
) -> FastAPI:
    """Open (and create the tables of) ``db_url``; raises ``central.db.DatabaseError``."""
    return build_app(open_database(db_url), load_subjects(), blob_dir=blob_dir,
                     max_blob_bytes=max_blob_bytes)


def build_app(
    engine: Engine,
    subjects: SubjectCatalogView,
    *,
    blob_dir: Path | None = None,
    max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES,
) -> FastAPI:
    """The app over an open engine, which it disposes of when it shuts down.

    ``blob_dir``: where attachment bytes are kept (central/blobs.py); by default beside a
    SQLite database file, else a temporary directory that lives as long as the app.
    """
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
    sessions = sessionmaker(engine)
    archive = BlobArchive(root, sessions, utc_now, max_blob_bytes)
    app.include_router(api_router(Intake(sessions, subjects, blobs=archive)))
    app.include_router(blob_router(archive))
    return app
