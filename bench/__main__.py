"""``python -m bench``: the performance table of the README, every figure a ratio against a
baseline measured in the same run (each row runs its ``bench/*.py`` script in a fresh
process and reads the ratio it prints). ``--quick`` takes fewer samples (a smoke run).

The case-list rows need a data folder of 200,000 applications made by
``python bench/fill_desk.py --rows 200000 DIR`` (≈ 1.6 GB; made once): ``--desk200k DIR``.
It is copied to a temporary folder first (opening a desk may migrate or write it), so the
folder given is never changed. Without it those rows say "not measured here".

Rows whose script belongs to another piece of work and is not here yet are printed as
"not measured here" with the script they wait for, never as a number.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
P50 = r"ratio: p50 ([0-9.]+)x"


@dataclass(frozen=True)
class Row:
    what: str
    baseline: str
    script: str
    args: tuple[str, ...]
    quick: tuple[str, ...]
    pattern: str  # the first group of its nth match is the figure
    target: str
    met: str | None = None  # "<=N" or ">=N"
    occurrence: int = 0
    unit: str = "x"
    absolute: str | None = None  # a pattern whose first group is the figure in ms, shown too
    absolute_max: float | None = None  # the target on that figure (ms), when it has one


DESK = "{desk200k}"  # in a row's arguments: the copy of --desk200k


def case_list_row(what: str, label: str, target_ms: float | None) -> Row:
    """A row of bench/case_lists.py: the real window's time for ``label`` against the bare
    SQL of the same question, with the window's own p50 in ms beside the ratio."""
    window = rf"{re.escape(label)}\s+bare SQL.*?\| window\s+([0-9.]+) ms"
    return Row(what, "the bare SQL (sqlite3, same file)", "case_lists.py", (DESK,),
               (DESK, "--repeat", "3"), window + r".*?×\s*([0-9.]+)",
               f"< {target_ms:.0f} ms (issue 11)" if target_ms else "(issue 11)", None,
               absolute=window, absolute_max=target_ms)


ROWS = (
    Row("Cold start to the first window", "bare PySide6 window, fresh process", "startup.py",
        ("--n", "15"), ("--n", "3"), P50, "≤ 1.3×", "<=1.3"),
    Row("Cold start to the usable main window", "bare PySide6 window, fresh process",
        "startup.py", ("--n", "15"), ("--n", "3"), P50, "(not a target)", None, 1),
    Row("Save at 100,000 rows (p50)", "bare sqlite3 3-row durable tx (WAL, FULL)",
        "save_application.py", ("--n", "300", "--rows", "100000"),
        ("--n", "50", "--rows", "100000"), P50, "≤ 3×", "<=3"),
    Row("Sync (outbox drain rate)", "raw POSTs to the same server", "sync_drain.py",
        ("--n", "1000"), ("--n", "200"), r"ratio drain/raw: ([0-9.]+)", "≥ 0.5×", ">=0.5"),
    Row("Receipt PDF, A5 (p50)", "bare reportlab page, DejaVu", "print_documents.py",
        ("--n", "100"), ("--n", "20"), P50, "≤ 2×", "<=2", 1),
    Row("Receipt PDF, 80 mm (p50)", "bare reportlab page, DejaVu", "print_documents.py",
        ("--n", "100"), ("--n", "20"), P50, "≤ 2×", "<=2", 2),
    case_list_row("List at 200,000 rows: Başvurularım opens (window)", "Başvurularım (mine)",
                  300),
    case_list_row("List at 200,000 rows: the station's list (window)", "station, all", 300),
    case_list_row("Filter at 200,000 rows: T.C. Kimlik No (window)", "T.C. Kimlik No", 50),
    case_list_row("Filter at 200,000 rows: a name (window)", "name 'sahin'", 50),
    case_list_row("Filter at 200,000 rows: 31 days (window)", "date range (31 days)", 50),
    case_list_row("Open a case at 200,000 rows (window)", "open a case detail", 150),
    Row("E-mail import of the corpus (rate)", "email.message_from_bytes + walk",
        "email_corpus.py", ("--rounds", "3"), ("--rounds", "1"),
        r"ratio import/baseline rate: ([0-9.]+)", "(no target)", None),
    Row("Institution tree search, 6,394 units (p50)", "scan folding every name",
        "institution_search.py", ("--n", "200"), ("--n", "40"), P50,
        "p95 ≤ 50 ms", None, absolute=r"indexed search\s*: p50 [0-9.]+ ms\s+p95 ([0-9.]+) ms",
        absolute_max=50.0),
    Row("Peak memory, window with 200,000 rows", "bare PySide6 window", "window_memory.py",
        (), (), r"ratio: ([0-9.]+)x", "(no target)", None),
)


def run(row: Row, quick: bool, cache: dict[tuple[str, ...], str], desk200k: Path | None
        ) -> tuple[str, str]:
    """(figure, detail) of one row; a script's output is reused by the rows that share it."""
    script = BENCH / row.script
    if not script.exists():
        return "not measured here", f"waits for bench/{row.script}"
    arguments = row.quick if quick else row.args
    if DESK in arguments:
        if desk200k is None:
            return "not measured here", "needs --desk200k DIR (bench/fill_desk.py)"
        arguments = tuple(str(desk200k) if a == DESK else a for a in arguments)
    command = (sys.executable, str(script), *arguments)
    if command not in cache:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=BENCH.parent)
        cache[command] = done.stdout if done.returncode == 0 else (
            f"FAILED (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    output = cache[command]
    matches = re.findall(row.pattern, output)
    if len(matches) <= row.occurrence:
        return "failed", output.strip().splitlines()[-1] if output.strip() else "no output"
    match = matches[row.occurrence]
    value = float(match[-1] if isinstance(match, tuple) else match)
    # Two decimals, or two significant digits below 0.1 (a search 500 times faster than
    # its baseline is 0.0018x, not 0.00x).
    figure = f"{value:.2f}{row.unit}" if value >= 0.1 else f"{value:.2g}{row.unit}"
    if row.absolute is not None:
        absolute = re.findall(row.absolute, output)
        if absolute:
            figure += f" ({float(absolute[0]):.0f} ms)"
    return figure, ""


def leading_number(figure: str) -> float | None:
    found = re.match(r"[0-9.]+", figure)
    return float(found.group()) if found else None


def verdict(row: Row, figure: str) -> str:
    if row.absolute_max is not None:
        shown = re.search(r"\(([0-9.]+) ms\)", figure)
        if shown is None:
            return ""
        return "met" if float(shown.group(1)) <= row.absolute_max else "MISSED"
    value = leading_number(figure)
    if row.met is None or value is None:
        return ""
    limit = float(row.met[2:])
    return "met" if (value <= limit if row.met.startswith("<=") else value >= limit) else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    parser.add_argument("--desk200k", type=Path, default=None, metavar="DIR",
                        help="a data folder of 200,000 applications (bench/fill_desk.py), "
                             "for the case-list rows; copied first, never changed")
    arguments = parser.parse_args()
    quick = arguments.quick
    started = time.monotonic()
    cache: dict[tuple[str, ...], str] = {}
    lines = ["| Measured | Baseline (same run) | Ratio | Target | |",
             "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench-desk200k-") as tmp:
        desk200k = None
        if arguments.desk200k is not None:
            desk200k = Path(tmp) / "desk"
            shutil.copytree(arguments.desk200k, desk200k)
            lend_data_key(arguments.desk200k, desk200k)
        try:
            for row in ROWS:
                lines.append(table_line(row, *run(row, quick, cache, desk200k)))
        finally:
            if desk200k is not None:
                take_back_data_key(desk200k)
    print("\n".join(lines))
    print(f"\n`python -m bench{' --quick' if quick else ''}"
          f"{' --desk200k DIR' if arguments.desk200k else ''}` on {platform.machine()}, "
          f"Python {platform.python_version()}, {time.monotonic() - started:.0f} s.")


def lend_data_key(original: Path, copy: Path) -> None:
    """The copy's data key, for the time of the run: the original's (a desk's key is kept by
    the folder's path, outside the folder: docs/security.md), or nothing for a plain desk."""
    sys.path.insert(0, str(BENCH.parent))
    from bimer_desktop.app import data_keys_for
    from services.data_key import DATA_KEY_ENTRY

    key = data_keys_for(original).backend.get(DATA_KEY_ENTRY)
    if key is not None:
        data_keys_for(copy).backend.set(DATA_KEY_ENTRY, key)


def take_back_data_key(copy: Path) -> None:
    from bimer_desktop.app import data_keys_for
    from services.data_key import DATA_KEY_ENTRY, PENDING_RECOVERY_ENTRY

    backend = data_keys_for(copy).backend
    for entry in (DATA_KEY_ENTRY, PENDING_RECOVERY_ENTRY):
        backend.delete(entry)


def table_line(row: Row, figure: str, detail: str) -> str:
    """The row's line of the table (and its figure on stderr, as it comes)."""
    print(f"{row.what}: {figure} {detail}".rstrip(), file=sys.stderr, flush=True)
    shown = f"{figure} ({detail})" if detail else figure
    return f"| {row.what} | {row.baseline} | {shown} | {row.target} | {verdict(row, figure)} |"


if __name__ == "__main__":
    main()
