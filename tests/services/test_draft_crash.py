"""A draft survives the process being killed in the middle of autosaving it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from models.database import open_database
from services.clock import local_now
from services.drafts import DraftService
from tests.desk_sql import desk_key, desk_sql
from tests.services.autosave_child import INTERVAL_SECONDS, USER, version_of, version_text

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "autosave_child.py"
UPDATES_BEFORE_KILL = 20
WAIT_SECONDS = 60


def observed_version(db_path: Path) -> tuple[int, int] | None:
    """(draft id, version) as another process sees it now, or None before the first save."""
    if not db_path.exists():
        return None
    connection = desk_sql(db_path, timeout=5)
    try:
        row = connection.execute("SELECT id, form_json FROM drafts").fetchone()
    except sqlcipher.OperationalError:  # the child is still creating the schema
        return None
    finally:
        connection.close()
    if row is None:
        return None
    return row[0], version_of(json.loads(row[1])["text"])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("interval", [INTERVAL_SECONDS, 0.0],
                         ids=["autosave-every-50ms", "writing-nonstop"])
def test_a_draft_survives_sigkill_during_autosave(tmp_path: Path, interval: float) -> None:
    """Every 50 ms is the real autosave; non-stop writing makes the kill land inside a
    transaction almost surely, which a 1 ms write in a 50 ms cycle rarely does."""
    data_dir = tmp_path / "desk"
    db_path = data_dir / "desk.db"
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), str(interval)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: tuple[int, int] | None = None
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if child.poll() is not None:
                stderr = child.stderr.read().decode() if child.stderr else ""
                pytest.fail(f"the child died on its own:\n{stderr}")
            seen = observed_version(db_path) or seen
            if seen is not None and seen[1] >= UPDATES_BEFORE_KILL:
                break
            time.sleep(0.01)
        observed_at = time.monotonic()
        assert seen is not None and seen[1] >= UPDATES_BEFORE_KILL, "the child never got going"
        os.kill(child.pid, signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        child.kill()
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    raw = desk_sql(db_path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()
    db = open_database(db_path, data_key=desk_key(db_path.parent))
    try:
        draft = DraftService(db, local_now).get(seen[0], USER)
    finally:
        db.close()

    assert draft is not None
    version = version_of(draft.form.text)
    assert draft.form.text == version_text(version)  # one whole version, never a torn mix
    # What another process saw committed is never lost (so it is not even 1 s behind)...
    assert version >= seen[1]
    if interval:
        # ...and nothing newer than the child could write between our look and the kill.
        assert version <= seen[1] + 1 + int((killed_at - observed_at) / interval)
