"""Opening the desk's database at start, with every failure as one Turkish line.

A full disk, a damaged database file, an upgrade that could not be completed, a folder the
desk may not write: each becomes a ``DeskStartError`` whose message the CLI prints as one
line and the window shows in a dialog (never a traceback). Nothing is changed by a failed
start: the upgrade is one transaction (``models/database.py``), so the desk starts once the
cause is gone (space freed, a backup restored).
"""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from models.backups import BackupError
from models.database import (
    Database,
    MigrationError,
    SQLiteDatabaseError,
    SQLiteOperationalError,
    is_plain_database,
    open_database,
)
from models.database_encryption import ENCRYPTING_SUFFIX, EncryptionError
from models.i18n import _
from services.data_key import DataKeyMissing, DataKeys
from services.desk_identity import DeskStartError, restore_hint

log = logging.getLogger("bimer.desk_start")


def disk_full_message(folder: Path) -> str:
    return _("Disk dolu: {folder} klasörüne yazılamıyor. Kaydedilmiş hiçbir şey kaybolmadı; "
             "diskte yer açıp masayı yeniden başlatın.").format(folder=folder)


# SQLite reports a full disk as "database or disk is full" when a page does not fit, but as
# "disk I/O error" when it cannot even make its -wal/-shm files: then the free space decides.
_NEARLY_FULL_BYTES = 256 * 1024


def is_disk_full(error: BaseException, folder: Path | None = None) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if "disk is full" in str(error):
        return True
    if folder is not None and "disk I/O error" in str(error):
        try:
            return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
        except OSError:
            return False
    return False


def load_data_key(keys: DataKeys) -> bytes:
    """The desk's data key (``services/data_key.py``), or the start stops in one line."""
    try:
        return keys.load_or_create()
    except DataKeyMissing as error:
        raise DeskStartError(str(error)) from error
    except OSError as error:
        if is_disk_full(error, keys.data_dir):
            raise DeskStartError(disk_full_message(keys.data_dir)) from error
        log.info("the data key could not be stored: %s", type(error).__name__)
        raise DeskStartError(_(
            "Masanın şifreleme anahtarı saklanamadı ({folder}): klasöre yazma izni yok."
        ).format(folder=keys.data_dir)) from error


def open_desk_database(path: Path, *, data_key: bytes, backup_dir: Path,
                       keep_backups: int) -> Database:
    plain = is_plain_database(path)
    try:
        return open_database(path, data_key=data_key, backup_dir=backup_dir,
                             keep_backups=keep_backups)
    except (EncryptionError, BackupError) as error:
        log.info("the plain database could not be encrypted: %s", error)
        raise DeskStartError(_(
            "Veritabanı şifrelenemedi; hiçbir şey değiştirilmedi ({path}). Diskte yer olduğunu "
            "denetleyip yeniden başlatın ya da destek isteyin.").format(path=path)) from error
    except MigrationError as error:
        log.info("the database upgrade could not be completed: %s", error)
        raise DeskStartError(_(
            "Veritabanı bu sürüme yükseltilemedi; hiçbir şey değiştirilmedi ({path}). "
            "Destek isteyin ya da önceki sürümle çalışmaya devam edin.").format(path=path)
        ) from error
    except (OSError, OperationalError, SQLiteOperationalError) as error:
        if is_disk_full(error, path.parent):
            log.info("disk full while opening the database")
            raise DeskStartError(disk_full_message(path.parent)) from error
        if "locked" in str(error):
            raise DeskStartError(_(
                "Veritabanı başka bir program tarafından kilitli ({path}); o programı "
                "kapatıp yeniden deneyin.").format(path=path)) from error
        log.info("the database could not be opened: %s", type(error).__name__)
        raise DeskStartError(_(
            "Veritabanı açılamadı ({path}): dosyaya ya da klasörüne yazma izni yok ya da "
            "disk erişilemiyor.").format(path=path)) from error
    except (DatabaseError, SQLiteDatabaseError) as error:  # not a database, malformed
        log.info("the database file is damaged: %s", type(error).__name__)
        if not plain and "not a database" in str(error):
            # Encrypted pages read with another key look exactly like noise.
            raise DeskStartError(_(
                "Veritabanı dosyası bozuk ya da başka bir masanın anahtarıyla şifrelenmiş "
                "({path}): bu bilgisayardaki anahtarla açılamıyor. Kurtarma anahtarıyla: "
                "bimer-desktop recover-key. {hint}").format(path=path, hint=restore_hint())
            ) from error
        raise DeskStartError(_(
            "Veritabanı dosyası bozuk ({path}). {hint}").format(path=path, hint=restore_hint())
        ) from error


COPY_DONE_PERCENT = 99  # the copy is as big as the plain file; it is verified next


def awaits_encryption(database: Path) -> bool:
    """The desk's database is a plain file of a release before encryption at rest: the
    next start encrypts it in place (``models/database_encryption.py``), which takes a while
    on a big desk; until then, and while it runs, this says so."""
    return is_plain_database(database)


def encryption_percent(database: Path, plain_size: int) -> int:
    """How far the encrypted copy of a plain database (``plain_size`` bytes with its WAL,
    measured before) has got, as the start window shows it: at most 99 until it is done."""
    copy = database.with_name(database.name + ENCRYPTING_SUFFIX)
    return min(COPY_DONE_PERCENT, _size(copy) * 100 // plain_size) if plain_size else 0


def plain_size(database: Path) -> int:
    """The plain database's bytes, its WAL's included (what the encrypted copy will hold)."""
    return _size(database) + _size(database.with_name(database.name + "-wal"))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
