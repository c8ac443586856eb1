"""Where the desk's window stood on each screen, so it opens there again.

One small JSON file in the data folder, ``window.json``: for each screen (its name and size,
so a laptop's own panel and the counter's monitor each keep their own place) the geometry Qt
gave (base64). It is read before the window is built and written after it closed — never
while the window runs. A missing or damaged file only means the window opens fitted to its
screen, as on the first start.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

FILE_NAME = "window.json"
_log = logging.getLogger(__name__)


def load_window_places(data_dir: Path) -> dict[str, str]:
    path = data_dir / FILE_NAME
    try:
        stored = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        _log.warning("window places not read (%s): the window is fitted to its screen",
                     type(error).__name__)
        return {}
    if not isinstance(stored, dict):
        return {}
    return {key: value for key, value in stored.items()
            if isinstance(key, str) and isinstance(value, str)}


def save_window_places(data_dir: Path, places: dict[str, str]) -> None:
    # Written whole then renamed: a crash mid-write leaves the old file, never half of one.
    path = data_dir / FILE_NAME
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(json.dumps(places, indent=2), "utf-8")
        temporary.replace(path)
    except OSError as error:
        _log.warning("window places not written (%s)", type(error).__name__)
