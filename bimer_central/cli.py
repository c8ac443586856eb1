"""``bimer-central``: run the central service in the foreground until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import io
import logging
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import FrameType

import platformdirs
from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import sessionmaker

from bimer_central import admin_cli
from bimer_central.blobs import DEFAULT_MAX_BLOB_BYTES
from bimer_central.db import DatabaseError, open_database
from bimer_central.identity import central_id, renew_central_id
from bimer_central.intake import utc_now
from bimer_central.numbers import DEFAULT_BLOCK_TTL
from bimer_central.reference import ReferenceLoadError
from bimer_central.server import DEFAULT_KEEP_ALIVE_SECONDS, CentralServer, CentralServerError
from bimer_central.slow_clients import DEFAULT_BODY_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def default_db_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("bimer-central", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(data_dir / "central.db")).render_as_string()


def default_blob_dir(db_url: str) -> Path | None:
    """None where the service finds its own (beside a SQLite file); the user data dir for
    any other database, whose blobs must outlive the process."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        return None  # the database's own error is reported when it is opened
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return None
    return Path(platformdirs.user_data_dir("bimer-central", appauthor=False)) / "blobs"


def default_sms_log(db_url: str) -> Path:
    """Beside a SQLite database file (``merkez.db`` → ``merkez-sms.log``); else in the user
    data directory."""
    try:
        url = make_url(db_url)
    except ArgumentError:
        url = None
    if url is not None and url.get_backend_name() == "sqlite" and url.database not in (
            None, "", ":memory:"):
        path = Path(url.database)
        return path.with_name(f"{path.stem}-sms.log")
    return Path(platformdirs.user_data_dir("bimer-central", appauthor=False)) / "sms.log"


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
    parser.add_argument(
        "--blobs",
        metavar="KLASÖR",
        type=Path,
        help="eklerin saklandığı klasör (varsayılan: SQLite dosyasının yanında "
        "<ad>-blobs; başka veritabanlarında kullanıcı veri dizininde blobs)",
    )
    parser.add_argument(
        "--max-blob-mb",
        type=int,
        default=DEFAULT_MAX_BLOB_BYTES // (1024 * 1024),
        metavar="MB",
        help=f"bir ekin en büyük boyutu ({DEFAULT_MAX_BLOB_BYTES // (1024 * 1024)} MB)",
    )
    parser.add_argument(
        "--reference-dir",
        metavar="KLASÖR",
        type=Path,
        help="yayımlanacak referans verisi: subjects.json ve institutions.json "
        "(varsayılan: pakette gelen kopya)",
    )
    parser.add_argument(
        "--number-block-days",
        type=int,
        default=DEFAULT_BLOCK_TTL.days,
        metavar="GÜN",
        help=f"önceden ayrılan merkez numaralarının geçerlilik süresi ({DEFAULT_BLOCK_TTL.days})",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"dinlenecek adres ({DEFAULT_HOST})")
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port; 0 boş bir port seçer ({DEFAULT_PORT})",
    )
    parser.add_argument("--sms-log", metavar="DOSYA", type=Path,
                        help="geçici şifre SMS'lerinin yazıldığı dosya (varsayılan: SQLite "
                        "dosyasının yanında <ad>-sms.log)")
    parser.add_argument("--ssl-certfile", metavar="PEM", type=Path,
                        help="HTTPS'i servisin kendisi sunsun: sertifika (zinciriyle)")
    parser.add_argument("--ssl-keyfile", metavar="PEM", type=Path,
                        help="HTTPS'i servisin kendisi sunsun: özel anahtar")
    parser.add_argument("--trusted-proxy", metavar="ADRES",
                        help="X-Forwarded-For başlığına güvenilen ters vekil adres(ler)i, "
                        "virgülle (giriş kilidi istemcinin gerçek adresine göre işler)")
    parser.add_argument("--header-timeout", type=float, default=DEFAULT_HEADER_TIMEOUT,
                        metavar="SN", help="isteğin başlıklarını göndermek için süre "
                        f"({DEFAULT_HEADER_TIMEOUT:.0f} sn)")
    parser.add_argument("--body-timeout", type=float, default=DEFAULT_BODY_IDLE_TIMEOUT,
                        metavar="SN", help="gövdenin iki parçası arasında en çok bekleme "
                        f"({DEFAULT_BODY_IDLE_TIMEOUT:.0f} sn)")
    parser.add_argument("--timeout-keep-alive", type=int, default=DEFAULT_KEEP_ALIVE_SECONDS,
                        metavar="SN", help="boşta bekleyen bağlantının kapanma süresi "
                        f"({DEFAULT_KEEP_ALIVE_SECONDS} sn)")
    parser.add_argument("--access-log", action="store_true",
                        help="her isteği kişisel veri içermeyen bir JSON satırı olarak yaz")
    commands = parser.add_subparsers(dest="command", metavar="KOMUT")
    commands.add_parser("serve", help="servisi çalıştır (komut verilmezse de)")
    admin_cli.add_commands(commands)
    identity = commands.add_parser(
        "identity", help="veritabanının kimliğini yaz (her cevapta X-BIMER-Central-Id)")
    identity.add_argument("--renew", action="store_true",
                          help="yedekten geri yüklenen veritabanına yeni kimlik ver: masalar "
                          "göndermeyi durdurur, 'bimer-desktop rehome' eksikleri yeniden "
                          "gönderir (sonra servisi yeniden başlatın)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _tolerant_output()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    db_url = args.db or default_db_url()
    sms_log = args.sms_log or default_sms_log(db_url)
    if args.command in ("station", "user"):
        try:
            return admin_cli.run(args, db_url, sms_log)
        except (DatabaseError, ReferenceLoadError) as exc:
            print(f"bimer-central: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "identity":
        try:
            return _identity(db_url, renew=args.renew)
        except DatabaseError as exc:
            print(f"bimer-central: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("bimer-central: --ssl-certfile ve --ssl-keyfile birlikte verilmelidir.",
              file=sys.stderr)
        return EXIT_USAGE
    if args.access_log:
        logging.getLogger("bimer.central.access").setLevel(logging.INFO)
    if args.max_blob_mb < 1:
        print("bimer-central: --max-blob-mb en az 1 olmalıdır.", file=sys.stderr)
        return EXIT_USAGE
    if args.number_block_days < 1:
        print("bimer-central: --number-block-days en az 1 olmalıdır.", file=sys.stderr)
        return EXIT_USAGE
    server = CentralServer(db_url, host=args.host, port=args.port,
                           blob_dir=args.blobs or default_blob_dir(db_url),
                           max_blob_bytes=args.max_blob_mb * 1024 * 1024,
                           reference_dir=args.reference_dir,
                           block_ttl=timedelta(days=args.number_block_days),
                           sms_log=sms_log, ssl_certfile=args.ssl_certfile,
                           ssl_keyfile=args.ssl_keyfile, trusted_proxies=args.trusted_proxy,
                           header_timeout=args.header_timeout, body_timeout=args.body_timeout,
                           keep_alive=args.timeout_keep_alive)
    try:
        url = server.start()
        print(f"BİMER merkez servisi çalışıyor: {url} (veritabanı: {server.database}; SMS "
              f"günlüğü: {sms_log})", flush=True)
        return _wait_until_stopped(server)
    except (DatabaseError, ReferenceLoadError) as exc:
        print(f"bimer-central: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CentralServerError as exc:
        print(f"bimer-central: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        server.stop()


def _identity(db_url: str, *, renew: bool) -> int:
    engine = open_database(db_url)
    try:
        sessions = sessionmaker(engine)
        if not renew:
            print(f"Veritabanı kimliği: {central_id(sessions)}")
            return EXIT_OK
        old, new = central_id(sessions), renew_central_id(sessions, utc_now)
        print(f"Veritabanına yeni kimlik verildi: {new} (önceki: {old}).")
        print("Servisi yeniden başlatın. Masalar bu merkeze göndermeyi durdurur; her masada "
              "'bimer-desktop rehome' merkezde eksik olanları yeniden gönderir.")
        return EXIT_OK
    finally:
        engine.dispose()


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
