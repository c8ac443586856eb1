"""What saving through the intake form costs over saving through the service directly.

Since saves run as desk operations (ui/operations.py: the check on the GUI thread, the
write on a worker, the answer back through a queued signal, the form cleared and every
page told), Kaydet must still feel instant. Baseline, measured in the same run on the same
kind of desk: ``IntakeService.save`` called directly. Measured: ``IntakeForm.save()`` until
its ``saved`` signal, with the form filled anew each time (offscreen, the real widgets).

    python bench/form_save.py [--n 100]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import bench_desk, print_latency_ratio
from PySide6.QtWidgets import QApplication

from models.samples import in_person_sample
from ui.intake import IntakeForm
from ui.operations import Operations

FORM = in_person_sample(text="Sokağımızdaki çöpler üç gündür toplanmıyor. " * 40)


def service_saves(data_dir: Path, n: int) -> list[float]:
    desk = bench_desk(data_dir)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        assert desk.intake.save(FORM, "bench").ok
        samples.append(time.perf_counter() - start)
    desk.close()
    return samples


def form_saves(data_dir: Path, n: int) -> list[float]:
    desk = bench_desk(data_dir)
    ops = Operations()
    form = IntakeForm(desk, ops, autosave=False)
    form.show()
    saved: list[str] = []
    form.saved.connect(saved.append)
    samples = []
    for index in range(n):
        form.set_form_value(FORM)
        start = time.perf_counter()
        assert form.save()
        # Spin the loop (no sleeping between turns): the answer is measured, not the waiting.
        while len(saved) <= index:
            QApplication.processEvents()
        samples.append(time.perf_counter() - start)
    ops.shutdown()
    form.deleteLater()
    desk.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    n = parser.parse_args().n
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        base = service_saves(Path(tmp) / "service", n)
        measured = form_saves(Path(tmp) / "form", n)
    print_latency_ratio("IntakeService.save, called directly", base,
                        "IntakeForm.save() until saved (operation)", measured)
    del app


if __name__ == "__main__":
    main()
