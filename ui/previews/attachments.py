"""The attachment workbench and the scan dialog, with generated pages, a hot folder holding
three scans and the fake scanner."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from bimer_desktop.app import Desk
from services import page_ops
from services.fake_scanner import FakeScanner, fake_page
from services.hot_folder import HotFolderWatcher
from ui.attachments import AttachmentsPanel, ScanDialog
from ui.operations import Operations


def preview_attachments_panel() -> QWidget:
    """The panel with a few generated pages and a hot folder with scans waiting."""
    ops = Operations()
    folder = Path(tempfile.mkdtemp(prefix="bimer-hot-folder-"))
    # Sample files and pages: data for the preview, not the product's words.
    samples = ("Tarama 0001.png", "Tarama 0002.png", "İmzalı dilekçe.png")
    for number, name in enumerate(samples, start=7):
        (folder / name).write_bytes(fake_page(number, name, dpi=40))
    watcher = HotFolderWatcher(folder, interval=0.5)
    watcher.poll()
    watcher.poll()  # the three scans are complete: in the tray from the first frame
    watcher.start()  # and whatever is written there while the preview is open, too
    panel = AttachmentsPanel(ops, hot_folder=watcher, scanner=FakeScanner())
    ops.setParent(panel)

    def gone() -> None:
        watcher.stop()
        shutil.rmtree(folder, ignore_errors=True)

    panel.destroyed.connect(gone)
    letter_name = "Dilekçe"
    letter = page_ops.combine(page_ops.load_images(letter_name, [
        fake_page(1, f"{letter_name} · sayfa 1", dpi=60),
        fake_page(2, f"{letter_name} · sayfa 2", dpi=60)]), f"{letter_name}.pdf")
    panel.add_files([(f"{letter_name}.pdf", letter.data),
                     ("Kimlik fotokopisi.png", fake_page(3, "Kimlik fotokopisi", dpi=60))],
                    background=False)
    sides = ("Yaprak 1 · ön yüz", "Yaprak 1 · arka yüz")
    panel.add_scan([fake_page(4, sides[0], dpi=60), fake_page(5, sides[1], dpi=60)],
                   background=False)
    panel.rotate_current(1)
    panel.set_current_index(1)
    panel.resize(820, 560)
    return panel


def build_attachments(_desk: Desk) -> QWidget:
    return preview_attachments_panel()


def build_scan_dialog(_desk: Desk) -> QWidget:
    """The Tara… dialog against the fake scanner, its devices listed."""
    ops = Operations()
    dialog = ScanDialog(FakeScanner(), ops)
    ops.setParent(dialog)
    return dialog
