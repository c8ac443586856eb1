"""``bimer-desktop``: the desk window, or one headless command (sync, import, list, drafts,
print, reference refresh, gc)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bimer_desktop.cli_audit import add_audit_commands
from bimer_desktop.cli_input import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from bimer_desktop.cli_keys import add_key_commands
from bimer_desktop.cli_search import add_search_command
from bimer_desktop.launch import choose_language, config_dir, data_dir_of, guarded
from bimer_desktop.settings import (
    SettingsError,
    load_settings,
    settings_path,
)
from bimer_desktop.version import version_line
from models.i18n import LANGUAGES, N_, _, format_datetime, ngettext
from models.turkish_text import format_size
from printing.receipt_data import ReceiptLayout

# The desk and its services (SQLAlchemy, reportlab, requests...) are imported where they
# are used: the window's first paint must not wait for them (bench/startup.py).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from bimer_desktop.app import Desk, DeskConfig
    from services.drafts import Draft
    from services.queries import ApplicationSummary, AttachmentView

log = logging.getLogger("bimer.cli")

# What ``print`` prints: services.printouts.DocumentKind's values (a test keeps them equal).
PRINT_DOCUMENTS = ("receipt", "report")


class _VersionAction(argparse.Action):
    """argparse's "version" action, with the version read only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None
                 ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, _namespace: argparse.Namespace,
                 _values: object, _option: str | None = None) -> None:
        print(version_line())
        parser.exit()


def _window_size(text: str) -> tuple[int, int]:
    """``1024x640`` as (1024, 640)."""
    width, _sep, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 200 or int(height) < 200:
        raise argparse.ArgumentTypeError(
            _("boyut GENİŞLİKxYÜKSEKLİK biçiminde olmalı, örn. 1024x640: {text}").format(
                text=text))
    return int(width), int(height)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bimer-desktop",
        description=_("BİMER Masaüstü: başvuru kabul masası. Komut verilmezse pencere açılır."),
    )
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=_("veri klasörü (varsayılan: platformun kullanıcı veri klasörü)"))
    parser.add_argument("--central", metavar="URL", default=None,
                        help=_("merkezi servis adresi; verilmezse yerel eğitim merkezi kullanılır"))
    parser.add_argument("--station", metavar=_("KOD"), default=None,
                        help=_("bu çalıştırma için istasyon kodu, örn. 06-01"))
    parser.add_argument("--tckn", default=None, metavar=_("TCKN"),
                        help=_("komutlar için giriş: T.C. Kimlik No (şifre BIMER_PASSWORD "
                               "ortam değişkeninden ya da --password-file dosyasından)"))
    parser.add_argument("--password-file", type=Path, default=None, metavar=_("DOSYA"),
                        help=_("komutlar için giriş şifresinin yazılı olduğu dosya"))
    parser.add_argument("--user", default=None, metavar=_("AD"),
                        help=_("yalnızca eğitim masasında: eğitim memurunun kullanıcı adı"))
    parser.add_argument("--verbose", action="store_true", help=_("ayrıntılı günlük"))
    parser.add_argument("--language", choices=list(LANGUAGES), default=None,
                        help=_("bu çalıştırma için dil (tr, en); verilmezse ayarlardaki"))
    parser.add_argument("--preview", metavar=_("AD"),
                        help=_("tek bir pencereyi aç ('--preview list' adları listeler)"))
    parser.add_argument("--screenshot", metavar=_("DOSYA.png"), type=Path,
                        help=_("--preview ile: pencereyi ekransız çizip PNG olarak kaydet ve çık"))
    parser.add_argument("--size", metavar=_("GENxYÜK"), type=_window_size, default=None,
                        help=_("--preview ile: pencerenin boyutu, örn. 1024x640 (varsayılan "
                               "1366x768)"))
    parser.add_argument("--version", action=_VersionAction, help=_("sürümü yaz ve çık"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("kurulumu sına: geçici bir klasörde pencereyi aç, başvuru kaydet, "
                             "gönder, alındı belgesi yazdır ve barkodunu oku (ekransız)"))
    commands = parser.add_subparsers(dest="command", metavar=_("KOMUT"))

    enroll = commands.add_parser(
        "enroll", help=_("masayı merkeze koordinatörün verdiği tek kullanımlık kodla kaydet"))
    enroll.add_argument("url", help=_("merkezi servis adresi, örneğin https://bimer.kurum.gov.tr"))
    enroll.add_argument("code", help=_("kayıt kodu, örneğin ABCD-EFGH-JKMN"))
    enroll.set_defaults(handler=_cmd_enroll, needs_clerk=False)

    sync = commands.add_parser("sync", help=_("gönderim kuyruğunu bir kez boşalt"))
    sync.set_defaults(handler=_cmd_sync)

    rehome = commands.add_parser(
        "rehome", help=_("masayı ulaşılan merkez veritabanına bağla ve onda eksik olanları "
                         "yeniden gönder (merkez yedekten döndüyse ya da taşındıysa)"))
    rehome.set_defaults(handler=_cmd_rehome)

    importer = commands.add_parser(
        "import", help=_("JSONL dosyasından başvuru, .eml e-postalarından taslak al")
    )
    importer.add_argument("files", type=Path, nargs="+", metavar=_("DOSYA"),
                          help=_("her satırı bir başvuru olan .jsonl dosyası ya da .eml iletileri"))
    importer.set_defaults(handler=_cmd_import)

    listing = commands.add_parser("list", help=_("yerel başvuruları listele"))
    listing.add_argument("--json", action="store_true", help=_("JSON olarak yaz"))
    listing.set_defaults(handler=_cmd_list)

    drafts = commands.add_parser("drafts", help=_("kullanıcının taslaklarını listele"))
    drafts.add_argument("--json", action="store_true", help=_("JSON olarak yaz"))
    drafts.set_defaults(handler=_cmd_drafts)

    printer = commands.add_parser(
        "print", help=_("alındı belgesi ya da başvuru raporu bas (PDF; yazdırma kaydına girer)")
    )
    printer.add_argument("document", choices=list(PRINT_DOCUMENTS),
                         help=_("belge türü: receipt (alındı belgesi) ya da report (başvuru "
                              "raporu)"))
    printer.add_argument("number", help=_("başvuru numarası (istasyon ya da merkez)"))
    printer.add_argument("--out", type=Path, default=None,
                         help=_("PDF dosyası (verilmezse PDF klasörüne, aynı adlı dosyanın "
                              "üzerine yazmadan)"))
    printer.add_argument("--layout", choices=[layout.value for layout in ReceiptLayout],
                         default=None,
                         help=_("alındı belgesi kâğıdı (varsayılan: ayarlardaki); rapor "
                              "yalnızca A4"))
    printer.add_argument("--reveal-identity", action="store_true",
                         help=_("yalnızca rapor: başvuranın kimliğini bu baskıda yıldızsız bas "
                              "(denetim kaydına yazılır)"))
    printer.set_defaults(handler=_cmd_print)

    reference = commands.add_parser("reference", help=_("referans verisi (konular, kurumlar)"))
    reference_actions = reference.add_subparsers(dest="reference_action", metavar=_("İŞLEM"),
                                                 required=True)
    refresh = reference_actions.add_parser(
        "refresh", help=_("merkezden güncel konu ve kurum listelerini al (değiştiyse)"))
    refresh.set_defaults(handler=_cmd_reference_refresh)

    print_log = commands.add_parser("print-log", help=_("yazdırma kaydını listele"))
    print_log.add_argument("--json", action="store_true", help=_("JSON olarak yaz"))
    print_log.add_argument("--limit", type=int, default=None, metavar="N",
                           help=_("yalnızca son N kayıt"))
    print_log.set_defaults(handler=_cmd_print_log)

    add_search_command(commands)
    add_audit_commands(commands)
    add_key_commands(commands)

    collector = commands.add_parser(
        "gc", help=_("merkeze ulaşmış ve saklama süresi dolmuş eklerin yerel kopyalarını sil")
    )
    collector.add_argument("--dry-run", action="store_true",
                           help=_("hiçbir şey silme, yalnızca neyin silineceğini say"))
    collector.set_defaults(handler=_cmd_gc, needs_clerk=False)

    restore = commands.add_parser(
        "restore", help=_("kaybolan ya da bozulan veritabanını yedekten geri yükle "
                          "(numaralandırma son verilen numaradan sürer)"))
    restore.add_argument("--backup", type=Path, metavar=_("DOSYA"), default=None,
                         help=_("bu yedeği kullan (varsayılan: backups/ içindeki en yeni)"))
    restore.add_argument("--empty", action="store_true",
                         help=_("yedek yoksa: bu masanın istasyonu ve numaralandırmasıyla boş "
                              "bir veritabanı kur"))
    restore.set_defaults(without_desk=_cmd_restore, needs_clerk=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command (``bimer_desktop.launch.main`` is the installed entry: the same, with the
    start window shown before this module is loaded)."""
    return guarded(lambda: run(argv))


def run(argv: Sequence[str] | None, start_window: QWidget | None = None) -> int:
    """The command; ``start_window``: the one ``launch`` already showed (a plain start)."""
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.screenshot and not args.preview:
        parser.error(_("--screenshot yalnızca --preview ile kullanılabilir"))
    if args.self_test or args.command is None:
        problem = _qt_problem(args)
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_FAILED
    if args.self_test:
        from ui.self_test import run_self_test  # Qt only when asked; touches no real data

        return run_self_test()
    try:
        # The folder chosen in the first-run wizard, unless --data-dir says otherwise.
        data_dir: Path = data_dir_of(args.data_dir)
        first_start = not settings_path(data_dir).exists()
        if (start_window is None and args.command is None and args.preview is None
                and not first_start):
            from ui.run import show_start_window  # Qt and the start window only

            # On screen before the desk and its libraries are loaded (≈2 s more).
            start_window = show_start_window()
        data_dir.mkdir(parents=True, exist_ok=True)
        # Before the settings: what loading them has to say (a setting from a newer
        # release, a renamed one) goes to the desk's log too.
        from bimer_desktop.logging_setup import configure_logging

        configure_logging(data_dir, verbose=args.verbose)
        settings = load_settings(data_dir).with_overrides(
            central_url=args.central, station_code=args.station, language=args.language
        )
    except SettingsError as error:
        _close(start_window)
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        _close(start_window)
        print(_("Hata: veri klasörü kullanılamıyor: {folder} ({reason})").format(
            folder=data_dir, reason=error.strerror), file=sys.stderr)
        return EXIT_USAGE
    from bimer_desktop.app import Desk, DeskConfig

    if args.user and settings.central_url:
        print(_("Hata: --user yalnızca eğitim masasında (merkez adresi olmadan) kullanılır; "
                "merkeze bağlı masada --tckn ile giriş yapın."), file=sys.stderr)
        return EXIT_USAGE
    config = DeskConfig(data_dir=data_dir, settings=settings, user=args.user or "")

    if args.command is None:
        from ui.run import FirstRun, run_gui  # Qt only when a window is wanted

        # No settings file yet: the window starts with the first-run wizard (never a
        # preview, never a headless command).
        first_run = FirstRun(None if args.data_dir else config_dir()) if first_start else None
        return run_gui(config, preview=args.preview, screenshot=args.screenshot, size=args.size,
                       first_run=first_run, start_window=start_window)

    without_desk = getattr(args, "without_desk", None)
    if without_desk is not None:  # restore, key recovery: they run before a desk can open
        return int(without_desk(config, args))
    from services.transport_security import ca_bundle_problem

    # A CA file that is not there is a settings error, said before anything runs: every
    # call to the central service would fail on it (the window shows it in Ayarlar and in
    # the status bar, and keeps taking applications).
    ca_problem = ca_bundle_problem(settings.ca_bundle)
    if ca_problem:
        print(_("Hata: {error}").format(error=ca_problem), file=sys.stderr)
        return EXIT_USAGE
    from sqlalchemy.exc import DatabaseError

    from models.database import SQLiteDatabaseError
    from services.central_client import CentralSetupError
    from services.desk_identity import DeskStartError
    from services.desk_start import disk_full_message, is_disk_full

    try:
        desk = Desk(config)
    except DeskStartError as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_FAILED
    try:
        if getattr(args, "needs_clerk", True):
            refusal = _log_in(desk, args)
            if refusal:
                print(_("Hata: {error}").format(error=refusal), file=sys.stderr)
                return EXIT_USAGE
        handler: Callable[[Desk, argparse.Namespace], int] = args.handler
        return handler(desk, args)
    except CentralSetupError as error:  # the address or the CA file: one line, no traceback
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    except (OSError, DatabaseError, SQLiteDatabaseError) as error:
        if not is_disk_full(error, config.data_dir):
            raise
        # What was saved before stays saved (one transaction per save); say it in one line.
        print(_("Hata: {error}").format(error=disk_full_message(config.data_dir)),
              file=sys.stderr)
        return EXIT_FAILED
    finally:
        desk.close()


def _qt_problem(args: argparse.Namespace) -> str | None:
    """What keeps Qt from starting here (a missing system library), before it is imported."""
    from bimer_desktop.qt_libraries import check_qt_libraries

    environ = dict(os.environ)
    if args.self_test or args.screenshot or args.preview == "list":
        environ["QT_QPA_PLATFORM"] = "offscreen"  # these never open a window on a display
    return check_qt_libraries(environ)


def _close(start_window: QWidget | None) -> None:
    if start_window is not None:
        start_window.close()


def _cmd_restore(config: DeskConfig, args: argparse.Namespace) -> int:
    from bimer_desktop.app import BACKUPS_DIR_NAME, DATABASE_FILE_NAME, data_keys_for
    from services.data_key import DataKeyMissing
    from services.restore import RestoreError, restore_database

    database_path = config.data_dir / DATABASE_FILE_NAME
    try:
        data_key = data_keys_for(config.data_dir).load_or_create()
        report = restore_database(database_path, config.data_dir / BACKUPS_DIR_NAME,
                                  station_code=config.station_code, data_key=data_key,
                                  backup=args.backup, empty=args.empty)
    except (RestoreError, DataKeyMissing) as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_FAILED
    if report.source is None:
        print(_("Boş bir veritabanı kuruldu ({code} istasyonu).").format(
            code=report.station_code))
    else:
        print(_("Yedek geri yüklendi: {name} ({count} başvuru).").format(
            name=report.source.name, count=report.applications))
    if report.moved_aside is not None:
        print(_("Önceki veritabanı silinmedi, şuraya taşındı: {folder}").format(
            folder=report.moved_aside))
    for year, (held, last) in sorted(report.numbers.items()):
        print(_("{year}: numaralandırma {next} numaradan sürecek.").format(
            year=year, next=last + 1))
        if last > held:
            print(_("{year}: {first}–{last} numaralı {count} başvuru bu yedekte yok; merkeze "
                    "gönderilmiş olanlar merkezde duruyor.").format(
                        year=year, first=held + 1, last=last, count=last - held))
    return EXIT_OK


PASSWORD_VARIABLE = "BIMER_PASSWORD"
TCKN_VARIABLE = "BIMER_TCKN"


def _log_in(desk: Desk, args: argparse.Namespace) -> str | None:
    """A headless command acts as a clerk: training mode's own; else ``--tckn`` (or
    BIMER_TCKN) with the password from BIMER_PASSWORD or ``--password-file``; else the
    session of the last login at this desk. None when someone is logged in, else why not."""
    from services.auth import LoginStatus

    if desk.config.training:
        return None
    if not desk.enrolled:
        return _("Bu masa merkeze kayıtlı değil. Önce kaydedin: bimer-desktop enroll ADRES KOD "
                 "(ya da pencerenin ilk kurulumunda).")
    tckn = args.tckn or os.environ.get(TCKN_VARIABLE, "")
    if tckn:
        try:
            password = (args.password_file.read_text("utf-8").strip() if args.password_file
                        else os.environ.get(PASSWORD_VARIABLE, ""))
        except OSError as error:
            return _("şifre dosyası okunamadı: {path} ({reason})").format(
                path=args.password_file, reason=error.strerror)
        if not password:
            return _("--tckn verildi ama şifre yok: BIMER_PASSWORD ortam değişkenini ya da "
                     "--password-file seçeneğini kullanın.")
        outcome = desk.auth.login(tckn, password, save_token=False)
        if outcome.status is LoginStatus.NEW_PASSWORD:
            return _("Geçici şifreyle giriş yapıldı; önce pencerede yeni şifrenizi belirleyin.")
        if outcome.status is not LoginStatus.OK:
            return _("Giriş yapılamadı: {reason}").format(reason=outcome.message)
        if outcome.message:
            print(outcome.message, file=sys.stderr)  # an offline login says what it means
        return None
    resumed = desk.auth.resume_saved()
    if resumed is not None:
        if not resumed.online:
            print(_("Merkeze ulaşılamıyor: son girişin kullanıcısıyla çevrimdışı "
                    "çalışılıyor."), file=sys.stderr)
        return None
    return _("Bu komut için giriş gerekiyor: {tckn} ve {password} ortam değişkenlerini (ya da "
             "--tckn ve --password-file) verin, ya da önce pencerede giriş yapın.").format(
        tckn=TCKN_VARIABLE, password=PASSWORD_VARIABLE)


def _cmd_enroll(desk: Desk, args: argparse.Namespace) -> int:
    result = desk.enroll(args.url, args.code, desk.config.settings.ca_bundle or None)
    if isinstance(result, str):
        print(_("Hata: {error}").format(error=result), file=sys.stderr)
        return EXIT_FAILED
    from bimer_desktop.settings import store_setting

    store_setting(desk.config.data_dir, "central_url", result.central_url)
    store_setting(desk.config.data_dir, "station_code", result.station_code)
    print(_("Masa kaydedildi: istasyon {station} ({unit}).").format(
        station=result.station_code, unit=result.unit_name or result.unit))
    return EXIT_OK


def _cmd_sync(desk: Desk, _args: argparse.Namespace) -> int:
    report = desk.sync.drain_once(force=True)
    print(_("Merkez: {url}").format(url=desk.sync.central_url))
    print(_("Gönderilen: {sent}  Yeniden denenecek: {retrying}  Karantinada: {quarantined}  "
            "Bekleyen: {pending}").format(sent=report.sent, retrying=report.retrying,
                                          quarantined=report.quarantined,
                                          pending=report.pending))
    if not report.reachable or report.paused is not None:
        # A pause (an ended session, a revoked desk, another central database) says why.
        print(_("Uyarı: {message}").format(message=report.message), file=sys.stderr)
    return EXIT_OK if report.pending == 0 else EXIT_FAILED


def _cmd_rehome(desk: Desk, _args: argparse.Namespace) -> int:
    """docs/operator.md, "A central service that is not the one the desk knew"."""
    from services.rehome import central_numbers

    before = central_numbers(desk.db)
    result = desk.rehome()
    if isinstance(result, str):
        print(_("Hata: {error}").format(error=result), file=sys.stderr)
        return EXIT_FAILED
    if result.already:
        print(_("Masa zaten bu merkez veritabanına bağlı ({id}); yapılacak bir şey yok.").format(
            id=result.central_id))
        return EXIT_OK
    print(_("Masa yeni merkez veritabanına bağlandı ({id}). Yeniden gönderilecek: "
            "{applications} başvuru, {attachments} ek.").format(
        id=result.central_id, applications=result.applications,
        attachments=result.attachments))
    code = _cmd_sync(desk, _args)
    after = central_numbers(desk.db)
    for station, old in before.items():
        new = after.get(station)
        if new and new != old:
            print(_("{station}: merkez numarası {old} verilemedi, yeni numara {new}").format(
                station=station, old=old, new=new))
    return code


def _cmd_import(desk: Desk, args: argparse.Namespace) -> int:
    """Each ``.eml`` becomes a draft, anything else is read as JSON Lines; the exit code is
    the worst of all files (2: a file could not be read, 1: something was rejected)."""
    files: list[Path] = args.files
    codes = []
    for path in files:
        if path.suffix.lower() == ".eml":
            codes.append(_import_eml(desk, path))
        else:
            if len(files) > 1:
                print(f"{path}:")
            codes.append(_import_jsonl(desk, path))
    return max(codes)


def _import_eml(desk: Desk, path: Path) -> int:
    from services.email_import import EmailImportError

    try:
        data = path.read_bytes()
    except OSError as error:
        print(_("Hata: dosya okunamadı: {path} ({reason})").format(
            path=path, reason=error.strerror), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = desk.email_import.import_message(
            data, desk.config.user, received=desk.clock().date()
        )
    except EmailImportError as error:
        print(_("{path}: alınamadı: {reason}").format(path=path, reason=error))
        return EXIT_FAILED
    except OSError as error:
        print(_("{path}: alınamadı: ekler kaydedilemedi ({reason})").format(
            path=path, reason=error.strerror))
        return EXIT_FAILED
    except Exception as error:  # never a traceback, and the next file is still read
        # The type only: the message of a decoding error would quote the mail's text.
        log.error("e-mail import failed: %s", type(error).__name__)
        print(_("{path}: alınamadı: beklenmeyen bir hata oluştu; ayrıntı günlük dosyasında. "
                "Dosyayı BİMER destek ekibine iletin.").format(path=path))
        return EXIT_FAILED
    print(ngettext("{path}: taslak {draft} oluşturuldu ({count} ek)",
                   "{path}: taslak {draft} oluşturuldu ({count} ek)",
                   result.attachment_count).format(
        path=path, draft=result.draft_id, count=result.attachment_count))
    for notice in result.notices:
        print(_("  uyarı: {notice}").format(notice=notice))
    return EXIT_OK


def _import_jsonl(desk: Desk, path: Path) -> int:
    from services.importer import LineOutcome

    try:
        lines = path.read_bytes().splitlines()
    except OSError as error:
        print(_("Hata: dosya okunamadı: {path} ({reason})").format(
            path=path, reason=error.strerror), file=sys.stderr)
        return EXIT_USAGE

    def said(outcome: LineOutcome) -> None:
        # Printed (and flushed) only once the line is committed or refused: a killed import
        # has said nothing that is not so (docs/import-format.md).
        if outcome.already:
            print(_("zaten kayıtlı: satır {line} (başvuru numarası {number})").format(
                line=outcome.line, number=outcome.station_number), flush=True)
        elif outcome.station_number is not None:
            print(_("satır {line}: kaydedildi, başvuru numarası {number}").format(
                line=outcome.line, number=outcome.station_number), flush=True)
        for rejection in outcome.rejections:
            print(_("satır {line}: {label} ({field}): {message}").format(
                line=rejection.line, label=rejection.field_label, field=rejection.field,
                message=rejection.message), flush=True)

    report = desk.importer.import_lines(lines, desk.config.user, base_dir=path.parent,
                                        on_line=said)
    if report.stopped is not None:
        print(_("Hata: {error}").format(error=report.stopped), file=sys.stderr)
        print(_("İçe aktarma durdu: yukarıda \"kaydedildi\" denen satırlar kayıtlı; yer açıp "
                "aynı dosyayı yeniden içe aktarın, kayıtlı satırlar ikinci kez "
                "kaydedilmez."), file=sys.stderr)
    print(_("Kaydedilen: {saved}  Zaten kayıtlı: {already}  Reddedilen satır: {rejected}"
            ).format(saved=len(report.saved), already=len(report.already),
                     rejected=len({r.line for r in report.rejected})))
    if report.stopped is not None:
        return EXIT_FAILED
    return EXIT_FAILED if report.rejected else EXIT_OK


def _cmd_list(desk: Desk, args: argparse.Namespace) -> int:
    applications = desk.queries.list_applications()
    if args.json:
        attachments = desk.queries.attachments_by_application(a.id for a in applications)
        print(json.dumps(
            [_as_json(a, attachments.get(a.id, []), desk) for a in applications],
            ensure_ascii=False, indent=2,
        ))
        return EXIT_OK
    for a in applications:
        print(f"{a.station_number}  {a.central_number or '-':<18}  {a.sync_state.label:<18}  "
              f"{format_datetime(a.created_at)}  {a.application_type.label}")
    print(_("Toplam: {count}").format(count=len(applications)))
    return EXIT_OK


def _as_json(a: ApplicationSummary, attachments: list[AttachmentView],
             desk: Desk) -> dict[str, object]:
    return {
        "station_number": a.station_number,
        "central_number": a.central_number,
        "sync_state": a.sync_state.value,
        "sync_message": a.sync_message,
        "uuid": a.uuid,
        "created_at": a.created_at.isoformat(),
        "created_by": a.created_by,
        "channel": a.channel.value,
        "application_type": a.application_type.value,
        "urgency": a.urgency.value,
        "subject_code": a.subject_code,
        "sub_subject_code": a.sub_subject_code,
        "applicant": a.applicant_masked,
        "attachments": [
            {"name": f.name, "size": f.size, "media_type": f.media_type, "sha256": f.sha256,
             "page_count": f.page_count, "uploaded": f.uploaded,
             "upload_state": f.upload_state.value if f.upload_state else None,
             "upload_message": f.upload_message,
             "local_copy": desk.blobs.holds(f.sha256, f.size)}
            for f in attachments
        ],
    }


_SOURCE_LABELS = {"form": N_("Form"), "email": N_("E-posta")}


def _cmd_drafts(desk: Desk, args: argparse.Namespace) -> int:
    user = desk.config.user
    found = [(s, d) for s in desk.drafts.list(user) if (d := desk.drafts.get(s.id, user))]
    if args.json:
        print(json.dumps([_draft_json(d) for _s, d in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    for summary, d in found:
        source = _(_SOURCE_LABELS[d.source]) if d.source in _SOURCE_LABELS else d.source
        attachments = ngettext("({count} ek)", "({count} ek)", len(d.attachments)).format(
            count=len(d.attachments))
        print(f"{d.id:>5}  {format_datetime(d.updated_at)}  {d.channel.label:<8}  "
              f"{source:<8}  {summary.label}  {attachments}")
    print(_("Toplam: {count}").format(count=len(found)))
    return EXIT_OK


def _draft_json(d: Draft) -> dict[str, object]:
    return {
        "id": d.id,
        "channel": d.channel.value,
        "source": d.source,
        "created_at": d.created_at.isoformat(),
        "updated_at": d.updated_at.isoformat(),
        "form": {name: getattr(d.form, name) for name in d.form.field_names()},
        "attachments": [
            {"name": a.original_name, "size": a.size, "media_type": a.media_type,
             "sha256": a.sha256}
            for a in d.attachments
        ],
    }


def _cmd_print(desk: Desk, args: argparse.Namespace) -> int:
    from services.printouts import DocumentKind, PdfFile, PrintError, PrintRequest, free_pdf_path

    kind = DocumentKind(args.document)
    layout = ReceiptLayout(args.layout) if args.layout else None
    if kind is DocumentKind.REPORT and layout not in (None, ReceiptLayout.A4):
        print(_("Hata: başvuru raporu yalnızca A4 basılır; --layout a5 ve 80mm yalnızca alındı "
                "belgesi içindir."), file=sys.stderr)
        return EXIT_USAGE
    if kind is DocumentKind.RECEIPT and args.reveal_identity:
        print(_("Hata: --reveal-identity yalnızca rapor içindir; alındı belgesi vatandaşın "
                "nüshasıdır ve kimlik üzerinde her zaman yıldızlı basılır."), file=sys.stderr)
        return EXIT_USAGE
    request = PrintRequest(kind, args.number, layout=layout,
                           reveal_identity=args.reveal_identity)
    summary = desk.queries.find(args.number)
    out: Path = args.out or free_pdf_path(
        desk.config.pdf_folder, kind, summary.station_number if summary else args.number.strip()
    )
    try:
        document = desk.printouts.produce(request, desk.config.user, PdfFile(out))
    except PrintError as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_FAILED
    print(ngettext("{document} yazıldı: {path} (başvuru {number}, {pages} sayfa, yazdırma "
                   "seri no {serial}, barkod {payload})",
                   "{document} yazıldı: {path} (başvuru {number}, {pages} sayfa, yazdırma "
                   "seri no {serial}, barkod {payload})", document.page_count).format(
        document=kind.label, path=PdfFile(out).path, number=document.station_number,
        pages=document.page_count, serial=document.serial, payload=document.payload))
    return EXIT_OK


def _cmd_print_log(desk: Desk, args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        print(_("Hata: --limit en az 1 olmalıdır."), file=sys.stderr)
        return EXIT_USAGE
    rows = desk.printouts.print_log(limit=args.limit)
    if args.json:
        print(json.dumps([
            {"serial": r.serial, "document_type": r.document_type,
             "station_number": r.station_number, "station_code": r.station_code,
             "user": r.user, "printed_at": r.printed_at.isoformat(),
             "page_count": r.page_count, "printer": r.printer, "payload": r.payload}
            for r in rows
        ], ensure_ascii=False, indent=2))
        return EXIT_OK
    table = [(_("Seri"), _("Belge"), _("Başvuru"), _("İstasyon"), _("Kullanıcı"), _("Zaman"),
              _("Sayfa"), _("Yazıcı"))]
    table += [
        (str(r.serial), r.document_label, r.station_number, r.station_code, r.user,
         format_datetime(r.printed_at), str(r.page_count), r.printer)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    print(_("Toplam: {count}").format(count=len(rows)))
    return EXIT_OK


def _cmd_reference_refresh(desk: Desk, _args: argparse.Namespace) -> int:
    from services.reference import RefreshOutcome

    results = desk.reference.refresh(desk.central_client())
    for result in results:
        print(f"{result.label}: {result.message}")
    unreachable = any(r.outcome is RefreshOutcome.UNREACHABLE for r in results)
    return EXIT_FAILED if unreachable else EXIT_OK


def _cmd_gc(desk: Desk, args: argparse.Namespace) -> int:
    report = desk.blob_collector.collect(dry_run=args.dry_run)
    days = desk.config.settings.attachment_retention_days
    line = (ngettext("Silinecek: {deleted} ek kopyası ({size})  Tutulan: {kept}  (saklama "
                     "süresi {days} gün)",
                     "Silinecek: {deleted} ek kopyası ({size})  Tutulan: {kept}  (saklama "
                     "süresi {days} gün)", report.deleted) if report.dry_run else
            ngettext("Silinen: {deleted} ek kopyası ({size})  Tutulan: {kept}  (saklama "
                     "süresi {days} gün)",
                     "Silinen: {deleted} ek kopyası ({size})  Tutulan: {kept}  (saklama "
                     "süresi {days} gün)", report.deleted))
    print(line.format(deleted=report.deleted, size=format_size(report.freed_bytes),
                      kept=report.kept, days=days))
    if report.leftovers_removed:
        print(_("Yarım kalmış yazma ya da temizlik artığı temizlendi: {count}").format(
            count=report.leftovers_removed))
    if report.dry_run:
        print(_("Deneme: hiçbir dosya silinmedi."))
    return EXIT_OK
