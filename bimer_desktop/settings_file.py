"""The settings file on disk: where it is (and the location file that names a data folder
chosen in the first-run wizard), reading it as stored, and its history (``MIGRATIONS``).

Apart from ``bimer_desktop/settings.py`` (what each setting is, its rules, loading and
writing) because the start window needs the language and the data folder before anything
else is loaded (``bimer_desktop/launch.py``), and the declarations, with the libraries their
rules use, cost ≈ 15 ms more there. ``bimer_desktop.settings`` re-exports every name, so
callers import from it as before; a migration step is appended here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models.i18n import _

SETTINGS_FILE_NAME = "settings.json"
LOCATION_FILE_NAME = "location.json"
VERSION_KEY = "settings_version"
"""The file's own key for its version; never a setting."""


class SettingsError(ValueError):
    """A settings file or value the desk cannot use; the message is Turkish."""


@dataclass(frozen=True)
class Migration:
    """One step of the file's history: what changed on the way to ``version``.

    ``renamed``: old key → new key (the value moves with it); ``deleted``: keys no longer
    read (their values are dropped, and logged by name)."""

    version: int
    renamed: Mapping[str, str] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()


MIGRATIONS: tuple[Migration, ...] = ()
"""Every step since version 1, oldest first; append, never edit a released step. Empty:
no setting has been renamed or deleted yet, so today's files are version 1."""


def version_of(migrations: Sequence[Migration]) -> int:
    """The version a release with these migrations writes."""
    return migrations[-1].version if migrations else 1


SETTINGS_VERSION = version_of(MIGRATIONS)


@dataclass(frozen=True)
class Migrated:
    """A file's values brought up to this release, and what that took (for the log)."""

    values: dict[str, object]  # without settings_version
    version: int  # the file's own
    renamed: tuple[tuple[str, str], ...] = ()
    deleted: tuple[str, ...] = ()
    superseded: tuple[tuple[str, str], ...] = ()  # (old, new): new already had a value


def migrate(stored: Mapping[str, object],
            migrations: Sequence[Migration] = MIGRATIONS) -> Migrated:
    """Apply the steps newer than the file's version to its values. Pure: the caller logs.

    A renamed key whose new name already holds a value (a file an older release wrote
    after a newer one: both names present) keeps the new name's value; the old one is
    reported as superseded, never silently dropped."""
    version = stored.get(VERSION_KEY, 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(_("Ayar dosyasındaki sürüm numarası (settings_version) 1 ya da "
                              "daha büyük bir tam sayı olmalıdır."))
    values = {key: value for key, value in stored.items() if key != VERSION_KEY}
    renamed: list[tuple[str, str]] = []
    deleted: list[str] = []
    superseded: list[tuple[str, str]] = []
    for step in migrations:
        if step.version <= version:
            continue
        for old, new in step.renamed.items():
            if old not in values:
                continue
            value = values.pop(old)
            if new in values:
                superseded.append((old, new))
            else:
                values[new] = value
                renamed.append((old, new))
        for key in step.deleted:
            if key in values:
                del values[key]
                deleted.append(key)
    return Migrated(values, version, tuple(renamed), tuple(deleted), tuple(superseded))


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE_NAME


def read_settings_file(path: Path) -> dict[str, object]:
    """The file's JSON object as stored (not migrated, not checked)."""
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise SettingsError(_("Ayar dosyası okunamadı: {path} ({error})").format(
            path=path, error=error)) from error
    if not isinstance(stored, dict):
        raise SettingsError(_("Ayar dosyası bir JSON nesnesi olmalı: {path}").format(path=path))
    return stored


def read_data_dir_choice(config_dir: Path) -> Path | None:
    """The data folder chosen in the first-run wizard, if one was chosen and recorded."""
    path = config_dir / LOCATION_FILE_NAME
    try:
        stored = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SettingsError(_("Konum dosyası okunamadı: {path} ({error})").format(
            path=path, error=error)) from error
    folder = stored.get("data_dir") if isinstance(stored, dict) else None
    if not isinstance(folder, str) or not folder:
        raise SettingsError(_("Konum dosyasında veri klasörü yazılı değil: {path}").format(
            path=path))
    return Path(folder)
