"""The form offers the reference data the desk holds now; a refresh shows in the next form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk
from services.reference import SUBJECTS, Source
from tests.bimer_central.test_reference import copy_reference, retire
from tests.conftest import make_desk
from tests.ui.conftest import FormFactory, WindowFactory, choose
from ui.intake import IntakeForm


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    """A central service that has retired subject 02 and sub-subject 03.01."""
    directory = copy_reference(tmp_path / "ref")
    retire(directory, "02")
    data = json.loads((directory / "subjects.json").read_text("utf-8"))
    next(s for s in data["subjects"] if s["code"] == "03")["sub_subjects"][0]["active"] = False
    (directory / "subjects.json").write_text(json.dumps(data), "utf-8")
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                       reference_dir=directory) as server:
        yield server


@pytest.fixture
def desk(tmp_path: Path, central: CentralServer) -> Iterator[Desk]:
    with make_desk(tmp_path / "desk", central.url) as instance:
        yield instance


def offered(form: IntakeForm, key: str) -> list[str]:
    combo = form.editor(key)
    assert isinstance(combo, QComboBox)
    return [combo.itemData(i) for i in range(combo.count())]


def test_a_refresh_shows_in_the_next_form_not_under_the_clerks_hands(
    qtbot: QtBot, desk: Desk, make_form: FormFactory
) -> None:
    form = make_form(desk)
    assert "02" in offered(form, "subject_code")  # the bundled copy: first run

    desk.reference.refresh(desk.central_client())  # as the sync's worker does
    still = offered(form, "subject_code")
    form.clear()  # what a save or "Yeni başvuru" does

    assert "02" in still
    assert "02" not in offered(form, "subject_code")
    assert "03" in offered(form, "subject_code")
    choose(form.editor("subject_code"), "03")
    assert offered(form, "sub_subject_code") == ["03.02", "03.03", "03.04"]
    fresh = make_form(desk)
    assert offered(fresh, "subject_code") == offered(form, "subject_code")


def test_the_window_s_sync_refreshes_the_reference_data_in_the_background(
    qtbot: QtBot, desk: Desk, make_window: WindowFactory
) -> None:
    window = make_window(desk)
    assert desk.reference.source(SUBJECTS) is Source.BUNDLED

    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        assert window.sync.sync_now(force=True)

    assert desk.reference.source(SUBJECTS) is Source.CACHE
    assert desk.numbers.available() > 0
