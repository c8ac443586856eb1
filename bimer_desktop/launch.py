"""``bimer-desktop``'s entry: on a plain start of the window, the start window is on screen
before the command line, the desk and their libraries are loaded; then ``bimer_desktop.cli``
does the rest, exactly as for every other start.

Why a module of its own: importing ``bimer_desktop.cli`` (its commands, the settings'
declarations and the libraries their rules use) took ≈ 50 ms before anything was shown —
half the time a bare PySide6 window takes to appear (``bench/startup.py``). Here only what
the start window needs is imported: the language, where the data folder is, the settings
file as stored, and the Qt libraries check.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bimer_desktop.settings_file import (
    SettingsError,
    migrate,
    read_data_dir_choice,
    read_settings_file,
    settings_path,
)
from models.i18n import LANGUAGES, SOURCE_LANGUAGE, use_language

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

APP_DIR_NAME = "bimer-desktop"
EXIT_FAILED = 1  # bimer_desktop.cli_input.EXIT_FAILED (not imported: it loads more)


def main(argv: Sequence[str] | None = None) -> int:
    """The command: the start window first when it is a plain start, then the CLI."""
    return guarded(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    start_window = show_start_window_early(argv)
    from bimer_desktop.cli import run  # after the window: ≈ 50 ms of imports

    return run(argv, start_window=start_window)


def guarded(start: Callable[[], int]) -> int:
    """``start()``, with a system library Qt loads that ``check_qt_libraries`` does not know
    said in one line, not a traceback."""
    try:
        return start()
    except ImportError as error:
        if ".so" not in str(error):
            raise
        from bimer_desktop.qt_libraries import import_error_message

        print(import_error_message(error), file=sys.stderr)
        return EXIT_FAILED


def config_dir() -> Path:
    """The platform's config folder of the desk (where the location file is)."""
    import platformdirs  # ≈ 4 ms: only when no --data-dir says where the desk is

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def data_dir_of(given: Path | None) -> Path:
    """The data folder: ``--data-dir``, else the one chosen in the first-run wizard, else the
    platform's. Raises SettingsError for a location file that cannot be read."""
    if given is not None:
        return given
    import platformdirs

    return read_data_dir_choice(config_dir()) or Path(
        platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def choose_language(argv: Sequence[str] | None) -> None:
    """Set the language before any text is built: ``--language``, else the data folder's
    settings file, else Turkish. Read leniently: a broken settings file is reported later,
    in the language chosen here."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--language", choices=list(LANGUAGES), default=None)
    early.add_argument("--data-dir", type=Path, default=None)
    known, _rest = early.parse_known_args(argv)
    language = known.language
    if language is None:
        try:
            data_dir = data_dir_of(known.data_dir)
            # Migrated: a release that renamed the setting still finds the language.
            language = migrate(read_settings_file(settings_path(data_dir))).values.get(
                "language")
        except (OSError, SettingsError):
            language = None
    use_language(language if language in LANGUAGES else SOURCE_LANGUAGE)


class _NotPlain(Exception):
    """The command line is not a plain start of the window (or is wrong: cli says so)."""


class _EarlyParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def plain_window_start(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of a start of the window with none of: a command, a preview, the
    self-test, help, the version (anything this parser does not know); else None.
    ``bimer_desktop.cli.build_parser`` has the same options, with their help."""
    early = _EarlyParser(add_help=False, allow_abbrev=False)
    for option in ("--data-dir", "--password-file"):
        early.add_argument(option, type=Path, default=None)
    for option in ("--central", "--station", "--tckn", "--user"):
        early.add_argument(option, default=None)
    early.add_argument("--language", choices=list(LANGUAGES), default=None)
    early.add_argument("--verbose", action="store_true")
    try:
        known, rest = early.parse_known_args(argv)
    except _NotPlain:
        return None
    return None if rest else known


def show_start_window_early(argv: Sequence[str] | None) -> QWidget | None:
    """The start window, shown, when this is a plain start of an existing desk's window;
    None otherwise (a command, a preview, a first start's wizard, a problem cli reports)."""
    options = plain_window_start(argv)
    if options is None:
        return None
    from bimer_desktop.qt_libraries import check_qt_libraries

    if check_qt_libraries(dict(os.environ)) is not None:
        return None  # cli says what to install
    try:
        data_dir = data_dir_of(options.data_dir)
    except SettingsError:
        return None  # cli says what is wrong with the location file
    if not settings_path(data_dir).exists():
        return None  # a first start: the wizard comes first
    choose_language(argv)
    from ui.run import show_start_window  # Qt and the start window only

    return show_start_window()
