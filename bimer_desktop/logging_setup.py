"""Named loggers per area, one rotating file per desk. No personal data is ever logged.

Areas log under ``bimer.<area>`` (``bimer.sync``, ``bimer.intake``, ``bimer.ui``, ``bimer.qt``
for Qt's own messages, ``bimer.crash`` for unhandled exceptions...). Every record passes a
filter that masks any run of 11 digits (a T.C. Kimlik No) before it reaches a handler, as a
last line of defence behind the rule that no code logs one.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from services.central_client import RedactIdNumbers

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "desk.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

# Marks the handlers this module added, so that configuring again replaces them.
_OURS = "_bimer_desktop_handler"


def log_file_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR_NAME / LOG_FILE_NAME


def configure_logging(data_dir: Path, *, verbose: bool = False) -> Path:
    """Log to ``<data>/logs/desk.log`` (rotated at 2 MB, five kept) and, from WARNING (INFO
    with ``verbose``), to the console. Calling it again moves the file (first-run setup can
    choose another data folder). Returns the log file's path."""
    path = log_file_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    redact = RedactIdNumbers()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    remove_handlers()
    for handler in (file_handler, console):
        handler.addFilter(redact)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Alembic announces every migration step at INFO; the file is enough for that.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path


def remove_handlers() -> None:
    """Close and detach the handlers ``configure_logging`` added (tests, a moved folder)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
