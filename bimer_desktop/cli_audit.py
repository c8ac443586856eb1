"""``bimer-desktop audit verify|list`` and ``bimer-desktop purge``.

    bimer-desktop audit verify
    bimer-desktop audit list [--json] [--from DATE] [--to DATE] [--user U] [--case N]
    bimer-desktop purge

``verify`` recomputes the audit trail's hash chain (``models/audit_chain.py``) and names the
first broken link (exit code 1). ``list`` prints the events: when, who, what, which case —
never personal data, the trail holds none. ``purge`` empties the acknowledged cases whose
retention period has passed (``services/retention.py``); the desk also does it at start.
Bad input gets a Turkish message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bimer_desktop.cli_input import EXIT_FAILED, EXIT_OK, EXIT_USAGE, parse_day
from models.i18n import _, ngettext
from models.turkey_time import TURKEY

if TYPE_CHECKING:
    from bimer_desktop.app import Desk



def add_audit_commands(commands: Any) -> None:
    audit = commands.add_parser("audit", help=_("denetim kaydı: zinciri doğrula, olayları listele"))
    actions = audit.add_subparsers(dest="audit_action", metavar=_("İŞLEM"), required=True)
    verify = actions.add_parser(
        "verify", help=_("denetim kaydının karma zincirini doğrula; ilk kırık halkayı söyle"))
    verify.set_defaults(handler=cmd_audit_verify, needs_clerk=False)
    listing = actions.add_parser("list", help=_("denetim kaydındaki olayları listele"))
    listing.add_argument("--json", action="store_true", help=_("JSON olarak yaz"))
    listing.add_argument("--from", dest="date_from", default=None, metavar=_("TARİH"),
                         help=_("bu günden (GG.AA.YYYY ya da YYYY-AA-GG)"))
    listing.add_argument("--to", dest="date_to", default=None, metavar=_("TARİH"),
                         help=_("bu güne kadar (dahil)"))
    listing.add_argument("--user", dest="event_user", default="", metavar=_("KULLANICI"),
                         help=_("yalnızca bu kullanıcının olayları"))
    listing.add_argument("--case", default="", metavar="N",
                         help=_("yalnızca bu başvurunun olayları (istasyon ya da merkez "
                                "numarası)"))
    listing.set_defaults(handler=cmd_audit_list, needs_clerk=False)

    purge = commands.add_parser(
        "purge", help=_("merkeze ulaşmış ve saklama süresi dolmuş başvuruların kişisel "
                        "verilerini sil"))
    purge.set_defaults(handler=cmd_purge, needs_clerk=False)


def cmd_audit_verify(desk: Desk, args: argparse.Namespace) -> int:
    del args
    check = desk.audit_trail.verify()
    anchor = desk.audit_anchoring.state()
    if check.broken is None:
        print(ngettext("Denetim kaydı sağlam: {count} olay, zincir kırılmamış.",
                       "Denetim kaydı sağlam: {count} olay, zincir kırılmamış.",
                       check.events).format(count=check.events))
        if anchor.anchored_through:
            print(_("Merkez bu masanın zincirini {id} numaralı olaya kadar tutuyor.").format(
                id=anchor.anchored_through))
        if anchor.broken_at:
            # The whole chain may have been recomputed here after an edit: only the copy
            # the centre holds tells.
            print(_("Denetim kaydı bozuk: merkez {id} numaralı olayı kabul etmedi; olay, "
                    "merkezde tutulan zincire uymuyor.").format(id=anchor.broken_at),
                  file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    reason = (_("kaydın kendisi değiştirilmiş") if check.broken.reason == "changed" else
              _("önceki olayla bağı kopmuş (araya olay eklenmiş ya da önceki olay silinmiş "
                "veya değiştirilmiş)"))
    print(_("Denetim kaydı bozuk: ilk kırık halka {id} numaralı olay: {reason}.").format(
        id=check.broken.event_id, reason=reason), file=sys.stderr)
    return EXIT_FAILED




def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TURKEY).astimezone(UTC)


def cmd_audit_list(desk: Desk, args: argparse.Namespace) -> int:
    from services.audit import EventFilter

    try:
        start, end = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    except ValueError as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    if start and end and start > end:
        print(_("Hata: {error}").format(error=_("--from tarihi --to tarihinden sonra olamaz.")),
              file=sys.stderr)
        return EXIT_USAGE
    wanted = EventFilter(start=_start_of(start) if start else None,
                         end=_start_of(end + timedelta(days=1)) if end else None,
                         user=args.event_user.strip(), case=args.case)
    events = desk.audit_trail.events(wanted)
    if args.json:
        print(json.dumps([{
            "id": listed.event.id, "at": listed.event.at.isoformat(), "user": listed.event.user,
            "station_code": listed.event.station_code, "action": listed.event.action,
            "case": listed.case_number, "detail": listed.event.detail,
            "hash": listed.event.hash} for listed in events], ensure_ascii=False, indent=1))
        return EXIT_OK
    for listed in events:
        event = listed.event
        when = event.at.astimezone(TURKEY).strftime("%d.%m.%Y %H:%M:%S")
        print("\t".join((str(event.id), when, event.user or "-", event.action,
                         listed.case_number or "-", event.detail)))
    if not events:
        print(_("Bu süzgece uyan olay yok."))
    return EXIT_OK


def cmd_purge(desk: Desk, args: argparse.Namespace) -> int:
    del args
    report = desk.retention.purge(desk.config.user)
    print(ngettext("Kişisel verileri silinen başvuru: {count}; silinen ek kopyası: {blobs} "
                   "(saklama süresi {days} gün)",
                   "Kişisel verileri silinen başvuru: {count}; silinen ek kopyası: {blobs} "
                   "(saklama süresi {days} gün)", report.purged).format(
        count=report.purged, blobs=report.blobs_deleted,
        days=desk.config.settings.retention_days))
    return EXIT_OK
