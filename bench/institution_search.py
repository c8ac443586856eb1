"""How long a search of the institution tree takes, per keystroke, on the bundled tree.

The baseline, measured in the same run on the same queries, is the obvious search with no
index: fold every unit's name at each search and keep those where every typed word begins
a word (``models.institution_search.scan_search``). Prints both latencies and their ratio;
the target is an answer within 50 ms (the p95 of the indexed search), whatever the ratio.

    python bench/institution_search.py [--n 200]
"""

from __future__ import annotations

import argparse
import json
import random
import time

import _common

from models.institution_search import InstitutionIndex, scan_search
from models.reference import InstitutionTree
from resources import REFERENCE_DIR

# What clerks type: a name with or without Turkish letters, its beginning, several words,
# a code's beginning, one letter (the worst case: thousands of units match).
QUERIES = ("çankaya", "cankaya", "ISPARTA", "yenisehir kaym", "ankara il milli egitim",
           "belediye", "kadıköy belediyesi", "2340", "10000023", "i", "sağlık", "ic")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    tree = InstitutionTree.from_json(
        json.loads((REFERENCE_DIR / "institutions.json").read_text("utf-8")))
    started = time.perf_counter()
    index = InstitutionIndex(tree)
    built = time.perf_counter() - started
    print(f"tree: {len(index)} units; index built in {built * 1e3:.1f} ms (once per tree)")
    rng = random.Random(15)
    queries = [rng.choice(QUERIES) for _ in range(args.n)]
    baseline: list[float] = []
    measured: list[float] = []
    for query in queries:
        started = time.perf_counter()
        expected = scan_search(tree, query)
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = index.search(query)
        measured.append(time.perf_counter() - started)
        assert [unit.detsis_code for unit in found] == expected, query
    b50, b95 = _common.percentiles(baseline)
    m50, p95 = _common.percentiles(measured)
    print(f"scan, folding every name: p50 {b50 * 1e3:.2f} ms  p95 {b95 * 1e3:.2f} ms")
    print(f"indexed search          : p50 {m50 * 1e3:.2f} ms  p95 {p95 * 1e3:.2f} ms")
    print(f"ratio: p50 {m50 / b50:.4f}x  p95 {p95 / b95:.4f}x  (n={len(measured)})")
    print(f"target: p95 within 50 ms: {'met' if p95 < 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
