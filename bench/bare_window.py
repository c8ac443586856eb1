"""The baseline of the start-up and memory benchmarks: a bare PySide6 window in a fresh
process (standard library only here: bench/window_memory.py measures from a small process)."""

BARE_WINDOW = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.resize(1024, 700)\n"
    "window.show()\n"
    "QTimer.singleShot(0, lambda: (print('window shown', flush=True), app.quit()))\n"
    "app.exec()\n"
)
