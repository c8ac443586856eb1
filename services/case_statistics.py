"""The desk's figures for the statistics page: the last 30 days by day and channel, by
type and by subject, and today's deadline states. Plain data for any thread.

Cases are counted in the version that counts (a replaced version is left out, as in the
lists) and on the desk's local day of saving. The 30 days are read in one indexed range of
``created_at`` and counted here; the deadline states are the lists' own counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from models.database import Database
from models.deadlines import DeadlineState
from models.entities import Application
from models.enums import ApplicationType, Channel
from services.case_search import CaseFilter, CaseSearch, _current_version, _day_start
from services.reference import ReferenceService

DAYS = 30


@dataclass(frozen=True)
class CaseFigures:
    first_day: date
    last_day: date
    per_day: list[tuple[date, dict[Channel, int]]]  # every day of the range, oldest first
    by_type: dict[ApplicationType, int]
    by_subject: list[tuple[str, int]]  # subject name, count; largest first
    deadlines: dict[DeadlineState, int]  # today, over every case of the desk

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


class CaseStatistics:
    def __init__(self, db: Database, cases: CaseSearch, reference: ReferenceService) -> None:
        self._db = db
        self._cases = cases
        self._reference = reference

    def figures(self, days: int = DAYS) -> CaseFigures:
        last = self._cases.today()
        first = last - timedelta(days=days - 1)
        statement = select(Application.created_at, Application.channel,
                           Application.application_type, Application.subject_code).where(
            Application.created_at >= _day_start(first),
            Application.created_at < _day_start(last + timedelta(days=1)),
            _current_version())
        per_day: dict[date, Counter[Channel]] = {
            first + timedelta(days=offset): Counter() for offset in range(days)}
        by_type: Counter[ApplicationType] = Counter()
        by_subject: Counter[str] = Counter()
        with self._db.engine.connect() as connection:
            for created_at, channel, kind, subject in connection.execute(statement):
                day = created_at.astimezone().date()
                if day in per_day:
                    per_day[day][Channel(channel)] += 1
                by_type[ApplicationType(kind)] += 1
                by_subject[subject] += 1
        subjects = self._reference.subjects
        return CaseFigures(
            first_day=first, last_day=last,
            per_day=[(day, {channel: counts[channel] for channel in Channel})
                     for day, counts in sorted(per_day.items())],
            by_type={kind: by_type[kind] for kind in ApplicationType},
            by_subject=[(subjects.subject_name(code), count)
                        for code, count in by_subject.most_common()],
            deadlines={state: self._cases.count(CaseFilter(deadline=state))
                       for state in DeadlineState},
        )
