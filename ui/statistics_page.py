"""İstatistikler: the desk's last 30 days and its deadlines in pictures, the numbers under
each picture, and an export of both (PNG, CSV).

Drawn with QtCharts (PySide6-Addons): it is Qt's own, already installed with the desk's
Qt, draws with the desk's fonts and palette inside the widget tree (so ``grab()`` makes
the PNG), and adds no dependency; pyqtgraph would bring numpy for four small charts.
The figures are read off the GUI thread (``desk.statistics``) and again whenever the desk
changes while the page is open.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.enums import Channel
from models.i18n import _, format_date, format_number
from services.case_statistics import CaseFigures
from ui.live_read import LiveRead
from ui.operations import Change, Operations
from ui.shortcuts import Command, bind
from ui.style import ERROR_RED, OK_GREEN, WARNING_AMBER

SUBJECTS_SHOWN = 8
_DEADLINE_COLOURS = {DeadlineState.OPEN: OK_GREEN, DeadlineState.NEAR: WARNING_AMBER,
                     DeadlineState.OVERDUE: ERROR_RED}


class _ChartBox(QGroupBox):
    """A chart with its numbers written under it."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(190)
        self.numbers = QLabel("", self)
        self.numbers.setObjectName("hint")
        self.numbers.setWordWrap(True)
        self.numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.numbers)

    def clear(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)


class StatisticsPage(QWidget):
    """``StatisticsPage(desk, ops)``: a window of its own; ``shown`` fires with the figures."""

    shown = Signal(object)
    message = Signal(str)
    saved = Signal(str)  # the file written ("" when it could not be)

    def __init__(self, desk: Desk, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statistics")
        self.setWindowTitle(_("İstatistikler"))
        self.resize(1000, 620)
        self._desk = desk
        self._ops = ops
        self.figures: CaseFigures | None = None
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(_("İstatistikler"), self)
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title)
        header.addStretch(1)
        png = QPushButton(_("PNG olarak kaydet (Ctrl+S)"), self)
        png.clicked.connect(self.ask_png)
        csv_button = QPushButton(_("CSV olarak kaydet (Ctrl+Shift+E)"), self)
        csv_button.clicked.connect(self.ask_csv)
        header.addWidget(png)
        header.addWidget(csv_button)
        outer.addLayout(header)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        self.sheet = QWidget(scroll)
        grid = QGridLayout(self.sheet)
        self.per_day = _ChartBox(_("Son 30 gün: günlük başvuru, kanala göre"), self.sheet)
        self.by_type = _ChartBox(_("Son 30 gün: türe göre"), self.sheet)
        self.by_subject = _ChartBox(_("Son 30 gün: konuya göre"), self.sheet)
        self.deadlines = _ChartBox(_("Bugün: yasal süre durumu (tüm başvurular)"), self.sheet)
        # The two wide charts (days, subject names) take the whole width; the pies share.
        grid.addWidget(self.per_day, 0, 0, 1, 2)
        grid.addWidget(self.by_subject, 1, 0, 1, 2)
        grid.addWidget(self.by_type, 2, 0)
        grid.addWidget(self.deadlines, 2, 1)
        scroll.setWidget(self.sheet)
        outer.addWidget(scroll, 1)
        bind(self, Command.STATISTICS_IMAGE, self.ask_png)
        bind(self, Command.STATISTICS_CSV, self.ask_csv)
        bind(self, Command.STATISTICS_CLOSE, self.close)
        self.live: LiveRead[CaseFigures] = LiveRead(
            self, ops, "statistics", desk.statistics.figures, self.show_figures,
            Change.APPLICATIONS | Change.OUTBOX, always=True)
        self.live.reload()

    # ----- drawing ------------------------------------------------------------------------

    def show_figures(self, figures: CaseFigures) -> None:
        self.figures = figures
        self.title.setText(_("İstatistikler — {first} – {last}, {count} başvuru").format(
            first=format_date(figures.first_day), last=format_date(figures.last_day),
            count=format_number(figures.total)))
        self._draw_per_day(figures)
        self._draw_by_type(figures)
        self._draw_by_subject(figures)
        self._draw_deadlines(figures)
        self.shown.emit(figures)

    def _draw_per_day(self, figures: CaseFigures) -> None:
        box = self.per_day
        box.clear()
        series = QStackedBarSeries()
        for channel in Channel:
            bars = QBarSet(channel.label)
            bars.append([float(counts[channel]) for _day, counts in figures.per_day])
            series.append(bars)
        box.chart.addSeries(series)
        days = QBarCategoryAxis()
        days.append([f"{day.day:02d}.{day.month:02d}" for day, _counts in figures.per_day])
        days.setLabelsAngle(-90)
        box.chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(days)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setMin(0)
        box.chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)
        counts.applyNiceNumbers()
        totals = {channel: sum(c[channel] for _d, c in figures.per_day) for channel in Channel}
        busiest = max(figures.per_day, key=lambda item: sum(item[1].values()))
        box.numbers.setText(
            " · ".join(f"{channel.label}: {format_number(totals[channel])}"
                       for channel in Channel)
            + " — " + _("en yoğun gün {day}: {count}").format(
                day=format_date(busiest[0]), count=format_number(sum(busiest[1].values()))))

    def _draw_by_type(self, figures: CaseFigures) -> None:
        box = self.by_type
        box.clear()
        pie = QPieSeries()
        for kind, count in figures.by_type.items():
            if count:
                pie.append(kind.label, float(count))
        box.chart.addSeries(pie)
        box.numbers.setText(" · ".join(f"{kind.label}: {format_number(count)}"
                                       for kind, count in figures.by_type.items()))

    def _draw_by_subject(self, figures: CaseFigures) -> None:
        box = self.by_subject
        box.clear()
        shown = list(reversed(figures.by_subject[:SUBJECTS_SHOWN]))  # largest at the top
        bars = QBarSet(_("Başvuru"))
        bars.append([float(count) for _name, count in shown])
        series = QHorizontalBarSeries()
        series.append(bars)
        box.chart.addSeries(series)
        box.chart.legend().hide()
        names = QBarCategoryAxis()
        names.append([name for name, _count in shown])
        names.setTruncateLabels(False)  # a subject's name is the point of this chart
        box.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setMin(0)
        box.chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(counts)
        counts.applyNiceNumbers()
        box.numbers.setText(" · ".join(f"{name}: {format_number(count)}"
                                       for name, count in figures.by_subject))

    def _draw_deadlines(self, figures: CaseFigures) -> None:
        box = self.deadlines
        box.clear()
        pie = QPieSeries()
        for state, count in figures.deadlines.items():
            piece = pie.append(state.label, float(count))
            piece.setColor(QColor(_DEADLINE_COLOURS[state]))
        box.chart.addSeries(pie)
        box.numbers.setText(" · ".join(f"{state.label}: {format_number(count)}"
                                       for state, count in figures.deadlines.items()))

    # ----- export -------------------------------------------------------------------------

    def ask_png(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Grafikleri PNG olarak kaydet"), "istatistikler.png",
            _("PNG resmi (*.png)"))
        if path:
            self.save_png(Path(path).with_suffix(".png"))

    def ask_csv(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Sayıları CSV olarak kaydet"), "istatistikler.csv", _("CSV dosyası (*.csv)"))
        if path:
            self.save_csv(Path(path))

    def save_png(self, path: Path) -> None:
        """The four charts with their numbers, as on screen: drawn here, written by a
        worker; ``saved`` follows."""
        image = self.sheet.grab().toImage()  # a QImage may cross threads, a QPixmap not

        def write() -> None:
            # The format follows the suffix (ask_png makes it .png): PySide's stubs and
            # its runtime disagree on the type of an explicit format.
            if not image.save(str(path)):
                raise OSError(path)

        self._ops.run(self, "statistics png", write,
                      lambda _none: self._saved(_("Grafikler kaydedildi: {path}"), path),
                      lambda _error: self._not_saved())

    def save_csv(self, path: Path) -> None:
        """Every figure, one per line (UTF-8 with BOM for Excel), written by a worker."""
        figures = self.figures
        if figures is None:
            return
        rows: list[list[object]] = [[_("Grafik"), _("Ad"), _("Sayı")]]
        for day, counts in figures.per_day:
            rows += [[_("Günlük"), f"{day.isoformat()} {channel.label}", count]
                     for channel, count in counts.items()]
        rows += [[_("Tür"), kind.label, count] for kind, count in figures.by_type.items()]
        rows += [[_("Konu"), name, count] for name, count in figures.by_subject]
        rows += [[_("Süre"), state.label, count] for state, count in figures.deadlines.items()]

        def write() -> None:
            with path.open("w", encoding="utf-8-sig", newline="") as stream:
                csv.writer(stream, delimiter=";").writerows(rows)

        self._ops.run(self, "statistics csv", write,
                      lambda _none: self._saved(_("Sayılar kaydedildi: {path}"), path),
                      lambda _error: self._not_saved())

    def _saved(self, text: str, path: Path) -> None:
        self.message.emit(text.format(path=path.name))
        self.saved.emit(str(path))

    def _not_saved(self) -> None:
        self.message.emit(_("Dosya yazılamadı. Başka bir klasör seçip yeniden deneyin."))
        self.saved.emit("")
