"""``bimer-desktop search``: the case lists' search from the command line.

    bimer-desktop search [TEXT] [--tckn N] [--number N] [--from DATE --to DATE]
                         [--channel C] [--type T] [--state S] [--deadline D] [--mine]
                         [--sort saved|name] [--limit N] [--json] [--csv FILE]

The same filters, the same Turkish search rule and the same identity rule as the window
(``services/case_search.py``); ``--csv`` writes the whole list for Excel and audits it.
Bad input gets a Turkish message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bimer_desktop.cli_input import EXIT_OK, EXIT_USAGE, BadInput, parse_day
from models.deadlines import DeadlineState
from models.enums import ApplicationType, Channel, OutboxState
from models.i18n import _, format_date
from models.tckn import tckn_error

# The desk and SQLAlchemy load when the command runs, not when the parser is built: every
# start of bimer-desktop builds it (bench/startup.py).
if TYPE_CHECKING:
    from bimer_desktop.app import Desk
    from services.case_search import CaseFilter, CaseRow

DEFAULT_LIMIT = 50


STDIN = "-"  # ``--tckn -``: the ID number from standard input, never in the process list


def add_search_command(commands: Any) -> None:
    search = commands.add_parser(
        "search", help=_("başvuru ara: ad, T.C. Kimlik No, numara, tarih, kanal, süre"))
    search.add_argument("text", nargs="?", default="", metavar=_("METİN"),
                        help=_("ad soyad (Türkçe harfsiz de yazılabilir), T.C. Kimlik No ya "
                               "da başvuru / merkez numarası"))
    # Not "tckn": that is the clerk's own login (cli.py), in the same namespace.
    search.add_argument("--tckn", dest="citizen_tckn", default="", metavar="N",
                        help=_("T.C. Kimlik No; '-' verilirse standart girdiden okunur (komut "
                               "satırındaki numara süreç listesinde başkalarına görünür)"))
    search.add_argument("--number", default="", metavar="N",
                        help=_("başvuru (istasyon) ya da merkez numarası"))
    search.add_argument("--from", dest="date_from", default=None, metavar=_("TARİH"),
                        help=_("bu günden (GG.AA.YYYY ya da YYYY-AA-GG)"))
    search.add_argument("--to", dest="date_to", default=None, metavar=_("TARİH"),
                        help=_("bu güne kadar (dahil)"))
    search.add_argument("--channel", choices=[c.value for c in Channel], default=None)
    search.add_argument("--type", dest="kind", choices=[t.value for t in ApplicationType],
                        default=None)
    search.add_argument("--state", choices=[s.value for s in OutboxState], default=None)
    search.add_argument("--deadline", choices=[d.value for d in DeadlineState], default=None,
                        help=_("süre durumu: open (süresi var), near (yaklaşan), overdue "
                               "(geçen)"))
    search.add_argument("--mine", action="store_true",
                        help=_("yalnızca bu kullanıcının aldıkları"))
    search.add_argument("--sort", choices=["saved", "name"], default="saved",
                        help=_("sıra: saved (en yeni üstte) ya da name (ada göre, Türkçe)"))
    search.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=_("en çok N satır yaz (varsayılan {n})").format(n=DEFAULT_LIMIT))
    search.add_argument("--json", action="store_true", help=_("JSON olarak yaz"))
    search.add_argument("--csv", type=Path, default=None, metavar=_("DOSYA"),
                        help=_("listenin tümünü Excel için CSV olarak yaz (denetim kaydına "
                               "girer)"))
    search.set_defaults(handler=cmd_search)






def build_filter(args: argparse.Namespace, user: str) -> CaseFilter:
    from services.case_search import CaseFilter, interpret

    wanted = interpret(args.text) if args.text.strip() else CaseFilter()
    tckn = args.citizen_tckn.strip()
    if tckn == STDIN:
        tckn = sys.stdin.readline().strip()
        if not tckn:
            raise BadInput(_("T.C. Kimlik No standart girdiden okunamadı (boş satır)."))
    if tckn:
        error = tckn_error(tckn)
        if error is not None:
            raise BadInput(_("T.C. Kimlik No: {error}").format(error=error))
    date_from, date_to = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise BadInput(_("--from tarihi --to tarihinden sonra olamaz."))
    if args.limit < 1:
        raise BadInput(_("--limit en az 1 olmalı."))
    return replace(
        wanted, tckn=tckn or wanted.tckn, number=args.number.strip() or wanted.number,
        date_from=date_from, date_to=date_to,
        channel=Channel(args.channel) if args.channel else None,
        application_type=ApplicationType(args.kind) if args.kind else None,
        state=OutboxState(args.state) if args.state else None,
        deadline=DeadlineState(args.deadline) if args.deadline else None,
        created_by=user if args.mine else "")


def cmd_search(desk: Desk, args: argparse.Namespace) -> int:
    from services.case_search import Query, SortKey

    try:
        wanted = build_filter(args, desk.config.user)
    except BadInput as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    query = Query(wanted, SortKey.APPLICANT if args.sort == "name" else SortKey.SAVED,
                  descending=args.sort != "name")
    viewer = desk.viewer()
    if args.csv is not None:
        try:
            count = desk.case_export.write(query, viewer, args.csv)
        except OSError as error:
            print(_("Hata: dosya yazılamadı: {path} ({reason})").format(
                path=args.csv, reason=error.strerror), file=sys.stderr)
            return EXIT_USAGE
        print(_("{count} başvuru yazıldı: {path}").format(count=count, path=args.csv))
        return EXIT_OK
    page = desk.cases.page(query, viewer, limit=args.limit)
    total = desk.cases.count(wanted)
    if args.json:
        print(json.dumps({"total": total, "rows": [_as_json(row) for row in page.rows]},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in page.rows:
        print(f"{row.station_number}  {row.central_number or '-':<16}  "
              f"{format_date(row.created_at.astimezone().date())}  "
              f"{row.application_type.label:<14}  {row.applicant:<24}  "
              f"{row.sync_state.label:<12}  {_days(row)}")
    print(_("Toplam: {count} (gösterilen: {shown})").format(count=total, shown=len(page.rows)))
    return EXIT_OK


def _days(row: CaseRow) -> str:
    if row.days_left < 0:
        return _("süresi {days} gün geçti").format(days=-row.days_left)
    return _("{days} gün kaldı").format(days=row.days_left)


def _as_json(row: CaseRow) -> dict[str, object]:
    return {
        "station_number": row.station_number, "central_number": row.central_number,
        "created_at": row.created_at.isoformat(), "created_by": row.created_by,
        "channel": row.channel.value, "application_type": row.application_type.value,
        "urgency": row.urgency.value, "subject_code": row.subject_code,
        "sub_subject_code": row.sub_subject_code, "applicant": row.applicant,
        "identity": row.identity.value, "tckn": row.tckn_masked,
        "sync_state": row.sync_state.value, "law": row.law,
        "due": row.due.isoformat(), "days_left": row.days_left,
        "deadline": row.deadline.value, "version": row.version,
    }
