"""``python -m bench``'s table: how a script's output becomes a row (no benchmark is run)."""

from __future__ import annotations

import importlib
import sys

bench = importlib.import_module("bench.__main__")

CASE_LISTS = (
    "Başvurularım (mine)          bare SQL     2.70 ms | service    49.96 ms (p95   76.57) "
    "×  18.5 | window   118.25 ms (p95  140.00) × 43.8 | target < 300 ms: ok\n"
    "T.C. Kimlik No               bare SQL     0.04 ms | service     1.79 ms (p95   37.23) "
    "× 46.7 | window    69.39 ms (p95  260.24) ×1769.8 | target < 50 ms: OVER\n")


def figure(row: object, output: str) -> str:
    """The row's figure when its script printed ``output`` (handed in as the run's cache)."""
    assert isinstance(row, bench.Row)
    arguments = tuple("DIR" if a == bench.DESK else a for a in row.args)
    cache = {(sys.executable, str(bench.BENCH / row.script), *arguments): output}
    shown, detail = bench.run(row, False, cache, bench.Path("DIR"))
    assert detail == ""
    return str(shown)


def test_a_case_list_row_reads_the_windows_ratio_and_its_own_time() -> None:
    mine, identity = (next(r for r in bench.ROWS if label in r.what)
                      for label in ("Başvurularım", "T.C. Kimlik No"))
    assert figure(mine, CASE_LISTS) == "43.80x (118 ms)"
    assert bench.verdict(mine, "43.80x (118 ms)") == "met"
    assert figure(identity, CASE_LISTS) == "1769.80x (69 ms)"
    assert bench.verdict(identity, "1769.80x (69 ms)") == "MISSED"


def test_a_small_ratio_keeps_two_significant_digits() -> None:
    search = next(r for r in bench.ROWS if r.script == "institution_search.py")
    output = ("indexed search          : p50 0.14 ms  p95 4.26 ms\n"
              "ratio: p50 0.0018x  p95 0.0472x  (n=40)\n")
    assert figure(search, output) == "0.0018x (4 ms)"
    assert bench.verdict(search, "0.0018x (4 ms)") == "met"


def test_without_the_200000_row_folder_those_rows_say_so() -> None:
    mine = next(r for r in bench.ROWS if r.script == "case_lists.py")
    assert bench.run(mine, False, {}, None) == (
        "not measured here", "needs --desk200k DIR (bench/fill_desk.py)")


def test_a_ratio_target_is_judged_on_the_ratio() -> None:
    start = bench.ROWS[0]
    assert bench.verdict(start, "1.25x") == "met"
    assert bench.verdict(start, "1.40x") == "MISSED"
    assert bench.verdict(start, "failed") == ""
