"""``bimer-desktop``: the desk window, or one headless command (sync, import, list, drafts,
print, reference refresh, gc)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from bimer_desktop.app import Desk, DeskConfig, current_user
from bimer_desktop.logging_setup import configure_logging
from bimer_desktop.settings import (
    SettingsError,
    load_settings,
    read_data_dir_choice,
    settings_path,
)
from bimer_desktop.version import version_line
from models.turkish_text import format_size
from services.drafts import Draft
from services.email_import import EmailImportError
from services.printouts import (
    DocumentKind,
    PdfFile,
    PrintError,
    PrintRequest,
    ReceiptLayout,
    free_pdf_path,
)
from services.queries import ApplicationSummary, AttachmentView
from services.reference import RefreshOutcome

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bimer-desktop",
        description="BİMER Masaüstü: başvuru kabul masası. Komut verilmezse pencere açılır.",
    )
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="veri klasörü (varsayılan: platformun kullanıcı veri klasörü)")
    parser.add_argument("--central", metavar="URL", default=None,
                        help="merkezi servis adresi; verilmezse yerel eğitim merkezi kullanılır")
    parser.add_argument("--station", metavar="KOD", default=None,
                        help="bu çalıştırma için istasyon kodu, örn. 06-01")
    parser.add_argument("--user", default=None, help="işlemi yapan kullanıcı adı")
    parser.add_argument("--verbose", action="store_true", help="ayrıntılı günlük")
    parser.add_argument("--preview", metavar="AD",
                        help="tek bir pencereyi aç ('--preview list' adları listeler)")
    parser.add_argument("--screenshot", metavar="DOSYA.png", type=Path,
                        help="--preview ile: pencereyi ekransız çizip PNG olarak kaydet ve çık")
    parser.add_argument("--version", action="version", version=version_line(),
                        help="sürümü yaz ve çık")
    parser.add_argument("--self-test", action="store_true",
                        help="kurulumu sına: geçici bir klasörde pencereyi aç, başvuru kaydet, "
                             "gönder, alındı belgesi yazdır ve barkodunu oku (ekransız)")
    commands = parser.add_subparsers(dest="command", metavar="KOMUT")

    sync = commands.add_parser("sync", help="gönderim kuyruğunu bir kez boşalt")
    sync.set_defaults(handler=_cmd_sync)

    importer = commands.add_parser(
        "import", help="JSONL dosyasından başvuru, .eml e-postalarından taslak al"
    )
    importer.add_argument("files", type=Path, nargs="+", metavar="DOSYA",
                          help="her satırı bir başvuru olan .jsonl dosyası ya da .eml iletileri")
    importer.set_defaults(handler=_cmd_import)

    listing = commands.add_parser("list", help="yerel başvuruları listele")
    listing.add_argument("--json", action="store_true", help="JSON olarak yaz")
    listing.set_defaults(handler=_cmd_list)

    drafts = commands.add_parser("drafts", help="kullanıcının taslaklarını listele")
    drafts.add_argument("--json", action="store_true", help="JSON olarak yaz")
    drafts.set_defaults(handler=_cmd_drafts)

    printer = commands.add_parser(
        "print", help="alındı belgesi ya da başvuru raporu bas (PDF; yazdırma kaydına girer)"
    )
    printer.add_argument("document", choices=[kind.value for kind in DocumentKind],
                         help="belge türü: receipt (alındı belgesi) ya da report (başvuru "
                              "raporu)")
    printer.add_argument("number", help="başvuru numarası (istasyon ya da merkez)")
    printer.add_argument("--out", type=Path, default=None,
                         help="PDF dosyası (verilmezse PDF klasörüne, aynı adlı dosyanın "
                              "üzerine yazmadan)")
    printer.add_argument("--layout", choices=[layout.value for layout in ReceiptLayout],
                         default=None,
                         help="alındı belgesi kâğıdı (varsayılan: ayarlardaki); rapor "
                              "yalnızca A4")
    printer.add_argument("--reveal-identity", action="store_true",
                         help="yalnızca rapor: başvuranın kimliğini bu baskıda yıldızsız bas "
                              "(denetim kaydına yazılır)")
    printer.set_defaults(handler=_cmd_print)

    reference = commands.add_parser("reference", help="referans verisi (konular, kurumlar)")
    reference_actions = reference.add_subparsers(dest="reference_action", metavar="İŞLEM",
                                                 required=True)
    refresh = reference_actions.add_parser(
        "refresh", help="merkezden güncel konu ve kurum listelerini al (değiştiyse)")
    refresh.set_defaults(handler=_cmd_reference_refresh)

    print_log = commands.add_parser("print-log", help="yazdırma kaydını listele")
    print_log.add_argument("--json", action="store_true", help="JSON olarak yaz")
    print_log.add_argument("--limit", type=int, default=None, metavar="N",
                           help="yalnızca son N kayıt")
    print_log.set_defaults(handler=_cmd_print_log)

    collector = commands.add_parser(
        "gc", help="merkeze ulaşmış ve saklama süresi dolmuş eklerin yerel kopyalarını sil"
    )
    collector.add_argument("--dry-run", action="store_true",
                           help="hiçbir şey silme, yalnızca neyin silineceğini say")
    collector.set_defaults(handler=_cmd_gc)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.screenshot and not args.preview:
        parser.error("--screenshot yalnızca --preview ile kullanılabilir")
    if args.self_test:
        from ui.self_test import run_self_test  # Qt only when asked; touches no real data

        return run_self_test()
    config_dir = Path(platformdirs.user_config_dir("bimer-desktop", appauthor=False))
    try:
        # The folder chosen in the first-run wizard, unless --data-dir says otherwise.
        data_dir: Path = args.data_dir or read_data_dir_choice(config_dir) or Path(
            platformdirs.user_data_dir("bimer-desktop", appauthor=False)
        )
        first_start = not settings_path(data_dir).exists()
        data_dir.mkdir(parents=True, exist_ok=True)
        settings = load_settings(data_dir).with_overrides(
            central_url=args.central, station_code=args.station
        )
    except SettingsError as error:
        print(f"Hata: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"Hata: veri klasörü kullanılamıyor: {data_dir} ({error.strerror})",
              file=sys.stderr)
        return EXIT_USAGE
    configure_logging(data_dir, verbose=args.verbose)
    config = DeskConfig(data_dir=data_dir, settings=settings, user=args.user or current_user())

    if args.command is None:
        from ui.run import FirstRun, run_gui  # Qt only when a window is wanted

        # No settings file yet: the window starts with the first-run wizard (never a
        # preview, never a headless command).
        first_run = FirstRun(None if args.data_dir else config_dir) if first_start else None
        return run_gui(config, preview=args.preview, screenshot=args.screenshot,
                       first_run=first_run)

    desk = Desk(config)
    try:
        handler: Callable[[Desk, argparse.Namespace], int] = args.handler
        return handler(desk, args)
    finally:
        desk.close()


def _cmd_sync(desk: Desk, _args: argparse.Namespace) -> int:
    report = desk.sync.drain_once(force=True)
    print(f"Merkez: {desk.sync.central_url}")
    print(f"Gönderilen: {report.sent}  Yeniden denenecek: {report.retrying}  "
          f"Karantinada: {report.quarantined}  Bekleyen: {report.pending}")
    if not report.reachable:
        print(f"Uyarı: {report.message}", file=sys.stderr)
    return EXIT_OK if report.pending == 0 else EXIT_FAILED


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
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"Hata: dosya okunamadı: {path} ({error.strerror})", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = desk.email_import.import_message(
            data, desk.config.user, received=desk.clock().date()
        )
    except EmailImportError as error:
        print(f"{path}: alınamadı: {error}")
        return EXIT_FAILED
    except OSError as error:
        print(f"{path}: alınamadı: ekler kaydedilemedi ({error.strerror})")
        return EXIT_FAILED
    print(f"{path}: taslak {result.draft_id} oluşturuldu ({result.attachment_count} ek)")
    for notice in result.notices:
        print(f"  uyarı: {notice}")
    return EXIT_OK


def _import_jsonl(desk: Desk, path: Path) -> int:
    try:
        lines = path.read_bytes().splitlines()
    except OSError as error:
        print(f"Hata: dosya okunamadı: {path} ({error.strerror})", file=sys.stderr)
        return EXIT_USAGE
    report = desk.importer.import_lines(lines, desk.config.user, base_dir=path.parent)
    for line, number in report.saved:
        print(f"satır {line}: kaydedildi, başvuru numarası {number}")
    for rejection in report.rejected:
        print(f"satır {rejection.line}: {rejection.field_label} ({rejection.field}): "
              f"{rejection.message}")
    print(f"Kaydedilen: {len(report.saved)}  Reddedilen satır: "
          f"{len({r.line for r in report.rejected})}")
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
              f"{a.created_at.astimezone():%d.%m.%Y %H:%M}  {a.application_type.label}")
    print(f"Toplam: {len(applications)}")
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
             "local_copy": desk.blobs.exists(f.sha256)}
            for f in attachments
        ],
    }


_SOURCE_LABELS = {"form": "Form", "email": "E-posta"}


def _cmd_drafts(desk: Desk, args: argparse.Namespace) -> int:
    user = desk.config.user
    found = [(s, d) for s in desk.drafts.list(user) if (d := desk.drafts.get(s.id, user))]
    if args.json:
        print(json.dumps([_draft_json(d) for _s, d in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    for summary, d in found:
        print(f"{d.id:>5}  {d.updated_at.astimezone():%d.%m.%Y %H:%M}  {d.channel.label:<8}  "
              f"{_SOURCE_LABELS.get(d.source, d.source):<8}  {summary.label}  "
              f"({len(d.attachments)} ek)")
    print(f"Toplam: {len(found)}")
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
    kind = DocumentKind(args.document)
    layout = ReceiptLayout(args.layout) if args.layout else None
    if kind is DocumentKind.REPORT and layout not in (None, ReceiptLayout.A4):
        print("Hata: başvuru raporu yalnızca A4 basılır; --layout a5 ve 80mm yalnızca alındı "
              "belgesi içindir.", file=sys.stderr)
        return EXIT_USAGE
    if kind is DocumentKind.RECEIPT and args.reveal_identity:
        print("Hata: --reveal-identity yalnızca rapor içindir; alındı belgesi vatandaşın "
              "nüshasıdır ve kimlik üzerinde her zaman yıldızlı basılır.", file=sys.stderr)
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
        print(f"Hata: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{kind.label} yazıldı: {PdfFile(out).path} (başvuru {document.station_number}, "
          f"{document.page_count} sayfa, yazdırma seri no {document.serial}, barkod "
          f"{document.payload})")
    return EXIT_OK


def _cmd_print_log(desk: Desk, args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        print("Hata: --limit en az 1 olmalıdır.", file=sys.stderr)
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
    table = [("Seri", "Belge", "Başvuru", "İstasyon", "Kullanıcı", "Zaman", "Sayfa", "Yazıcı")]
    table += [
        (str(r.serial), r.document_label, r.station_number, r.station_code, r.user,
         f"{r.printed_at.astimezone():%d.%m.%Y %H:%M}", str(r.page_count), r.printer)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    print(f"Toplam: {len(rows)}")
    return EXIT_OK


def _cmd_reference_refresh(desk: Desk, _args: argparse.Namespace) -> int:
    results = desk.reference.refresh(desk.central_client())
    for result in results:
        print(f"{result.label}: {result.message}")
    unreachable = any(r.outcome is RefreshOutcome.UNREACHABLE for r in results)
    return EXIT_FAILED if unreachable else EXIT_OK


def _cmd_gc(desk: Desk, args: argparse.Namespace) -> int:
    report = desk.blob_collector.collect(dry_run=args.dry_run)
    days = desk.config.settings["attachment_retention_days"]
    verb = "Silinecek" if report.dry_run else "Silinen"
    print(f"{verb}: {report.deleted} ek kopyası ({format_size(report.freed_bytes)})  "
          f"Tutulan: {report.kept}  (saklama süresi {days} gün)")
    if report.leftovers_removed:
        print(f"Yarım kalmış yazma ya da temizlik artığı temizlendi: {report.leftovers_removed}")
    if report.dry_run:
        print("Deneme: hiçbir dosya silinmedi.")
    return EXIT_OK
