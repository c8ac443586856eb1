"""``python -m bench``: the performance table of the README, every figure a ratio against a
baseline measured in the same run (each row runs its ``bench/*.py`` script in a fresh
process and reads the ratio it prints). ``--quick`` takes fewer samples (a smoke run).

Rows whose script belongs to another piece of work and is not here yet are printed as
"not measured here" with the script they wait for, never as a number.
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
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
    Row("List and filters at 200,000 rows", "the bare SQL", "case_lists.py", (), (),
        P50, "(issue 11)", None),
    Row("E-mail import of the corpus (rate)", "email.message_from_bytes + walk",
        "email_corpus.py", ("--rounds", "3"), ("--rounds", "1"),
        r"ratio import/baseline rate: ([0-9.]+)", "(no target)", None),
    Row("Institution tree search, 6,394 units (p50)", "scan folding every name",
        "institution_search.py", ("--n", "200"), ("--n", "40"), P50,
        "p95 ≤ 50 ms", None),
    Row("Peak memory, window with 200,000 rows", "bare PySide6 window", "window_memory.py",
        (), (), r"ratio: ([0-9.]+)x", "(no target)", None),
)


def run(row: Row, quick: bool, cache: dict[tuple[str, ...], str]) -> tuple[str, str]:
    """(figure, detail) of one row; a script's output is reused by the rows that share it."""
    script = BENCH / row.script
    if not script.exists():
        return "not measured here", f"waits for bench/{row.script}"
    command = (sys.executable, str(script), *(row.quick if quick else row.args))
    if command not in cache:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=BENCH.parent)
        cache[command] = done.stdout if done.returncode == 0 else (
            f"FAILED (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    output = cache[command]
    matches = re.findall(row.pattern, output)
    if len(matches) <= row.occurrence:
        return "failed", output.strip().splitlines()[-1] if output.strip() else "no output"
    return f"{float(matches[row.occurrence]):.2f}{row.unit}", ""


def verdict(row: Row, figure: str) -> str:
    if row.met is None or not figure[:1].isdigit():
        return ""
    value = float(figure.rstrip(row.unit))
    limit = float(row.met[2:])
    return "met" if (value <= limit if row.met.startswith("<=") else value >= limit) else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    quick = parser.parse_args().quick
    started = time.monotonic()
    cache: dict[tuple[str, ...], str] = {}
    lines = ["| Measured | Baseline (same run) | Ratio | Target | |",
             "|---|---|---|---|---|"]
    for row in ROWS:
        figure, detail = run(row, quick, cache)
        print(f"{row.what}: {figure} {detail}".rstrip(), file=sys.stderr, flush=True)
        shown = f"{figure} ({detail})" if detail else figure
        lines.append(f"| {row.what} | {row.baseline} | {shown} | {row.target} | "
                     f"{verdict(row, figure)} |")
    print("\n".join(lines))
    print(f"\n`python -m bench{' --quick' if quick else ''}` on {platform.machine()}, "
          f"Python {platform.python_version()}, {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
