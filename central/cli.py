"""``bimer-central``: run the central service in the foreground until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import io
import logging
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import platformdirs
from sqlalchemy import URL

from central.db import DatabaseError
from central.server import CentralServer, CentralServerError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def default_db_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("bimer-central", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(data_dir / "central.db")).render_as_string()


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port 0 ile 65535 arasında olmalıdır: '{text}'")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bimer-central",
        description="BİMER merkez servisini (referans uygulama) çalıştırır.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy veritabanı adresi (varsayılan: kullanıcı veri dizininde central.db)",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"dinlenecek adres ({DEFAULT_HOST})")
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port; 0 boş bir port seçer ({DEFAULT_PORT})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _tolerant_output()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    server = CentralServer(args.db or default_db_url(), host=args.host, port=args.port)
    try:
        url = server.start()
        print(f"BİMER merkez servisi çalışıyor: {url} (veritabanı: {server.database})", flush=True)
        return _wait_until_stopped(server)
    except DatabaseError as exc:
        print(f"bimer-central: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CentralServerError as exc:
        print(f"bimer-central: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        server.stop()


def _wait_until_stopped(server: CentralServer) -> int:
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, request_stop)
    # A bounded wait: on Windows Ctrl+C is not seen during an unbounded one.
    while not stop.wait(0.5):
        if not server.running:
            print("bimer-central: merkez servisi beklenmedik biçimde durdu.", file=sys.stderr)
            return EXIT_FAILURE
    return EXIT_OK


def _tolerant_output() -> None:
    # Turkish letters must never crash the service on a console whose code page lacks them.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
