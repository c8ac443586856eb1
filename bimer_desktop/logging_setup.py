"""Named loggers per area, one rotating file per desk. No personal data is ever logged.

Areas log under ``bimer.<area>`` (``bimer.sync``, ``bimer.intake``, ``bimer.ui``, ``bimer.qt``
for Qt's own messages, ``bimer.crash`` for unhandled exceptions...). Two last lines of
defence behind the rule that no code logs personal data: every record passes a filter that
masks any run of 11 digits (a T.C. Kimlik No), and a logged exception is written as its
frames and type without its message, which may quote what the clerk typed
(``safe_traceback``).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import traceback
from pathlib import Path
from types import TracebackType

from services.central_client import RedactIdNumbers

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "desk.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

# Marks the handlers this module added, so that configuring again replaces them.
_OURS = "_bimer_desktop_handler"


WITHHELD = "(message withheld: it may quote personal data)"
_ID_NUMBER = re.compile(r"(?<!\d)\d{11}(?!\d)")


def safe_traceback(exc_type: type[BaseException] | None, error: BaseException,
                   tb: TracebackType | None) -> str:
    """A traceback without the exceptions' messages (they may carry a name, an ID number or
    the application's text), cause and context chains included."""
    chain: list[tuple[BaseException, TracebackType | None, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    current_tb = tb
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, current_tb, link))
        if current.__cause__ is not None:
            link = "The above exception was the direct cause of the following exception:"
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link = "During handling of the above exception, another exception occurred:"
            current = current.__context__
        else:
            current = None
        current_tb = current.__traceback__ if current is not None else None
    lines: list[str] = []
    for exception, frames, link in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(traceback.extract_tb(frames)))
        lines.append(f"{_qualified_name(type(exception))}: {_safe_message(exception)}\n")
        if link:
            lines.append(f"\n{link}\n\n")
    _ = exc_type  # the chain's head is ``error`` itself
    return "".join(lines).rstrip()


def _qualified_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _safe_message(error: BaseException) -> str:
    if isinstance(error, OSError):
        # The code and the system's words; never the file name (it may be a citizen's).
        return f"[Errno {error.errno}] {error.strerror}" if error.errno else WITHHELD
    if type(error).__module__.split(".")[0] == "sqlalchemy":
        # The desk's engine hides parameters (models/database.py): statement and reason only.
        return _ID_NUMBER.sub("*" * 11, str(error))
    return WITHHELD


class PrivateFormatter(logging.Formatter):
    """Formats exceptions with ``safe_traceback``: no exception message reaches a log."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have formatted this record first and cached its exception
        # text, message included: never reuse it.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: object) -> str:
        if isinstance(ei, tuple) and len(ei) == 3 and isinstance(ei[1], BaseException):
            return safe_traceback(ei[0], ei[1], ei[2])
        return WITHHELD


def log_file_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR_NAME / LOG_FILE_NAME


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (a full disk) is skipped without a word: logging's
    default prints a traceback to the console for every record, burying the one Turkish
    line that says what is wrong (issue 18, item 6)."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def configure_logging(data_dir: Path, *, verbose: bool = False) -> Path:
    """Log to ``<data>/logs/desk.log`` (rotated at 2 MB, five kept) and, from WARNING (INFO
    with ``verbose``), to the console. Calling it again moves the file (first-run setup can
    choose another data folder). Returns the log file's path."""
    path = log_file_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    redact = RedactIdNumbers()
    file_handler = _QuietFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    file_handler.setFormatter(
        PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(PrivateFormatter("%(levelname)s %(name)s: %(message)s"))
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
