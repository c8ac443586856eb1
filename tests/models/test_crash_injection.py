"""SIGKILL at random moments of a first start and of an upgrade: every desk starts again with
every row (issue 18, item 1). A short seeded series; the long one is
``python -m tools.crash_injection`` (its figures are in docs/architecture.md)."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from tools.crash_injection import FIRST_START, UPGRADE, run_phase

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

KILLS = 6
ROWS = 2000


@pytest.mark.parametrize("phase", [FIRST_START, UPGRADE])
def test_random_kills_never_leave_a_desk_that_does_not_start(phase: str,
                                                             tmp_path: Path) -> None:
    figures = run_phase(phase, KILLS, ROWS, random.Random(18), tmp_path, calibrations=2)
    assert figures.kills == KILLS
    assert figures.during >= 1, figures.line()  # at least one kill hit the start itself
    assert figures.failures == [], figures.line()
    assert (figures.not_starting, figures.rows_lost) == (0, 0), figures.line()
    assert figures.most_backups <= 1, figures.line()
