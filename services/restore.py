"""``bimer-desktop restore``: put a backup back in place of a lost or damaged database.

What is there now (the database and its ``-wal``/``-shm`` files) is never deleted: it is
moved to ``damaged-<time>/`` beside it. The chosen backup (the newest in ``backups/`` unless
one is named) is copied in, upgraded to this release's schema, and given this desk's
identity; its station-number counters are raised to the last number the ledger says was
issued, so that a number a citizen already holds on paper is never issued again. The
applications saved after the backup are not in it: those already sent are at the central
service; the report says how many numbers lie between.

With ``empty=True`` (no backup at all, say a desk never upgraded) a new database is made the
same way: this desk's station and identity, numbering continuing after the last one issued.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from models.backups import list_backups
from models.database import SQLiteError, connect_sqlite, is_plain_database, open_database
from models.desk_ledger import Ledger, ledger_path, read_ledger, write_ledger
from models.durable_files import fsync_directory
from models.entities import Application, DeskIdentity
from models.i18n import _
from services.desk_identity import counters_of, new_database_id, set_counter_at_least

log = logging.getLogger("bimer.restore")

_COMPANIONS = ("-wal", "-shm", "-journal")


class RestoreError(RuntimeError):
    """Nothing was restored; the message (Turkish) says why."""


@dataclass(frozen=True)
class RestoreReport:
    source: Path | None  # None: a new, empty database
    moved_aside: Path | None
    applications: int
    station_code: str
    # year -> (the backup's last number, the last number issued: numbering continues after)
    numbers: dict[int, tuple[int, int]]

    @property
    def missing(self) -> int:
        """Station numbers issued after the backup: their applications are not in it."""
        return sum(last - held for held, last in self.numbers.values())


def restore_database(database_path: Path, backup_dir: Path, *, station_code: str,
                     data_key: bytes | None, backup: Path | None = None, empty: bool = False,
                     now: datetime | None = None) -> RestoreReport:
    """``data_key``: the desk's (a plain backup of an older release is encrypted under it
    as it is put in place); None only for a desk of plain files."""
    ledger = read_ledger(ledger_path(database_path))
    source: Path | None = None
    if not empty:
        source = backup if backup is not None else _newest(backup_dir)
        if source is None:
            raise RestoreError(_(
                "{folder} klasöründe yedek yok. Yedek yoksa, numaralandırmayı sürdüren boş "
                "bir veritabanı için: bimer-desktop restore --empty").format(folder=backup_dir))
        _check_backup(source, data_key)
    moment = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    moved = _move_aside(database_path, database_path.parent / f"damaged-{moment}")
    if source is not None:
        temporary = database_path.with_name(database_path.name + ".restoring")
        shutil.copyfile(source, temporary)
        temporary.replace(database_path)
        fsync_directory(database_path.parent)
    db = open_database(database_path, data_key=data_key)
    try:
        with db.sessions.begin() as session:
            identity = session.get(DeskIdentity, 1)
            code = ledger.station_code if ledger else (
                identity.station_code if identity else station_code)
            database_id = ledger.database_id if ledger else (
                identity.database_id if identity else None)
            if identity is None:
                identity = DeskIdentity(id=1, database_id=database_id or new_database_id(),
                                        station_code=code)
                session.add(identity)
            else:
                identity.station_code = code
                if database_id is not None:
                    identity.database_id = database_id
            held = counters_of(session, code)
            issued = dict(ledger.last_numbers) if ledger else {}
            numbers = {year: (held.get(year, 0), max(held.get(year, 0), last))
                       for year, last in {**held, **issued}.items()}
            for year, (_held, last) in numbers.items():
                set_counter_at_least(session, code, year, last)
            applications = int(session.execute(
                select(func.count()).select_from(Application)).scalar_one())
            restored = Ledger(identity.database_id, code,
                              {year: last for year, (_held, last) in numbers.items()})
        write_ledger(ledger_path(database_path), restored)
    finally:
        db.close()
    log.info("database restored from %s; %d station numbers issued after it",
             source.name if source else "nothing (empty)",
             sum(last - held for held, last in numbers.values()))
    return RestoreReport(source, moved, applications, code, numbers)


def _newest(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None


def _check_backup(path: Path, data_key: bytes | None) -> None:
    try:
        raw = connect_sqlite(path, None if is_plain_database(path) else data_key,
                             read_only=True)
        try:
            result = raw.execute("PRAGMA quick_check").fetchone()
        finally:
            raw.close()
    except SQLiteError as error:
        raise RestoreError(_(
            "Yedek okunamıyor: {path} (bozuk ya da başka bir masanın anahtarıyla şifrelenmiş)"
        ).format(path=path)) from error
    if result is None or result[0] != "ok":
        raise RestoreError(_("Yedek bozuk: {path}").format(path=path))


def _move_aside(database_path: Path, folder: Path) -> Path | None:
    present = [database_path.with_name(database_path.name + suffix)
               for suffix in ("", *_COMPANIONS)]
    present = [path for path in present if path.exists()]
    if not present:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for path in present:
        path.replace(folder / path.name)
    fsync_directory(folder)
    fsync_directory(database_path.parent)
    return folder
