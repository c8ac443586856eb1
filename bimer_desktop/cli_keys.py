"""``bimer-desktop recover-key`` and ``bimer-desktop recovery-key`` (docs/security.md).

    bimer-desktop recover-key            # the recovery key is asked for, never an argument
    bimer-desktop recovery-key [--confirm]

``recover-key`` puts the desk's data key back on this PC from the recovery key printed at
setup (a new PC, a reinstalled system, a lost keyring). The key is read from the terminal
without echo, or from the first line of standard input — never from the command line,
where other users could see it in the process list. It runs without opening the desk: the
database cannot be opened before.

``recovery-key`` shows the recovery key of a desk set up without a window, until
``--confirm`` says it is written down (the window shows it in a dialog instead).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from bimer_desktop.cli_input import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from models.i18n import _

if TYPE_CHECKING:
    from bimer_desktop.app import DeskConfig
    from services.data_key import DataKeys


def add_key_commands(commands: Any) -> None:
    recover = commands.add_parser(
        "recover-key", help=_("şifreleme anahtarını kurulumda yazdırılan kurtarma "
                              "anahtarıyla bu bilgisayara geri getir"))
    recover.set_defaults(without_desk=cmd_recover_key, needs_clerk=False)
    show = commands.add_parser(
        "recovery-key", help=_("pencere olmadan kurulan masanın kurtarma anahtarını göster"))
    show.add_argument("--confirm", action="store_true",
                      help=_("kurtarma anahtarının kâğıda yazıldığını onayla (artık gösterilmez)"))
    show.set_defaults(without_desk=cmd_recovery_key, needs_clerk=False)


def _data_keys(config: DeskConfig) -> DataKeys:
    from bimer_desktop.app import data_keys_for

    return data_keys_for(config.data_dir)


def _read_recovery_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass(_("Kurtarma anahtarı: "))
    return sys.stdin.readline()


def cmd_recover_key(config: DeskConfig, args: argparse.Namespace) -> int:
    del args
    from models.data_cipher import WrongRecoveryKey, normalize_recovery_key
    from services.data_key import DataKeyMissing

    typed = _read_recovery_key()
    if normalize_recovery_key(typed) is None:
        print(_("Hata: bu bir kurtarma anahtarı değil: beşer karakterlik sekiz grup olmalı "
                "(ör. 7K2MQ-…)."), file=sys.stderr)
        return EXIT_USAGE
    try:
        fingerprint = _data_keys(config).recover(typed)
    except WrongRecoveryKey as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_USAGE
    except DataKeyMissing as error:
        print(_("Hata: {error}").format(error=error), file=sys.stderr)
        return EXIT_FAILED
    print(_("Şifreleme anahtarı geri getirildi (parmak izi {fingerprint}); masa "
            "başlatılabilir.").format(fingerprint=fingerprint))
    return EXIT_OK


def cmd_recovery_key(config: DeskConfig, args: argparse.Namespace) -> int:
    keys = _data_keys(config)
    pending = keys.pending_recovery_key()
    if pending is None:
        print(_("Gösterilecek kurtarma anahtarı yok: kurulumda gösterildi ve saklandığı "
                "onaylandı (ya da masa henüz kurulmadı)."))
        return EXIT_OK
    if args.confirm:
        keys.acknowledge_recovery_key()
        print(_("Onaylandı: kurtarma anahtarı bir daha gösterilmeyecek."))
        return EXIT_OK
    print(_("Kurtarma anahtarı (kâğıda yazın ya da yazdırın, kasada saklayın; bilgisayar "
            "değişirse verileri yalnızca bu anahtar açar):"))
    print(pending)
    print(_("Sakladıktan sonra: bimer-desktop recovery-key --confirm"))
    return EXIT_OK
