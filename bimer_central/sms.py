"""Temporary passwords reach their user by SMS, through an ``SmsGateway``.

The reference implementation, ``SmsLogFile``, sends nothing: it appends each message to a
log file that the operator reads and relays (docs/security.md, "Temporary passwords"), so a
pilot needs no SMS contract. A production service plugs in its operator's gateway behind
the same one-method interface. The file holds phone numbers and temporary passwords: it is
created readable by the service's OS user alone, and should be emptied once relayed.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class SmsGateway(Protocol):
    def send(self, mobile: str, text: str) -> None:
        """Hand one message to the gateway; raises ``OSError`` if it cannot."""


class SmsLogFile:
    """One JSON line per message: ``{"at", "to", "text"}``, appended and fsynced."""

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    def send(self, mobile: str, text: str) -> None:
        line = json.dumps({"at": self._clock().isoformat(), "to": mobile, "text": text},
                          ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, (line + "\n").encode("utf-8"))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        log.info("SMS written to the SMS log for the operator to relay")

    def messages(self) -> list[dict[str, str]]:
        """Every message written so far (for the operator's tools and the tests)."""
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]


def default_sms_log(db_url_file: Path | None, fallback_dir: Path) -> Path:
    """Beside a SQLite database file (``merkez.db`` → ``merkez-sms.log``), else in
    ``fallback_dir``."""
    if db_url_file is not None:
        return db_url_file.with_name(f"{db_url_file.stem}-sms.log")
    return fallback_dir / "sms.log"
