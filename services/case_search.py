"""The desk's cases as lists: filtered and sorted in SQL, read a page at a time.

Every filter is a condition the database answers from an index (migration 0008). A list
is in the order of saving (the id) unless sorted by name; a one-column index is ordered by
(value, id), so a page of a filtered list is read in order from its index and stops after
``limit`` rows, and the next page starts where the last one ended (keyset paging: ``id <
last id``, or ``(name key, id) < (…)``), never by skipping rows. A
name is searched through ``application_name_words`` (the rule: ``models/search_text.py``);
the deadline filters become ranges of the receipt day (``models/deadlines.py``).

The lists show the version of each case that counts: a version replaced by its correction
is left out (its correction stands in its place). Plain data out, for any thread; nothing
here logs a name, an ID number or a search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    union_all,
)

from models.database import Database
from models.deadlines import (
    DeadlineState,
    days_left,
    deadline_state,
    due_date,
    law_of,
    state_ranges,
)
from models.entities import Application, ApplicationNameWord, OutboxItem
from models.enums import ApplicationType, Channel, OutboxKind, OutboxState, Urgency
from models.holidays import HolidayCalendar
from models.i18n import _
from models.identity_access import IdentityLevel, Viewer, identity_level
from models.masking import hidden_label, mask_name
from models.numbers import StationNumber
from models.search_text import PREFIX_END, search_words
from models.tckn import mask_tckn
from services.clock import Clock
from services.paging import PAGE_SIZE
from services.reference import ReferenceService

MAX_SEARCH_WORDS = 5  # a name has a handful of words; more is a paste, not a name


class SortKey(StrEnum):
    SAVED = "saved"  # the order of saving (the id): the default, newest first
    APPLICANT = "applicant"  # Turkish alphabetical order of the name


@dataclass(frozen=True)
class CaseFilter:
    """What a list shows. Empty fields do not filter."""

    text: str = ""  # name words (Turkish-folded prefixes)
    tckn: str = ""
    number: str = ""  # station, central or reserved central number
    date_from: date | None = None  # saved on or after (the desk's local day)
    date_to: date | None = None  # saved on or before
    channel: Channel | None = None
    application_type: ApplicationType | None = None
    state: OutboxState | None = None  # towards the central service
    urgency: Urgency | None = None
    subject_code: str = ""
    sub_subject_code: str = ""
    deadline: DeadlineState | None = None
    created_by: str = ""  # "Başvurularım": this clerk's

    def used(self) -> list[str]:
        """The names of the filters in use (for the audit trail: never their values)."""
        return [name for name, value in vars(self).items() if value not in ("", None)]

    def with_text(self, text: str) -> CaseFilter:
        return replace(self, text=text)


@dataclass(frozen=True)
class CaseRow:
    """One case as a list shows it: no text, identity as the viewer may see it."""

    id: int
    station_number: str
    central_number: str | None  # the service's, or the one reserved ahead before sync
    created_at: datetime
    created_by: str
    received_on: date
    channel: Channel
    application_type: ApplicationType
    urgency: Urgency
    subject_code: str
    sub_subject_code: str
    subject_label: str
    applicant: str  # masked, "Gizlenmiş" or "Belirtilmemiş"
    identity: IdentityLevel
    tckn_masked: str
    sync_state: OutboxState
    sync_message: str | None
    version: int
    due: date
    days_left: int
    deadline: DeadlineState
    law: str
    sort_value: Any = field(repr=False, compare=False, default=None)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.sort_value, self.id)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last row's sort value and id."""

    value: Any
    id: int


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    end: bool  # nothing after these

    @property
    def cursor(self) -> Cursor | None:
        return self.rows[-1].cursor if self.rows else None


@dataclass(frozen=True)
class Query:
    """A filter, its order and who is looking: everything a page or a count needs."""

    filter: CaseFilter = CaseFilter()
    sort: SortKey = SortKey.SAVED
    descending: bool = True


_NUMBER_SHAPE = re.compile(r"^[A-Za-z]{0,4}[-\d]{5,}$")
_TCKN_SHAPE = re.compile(r"^\d{11}$")


def interpret(text: str) -> CaseFilter:
    """A search box's text as a filter: an 11-digit number is a T.C. Kimlik No, a
    station or central number (``06-01-2026-000123``, ``BMR-2026-0000001``) is a number,
    anything else is a name."""
    value = text.strip()
    compact = value.replace(" ", "")
    if _TCKN_SHAPE.match(compact):
        return CaseFilter(tckn=compact)
    if _NUMBER_SHAPE.match(compact) and any(ch.isdigit() for ch in compact):
        return CaseFilter(number=compact.upper())
    return CaseFilter(text=value)


class CaseSearch:
    """``CaseSearch(db, reference, clock, calendar)``; ``calendar()`` gives the holiday
    table in force (refreshed with the reference data)."""

    def __init__(self, db: Database, reference: ReferenceService, clock: Clock,
                 calendar: Callable[[], HolidayCalendar]) -> None:
        self._db = db
        self._reference = reference
        self._clock = clock
        self._calendar = calendar

    def today(self) -> date:
        return self._clock().astimezone().date()

    # ----- reading ------------------------------------------------------------------------

    def page(self, query: Query, viewer: Viewer, after: Cursor | None = None,
             limit: int = PAGE_SIZE) -> CasePage:
        """The ``limit`` rows after ``after`` (from the top when None), in the query's order."""
        condition = self._where(query.filter, paging=True)
        if condition is None:
            return CasePage([], True)
        # Two steps: the ids of the page, from the filter's own index, then their rows.
        # Joined in one statement, the outbox join would sway SQLite's choice of index.
        ids = select(Application.id).where(condition).order_by(*_order(query)).limit(limit + 1)
        if after is not None:
            ids = ids.where(_after(query, after))
        sort = _sort_column(query.sort)
        # Core, not the ORM session: plain rows, no identity map to fill.
        with self._db.engine.connect() as connection:
            wanted = [int(value) for value in connection.execute(ids).scalars()]
            found = connection.execute(
                select(*_ROW_COLUMNS, sort).outerjoin(OutboxItem, _application_item)
                .where(Application.id.in_(wanted[:limit]))).all() if wanted else []
        position = {app_id: index for index, app_id in enumerate(wanted)}
        rows = self._rows(sorted(found, key=lambda values: position[values[0]]), viewer)
        return CasePage(rows, len(wanted) <= limit)

    def count(self, query_filter: CaseFilter) -> int:
        """How many cases the filter shows. Counted as all matching versions less the
        replaced ones among them: each count then reads an index alone (checking "not
        replaced" row by row costs a probe per row)."""
        if query_filter.deadline is DeadlineState.OVERDUE:
            # Nearly everything: counted as all less the few whose deadline is still open.
            others = replace(query_filter, deadline=None)
            return self.count(others) - sum(
                self.count(replace(query_filter, deadline=state))
                for state in (DeadlineState.NEAR, DeadlineState.OPEN))
        condition = self._where(query_filter, current_only=False)
        if condition is None:
            return 0
        replaced = select(Application.corrects_id).where(Application.corrects_id.is_not(None))
        if query_filter.used() == ["text"]:
            # A name alone: counted in the name index, without reading the applications.
            matching = self._name_matches(query_filter.text)
            every = select(func.count()).select_from(matching.subquery())
            superseded = select(func.count()).select_from(
                matching.where(ApplicationNameWord.application_id.in_(replaced)).subquery())
            with self._db.engine.connect() as connection:
                return int(connection.execute(every).scalar_one()) - int(
                    connection.execute(superseded).scalar_one())
        every = select(func.count()).select_from(Application).where(condition)
        superseded = select(func.count()).select_from(Application).where(
            condition, Application.id.in_(replaced))
        with self._db.engine.connect() as connection:
            return int(connection.execute(every).scalar_one()) - int(
                connection.execute(superseded).scalar_one())

    def ids(self, query: Query, limit: int | None = None) -> list[int]:
        """Just the ids, in order (an export walks them)."""
        condition = self._where(query.filter)
        if condition is None:
            return []
        statement = select(Application.id).where(condition).order_by(*_order(query)).limit(
            limit)
        with self._db.engine.connect() as connection:
            return [int(value) for value in connection.execute(statement).scalars()]

    def find_one(self, number: str, viewer: Viewer) -> CaseRow | None:
        """The case with this station, central or reserved central number."""
        page = self.page(Query(CaseFilter(number=number)), viewer, limit=1)
        return page.rows[0] if page.rows else None

    def rows(self, ids: Sequence[int], viewer: Viewer) -> list[CaseRow]:
        """The rows of ``ids``, in that order (a list reads again a page it let go)."""
        if not ids:
            return []
        statement = (select(*_ROW_COLUMNS, Application.id)
                     .outerjoin(OutboxItem, _application_item)
                     .where(Application.id.in_(list(ids))))
        with self._db.engine.connect() as connection:
            found = connection.execute(statement).all()
        position = {app_id: index for index, app_id in enumerate(ids)}
        return self._rows(sorted(found, key=lambda values: position[values[0]]), viewer)

    def row(self, application_id: int, viewer: Viewer) -> CaseRow | None:
        statement = (select(*_ROW_COLUMNS, Application.id)
                     .outerjoin(OutboxItem, _application_item)
                     .where(Application.id == application_id))
        with self._db.engine.connect() as connection:
            found = connection.execute(statement).first()
        if found is None:
            return None
        return self._rows([found], viewer)[0]

    # ----- the filter in SQL --------------------------------------------------------------

    def _where(self, wanted: CaseFilter, *, current_only: bool = True,
               paging: bool = False) -> ColumnElement[bool] | None:
        """The conditions of ``wanted``; None when nothing can match (a name with no
        letters). ``current_only``: leave out versions replaced by a correction;
        ``paging``: for reading a page in id order (see ``_deadline_condition``)."""
        conditions: list[ColumnElement[bool]] = [_current_version()] if current_only else []
        if wanted.created_by:
            conditions.append(Application.created_by == wanted.created_by)
        if wanted.tckn:
            conditions.append(Application.tckn == wanted.tckn.strip())
        if wanted.number:
            number = _normalise_number(wanted.number)
            # A union of three index lookups: SQLite reads an OR of them as a full scan.
            conditions.append(Application.id.in_(union_all(*(
                select(Application.id).where(column == number)
                for column in (Application.station_number, Application.central_number,
                               Application.reserved_central_number)))))
        if wanted.text.strip():
            if not search_words(wanted.text):
                return None
            conditions.append(Application.id.in_(self._name_matches(wanted.text)))
        if wanted.date_from is not None:
            conditions.append(Application.created_at >= _day_start(wanted.date_from))
        if wanted.date_to is not None:
            conditions.append(
                Application.created_at < _day_start(wanted.date_to + timedelta(days=1)))
        if wanted.channel is not None:
            conditions.append(Application.channel == wanted.channel.value)
        if wanted.application_type is not None:
            conditions.append(Application.application_type == wanted.application_type.value)
        if wanted.urgency is not None:
            conditions.append(Application.urgency == wanted.urgency.value)
        if wanted.subject_code:
            conditions.append(Application.subject_code == wanted.subject_code)
        if wanted.sub_subject_code:
            conditions.append(Application.sub_subject_code == wanted.sub_subject_code)
        if wanted.state is not None:
            conditions.append(Application.id.in_(
                select(OutboxItem.application_id).where(
                    OutboxItem.state == wanted.state.value,
                    OutboxItem.kind == OutboxKind.APPLICATION.value)))
        if wanted.deadline is not None:
            conditions.append(self._deadline_condition(wanted.deadline, paging))
        return and_(true(), *conditions)

    @staticmethod
    def _name_matches(text: str) -> Select[Any]:
        """The ids of the applications whose name has a word beginning with each word of
        ``text`` (the rule: ``models/search_text.py``)."""
        words = search_words(text)[:MAX_SEARCH_WORDS]
        matches: Select[Any] | None = None
        for word in words:
            having = select(ApplicationNameWord.application_id).where(
                ApplicationNameWord.word >= word, ApplicationNameWord.word < word + PREFIX_END)
            matches = having if matches is None else matches.where(
                ApplicationNameWord.application_id.in_(having))
        assert matches is not None, "called with at least one word"
        return matches

    def _deadline_condition(self, state: DeadlineState,
                            paging: bool) -> ColumnElement[bool]:
        """Deadlines in ``state`` today: per law, a range of the indexed receipt day.

        "Süresi geçen" is nearly every case a desk ever took: a page of it is found fastest
        by reading in id order and checking each row, so for a page the index is kept out
        of SQLite's choice (the unary ``+``); the few recent cases of the other states are
        found through the index."""
        today = self.today()
        unindexed = paging and state is DeadlineState.OVERDUE
        received: Any = literal_column("+applications.received_on", Date) if unindexed \
            else Application.received_on
        kind: Any = literal_column("+applications.application_type", String) if unindexed \
            else Application.application_type
        calendar = self._calendar()
        information = ApplicationType.INFORMATION_REQUEST.value
        petitions = [kind.value for kind in ApplicationType if kind.value != information]
        parts: list[ColumnElement[bool]] = []
        # IN, not !=: each type is then a range of the (type, receipt day) index.
        for law, type_condition in (
                ("4982", kind == information), ("3071", kind.in_(petitions))):
            days = state_ranges(state, today, law, calendar)
            if days is None:
                continue
            bounds: list[ColumnElement[bool]] = [type_condition]
            if days.first is not None:
                bounds.append(received >= days.first)
            if days.last is not None:
                bounds.append(received <= days.last)
            parts.append(and_(*bounds))
        return or_(*parts) if parts else false()

    # ----- rows ---------------------------------------------------------------------------

    def _rows(self, found: Sequence[Any], viewer: Viewer) -> list[CaseRow]:
        today = self.today()
        calendar = self._calendar()
        subjects: dict[tuple[str, str], str] = {}
        dues: dict[tuple[str, date], date] = {}
        rows = []
        for values in found:
            row = self._row(values, viewer, today, calendar, subjects, dues)
            rows.append(row)
        return rows

    def _row(self, values: Any, viewer: Viewer, today: date, calendar: HolidayCalendar,
             subjects: dict[tuple[str, str], str],
             dues: dict[tuple[str, date], date]) -> CaseRow:
        (app_id, station_number, central_number, reserved, created_at, created_by,
         received, channel, application_type, urgency, subject_code, sub_subject_code,
         first_name, last_name, organization_title, hidden, tckn, state, message, version,
         sort_value) = tuple(values)
        kind = ApplicationType(application_type)
        law = law_of(kind)
        created_at = _utc(created_at)
        received = received or created_at.astimezone().date()
        due = dues.get((law, received))
        if due is None:
            due = dues[(law, received)] = due_date(law, received, calendar)
        label = subjects.get((subject_code, sub_subject_code))
        if label is None:
            label = subjects[(subject_code, sub_subject_code)] = self._subject_label(
                subject_code, sub_subject_code)
        level = identity_level(viewer, hidden=bool(hidden), hidden_by=created_by)
        return CaseRow(
            id=app_id, station_number=station_number,
            central_number=central_number or reserved,
            created_at=created_at, created_by=created_by, received_on=received,
            channel=Channel(channel), application_type=kind, urgency=Urgency(urgency),
            subject_code=subject_code, sub_subject_code=sub_subject_code,
            subject_label=label,
            applicant=_applicant(level, first_name, last_name, organization_title),
            identity=level,
            tckn_masked=mask_tckn(tckn) if tckn and level is not IdentityLevel.HIDDEN else "",
            sync_state=OutboxState(state) if state else OutboxState.PENDING,
            sync_message=message, version=version, due=due,
            days_left=days_left(due, today), deadline=deadline_state(due, today), law=law,
            sort_value=_sort_value(sort_value),
        )

    def _subject_label(self, code: str, sub_code: str) -> str:
        subjects = self._reference.subjects
        return f"{subjects.subject_name(code)} / {subjects.sub_subject_name(code, sub_code)}"


_ROW_COLUMNS = (
    Application.id, Application.station_number, Application.central_number,
    Application.reserved_central_number, Application.created_at, Application.created_by,
    Application.received_on, Application.channel, Application.application_type,
    Application.urgency, Application.subject_code, Application.sub_subject_code,
    Application.first_name, Application.last_name, Application.organization_title,
    Application.hide_identity, Application.tckn, OutboxItem.state, OutboxItem.last_message,
    Application.version,
)
_application_item = and_(OutboxItem.application_id == Application.id,
                         OutboxItem.kind == OutboxKind.APPLICATION.value)


def _current_version() -> ColumnElement[bool]:
    """Not replaced by a correction. Corrections are few: the set of the versions they
    replaced is read once per query, not probed per row."""
    corrected = select(Application.corrects_id).where(
        Application.corrects_id.is_not(None)).scalar_subquery()
    return Application.id.not_in(corrected) if corrected is not None else true()


def _sort_column(sort: SortKey) -> Any:
    return Application.name_sort if sort is SortKey.APPLICANT else Application.id


def _order(query: Query) -> tuple[Any, ...]:
    columns = [Application.id] if query.sort is SortKey.SAVED else [
        Application.name_sort, Application.id]
    return tuple(c.desc() if query.descending else c.asc() for c in columns)


def _after(query: Query, after: Cursor) -> ColumnElement[bool]:
    if query.sort is SortKey.SAVED:
        return Application.id < after.id if query.descending else Application.id > after.id
    key = tuple_(Application.name_sort, Application.id)
    bound = tuple_(_bind(Application.name_sort, after.value), _bind(Application.id, after.id))
    return key < bound if query.descending else key > bound


def _bind(column: Any, value: Any) -> Any:
    return literal(value, type_=column.type)


def _sort_value(value: Any) -> Any:
    return _utc(value) if isinstance(value, datetime) else value


def _utc(value: datetime) -> datetime:
    """Core rows carry the column type's result: already aware; kept aware either way."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _day_start(day: date) -> datetime:
    """The start of ``day`` in the desk's local time, as an aware moment."""
    local = datetime.combine(day, time.min).astimezone()
    return local.astimezone(UTC)


def _normalise_number(number: str) -> str:
    value = number.strip().replace(" ", "").upper()
    parsed = StationNumber.parse(value)
    return str(parsed) if parsed is not None else value


def _applicant(level: IdentityLevel, first_name: str, last_name: str,
               organization_title: str) -> str:
    if level is IdentityLevel.HIDDEN:
        return hidden_label()
    name = f"{first_name} {last_name}".strip()
    if level is IdentityLevel.FULL:
        return name or organization_title or _("Belirtilmemiş")
    if name:
        return mask_name(name)
    return organization_title or _("Belirtilmemiş")
