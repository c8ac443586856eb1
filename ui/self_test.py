"""``bimer-desktop --self-test``: prove that this installation (a bundle, usually) works.

Offscreen, in a temporary data folder, with the embedded training centre: open the main
window, save an application through the form, send it to the centre, print its receipt as
PDF, render the page with QtPdf and read the barcode back with zxing-cpp. Each step prints
one line (Turkish / English); the first failure stops the run and names the step. Nothing
touches the desk's real data folder or settings.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_FAILED = 1
BARCODE_DPI = 200.0
SYNC_TIMEOUT_MS = 60_000
FONT_PROBE = "AaİıŞşĞğÇçÖöÜü0"  # i18n: not shown (letters the desk's font must draw)

# Every line the report prints, in one place. Bilingual on purpose, so not translated: the
# operator (or CI log) reading it may use either language, whatever the desk is set to.
TEXT = {
    "title": "{version} — öz sınama / self-test",  # i18n: not shown
    "ok": "[tamam/ok]  ",  # i18n: not shown
    "failed": "[HATA/FAIL] ",  # i18n: not shown
    "passed": "Sonuç: başarılı / Result: passed ({seconds:.1f} s)",  # i18n: not shown
    "stopped": "Sonuç: BAŞARISIZ / Result: FAILED — adım / step: {step}",  # i18n: not shown
    "details": "Ayrıntı / details:",  # i18n: not shown
    "step.data": "Veri klasörü ve veritabanı / data folder and database",  # i18n: not shown
    "step.window": "Ana pencere / main window",  # i18n: not shown
    "step.fonts": "Yazı tipi / font",  # i18n: not shown
    "no_glyphs": ("yazı tipinde şu harfler yok: {letters} — "  # i18n: not shown
                  "ekranda boş kutular çıkar; bir yazı tipi kurun (Debian: fonts-dejavu-core) / "
                  "the font has no glyphs for {letters}: every text would be empty boxes; "
                  "install a font"),
    "step.save": "Başvuru kaydı / application saved",  # i18n: not shown
    "step.sync": "Eğitim merkezine gönderim / sync to the training centre",  # i18n: not shown
    "step.receipt": "Alındı belgesi (PDF) / receipt PDF",  # i18n: not shown
    "step.barcode": "Barkod okundu / barcode read back",  # i18n: not shown
    "step.charts": "İstatistik grafikleri (QtCharts) / statistics charts",  # i18n: not shown
    "no_decoder": ("zxing-cpp kurulu değil; barkod okunamıyor / "  # i18n: not shown
                   "zxing-cpp is not installed"),
    "save_refused": "form kaydetmedi / the form did not save: {summary}",  # i18n: not shown
    "sync_timeout": ("merkezden {seconds} s içinde cevap gelmedi / "  # i18n: not shown
                     "no answer in {seconds} s"),
    "sync_left": ("{pending} başvuru gönderilmedi / "  # i18n: not shown
                  "{pending} not sent: {message}"),
    "no_barcode": "sayfada barkod bulunamadı / no barcode on the page",  # i18n: not shown
    "wrong_barcode": "okunan {found}, beklenen {expected} / read {found}, expected {expected}",
}


class StepFailed(Exception):
    """A step that ran but found something wrong; the message is for the report."""


@dataclass
class SelfTest:
    """The steps share what earlier ones made (the desk, the window, the number...)."""

    data_dir: Path
    out: TextIO
    notes: dict[str, object] = field(default_factory=dict)

    def run(self, steps: list[tuple[str, Callable[[], str]]]) -> int:
        """Run ``steps`` in order: (text key, callable returning a short detail)."""
        started = time.monotonic()
        for key, step in steps:
            label = TEXT[key]
            try:
                detail = step()
            except Exception as error:  # every failure is reported, whatever it is
                message = str(error) if isinstance(error, StepFailed) else (
                    f"{type(error).__name__}: {error}")
                self.out.write(f"{TEXT['failed']}{label}: {message}\n")
                if not isinstance(error, StepFailed):
                    self.out.write(f"{TEXT['details']}\n{traceback.format_exc()}")
                self.out.write(TEXT["stopped"].format(step=label) + "\n")
                self.out.flush()
                return EXIT_FAILED
            self.out.write(f"{TEXT['ok']}{label}" + (f": {detail}" if detail else "") + "\n")
            self.out.flush()
        self.out.write(TEXT["passed"].format(seconds=time.monotonic() - started) + "\n")
        return EXIT_OK


def run_self_test(out: TextIO = sys.stdout) -> int:
    """The whole self-test; returns the process exit code."""
    from PySide6.QtWidgets import QApplication

    from bimer_desktop.version import version_line

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window on anyone's screen
    out.write(TEXT["title"].format(version=version_line()) + "\n")
    with tempfile.TemporaryDirectory(prefix="bimer-self-test-") as folder:
        return _run_in(Path(folder), out)


def _run_in(data_dir: Path, out: TextIO) -> int:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from bimer_desktop.app import Desk, DeskConfig
    from bimer_desktop.settings import load_settings
    from models.samples import IN_PERSON_SAMPLE
    from services.printouts import DocumentKind, PdfFile, PrintRequest
    from ui.main_window import MainWindow
    from ui.pdf_pages import render_pdf_pages
    from ui.run import prepare_application, route_qt_messages
    from ui.signals import wait_for, wait_for_any
    from ui.sync_control import SyncResult

    test = SelfTest(data_dir, out)
    route_qt_messages()  # a real warning still reaches stderr; offscreen noise does not
    app: QApplication = prepare_application()
    desk: Desk | None = None
    window: MainWindow | None = None

    def data() -> str:
        nonlocal desk
        settings = load_settings(data_dir)  # defaults: training mode, station 06-01
        desk = Desk(DeskConfig(data_dir=data_dir, settings=settings, user="oz-sinama"))
        return str(data_dir)

    def fonts() -> str:
        """Text must be drawn with a real font: without one Qt still opens every window,
        with every letter an empty box."""
        from PySide6.QtGui import QFontInfo, QFontMetrics

        metrics = QFontMetrics(app.font())  # inFont(str) misreads non-ASCII in PySide6
        missing = [letter for letter in FONT_PROBE if not metrics.inFontUcs4(ord(letter))]
        if missing:
            raise StepFailed(TEXT["no_glyphs"].format(letters=" ".join(missing)))
        return QFontInfo(app.font()).family()

    def open_window() -> str:
        nonlocal window
        assert desk is not None
        window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
        window.sync.finished.connect(lambda outcome: test.notes.__setitem__("sync", outcome))
        window.show()
        app.processEvents()
        return f"{window.width()}×{window.height()}"

    def save() -> str:
        assert window is not None
        form = window.form
        form.set_form_value(IN_PERSON_SAMPLE)
        submitted = form.save()
        if not submitted or wait_for_any([form.saved, form.not_saved], SYNC_TIMEOUT_MS) != 0 \
                or form.last_saved_number is None:
            raise StepFailed(TEXT["save_refused"].format(summary=form.save_summary))
        test.notes["number"] = form.last_saved_number
        return form.last_saved_number

    def sync() -> str:
        # The window asks for a sync after every save: wait for that one, and ask once more
        # if it left anything behind (a save racing the first start of the centre).
        assert window is not None and desk is not None
        for _attempt in range(2):
            if window.sync.syncing and not wait_for(window.sync.finished, SYNC_TIMEOUT_MS):
                raise StepFailed(TEXT["sync_timeout"].format(seconds=SYNC_TIMEOUT_MS // 1000))
            if desk.queries.pending_count() == 0:
                return desk.sync.central_url
            window.sync_now(force=True)
        outcome = test.notes.get("sync")
        message = outcome.report.message if isinstance(outcome, SyncResult) else repr(outcome)
        raise StepFailed(TEXT["sync_left"].format(pending=desk.queries.pending_count(),
                                                  message=message))

    def receipt() -> str:
        assert desk is not None
        number = str(test.notes["number"])
        # The real print path: serial, print-log row and the PDF written as a printer would.
        document = desk.printouts.produce(PrintRequest(DocumentKind.RECEIPT, number),
                                          desk.config.user,
                                          PdfFile(data_dir / "self-test-receipt.pdf"))
        test.notes["document"] = document
        pages = f"{document.page_count} sayfa/page(s)"  # i18n: not shown
        return f"{pages}, {len(document.pdf) // 1024} KB"

    def barcode() -> str:
        document = test.notes["document"]
        expected = getattr(document, "payload", "")
        pdf = getattr(document, "pdf", b"")
        page = render_pdf_pages(pdf, dpi=BARCODE_DPI)[0]
        found = read_barcodes(page.convertToFormat(QImage.Format.Format_Grayscale8))
        if not found:
            raise StepFailed(TEXT["no_barcode"])
        if expected not in found:
            raise StepFailed(TEXT["wrong_barcode"].format(found=", ".join(found),
                                                          expected=expected))
        return expected

    def charts() -> str:
        # The charts' Qt modules load only here: the bundle must have carried them.
        assert window is not None
        page = window.applications.open_statistics()
        if page.figures is None and not wait_for(page.shown, SYNC_TIMEOUT_MS):
            raise StepFailed(TEXT["sync_timeout"].format(seconds=SYNC_TIMEOUT_MS // 1000))
        figures = page.figures
        page.close()
        return f"{figures.total if figures is not None else 0}"

    steps: list[tuple[str, Callable[[], str]]] = [
        ("step.data", data), ("step.fonts", fonts), ("step.window", open_window),
        ("step.save", save),
        ("step.sync", sync), ("step.receipt", receipt), ("step.barcode", barcode),
        ("step.charts", charts),
    ]
    try:
        return test.run(steps)
    finally:
        if window is not None:
            window.shutdown()
            window.close()
            window.deleteLater()
            app.processEvents()
        if desk is not None:
            desk.close()


def read_barcodes(image: object) -> list[str]:
    """The texts of the barcodes zxing-cpp finds on a grayscale ``QImage``."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    try:
        import zxingcpp
    except ImportError as error:
        raise StepFailed(TEXT["no_decoder"]) from error
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = bytes(image.constBits())
    # Qt pads each line to four bytes; zxing wants the pixels only.
    pixels = raw if stride == width else b"".join(
        raw[row * stride: row * stride + width] for row in range(height))
    view = memoryview(pixels).cast("B", (height, width))
    return [result.text for result in zxingcpp.read_barcodes(view)]
