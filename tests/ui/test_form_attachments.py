"""The form's Ekler: files checked and attached to the draft at once, saved with the case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bimer_desktop.app import Desk
from tests.conftest import in_person_form
from tests.services.attachment_samples import executable_bytes, turkish_pdf
from tests.ui.conftest import WAIT_MS, FormFactory, attach, save_form
from ui.attachments import AttachmentsDialog
from ui.intake import IntakeForm


@pytest.fixture
def form(qtbot: QtBot, offline_desk: Desk, make_form: FormFactory) -> Iterator[IntakeForm]:
    widget = make_form(offline_desk)
    widget.resize(1146, 720)
    widget.show()
    yield widget
    widget.close()


def test_files_attach_to_the_draft_and_travel_with_the_saved_application(
    qtbot: QtBot, form: IntakeForm, offline_desk: Desk
) -> None:
    form.set_form_value(in_person_form())
    refused = attach(qtbot, form, [("dilekçe örneği.pdf", turkish_pdf(pages=2)),
                                   ("fatura.pdf", executable_bytes())])

    assert len(refused) == 1 and refused[0].startswith("fatura.pdf: ")
    assert form.attachment_names() == ["dilekçe örneği.pdf — " + form.attachment_names()[0]
                                       .split(" — ")[1]]
    assert form.draft_id is not None
    draft = offline_desk.drafts.get(form.draft_id, offline_desk.config.user)
    assert draft is not None and [a.original_name for a in draft.attachments] == [
        "dilekçe örneği.pdf"]

    save_form(qtbot, form)

    [saved] = offline_desk.queries.list_applications()
    [attachment] = offline_desk.queries.attachments(saved.id)
    assert (attachment.name, attachment.page_count) == ("dilekçe örneği.pdf", 2)
    assert offline_desk.drafts.list(offline_desk.config.user) == []
    assert form.attachment_names() == []


def test_ctrl_e_opens_the_workbench_and_its_files_reach_the_form(
    qtbot: QtBot, form: IntakeForm, offline_desk: Desk
) -> None:
    form.set_form_value(in_person_form())
    form.first_editor().setFocus()
    qtbot.keyClick(form.first_editor(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, AttachmentsDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    dialog.panel.add_files([("tarama.pdf", turkish_pdf())], background=False)
    assert [name for name, _ in dialog.files()] == ["tarama.pdf"]

    with qtbot.waitSignal(form.attachments.changed, timeout=WAIT_MS):
        dialog.accept()

    assert len(form.attachment_names()) == 1
    assert form.attachment_names()[0].startswith("tarama.pdf — ")
