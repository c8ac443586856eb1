"""Shared fixtures: a real central service on loopback and a real desk on a temp directory."""

from __future__ import annotations

import os
import tempfile

# Before any Qt import: the tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Without an OS keyring the desks' data keys are files under this folder (one per data
# folder, services/data_key.py): outside every test's data folder, as on a real PC, and
# never the keys folder of whoever runs the tests. Subprocesses of the tests inherit it.
os.environ["BIMER_KEY_DIR"] = tempfile.mkdtemp(prefix="bimer-test-keys-")

import gc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.logging_setup import remove_handlers
from bimer_desktop.settings import load_settings
from models.application_form import ApplicationForm
from models.roles import Role
from models.samples import VALID_TCKN as VALID_TCKN  # re-exported for the tests
from models.samples import in_person_sample
from services.auth import LoginStatus
from tests.central_auth import (
    PROXIES,
    SERVERS,
    TEST_PASSWORD,
    TEST_UNIT,
    central_for,
    enrollment_code,
)
from ui.garbage_collection import collect_due

if TYPE_CHECKING:
    from bimer_central.server import CentralServer


def pytest_configure(config: pytest.Config) -> None:
    # The desk collects garbage cycles on the GUI thread only (ui/garbage_collection.py);
    # the tests do it between two tests, where no Qt event is half delivered and no worker
    # thread runs. Collected anywhere else, a dropped widget tree crashed a worker.
    del config
    gc.disable()


def pytest_collection_finish(session: pytest.Session) -> None:
    # What the collected test modules imported lives for the whole run: out of every later
    # collection (a full one walked it all, ~1 s per worker each time).
    del session
    gc.collect()
    gc.freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    del item, nextitem
    try:
        return (yield)
    finally:
        collect_due()


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
              clock: object | None = None, user: str = "memur1") -> Desk:
    """A desk on ``data_dir``. On a central service a test started (or a FaultProxy before
    one) it is enrolled for ``station`` and ``user`` logged in, as a desk would be; on an
    address nobody answers it is a desk whose clerk is named but not logged in."""
    settings = load_settings(data_dir).with_overrides(central_url=central, station_code=station)
    config = DeskConfig(data_dir=data_dir, settings=settings, user=user)
    desk = Desk(config) if clock is None else Desk(config, clock=clock)  # type: ignore[arg-type]
    server = central_for(central) if central else None
    if server is not None:
        provision(desk, server, central, station, user)
    return desk


def provision(desk: Desk, server: CentralServer, url: str, station: str, user: str) -> None:
    """Enroll ``desk`` (unless its stored credential still works there) and log ``user`` in."""
    tckn = server.accounts.ensure_user(user, user, TEST_UNIT, frozenset({Role.CLERK}),
                                       TEST_PASSWORD)
    stored = desk.credentials.desk()
    if (stored is not None and stored.central_url == url.rstrip("/")
            and desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK):
        return
    enrolled = desk.enroll(url, enrollment_code(server, station))
    assert not isinstance(enrolled, str), enrolled
    outcome = desk.auth.login(tckn, TEST_PASSWORD)
    assert outcome.status is LoginStatus.OK, outcome.message


@pytest.fixture(autouse=True)
def _servers_are_known(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every central service a test starts is remembered by its URL (tests/central_auth.py),
    so that a desk made on it — or on a proxy before it — can be enrolled and logged in."""
    from bimer_central.server import CentralServer

    start = CentralServer.start

    def remembered(self: CentralServer, timeout: float = 10.0) -> str:
        url = start(self, timeout)
        SERVERS[url.rstrip("/")] = self
        # A fault proxy of an earlier test may have had this port: it is gone, and following
        # it would lead to its old service and leave this one's desks unprovisioned (a desk
        # then sent no credentials: an intermittent 401 in whatever test drew the port).
        PROXIES.pop(url.rstrip("/"), None)
        return url

    monkeypatch.setattr(CentralServer, "start", remembered)


@pytest.fixture(autouse=True)
def _documents_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs saved without a printer go to the OS user's documents folder: the test's own."""
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Desks keep their secrets in their data folder's credentials/ (the fallback), never in
    the keyring of whoever runs the tests."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


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


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The log scan of the whole run (issue 13, item 5): every log any test's desk or
    central service wrote under this run's temporary folder (each xdist worker's is inside
    it) is searched for the sample citizens' ID numbers, names, phones, e-mails, addresses
    and texts (``tests/log_scan.py``); a hit fails the run and names the file."""
    del exitstatus
    if hasattr(session.config, "workerinput"):
        return  # a worker: the controller scans once, after every worker has finished
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or session.testscollected == 0:
        return
    from tests.log_scan import log_files, scan

    hits = scan(log_files(factory.getbasetemp()))
    if not hits:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = ["personal data found in the logs the tests wrote (tests/log_scan.py):",
             *(f"  {path}: {needle}" for path, needle in hits[:50])]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
