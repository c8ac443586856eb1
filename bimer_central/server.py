"""Runs the central service with uvicorn on a background thread, for the desk and for tests."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self, cast

import uvicorn
from sqlalchemy import Engine

from bimer_central.accounts import Accounts
from bimer_central.app import build_app
from bimer_central.blobs import DEFAULT_MAX_BLOB_BYTES
from bimer_central.credentials import AuthPolicy
from bimer_central.db import open_database, shown_url
from bimer_central.intake import utc_now
from bimer_central.numbers import DEFAULT_BLOCK_TTL
from bimer_central.rate_limits import RateLimits
from bimer_central.reference import load_reference
from bimer_central.slow_clients import (
    DEFAULT_BODY_IDLE_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    guarded_protocol,
)
from bimer_central.sms import SmsLogFile

logger = logging.getLogger(__name__)

GRACEFUL_SHUTDOWN_SECONDS = 5.0
DEFAULT_KEEP_ALIVE_SECONDS = 5


class CentralServerError(Exception):
    """The service could not start; the message is Turkish."""


class _ThreadedServer(uvicorn.Server):
    """A uvicorn server that tells another thread when its startup has settled.

    Signal handlers need no switching off: uvicorn installs them only on the main thread
    (``Server.capture_signals``), and this server never runs there.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.startup_settled = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self.startup_settled.set()


class CentralServer:
    """The central service on ``host:port`` (0: any free port), in a daemon thread."""

    def __init__(
        self,
        db_url: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        blob_dir: Path | None = None,
        max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES,
        reference_dir: Path | None = None,
        block_ttl: timedelta = DEFAULT_BLOCK_TTL,
        clock: Callable[[], datetime] = utc_now,
        sms_log: Path | None = None,
        ssl_certfile: Path | None = None,
        ssl_keyfile: Path | None = None,
        trusted_proxies: str | None = None,
        header_timeout: float = DEFAULT_HEADER_TIMEOUT,
        body_timeout: float = DEFAULT_BODY_IDLE_TIMEOUT,
        keep_alive: int = DEFAULT_KEEP_ALIVE_SECONDS,
        policy: AuthPolicy | None = None,
        rate_limits: RateLimits | None = None,
    ) -> None:
        """``reference_dir``: the catalogue to publish (default: the bundled one);
        ``block_ttl``: how long reserved numbers stay usable; ``clock``: the service's
        time (tests move it). ``sms_log``: the file temporary passwords are written to
        (bimer_central/sms.py; default beside the attachments). ``ssl_certfile`` and
        ``ssl_keyfile``: serve HTTPS itself (PEM files). ``trusted_proxies``: addresses of
        a reverse proxy whose X-Forwarded-For is believed (login lock-out per address).
        ``header_timeout`` / ``body_timeout`` / ``keep_alive``: seconds a client may take
        to send its headers, between pieces of its body, and idle between requests
        (bimer_central/slow_clients.py)."""
        self._sms_log = sms_log
        self._ssl = (ssl_certfile, ssl_keyfile)
        self._trusted_proxies = trusted_proxies
        self._timeouts = (header_timeout, body_timeout, keep_alive)
        self._policy = policy
        self._rate_limits = rate_limits
        self._accounts: Accounts | None = None
        self._db_url = db_url
        self._reference_dir = reference_dir
        self._block_ttl = block_ttl
        self._clock = clock
        self._blob_dir = blob_dir
        self._max_blob_bytes = max_blob_bytes
        self._host = host
        self._port = port
        self._server: _ThreadedServer | None = None
        self._thread: threading.Thread | None = None
        self._engine: Engine | None = None
        self._url: str | None = None
        self._failure: BaseException | None = None

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``; only while running."""
        if self._url is None:
            raise RuntimeError("the central server is not running")
        return self._url

    @property
    def database(self) -> str:
        """The database URL as it may be printed: never with its password; once started."""
        if self._engine is None:
            raise RuntimeError("the central server was not started")
        return shown_url(self._engine)

    @property
    def accounts(self) -> Accounts:
        """The coordinator's side (stations, users), on this service's database; once
        started."""
        if self._accounts is None:
            raise RuntimeError("the central server was not started")
        return self._accounts

    @property
    def running(self) -> bool:
        return self._url is not None and self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> str:
        """Start serving and return the base URL once connections are accepted.

        Raises ``bimer_central.db.DatabaseError`` for an unusable database,
        ``bimer_central.reference.ReferenceLoadError`` for an unusable reference directory and
        ``CentralServerError`` if the server does not come up within ``timeout`` seconds.
        """
        if self._thread is not None:
            raise RuntimeError("the central server was already started")
        # Read and opened here, in the caller's thread, so bad input fails start() directly.
        reference = load_reference(self._reference_dir)
        self._engine = open_database(self._db_url)
        sms = SmsLogFile(self._sms_log, self._clock) if self._sms_log else None
        app = build_app(self._engine, reference, blob_dir=self._blob_dir,
                        max_blob_bytes=self._max_blob_bytes, block_ttl=self._block_ttl,
                        clock=self._clock, sms=sms, policy=self._policy,
                        rate_limits=self._rate_limits)
        self._accounts = app.state.accounts
        header_timeout, body_timeout, keep_alive = self._timeouts
        certfile, keyfile = self._ssl
        config = uvicorn.Config(
            app,
            host=self._host,
            port=self._port,
            # None: leave logging to the host program; uvicorn's default dictConfig
            # would replace the desk's own handlers.
            log_config=None,
            log_level="warning",
            # uvicorn's own access log prints the path as sent; the service writes its
            # own, without personal data (bimer_central/guard.py AccessLog).
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=int(GRACEFUL_SHUTDOWN_SECONDS),
            timeout_keep_alive=keep_alive,
            http=guarded_protocol(header_timeout, body_timeout),
            ssl_certfile=str(certfile) if certfile else None,
            ssl_keyfile=str(keyfile) if keyfile else None,
            proxy_headers=self._trusted_proxies is not None,
            forwarded_allow_ips=self._trusted_proxies or "127.0.0.1",
        )
        server = _ThreadedServer(config)
        thread = threading.Thread(
            target=self._serve, args=(server,), name="bimer-central", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        settled = server.startup_settled.wait(timeout)
        if not settled or not server.started:
            self.stop()
            reason = "zaman aşımı" if not settled else str(self._failure or "bilinmeyen neden")
            raise CentralServerError(
                f"Merkez servisi {self._host}:{self._port} adresinde başlatılamadı ({reason})."
            )
        bound = cast(tuple[str, int], server.servers[0].sockets[0].getsockname()[:2])
        scheme = "https" if certfile else "http"
        self._url = f"{scheme}://{_url_host(self._host)}:{bound[1]}"
        return self._url

    def stop(self, timeout: float = GRACEFUL_SHUTDOWN_SECONDS + 5.0) -> None:
        """Stop accepting, finish open requests, release the database. Safe to repeat."""
        server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout)
            if thread.is_alive():
                server.force_exit = True
                thread.join(timeout)
                if thread.is_alive():
                    logger.warning("Merkez servisi %.0f saniyede durmadı.", 2 * timeout)
        if self._engine is not None:
            self._engine.dispose()
        self._url = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _serve(self, server: _ThreadedServer) -> None:
        try:
            server.run()
        except SystemExit:
            # uvicorn exits this way when it cannot bind; it has logged why already.
            self._failure = OSError("adres kullanımda ya da dinlenemiyor; ayrıntı günlükte")
        except BaseException as exc:
            self._failure = exc
            logger.exception("Merkez servisi beklenmedik biçimde durdu.")
        finally:
            server.startup_settled.set()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
