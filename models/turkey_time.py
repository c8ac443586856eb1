"""Turkey's time: what every time shown or printed is in, whatever the PC's own zone.

The store keeps UTC (``models/types.py``); a desk whose PC is set to another zone (a laptop
from abroad, a Windows image left on UTC) must still print the citizen's receipt in the
time the citizen lives by, and number the applications by Turkey's calendar year.
``tzdata`` brings the zone database to Windows, which has none of its own.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger("bimer.time")

ZONE_NAME = "Europe/Istanbul"


def _turkey() -> tzinfo:
    try:
        return ZoneInfo(ZONE_NAME)
    except ZoneInfoNotFoundError:
        # No zone database at all (Windows without tzdata): Turkey has kept UTC+3 all year
        # since 2016, so the fixed offset gives the same wall clock.
        log.warning("time zone %s not found; using a fixed UTC+3", ZONE_NAME)
        return timezone(timedelta(hours=3), "TRT")


TURKEY: tzinfo = _turkey()


def turkey_now() -> datetime:
    """Now, aware, on Turkey's wall clock."""
    return datetime.now(TURKEY)


def in_turkey(moment: datetime) -> datetime:
    """An aware time on Turkey's wall clock. A naive one is taken as UTC (how the store and
    the central service write times), never as the PC's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(TURKEY)
