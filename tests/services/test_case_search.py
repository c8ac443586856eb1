"""Lists and search over SQL against a generated set with known answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.deadlines import DeadlineState
from models.entities import OutboxItem
from models.enums import ApplicationType, Channel, OutboxState, Urgency
from models.identity_access import IdentityLevel, Viewer
from models.samples import in_person_sample, sample_tckn
from services.case_search import CaseFilter, Query, SortKey, interpret
from tests.conftest import make_desk

VIEWER = Viewer("memur2")  # not the clerk who saved them: a hidden identity stays hidden
HIDER = Viewer("memur1")


class Clock:
    """The desk's clock, moved by the test (each save at a known moment)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


PEOPLE = (
    # (first, last, tckn seed, channel, type, urgency, subject, days before today, user)
    ("Fatma", "Işık", "123456789", "in_person", "complaint", "normal", "02", 40, "memur1"),
    ("FATMA", "IŞIK", "123456789", "in_person", "information_request", "urgent", "03", 20,
     "memur1"),
    ("Hasan", "Isik", "223456789", "letter", "request", "normal", "04", 10, "memur2"),
    ("Ali", "Şahin", "323456789", "in_person", "thanks", "normal", "02", 5, "memur1"),
    ("Zeynep", "İnce", "423456789", "fax", "suggestion", "very_urgent", "05", 3, "memur2"),
    ("Çiğdem", "Öztürk", "523456789", "email", "information_request", "normal", "03", 1,
     "memur1"),
    ("Murat", "Güneş", "623456789", "in_person", "denunciation", "normal", "02", 2, "memur1"),
)
TODAY = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # a Friday


def form_of(first: str, last: str, seed: str, channel: str, kind: str, urgency: str,
            subject: str, saved: datetime) -> ApplicationForm:
    sub = {"02": "02.02", "03": "03.03", "04": "04.02", "05": "05.01"}[subject]
    base = in_person_sample(first_name=first, last_name=last, tckn=sample_tckn(seed),
                            application_type=kind, urgency=urgency, subject_code=subject,
                            sub_subject_code=sub)
    if channel != "in_person":
        base = replace(base, channel=channel, mother_maiden_first="", mother_maiden_last="",
                       received_date=f"{saved.date():%d.%m.%Y}",
                       email="x@example.com" if channel == "email" else base.email)
    if kind == "denunciation":
        base = replace(base, hide_identity="true")
    return base


@pytest.fixture
def filled(tmp_path: Path) -> Desk:
    clock = Clock(TODAY)
    desk = make_desk(tmp_path / "desk", "http://127.0.0.1:9", clock=clock)
    for first, last, seed, channel, kind, urgency, subject, days, user in PEOPLE:
        clock.moment = TODAY - timedelta(days=days)
        outcome = desk.intake.save(form_of(first, last, seed, channel, kind, urgency, subject,
                                           clock.moment), user)
        assert outcome.ok, outcome.errors
    clock.moment = TODAY
    yield desk  # type: ignore[misc]
    desk.close()


def names(desk: Desk, wanted: CaseFilter, sort: SortKey = SortKey.SAVED,
          descending: bool = True) -> list[str]:
    page = desk.cases.page(Query(wanted, sort, descending), VIEWER, limit=50)
    assert desk.cases.count(wanted) == len(page.rows)
    return [row.applicant for row in page.rows]


def test_name_search_follows_turkish_case_rules_and_forgives_missing_marks(
        filled: Desk) -> None:
    # Newest first: Hasan Isik (letter), FATMA IŞIK, Fatma Işık.
    assert names(filled, CaseFilter(text="ışık")) == ["H**** I***", "F**** I***", "F**** I***"]
    assert names(filled, CaseFilter(text="isik")) == names(filled, CaseFilter(text="IŞIK"))
    assert names(filled, CaseFilter(text="sahin")) == ["A** Ş****"]
    assert names(filled, CaseFilter(text="ŞAHİN")) == ["A** Ş****"]
    assert names(filled, CaseFilter(text="ince")) == ["Z***** İ***"]
    assert names(filled, CaseFilter(text="İNCE")) == ["Z***** İ***"]
    assert names(filled, CaseFilter(text="cigdem oz")) == ["Ç***** Ö*****"]
    assert names(filled, CaseFilter(text="fat ışı")) == ["F**** I***", "F**** I***"]
    assert names(filled, CaseFilter(text="ztürk")) == []  # word beginnings, not fragments
    assert names(filled, CaseFilter(text="!!")) == []


def test_a_hidden_identity_is_never_found_by_name_and_shows_as_hidden(filled: Desk) -> None:
    assert names(filled, CaseFilter(text="murat")) == []
    [row] = filled.cases.page(Query(CaseFilter(tckn=sample_tckn("623456789"))), VIEWER).rows
    assert row.identity is IdentityLevel.HIDDEN
    assert row.applicant == "Gizlenmiş" and row.tckn_masked == ""
    # The clerk who saved it hidden sees it masked, like any other (models/identity_access).
    [mine] = filled.cases.page(Query(CaseFilter(tckn=sample_tckn("623456789"))), HIDER).rows
    assert mine.identity is IdentityLevel.MASKED and mine.applicant == "M**** G****"


def test_numbers_and_id_numbers_find_the_case(filled: Desk) -> None:
    rows = filled.cases.page(Query(CaseFilter()), VIEWER).rows
    assert len(rows) == len(PEOPLE)
    first = rows[-1]  # the oldest
    assert filled.cases.find_one(first.station_number, VIEWER) == first
    assert filled.cases.find_one(f"  {first.station_number.lower()} ", VIEWER) == first
    assert names(filled, CaseFilter(tckn=sample_tckn("123456789"))) == [
        "F**** I***", "F**** I***"]
    assert interpret("10000000146") == CaseFilter(tckn="10000000146")
    assert interpret(" 06-01-2026-000001 ") == CaseFilter(number="06-01-2026-000001")
    assert interpret("bmr-2026-0000007") == CaseFilter(number="BMR-2026-0000007")
    assert interpret("Ayşe Yılmaz") == CaseFilter(text="Ayşe Yılmaz")


def test_each_filter_gives_the_known_answer(filled: Desk) -> None:
    assert names(filled, CaseFilter(channel=Channel.LETTER)) == ["H**** I***"]
    assert names(filled, CaseFilter(application_type=ApplicationType.INFORMATION_REQUEST)) \
        == ["Ç***** Ö*****", "F**** I***"]
    assert names(filled, CaseFilter(urgency=Urgency.VERY_URGENT)) == ["Z***** İ***"]
    assert len(names(filled, CaseFilter(subject_code="02"))) == 3
    assert names(filled, CaseFilter(subject_code="03", sub_subject_code="03.03")) == [
        "Ç***** Ö*****", "F**** I***"]
    assert len(names(filled, CaseFilter(created_by="memur1"))) == 5
    day = (TODAY - timedelta(days=10)).astimezone().date()
    assert names(filled, CaseFilter(date_from=day, date_to=day)) == ["H**** I***"]
    assert len(names(filled, CaseFilter(date_from=day))) == 5
    assert len(names(filled, CaseFilter(date_to=day - timedelta(days=1)))) == 2
    assert len(names(filled, CaseFilter(state=OutboxState.PENDING))) == len(PEOPLE)
    assert names(filled, CaseFilter(state=OutboxState.DONE)) == []
    # Filters combine.
    assert names(filled, CaseFilter(text="ışık", channel=Channel.IN_PERSON,
                                    created_by="memur1")) == ["F**** I***", "F**** I***"]


def test_the_deadline_filter_and_the_days_left(filled: Desk) -> None:
    rows = {row.applicant: row for row in filled.cases.page(Query(CaseFilter()), VIEWER).rows}
    # 3071 (30 days): saved 40 days ago → overdue; 5 days ago → 25 days left.
    assert rows["F**** I***"].law in ("4982", "3071")
    assert rows["A** Ş****"].days_left == 25 and rows["A** Ş****"].deadline is \
        DeadlineState.OPEN
    # 4982 (15 working days) received 20 days before Friday 27 Nov 2026 (Saturday 7 Nov):
    # 15 working days from then end on Friday 27 November — today: "yaklaşan".
    info = next(r for r in filled.cases.page(Query(CaseFilter(
        application_type=ApplicationType.INFORMATION_REQUEST, text="fatma")), VIEWER).rows)
    assert info.due == date(2026, 11, 27) and info.days_left == 0
    assert info.deadline is DeadlineState.NEAR
    overdue = names(filled, CaseFilter(deadline=DeadlineState.OVERDUE))
    near = names(filled, CaseFilter(deadline=DeadlineState.NEAR))
    still = names(filled, CaseFilter(deadline=DeadlineState.OPEN))
    assert overdue == ["F**** I***"]  # the complaint of 40 days ago
    assert near == ["F**** I***"]
    assert len(overdue) + len(near) + len(still) == len(PEOPLE)
    for row in filled.cases.page(Query(CaseFilter()), VIEWER).rows:
        expected = {r.id for r in filled.cases.page(
            Query(CaseFilter(deadline=row.deadline)), VIEWER).rows}
        assert row.id in expected


def test_sorting_by_name_is_turkish_and_hidden_names_give_no_order(filled: Desk) -> None:
    ascending = names(filled, CaseFilter(), SortKey.APPLICANT, descending=False)
    assert ascending[0] == "Gizlenmiş"  # an empty key: first, whatever the name
    # Ali < Çiğdem < Fatma < Hasan < Zeynep: ç after c, before d.
    assert ascending[1:] == ["A** Ş****", "Ç***** Ö*****", "F**** I***", "F**** I***", "H**** I***",
                     "Z***** İ***"]


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_follow_each_other_without_gaps_or_repeats(
        filled: Desk, sort: SortKey, descending: bool) -> None:
    query = Query(CaseFilter(), sort, descending)
    whole = [row.id for row in filled.cases.page(query, VIEWER, limit=100).rows]
    seen: list[int] = []
    cursor = None
    while True:
        page = filled.cases.page(query, VIEWER, cursor, limit=2)
        seen += [row.id for row in page.rows]
        cursor = page.cursor
        if page.end:
            break
    assert seen == whole and len(set(seen)) == len(PEOPLE)


def test_a_corrected_case_is_listed_once_its_newest_version(filled: Desk) -> None:
    row = filled.cases.page(Query(CaseFilter(text="hasan")), VIEWER).rows[0]
    with filled.db.sessions.begin() as session:
        session.execute(update(OutboxItem).where(OutboxItem.application_id == row.id)
                        .values(state=OutboxState.QUARANTINED.value))
    source = filled.corrections.source(row.id)
    outcome = filled.corrections.correct(row.id, replace(source.form, text="Düzeltilmiş"),
                                         "memur1")
    assert outcome.ok
    assert names(filled, CaseFilter(text="hasan")) == ["H**** I***"]
    [again] = filled.cases.page(Query(CaseFilter(text="hasan")), VIEWER).rows
    assert again.version == 2 and again.station_number == row.station_number
    assert filled.cases.count(CaseFilter()) == len(PEOPLE)
    assert filled.cases.find_one(row.station_number, VIEWER) == again
