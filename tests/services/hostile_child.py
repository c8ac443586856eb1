"""Run one check or render in a fresh process and print its outcome and peak memory, so a
test can measure what one hostile file costs (VmHWM, see ``peak_kib``)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_kib() -> int:
    """This process's peak resident memory. Linux's VmHWM belongs to the memory map, which
    exec replaces; ``ru_maxrss`` survives exec, so a child forked from a large pytest worker
    would report the worker's peak (565 MB) instead of its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


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
    peak_mb = peak_kib() / 1024
    print(json.dumps({"outcome": outcome, "peak_mb": round(peak_mb, 1),
                      "seconds": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main()
