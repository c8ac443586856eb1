"""How fast Gönderim Kuyruğu, Karantina, Yazdırma Geçmişi and Taslaklar open and scroll on
a large desk, against the bare SQL of the same question on the same database in the same
run.

    python bench/fill_desk.py --rows 200000 DIR      # once
    QT_QPA_PLATFORM=offscreen python bench/work_lists.py DIR [--user memur1] [--repeat 9]

Baseline: the bare SQLite driver (SQLCipher's ``sqlcipher3``, unlocked with the desk's key:
the same encrypted pages the desk reads; no SQLAlchemy, no desk) reading the first
page of the list and its count, through the same indexes in the same steps. Measured:

- *service*: what the page's read calls on a worker (``desk.outbox.page`` and ``counts``,
  ``desk.printouts.log_page`` and ``log_count``, ``desk.drafts.page``);
- *window*: the real ``MainWindow`` (offscreen), from the clerk's move to the page to its
  rows shown, and scrolling each list to its end (the model's rows held are printed: never
  more than a few pages).

Prints absolute times (p50 / p95 in ms), ratios against the baseline (p50) and the RSS.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from case_lists import Report, open_filled_desk, rss_mb, timed

from bimer_desktop.app import Desk
from models.enums import OutboxState

WAITING = frozenset(state for state in OutboxState if not state.finished)
OUTBOX_ROW = ("SELECT o.id, o.application_id, o.kind, a.station_number, a.version, o.state, "
              "o.attempts, o.next_attempt_at, o.last_status, o.last_message, o.created_at, "
              "o.updated_at FROM outbox o JOIN applications a ON a.id = o.application_id ")


def main() -> int:
    opened = open_filled_desk(__doc__.splitlines()[0])
    if opened is None:
        return 2
    args, desk, bare = opened
    database = args.directory / "desk.db"
    repeat, user = args.repeat, args.user
    waiting = tuple(state.value for state in WAITING)
    try:
        counts = desk.outbox.counts()
        print(f"{database}: {sum(counts.by_state.values())} outbox items, "
              f"{counts.waiting} waiting, {counts.quarantined} quarantined; "
              f"{desk.printouts.log_count()} printouts; {desk.drafts.count(user)} drafts of "
              f"{user}; repeat {repeat}", flush=True)

        def bare_run(rows: str, count: str, params: tuple[object, ...] = ()
                     ) -> Callable[[], object]:
            # The count takes the filter's parameters only when it has the filter's marks.
            count_params = params if "?" in count else ()
            return lambda: (bare.execute(rows, params).fetchall(),
                            bare.execute(count, count_params).fetchone())

        outbox_count = "SELECT state, count(*) FROM outbox GROUP BY state"

        def bare_outbox(states: tuple[str, ...] | None) -> Callable[[], object]:
            # The same two steps as the desk: ids per state from its index, then the rows.
            def run() -> object:
                if states is None:
                    ids = [i for (i,) in bare.execute(
                        "SELECT id FROM outbox ORDER BY id DESC LIMIT 101")]
                else:
                    ids = sorted((i for state in states for (i,) in bare.execute(
                        "SELECT id FROM outbox WHERE state = ? ORDER BY id DESC LIMIT 101",
                        (state,))), reverse=True)[:100]
                marks = ", ".join("?" * len(ids))
                rows = bare.execute(OUTBOX_ROW + f"WHERE o.id IN ({marks})", ids).fetchall()
                return rows, bare.execute(outbox_count).fetchall()
            return run

        lists: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            ("Gönderim Kuyruğu (waiting)", bare_outbox(waiting),
             lambda: (desk.outbox.page(WAITING), desk.outbox.counts())),
            ("Gönderim Kuyruğu (all)", bare_outbox(None),
             lambda: (desk.outbox.page(None), desk.outbox.counts())),
            ("Karantina", bare_outbox((OutboxState.QUARANTINED.value,)),
             lambda: (desk.outbox.page({OutboxState.QUARANTINED}), desk.outbox.counts())),
            ("Yazdırma Geçmişi",
             bare_run("SELECT p.*, a.station_number FROM print_log p JOIN applications a "
                      "ON a.id = p.application_id ORDER BY p.id DESC LIMIT 101",
                      "SELECT count(*) FROM print_log"),
             lambda: (desk.printouts.log_page(), desk.printouts.log_count())),
            ("Taslaklar",
             bare_run("SELECT * FROM drafts WHERE user = ? ORDER BY updated_at DESC, id DESC "
                      "LIMIT 101", "SELECT count(*) FROM drafts WHERE user = ?", (user,)),
             lambda: (desk.drafts.page(user), desk.drafts.count(user))),
        ]
        results = {label: (timed(bare_list, repeat), timed(service, repeat))
                   for label, bare_list, service in lists}
        if args.no_window:
            report = Report()
            for label, _bare, _service in lists:
                report.add(label, *results[label])
            return 0
        window_figures(desk, results, repeat)
    finally:
        bare.close()
        desk.close()
    return 0


def window_figures(desk: Desk, results: dict[str, tuple[list[float], list[float]]],
                   repeat: int) -> None:
    from PySide6.QtCore import QModelIndex

    from ui.main_window import MainWindow
    from ui.navigation import NavigationItem
    from ui.run import prepare_application
    from ui.signals import wait_for, wait_until

    app = prepare_application()
    window = MainWindow(desk, auto_sync=False, ask_before_close=False, autosave=False)
    window.show()
    wait_until(lambda: not window.ops.busy)
    app.processEvents()
    report = Report()
    pages = [("Gönderim Kuyruğu (waiting)", NavigationItem.OUTBOX, window.outbox),
             ("Karantina", NavigationItem.QUARANTINE, window.quarantine),
             ("Yazdırma Geçmişi", NavigationItem.PRINT_HISTORY, window.print_history),
             ("Taslaklar", NavigationItem.DRAFTS, window.drafts)]
    for label, item, page in pages:
        samples = []
        for index in range(repeat + 1):
            window.show_page(NavigationItem.HOME)
            page.live.stale = True  # as after a change: the page reads again when shown
            start = time.perf_counter()
            window.show_page(item)
            assert wait_for(page.live.loaded, 60_000), f"{label} did not arrive"
            app.processEvents()  # painted
            if index:
                samples.append(time.perf_counter() - start)
        report.add(label, *results[label], samples, 300)
    outbox = window.outbox
    window.show_page(NavigationItem.OUTBOX)
    outbox.set_filter("Tümü")
    wait_for(outbox.live.loaded, 60_000)
    for label, model, table in (("Gönderim Kuyruğu (all)", outbox.model, outbox.table),
                                ("Yazdırma Geçmişi", window.print_history.model,
                                 window.print_history.table)):
        if label == "Yazdırma Geçmişi":
            window.show_page(NavigationItem.PRINT_HISTORY)
            wait_until(lambda: not window.ops.busy)
        start = time.perf_counter()
        held = 0
        while model.canFetchMore(QModelIndex()) or model.fetching:
            if not model.fetching:
                model.fetchMore(QModelIndex())
            wait_until(lambda model=model: not model.fetching, 120_000)
            table.scrollToBottom()
            app.processEvents()
            held = max(held, model.held_rows())
        print(f"{label}: scrolled to row {model.rowCount()} in "
              f"{time.perf_counter() - start:.1f} s; most rows held by the model: {held}; "
              f"RSS {rss_mb():.0f} MB", flush=True)
    print(f"RSS at the end: {rss_mb():.0f} MB (target < 300 MB)", flush=True)
    window.shutdown()
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
