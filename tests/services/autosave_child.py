"""Child process of ``test_draft_crash.py``: autosaves one growing draft until it is killed.

    python tests/services/autosave_child.py DATA_DIR [INTERVAL_SECONDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from models.application_form import ApplicationForm

USER = "memur1"
INTERVAL_SECONDS = 0.05


def version_text(version: int) -> str:
    """Version ``n`` of the text: a header naming ``n`` and ``n`` lines, so that a torn or
    mixed write could never pass for a real version."""
    lines = (f"Satır {i}: ğüşıöç ĞÜŞİÖÇ — çöpler hâlâ toplanmıyor. " * 4 for i in range(version))
    return f"sürüm {version}\n" + "\n".join(lines)


def version_of(text: str) -> int:
    return int(text.split("\n", 1)[0].removeprefix("sürüm "))


def form(version: int) -> ApplicationForm:
    return ApplicationForm(channel="letter", first_name="Ayşe", text=version_text(version))


def main(data_dir: Path, interval: float) -> None:
    settings = load_settings(data_dir).with_overrides(central_url="http://127.0.0.1:9")
    desk = Desk(DeskConfig(data_dir=data_dir, settings=settings, user=USER))
    draft_id = desk.drafts.save(USER, form(0))
    version = 0
    while True:  # until SIGKILL: no clean shutdown, no final checkpoint
        time.sleep(interval)
        version += 1
        desk.drafts.save(USER, form(version), draft_id)


if __name__ == "__main__":
    main(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else INTERVAL_SECONDS)
