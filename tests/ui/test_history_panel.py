"""The Evveliyat panel: this desk's list at once, the merged one after, never a stale one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from models.tckn import check_digits
from tests.conftest import VALID_TCKN, in_person_form, make_desk
from tests.ui.conftest import type_text
from ui.history_panel import FIRST_APPLICATION, NO_APPLICANT, HistoryPanel
from ui.operations import Operations
from ui.previews.history import preview_history_panel

OTHER_TCKN = "234567891" + check_digits("234567891")
WAIT_MS = 15_000


@dataclass(frozen=True)
class Shown:
    count: int
    final: bool
    status: str
    numbers: tuple[str, ...]


@pytest.fixture
def ops(qapp: object) -> Iterator[Operations]:
    instance = Operations()
    yield instance
    instance.shutdown()


def make_panel(qtbot: QtBot, desk: Desk, ops: Operations) -> tuple[HistoryPanel,
                                                                         list[Shown]]:
    panel = HistoryPanel(desk, ops)
    qtbot.addWidget(panel)
    shown: list[Shown] = []
    panel.loaded.connect(lambda count: shown.append(
        Shown(count, panel.is_final, panel.status_text(), tuple(panel.shown_numbers()))))
    return panel, shown


def settle(qtbot: QtBot, panel: HistoryPanel) -> None:
    qtbot.waitUntil(lambda: panel.is_final, timeout=WAIT_MS)


def save(desk: Desk, **fields: str) -> str:
    outcome = desk.intake.save(in_person_form(**fields), "memur1")
    assert outcome.station_number is not None, outcome.errors
    return outcome.station_number


@pytest.fixture
def other_desk(tmp_path: Path, central_url: str) -> Iterator[Desk]:
    instance = make_desk(tmp_path / "other", central_url, station="06-02")
    try:
        yield instance
    finally:
        instance.close()


def test_fills_from_this_desk_first_then_with_the_centres(
    qtbot: QtBot, desk: Desk, other_desk: Desk, ops: Operations
) -> None:
    save(desk)
    desk.sync.drain_once()
    unsynced = save(desk, application_type="request")
    save(other_desk, subject_code="04", sub_subject_code="04.02")
    other_desk.sync.drain_once()
    elsewhere = other_desk.queries.list_applications()[0].central_number
    panel, shown = make_panel(qtbot, desk, ops)

    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as first:
        panel.show_applicant(VALID_TCKN)
    assert first.args == [2]
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS) as second:
        pass
    assert second.args == [3]

    local, merged = shown
    assert (local.count, local.final) == (2, False)
    assert local.status == "2 başvuru · merkez soruluyor…"
    assert unsynced in local.numbers
    assert (merged.count, merged.final) == (3, True)
    assert merged.status == "3 başvuru · merkez: güncel"
    assert merged.numbers[0] == elsewhere  # the other desk's: newest, central only
    assert unsynced in merged.numbers
    assert panel.applicant_label.text() == "100******46"


def test_filter_narrows_rows_with_turkish_case_rules(
    qtbot: QtBot, offline_desk: Desk, ops: Operations
) -> None:
    save(offline_desk, application_type="complaint")  # Şikayet, Belediye / Çevre temizliği
    save(offline_desk, application_type="request", subject_code="04",
         sub_subject_code="04.02")  # Dilek/İstek, Sağlık / Aile hekimliği
    second = save(offline_desk, application_type="information_request",
                  subject_code="05", sub_subject_code="05.01")
    panel, _shown = make_panel(qtbot, offline_desk, ops)
    panel.show_applicant(VALID_TCKN)
    settle(qtbot, panel)
    assert panel.row_count() == 3

    type_text(panel.filter_edit, "şikayet")
    assert panel.row_count() == 1
    assert panel.table.model().index(0, 3).data() == "Şikayet"
    assert panel.status_text().startswith("Süzgece uyan: 1 / 3 başvuru · ")

    for query, expected in (
        ("ŞİKAYET", 1),
        ("İSTEK", 1),  # Dilek/İstek
        ("istek", 1),
        ("ISTEK", 0),  # Turkish: I is the capital of ı, not of i
        ("çevre", 1),
        ("AİLE HEKİMLİĞİ", 1),
        ("şahsen bilgi", 1),  # every word must match
        ("şahsen mektup", 0),
        (second[-6:], 1),  # a number fragment
        ("", 3),
    ):
        panel.filter_edit.setText(query)
        assert panel.row_count() == expected, query
    assert panel.status_text().startswith("3 başvuru · ")


def test_offline_the_status_says_only_this_desk_is_shown(
    qtbot: QtBot, offline_desk: Desk, ops: Operations
) -> None:
    save(offline_desk)
    panel, shown = make_panel(qtbot, offline_desk, ops)

    panel.show_applicant(VALID_TCKN)
    settle(qtbot, panel)

    assert shown[-1].count == 1
    assert panel.status_text() == "1 başvuru · merkez: ulaşılamadı, yalnızca bu masadakiler"
    assert panel.status_label.property("level") == "warning"

    panel.show_applicant(OTHER_TCKN)
    settle(qtbot, panel)
    assert panel.row_count() == 0
    assert panel.status_text() == "Bu masada önceki başvurusu yok · merkez: ulaşılamadı"


def test_a_first_time_applicant_is_said_so_when_the_centre_confirms(
    qtbot: QtBot, desk: Desk, ops: Operations
) -> None:
    panel, _shown = make_panel(qtbot, desk, ops)
    panel.show_applicant(OTHER_TCKN)
    settle(qtbot, panel)
    assert panel.status_text() == FIRST_APPLICATION
    assert panel.status_label.property("level") == "normal"


def test_none_empty_or_invalid_clears_the_panel(
    qtbot: QtBot, offline_desk: Desk, ops: Operations
) -> None:
    save(offline_desk)
    panel, shown = make_panel(qtbot, offline_desk, ops)
    panel.show_applicant(VALID_TCKN)
    settle(qtbot, panel)
    panel.filter_edit.setText("şikayet")

    for cleared in (None, "", "10000000147"):
        panel.show_applicant(VALID_TCKN)
        panel.show_applicant(cleared)
        assert (panel.row_count(), panel.status_text()) == (0, NO_APPLICANT)
        assert panel.filter_edit.text() == ""
        assert panel.applicant_label.text() == ""
    ops.wait()
    qtbot.wait(50)  # let any answer of the cancelled lookups arrive: they must be dropped
    assert panel.row_count() == 0
    assert len(shown) == 2


def test_answers_for_an_earlier_applicant_are_ignored(
    qtbot: QtBot, desk: Desk, ops: Operations
) -> None:
    for _ in range(3):
        save(desk)
    only = save(desk, tckn=OTHER_TCKN)
    panel, shown = make_panel(qtbot, desk, ops)

    # Both phases of the first lookup are overtaken: the clerk corrected the number at once.
    panel.show_applicant(VALID_TCKN)
    panel.show_applicant(OTHER_TCKN)
    settle(qtbot, panel)
    ops.wait()
    qtbot.wait(50)
    assert [entry.count for entry in shown] == [1, 1]
    assert panel.shown_numbers() == [only]

    # Overtaken half-way: this desk's list for the first was shown, the centre's not yet.
    shown.clear()
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.show_applicant(VALID_TCKN)
    panel.show_applicant(OTHER_TCKN)
    settle(qtbot, panel)
    ops.wait()
    qtbot.wait(50)
    assert [entry.count for entry in shown] == [3, 1, 1]
    assert panel.shown_numbers() == [only]
    assert panel.status_text() == "1 başvuru · merkez: güncel"


def test_showing_an_applicant_never_waits_for_the_centre(
    qtbot: QtBot, training_desk: Desk, ops: Operations
) -> None:
    save(training_desk)
    panel, shown = make_panel(qtbot, training_desk, ops)

    started = time.monotonic()
    panel.show_applicant(VALID_TCKN)  # the training centre starts now, on a worker
    assert time.monotonic() - started < 0.2
    settle(qtbot, panel)

    assert [(entry.count, entry.final) for entry in shown] == [(1, False), (1, True)]
    assert panel.status_text() == "1 başvuru · merkez: güncel"


def test_the_preview_shows_a_settled_sample(qtbot: QtBot, training_desk: Desk) -> None:
    panel = preview_history_panel(training_desk)
    qtbot.addWidget(panel)
    try:
        assert panel.is_final
        assert panel.row_count() == 3
        assert all(number.startswith("BMR-") for number in panel.shown_numbers())
        assert panel.status_text() == "3 başvuru · merkez: güncel"
    finally:
        ops = panel.findChild(Operations)
        assert ops is not None
        ops.shutdown()
