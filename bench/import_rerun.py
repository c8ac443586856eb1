"""What safe re-runs of an import cost (issue 18, item 4).

Baseline, measured in the same run on the same disk: ``IntakeService.save`` of the same
applications, one after another (what an import did per line before each line had an
identity). Measured: ``ImportService.import_lines`` of a file of as many lines, line by line
— parsing, the identity lookup, validation and the save with its identity row. Then the
same file again: every line is found already saved. The two take turns per line, so a
busy machine slows both alike. Prints p50/p95 and the ratios (targets: first run p50 ≤ 1.5x
the bare save; a re-run line far cheaper than a save, p50 ≤ 0.2x).

    python bench/import_rerun.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import bench_desk, print_latency_ratio

from models.samples import in_person_sample


def line(number: int) -> bytes:
    form = in_person_sample(text=f"Toplu aktarım ölçümü, satır {number}: " + "metin " * 60)
    return json.dumps(vars(form), ensure_ascii=False).encode("utf-8")


def measure(n: int) -> tuple[list[float], list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        plain = bench_desk(Path(tmp) / "plain")
        importing = bench_desk(Path(tmp) / "import")
        try:
            lines = [line(i) for i in range(n)]
            forms = [in_person_sample(text=json.loads(raw)["text"]) for raw in lines]
            for i in range(10):  # warm: statements compiled, pages cached
                assert plain.intake.save(in_person_sample(), "bench").ok
                importing.importer.import_lines([line(-1 - i)], "bench")
            saves: list[float] = []
            first: list[float] = []
            for form, raw in zip(forms, lines, strict=True):
                start = time.perf_counter()
                assert plain.intake.save(form, "bench").ok
                saves.append(time.perf_counter() - start)
                start = time.perf_counter()
                report = importing.importer.import_lines([raw], "bench")
                first.append(time.perf_counter() - start)
                assert len(report.saved) == 1
            again: list[float] = []
            for raw in lines:
                start = time.perf_counter()
                report = importing.importer.import_lines([raw], "bench")
                again.append(time.perf_counter() - start)
                assert len(report.already) == 1
            return saves, first, again
        finally:
            plain.close()
            importing.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    saves, first, again = measure(args.n)
    print_latency_ratio("IntakeService.save", saves, "import line (first run)", first)
    print_latency_ratio("IntakeService.save", saves, "import line (re-run)", again)


if __name__ == "__main__":
    main()
