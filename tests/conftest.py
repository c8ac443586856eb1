"""Shared fixtures: a real central service on loopback and a real desk on a temp directory."""

from __future__ import annotations

import os

# Before any Qt import: the tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.logging_setup import remove_handlers
from bimer_desktop.settings import load_settings
from models.application_form import ApplicationForm
from models.samples import VALID_TCKN as VALID_TCKN  # re-exported for the tests
from models.samples import in_person_sample


@pytest.fixture
def central_db_path(tmp_path: Path) -> Path:
    return tmp_path / "central.db"


@pytest.fixture
def central_url(central_db_path: Path) -> Iterator[str]:
    """The base URL of a real central service (FastAPI + uvicorn) with its own SQLite file."""
    from bimer_central.server import CentralServer

    with CentralServer(f"sqlite:///{central_db_path}") as server:
        yield server.url


def make_desk(data_dir: Path, central: str, *, station: str = "06-01",
              clock: object | None = None) -> Desk:
    settings = load_settings(data_dir).with_overrides(central_url=central, station_code=station)
    config = DeskConfig(data_dir=data_dir, settings=settings, user="memur1")
    if clock is None:
        return Desk(config)
    return Desk(config, clock=clock)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _logging_left_as_found() -> Iterator[None]:
    """A test that runs the CLI in-process gets the desk's log handlers, the console one
    bound to pytest's captured stream; they go when the test does, or later log lines
    would be written to a closed stream."""
    yield
    remove_handlers()


@pytest.fixture
def desk(tmp_path: Path, central_url: str) -> Iterator[Desk]:
    """A desk with a real SQLite file, synced to the real central service above."""
    instance = make_desk(tmp_path / "desk", central_url)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def offline_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk whose central service address answers nothing (a closed loopback port)."""
    instance = make_desk(tmp_path / "desk", "http://127.0.0.1:9")
    try:
        yield instance
    finally:
        instance.close()


def in_person_form(**overrides: str) -> ApplicationForm:
    """A complete, valid in-person application (``models.samples``); override any field."""
    return in_person_sample(**overrides)


def fixed_clock(moment: datetime) -> object:
    return lambda: moment
