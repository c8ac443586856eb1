"""İstatistikler: the figures equal plain SQL counts of the same desk, the charts are
drawn, and both exports write their files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QPieSeries, QStackedBarSeries
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.deadlines import DeadlineState
from models.enums import ApplicationType, Channel
from models.samples import SAMPLE_FORMS
from tests.desk_sql import desk_sql
from tests.ui.conftest import WindowFactory, show_page
from ui.navigation import NavigationItem
from ui.statistics_page import StatisticsPage

WAIT_MS = 20_000


def test_figures_equal_sql_counts_and_export(
        qtbot: QtBot, training_desk: Desk, make_window: WindowFactory, tmp_path: Path) -> None:
    for form in SAMPLE_FORMS:
        assert training_desk.intake.save(form, "memur1").ok
    window = make_window(training_desk)
    show_page(qtbot, window, NavigationItem.APPLICATIONS)
    page = window.applications.open_statistics()
    assert isinstance(page, StatisticsPage)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=WAIT_MS)
    figures = page.figures
    assert figures is not None

    with desk_sql(training_desk.config.data_dir / "desk.db") as bare:
        by_channel = dict(bare.execute(
            "SELECT channel, count(*) FROM applications GROUP BY channel").fetchall())
        by_type = dict(bare.execute(
            "SELECT application_type, count(*) FROM applications GROUP BY application_type"
        ).fetchall())
        total = bare.execute("SELECT count(*) FROM applications").fetchone()[0]
    today = figures.per_day[-1]
    assert today[0] == figures.last_day
    assert {channel.value: count for channel, count in today[1].items() if count} == by_channel
    assert {kind.value: count for kind, count in figures.by_type.items() if count} == by_type
    assert figures.total == total == len(SAMPLE_FORMS)
    assert sum(count for _name, count in figures.by_subject) == total
    assert sum(figures.deadlines.values()) == total
    assert figures.deadlines[DeadlineState.OVERDUE] == 0  # all taken today
    # Drawn: a bar per channel, a slice per type in use, the numbers under each chart.
    [bars] = page.per_day.chart.series()
    assert isinstance(bars, QStackedBarSeries) and bars.count() == len(Channel)
    [pie] = page.by_type.chart.series()
    assert isinstance(pie, QPieSeries) and pie.count() == len(by_type)
    assert f"{ApplicationType.COMPLAINT.label}: {by_type.get('complaint', 0)}" in \
        page.by_type.numbers.text()

    csv_path, png_path = tmp_path / "figures.csv", tmp_path / "charts.png"
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save_csv(csv_path)
    assert saved.args == [str(csv_path)]
    lines = csv_path.read_text("utf-8-sig").splitlines()
    assert lines[0] == "Grafik;Ad;Sayı"
    assert len(lines) == 1 + 30 * len(Channel) + len(ApplicationType) + len(
        figures.by_subject) + len(DeadlineState)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save_png(png_path)
    assert saved.args == [str(png_path)]
    assert png_path.read_bytes().startswith(b"\x89PNG")
    page.close()
