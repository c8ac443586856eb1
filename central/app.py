"""The FastAPI application: its database, its reference data, its routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from central.db import open_database
from central.errors import install_error_handlers
from central.intake import Intake, load_subjects
from central.routes import api_router
from models.application_form import SubjectCatalogView

TITLE = "BİMER Merkez Servisi"


def create_app(db_url: str) -> FastAPI:
    """Open (and create the tables of) ``db_url``; raises ``central.db.DatabaseError``."""
    return build_app(open_database(db_url), load_subjects())


def build_app(engine: Engine, subjects: SubjectCatalogView) -> FastAPI:
    """The app over an open engine, which it disposes of when it shuts down."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title=TITLE,
        version="1",
        description="Masaların başvuru gönderdiği başvuru kabul servisi (referans uygulama).",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(api_router(Intake(sessionmaker(engine), subjects)))
    return app
