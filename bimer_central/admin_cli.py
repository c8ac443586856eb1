"""``bimer-central station …`` and ``bimer-central user …``: the coordinator's commands,
run on the service's machine against its database (the API has no administration routes:
nothing a desk can reach changes who may act)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from bimer_central.accounts import AccountError, Accounts
from bimer_central.db import open_database
from bimer_central.intake import utc_now
from bimer_central.reference import load_reference
from bimer_central.sms import SmsLogFile
from models.roles import Role
from models.turkey_time import TURKEY

EXIT_OK = 0
EXIT_FAILURE = 1


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    station = commands.add_parser("station", help="istasyonlar ve masa kayıtları")
    actions = station.add_subparsers(dest="action", metavar="İŞLEM", required=True)
    add = actions.add_parser("add", help="istasyon kaydet ve tek kullanımlık kayıt kodu ver")
    add.add_argument("code", help="istasyon kodu, örneğin 06-01")
    add.add_argument("--unit", required=True, help="bağlı olduğu birimin DETSİS kodu")
    for name, help_text in (
        ("code", "henüz masası kaydolmamış istasyon için yeni kayıt kodu"),
        ("reenroll", "bilgisayarı değişen istasyon: eski masayı iptal et, yeni kod ver"),
        ("revoke", "istasyonun masasının kaydını iptal et"),
    ):
        sub = actions.add_parser(name, help=help_text)
        sub.add_argument("code", help="istasyon kodu")
    actions.add_parser("list", help="istasyonları listele")
    station.set_defaults(handler=_station)

    user = commands.add_parser("user", help="kullanıcılar")
    actions = user.add_subparsers(dest="action", metavar="İŞLEM", required=True)
    add = actions.add_parser("add", help="kullanıcı ekle; geçici şifre SMS ile gider")
    add.add_argument("--tckn", required=True, help="T.C. Kimlik No (giriş için)")
    add.add_argument("--name", required=True, help="ad soyad")
    add.add_argument("--mobile", required=True, help="cep telefonu (geçici şifre buna gider)")
    add.add_argument("--email", default="", help="e-posta")
    add.add_argument("--unit", required=True, help="birimin DETSİS kodu")
    add.add_argument("--roles", required=True,
                     help="virgülle roller: " + ", ".join(role.value for role in Role))
    add.add_argument("--username", default="",
                     help="kullanıcı adı (verilmezse adından: ayse.kaya)")
    actions.add_parser("list", help="kullanıcıları listele")
    for name, help_text in (
        ("disable", "kullanıcıyı kapat; açık oturumları biter"),
        ("enable", "kapatılmış kullanıcıyı yeniden aç"),
        ("reset", "şifreyi sıfırla, kilidi kaldır, yeni geçici şifreyi SMS ile gönder"),
    ):
        sub = actions.add_parser(name, help=help_text)
        sub.add_argument("username", help="kullanıcı adı")
    user.set_defaults(handler=_user)


def run(args: argparse.Namespace, db_url: str, sms_log: Path) -> int:
    handler: Callable[[Accounts, argparse.Namespace, Path], int] = args.handler
    reference = load_reference(args.reference_dir)
    engine = open_database(db_url)
    try:
        accounts = Accounts(sessionmaker(engine), utc_now, reference.units_below,
                            SmsLogFile(sms_log, utc_now))
        return handler(accounts, args, sms_log)
    except AccountError as error:
        print(f"bimer-central: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        engine.dispose()


def _station(accounts: Accounts, args: argparse.Namespace, _sms_log: Path) -> int:
    if args.action == "list":
        for view in accounts.stations():
            desk = (f"masa: {view.desk_machine or '?'} ({_time(view.enrolled_at)})"
                    if view.enrolled_at else "masa yok")
            waiting = (f"; kayıt kodu bekliyor, son geçerlilik {_time(view.code_expires_at)})"
                       if view.code_expires_at else "")
            print(f"{view.code}  birim {view.unit}  {desk}{waiting}")
        return EXIT_OK
    if args.action == "revoke":
        if accounts.revoke(args.code):
            print(f"{args.code} istasyonunun masa kaydı iptal edildi; o masa artık bağlanamaz.")
        else:
            print(f"{args.code} istasyonunun kayıtlı masası yoktu; bekleyen kodu da iptal edildi.")
        return EXIT_OK
    if args.action == "add":
        issued = accounts.add_station(args.code, args.unit)
    elif args.action == "code":
        issued = accounts.new_code(args.code)
    else:
        issued = accounts.reenroll(args.code)
    if args.action == "reenroll":
        print(f"{issued.station_code} istasyonunun eski masası iptal edildi.")
    print(f"İstasyon: {issued.station_code}")
    print(f"Kayıt kodu: {issued.code}")
    print(f"Geçerlilik: {_time(issued.expires_at)} saatine kadar, tek kullanımlık.")
    print("Masanın ilk kurulumunda merkez adresiyle birlikte bu kodu girin.")
    return EXIT_OK


def _user(accounts: Accounts, args: argparse.Namespace, sms_log: Path) -> int:
    if args.action == "list":
        for view in accounts.users():
            state = "kapalı" if view.disabled else (
                f"kilitli (son: {_time(view.locked_until)})"
                if view.locked_until and view.locked_until > utc_now() else "etkin")
            password = "" if view.has_password else ", şifresini henüz belirlemedi"
            roles = ", ".join(role.label for role in view.roles)
            print(f"{view.username}  {roles}  birim {view.unit}  {view.mobile_masked}  "
                  f"{state}{password}")
        return EXIT_OK
    if args.action == "add":
        view, masked = accounts.add_user(tckn=args.tckn, name=args.name, mobile=args.mobile,
                                         email=args.email, unit=args.unit, roles=args.roles,
                                         username=args.username)
        print(f"Kullanıcı eklendi: {view.username}")
        print(f"Geçici şifre SMS ile gönderildi: {masked} (SMS günlüğü: {sms_log})")
        return EXIT_OK
    if args.action == "disable":
        accounts.disable(args.username)
        print(f"{args.username} kapatıldı; açık oturumları sona erdi.")
    elif args.action == "enable":
        accounts.enable(args.username)
        print(f"{args.username} yeniden açıldı.")
    else:
        masked = accounts.reset(args.username)
        print(f"{args.username}: şifre sıfırlandı, kilit kaldırıldı; yeni geçici şifre SMS ile "
              f"gönderildi: {masked} (SMS günlüğü: {sms_log})")
    return EXIT_OK


def _time(moment: datetime | None) -> str:
    return moment.astimezone(TURKEY).strftime("%d.%m.%Y %H:%M") if moment else "-"
