"""A desk's normal start loads the product, not the developer's previews or sample data:
the window opens and closes in a fresh process, and neither ``ui.previews`` nor
``models.samples`` was imported on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Opens the real window through the real command line, closes it from a timer that was
# armed before it opened (every 1.5 s: the event loop already turns while the desk opens
# behind the start window, so the first tick may find only that one), and says which of the
# desk's modules were imported.
SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
closer = QTimer()
closer.timeout.connect(app.closeAllWindows)
closer.start(1500)
from bimer_desktop.cli import main
code = main(["--data-dir", sys.argv[1], "--central", "http://127.0.0.1:9"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_normal_start_imports_no_preview_code(tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(json.dumps({"station_code": "06-01"}), "utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    finished = subprocess.run([sys.executable, "-c", SCRIPT, str(data_dir)],
                              capture_output=True, text=True, timeout=120, env=environment,
                              cwd=Path(__file__).resolve().parents[2], check=False)
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    modules = report["modules"]
    assert "ui.main_window" in modules  # the window did open
    assert [m for m in modules if m.startswith("ui.previews") or m == "models.samples"] == []
