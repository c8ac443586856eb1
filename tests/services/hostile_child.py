"""Run one check or render in a fresh process and print its outcome and peak memory, so a
test can measure what one hostile file costs (``resource.getrusage``: kilobytes on Linux)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    action, path = sys.argv[1], Path(sys.argv[2])
    data = path.read_bytes()
    started = time.perf_counter()
    if action == "check":
        from services.attachment_limits import AttachmentLimits
        from services.attachments import AttachmentRefused, check_file

        try:
            checked = check_file(path.name, data, AttachmentLimits())
            outcome = f"accepted {checked.page_count} pages"
        except AttachmentRefused as refusal:
            outcome = f"refused: {refusal}"
    else:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        from ui.pdf_pages import render_pdf_page

        _app = QGuiApplication([])
        image = render_pdf_page(data, 0, dpi=150.0)
        outcome = f"rendered {image.width()}x{image.height()}"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "peak_mb": round(peak_mb, 1),
                      "seconds": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main()
