"""Named loggers per area, one rotating file per desk. No personal data is ever logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def configure_logging(data_dir: Path, *, verbose: bool = False) -> None:
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        log_dir / "desk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(file_handler)
    root.addHandler(console)
    # Alembic announces every migration step at INFO; the file is enough for that.
    logging.getLogger("alembic").setLevel(logging.WARNING)
