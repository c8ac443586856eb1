"""How fast the case lists open, filter, scroll and open a case on a large desk, against
the bare SQL of the same question on the same database in the same run.

    python bench/fill_desk.py --rows 200000 DIR      # once
    QT_QPA_PLATFORM=offscreen python bench/case_lists.py DIR [--user memur1] [--repeat 9]

Baseline: the bare SQLite driver (SQLCipher's ``sqlcipher3``, unlocked with the desk's key:
the same encrypted pages the desk reads; no SQLAlchemy, no desk) asking the same
question on the same file: the first 100 rows of the list with their outbox state and the
count of the list, through the same indexes. Measured, twice:

- *service*: ``desk.cases`` / ``desk.case_details`` as a worker thread calls them
  (paging, counting, identity masking, deadlines, subject names);
- *window*: the real ``MainWindow`` on screen (offscreen), from the clerk's act to the
  rows shown — the read runs on a worker and the answer is put in the table on the GUI
  thread. The wait turns the event loop every 5 ms (``ui/signals.py``), so a window
  figure carries up to ~5 ms of that.

Prints absolute times (p50 / p95 in ms) and ratios against the baseline (p50), the
targets from the issue, and the process's RSS with the window and the list open.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from models.database import connect_sqlite
from models.identity_access import Viewer
from models.search_text import PREFIX_END, search_words
from services.case_search import CaseFilter, Query

LIST_COLUMNS = ("a.id, a.station_number, a.central_number, a.reserved_central_number, "
                "a.created_at, a.created_by, a.received_on, a.channel, a.application_type, "
                "a.urgency, a.subject_code, a.sub_subject_code, a.first_name, a.last_name, "
                "a.organization_title, a.hide_identity, a.tckn, o.state, o.last_message, "
                "a.version")
OUTBOX_JOIN = "LEFT JOIN outbox o ON o.application_id = a.id AND o.kind = 'application'"


def timed(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm: the first call pays for the file cache and the statement cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Report:
    def __init__(self) -> None:
        self.lines: list[tuple[str, list[float], list[float], list[float] | None,
                               float | None]] = []

    def add(self, name: str, bare: list[float], service: list[float],
            window: list[float] | None = None, target_ms: float | None = None) -> None:
        self.lines.append((name, bare, service, window, target_ms))
        self._print(self.lines[-1])

    @staticmethod
    def _print(line: tuple[str, list[float], list[float], list[float] | None,
                           float | None]) -> None:
        name, bare, service, window, target = line
        text = (f"{name:<28} bare SQL {p50(bare) * 1e3:8.2f} ms | service "
                f"{p50(service) * 1e3:8.2f} ms (p95 {p95(service) * 1e3:7.2f}) "
                f"×{p50(service) / p50(bare):5.1f}")
        if window is not None:
            text += (f" | window {p50(window) * 1e3:8.2f} ms (p95 {p95(window) * 1e3:7.2f}) "
                     f"×{p50(window) / p50(bare):5.1f}")
            if target is not None:
                verdict = "ok" if p50(window) * 1e3 < target else "OVER"
                text += f" | target < {target:.0f} ms: {verdict}"
        print(text, flush=True)


def open_filled_desk(description: str) -> tuple[argparse.Namespace, Desk, Any] | None:
    """The arguments of a benchmark on a desk ``bench/fill_desk.py`` filled (its folder,
    ``--user``, ``--repeat``, ``--no-window``), that desk opened offline, and a bare keyed
    connection to its database for the baseline; None, said why, when there is no desk."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--user", default="memur1")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-window", action="store_true", help="service and SQL only")
    args = parser.parse_args()
    database = args.directory / "desk.db"
    if not database.exists():
        print(f"{database} not found: fill it with bench/fill_desk.py", file=sys.stderr)
        return None
    settings = load_settings(args.directory).with_overrides(central_url="http://127.0.0.1:9")
    desk = Desk(DeskConfig(data_dir=args.directory, settings=settings, user=args.user))
    return args, desk, connect_sqlite(database, desk.data_keys.load_or_create())


def main() -> int:
    opened = open_filled_desk(__doc__.splitlines()[0])
    if opened is None:
        return 2
    args, desk, bare = opened
    database = args.directory / "desk.db"
    viewer = Viewer(args.user)
    repeat = args.repeat
    try:
        total = bare.execute("SELECT count(*) FROM applications").fetchone()[0]
        mine = bare.execute("SELECT count(*) FROM applications WHERE created_by = ?",
                            (args.user,)).fetchone()[0]
        sample = bare.execute(
            "SELECT id, tckn, station_number, central_number FROM applications "
            "WHERE central_number IS NOT NULL AND hide_identity = 0 "
            "ORDER BY id DESC LIMIT 1 OFFSET 5000").fetchone()
        app_id, tckn, station_number, central_number = sample
        name = "sahin"
        newest = bare.execute("SELECT max(created_at) FROM applications").fetchone()[0]
        last_day = date.fromisoformat(newest[:10])
        first_day = last_day - timedelta(days=30)
        print(f"{database}: {total} applications, {mine} of {args.user}; repeat {repeat}; "
              f"RSS before any window {rss_mb():.0f} MB", flush=True)

        def bare_list(where: str, params: tuple[object, ...], join: str = "") -> Callable[
                [], object]:
            def run() -> object:
                rows = bare.execute(
                    f"SELECT {LIST_COLUMNS} FROM applications a {join} {OUTBOX_JOIN} "
                    f"WHERE {where} ORDER BY a.id DESC LIMIT 100", params).fetchall()
                count = bare.execute(
                    f"SELECT count(*) FROM applications a {join} WHERE {where}",
                    params).fetchone()
                return rows, count
            return run

        def service_list(wanted: CaseFilter) -> Callable[[], object]:
            query = Query(wanted)
            return lambda: (desk.cases.page(query, viewer), desk.cases.count(wanted))

        word = search_words(name)[0]
        day_from = f"{first_day.isoformat()} 00:00:00"
        day_to = f"{(last_day + timedelta(days=1)).isoformat()} 00:00:00"
        cases: list[tuple[str, Callable[[], object], CaseFilter, str, float]] = [
            ("Başvurularım (mine)", bare_list("a.created_by = ?", (args.user,)),
             CaseFilter(created_by=args.user), "", 300),
            ("station, all", bare_list("1", ()), CaseFilter(), "", 300),
            ("T.C. Kimlik No", bare_list("a.tckn = ?", (tckn,)), CaseFilter(tckn=tckn),
             tckn, 50),
            ("station number", bare_list("a.station_number = ?", (station_number,)),
             CaseFilter(number=station_number), station_number, 50),
            ("central number", bare_list("a.central_number = ?", (central_number,)),
             CaseFilter(number=central_number), central_number, 50),
            (f"name '{name}'", bare_list(
                "a.id IN (SELECT application_id FROM application_name_words "
                "WHERE word >= ? AND word < ?)", (word, word + PREFIX_END)),
             CaseFilter(text=name), name, 50),
            ("date range (31 days)", bare_list("a.created_at >= ? AND a.created_at < ?",
                                               (day_from, day_to)),
             CaseFilter(date_from=first_day, date_to=last_day), "", 50),
        ]
        results: dict[str, tuple[list[float], list[float]]] = {}
        for label, bare_run, wanted, _text, _target in cases:
            results[label] = (timed(bare_run, repeat), timed(service_list(wanted), repeat))

        def bare_detail() -> object:
            return (bare.execute("SELECT * FROM applications WHERE id = ?", (app_id,))
                    .fetchone(),
                    bare.execute("SELECT * FROM outbox WHERE application_id = ?", (app_id,))
                    .fetchall())

        detail_bare = timed(bare_detail, repeat)
        detail_service = timed(lambda: desk.case_details.get(app_id, viewer), repeat)

        def bare_scroll() -> object:
            return bare.execute(f"SELECT {LIST_COLUMNS} FROM applications a {OUTBOX_JOIN} "
                                "WHERE a.created_by = ? ORDER BY a.id DESC",
                                (args.user,)).fetchall()

        def service_scroll() -> object:
            query = Query(CaseFilter(created_by=args.user))
            page = desk.cases.page(query, viewer)
            rows = len(page.rows)
            while not page.end:
                page = desk.cases.page(query, viewer, page.cursor)
                rows += len(page.rows)
            return rows

        scroll_repeat = max(1, repeat // 3)
        scroll_bare = timed(bare_scroll, scroll_repeat)
        scroll_service = timed(service_scroll, scroll_repeat)

        if args.no_window:
            report = Report()
            for label, _bare_run, _wanted, _text, target in cases:
                report.add(label, *results[label], target_ms=target)
            report.add("open a case detail", detail_bare, detail_service)
            report.add("scroll to the end (mine)", scroll_bare, scroll_service)
            return 0
        window_figures(desk, cases, results, app_id, detail_bare, detail_service,
                       scroll_bare, scroll_service, repeat, scroll_repeat)
    finally:
        bare.close()
        desk.close()
    return 0


def window_figures(desk: Desk, cases: list[tuple[str, Callable[[], object], CaseFilter, str,
                                                  float]],
                   results: dict[str, tuple[list[float], list[float]]], app_id: int,
                   detail_bare: list[float], detail_service: list[float],
                   scroll_bare: list[float], scroll_service: list[float], repeat: int,
                   scroll_repeat: int) -> None:
    from PySide6.QtCore import QModelIndex

    from ui.case_detail_dialog import CaseDetailDialog
    from ui.main_window import MainWindow
    from ui.navigation import NavigationItem
    from ui.run import prepare_application
    from ui.signals import wait_for, wait_until

    app = prepare_application()
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.show()
    wait_until(lambda: not window.ops.busy)
    page = window.applications
    app.processEvents()

    def shown(act: Callable[[], object]) -> float:
        start = time.perf_counter()
        act()
        assert wait_for(page.live.loaded, 60_000), "the list did not arrive"
        app.processEvents()  # painted
        return time.perf_counter() - start

    opening = []
    for index in range(repeat + 1):
        window.show_page(NavigationItem.HOME)
        page.live.stale = True  # as after a save: the list reads again when shown
        sample = shown(lambda: window.show_page(NavigationItem.APPLICATIONS))
        if index:
            opening.append(sample)
    print(f"RSS with the window and Başvurularım open: {rss_mb():.0f} MB", flush=True)
    report = Report()
    report.add("Başvurularım (mine)", *results["Başvurularım (mine)"], opening, 300)
    station = []
    for index in range(repeat + 1):
        sample = shown(lambda: page.scope.setCurrentIndex(1))
        if index:
            station.append(sample)
        page.scope.setCurrentIndex(0)
        wait_for(page.live.loaded, 60_000)
    report.add("station, all", *results["station, all"], station, 300)
    page.scope.setCurrentIndex(1)  # the station's, then each filter on top of it
    wait_for(page.live.loaded, 60_000)
    for label, _bare_run, _wanted, text, target in cases[2:]:
        samples = []
        for index in range(repeat + 1):
            if label.startswith("date range"):
                low, high = _wanted.date_from, _wanted.date_to
                assert low is not None and high is not None

                def act(low: date = low, high: date = high) -> None:
                    page.date_from.blockSignals(True)
                    page.date_from.setDate(low)
                    page.date_from.blockSignals(False)
                    page.date_to.setDate(high)  # this one applies the filters
            else:
                def act(text: str = text) -> None:
                    page.set_search(text)
            if index:
                samples.append(shown(act))
            else:
                shown(act)
            page.clear_filters()
            wait_for(page.live.loaded, 60_000)
        report.add(label, *results[label], samples, target)

    page.scope.setCurrentIndex(0)
    wait_for(page.live.loaded, 60_000)
    model = page.model
    scrolls = []
    for _ in range(scroll_repeat):
        page.live.reload()
        wait_for(page.live.loaded, 60_000)
        start = time.perf_counter()
        while model.canFetchMore(QModelIndex()) or model.fetching:
            if not model.fetching:
                model.fetchMore(QModelIndex())
            wait_until(lambda: not model.fetching, 60_000)
            page.table.scrollToBottom()
        app.processEvents()
        scrolls.append(time.perf_counter() - start)
    print(f"scrolled to row {model.rowCount()}; rows held by the model: {model.held_rows()}; "
          f"RSS {rss_mb():.0f} MB", flush=True)

    details = []
    for index in range(repeat + 1):
        start = time.perf_counter()
        dialog = CaseDetailDialog(desk, window.ops, app_id, None, window)
        dialog.show()
        assert wait_for(dialog.shown, 60_000)
        app.processEvents()
        if index:
            details.append(time.perf_counter() - start)
        dialog.close()
        dialog.deleteLater()
    report.add("open a case detail", detail_bare, detail_service, details, 150)
    report.add("scroll to the end (mine)", scroll_bare, scroll_service, scrolls)
    print(f"RSS at the end: {rss_mb():.0f} MB (target < 300 MB)", flush=True)
    window.shutdown()
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
