"""A central service process of its own, for tests/bimer_central/test_schema.py.

``start URL BLOB_DIR``: import everything, print ``ready``, wait for a line on stdin (so that
several processes open one database at the same moment), start the service, ask its health
and print ``up URL``. ``die-after URL SQL_START``: open the database, and die by SIGKILL
right after the migration executed a statement beginning with ``SQL_START``.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, event

from bimer_central.db import open_database
from bimer_central.server import CentralServer


def start(url: str, blob_dir: str) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    with CentralServer(url, blob_dir=Path(blob_dir)) as server:
        response = requests.get(server.url + "/api/v1/health", timeout=10)
        response.raise_for_status()
        print(f"up {server.url}", flush=True)


def die_after(url: str, sql_start: str) -> None:
    def after_execute(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(sql_start.upper()):
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "after_cursor_execute", after_execute)
    open_database(url)
    print("the migration finished: the kill never came", flush=True)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"start": start, "die-after": die_after}[command](*arguments)
