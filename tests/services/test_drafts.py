"""Drafts: kept per user, updated in place, and turned into an application in one transaction."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm
from models.entities import Application, Attachment, AuditEvent, Counter, DraftRecord, OutboxItem
from models.enums import Channel
from services.drafts import AttachmentInfo, DraftNotFound, DraftSource
from tests.conftest import in_person_form, make_desk
from tests.desk_sql import desk_sql


def count(desk: Desk, entity: type) -> int:
    with desk.db.sessions() as session:
        return int(session.execute(select(func.count()).select_from(entity)).scalar_one())


def attachment_rows(desk: Desk) -> list[tuple[int | None, int | None, str]]:
    with desk.db.sessions() as session:
        rows = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        return [(r.draft_id, r.application_id, r.original_name) for r in rows]


@pytest.fixture
def stepping_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk whose clock moves one second per reading, so "newest first" is well defined."""
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    ticks = itertools.count()
    desk = make_desk(tmp_path / "desk", "http://127.0.0.1:9",
                     clock=lambda: start + timedelta(seconds=next(ticks)))
    try:
        yield desk
    finally:
        desk.close()


def test_a_draft_keeps_the_form_exactly_as_typed(offline_desk: Desk) -> None:
    # Drafts are not validated: a bad ID number and an over-long text are kept as typed.
    form = in_person_form(tckn="123", text="ğüşıöç " * 1200, first_name="  Ayşe ")

    draft_id = offline_desk.drafts.save("memur1", form)

    draft = offline_desk.drafts.get(draft_id, "memur1")
    assert draft is not None
    assert draft.form == form
    assert (draft.user, draft.channel, draft.source) == ("memur1", Channel.IN_PERSON, "form")
    assert draft.attachments == ()
    assert draft.created_at.tzinfo is not None


def test_saving_again_updates_the_same_draft(stepping_desk: Desk) -> None:
    drafts = stepping_desk.drafts
    draft_id = drafts.save("memur1", in_person_form(text="ilk"))
    first = drafts.get(draft_id, "memur1")

    again = drafts.save("memur1", in_person_form(text="ilk ve ikinci", channel="letter"),
                        draft_id)

    second = drafts.get(draft_id, "memur1")
    assert again == draft_id and count(stepping_desk, DraftRecord) == 1
    assert first is not None and second is not None
    assert second.form.text == "ilk ve ikinci" and second.channel is Channel.LETTER
    assert second.created_at == first.created_at < second.updated_at


def test_drafts_belong_to_the_user_who_typed_them(offline_desk: Desk) -> None:
    drafts = offline_desk.drafts
    mine = drafts.save("memur1", in_person_form(text="benim"))
    theirs = drafts.save("memur2", in_person_form(text="onun"))

    assert [s.id for s in drafts.list("memur1")] == [mine]
    assert [s.id for s in drafts.list("memur2")] == [theirs]
    assert drafts.get(mine, "memur2") is None
    with pytest.raises(DraftNotFound):
        drafts.save("memur2", in_person_form(text="üzerine yazma"), mine)
    with pytest.raises(DraftNotFound):
        drafts.add_attachment(mine, "memur2", offline_desk.blobs.put(b"x"), "image/png", "x.png")
    drafts.discard(mine, "memur2")

    kept = drafts.get(mine, "memur1")
    assert kept is not None and kept.form.text == "benim" and kept.attachments == ()


def test_the_list_is_newest_first_and_masks_identity(stepping_desk: Desk) -> None:
    drafts = stepping_desk.drafts
    older = drafts.save("memur1", in_person_form())
    newer = drafts.save("memur1", in_person_form(first_name="", last_name="", channel="letter"))
    hidden = drafts.save("memur1", in_person_form(hide_identity="true"))
    drafts.save("memur1", in_person_form(text="yeniden"), older)  # now the newest

    summaries = drafts.list("memur1")

    assert [s.id for s in summaries] == [older, hidden, newer]
    labels = {s.id: s.label for s in summaries}
    assert labels[older] == "A*** Y*****"
    assert labels[hidden] == "Gizlenmiş"
    assert "Ayşe" not in labels[newer] and "Yılmaz" not in labels[newer]
    assert all(s.updated_at.tzinfo is not None for s in summaries)


def test_an_email_draft_is_labelled_by_masked_sender_and_subject(offline_desk: Desk) -> None:
    form = ApplicationForm(channel="email", email="ayse@example.com",
                           sender_as_written="Ayşe Yılmaz <ayse@example.com>",
                           email_subject="Çöpler  toplanmıyor", text="metin")
    draft_id = offline_desk.drafts.create("memur1", form, source=DraftSource.EMAIL)
    (summary,) = offline_desk.drafts.list("memur1")
    assert (summary.id, summary.source, summary.channel) == (draft_id, "email", Channel.EMAIL)
    assert summary.label == "A*** Y***** — E-posta: Çöpler toplanmıyor"


def test_attachments_are_listed_with_the_draft_and_discard_removes_rows_not_blobs(
        offline_desk: Desk) -> None:
    drafts, blobs = offline_desk.drafts, offline_desk.blobs
    draft_id = drafts.save("memur1", in_person_form())
    scan = blobs.put(b"%PDF-1.7 scan")
    info = drafts.add_attachment(draft_id, "memur1", scan, "application/pdf", "dilekçe.pdf")
    drafts.add_attachment(draft_id, "memur1", blobs.put(b"jpeg"), "image/jpeg", "foto.jpg")

    draft = drafts.get(draft_id, "memur1")
    assert info == AttachmentInfo(scan.sha256, scan.size, "application/pdf", "dilekçe.pdf")
    assert draft is not None
    assert [a.original_name for a in draft.attachments] == ["dilekçe.pdf", "foto.jpg"]

    drafts.discard(draft_id, "memur1")
    drafts.discard(draft_id, "memur1")  # already gone: nothing to do, no error

    assert drafts.get(draft_id, "memur1") is None
    assert count(offline_desk, DraftRecord) == 0 and count(offline_desk, Attachment) == 0
    assert blobs.exists(scan.sha256)  # garbage collection is a later issue


def test_drafts_never_enter_the_outbox(offline_desk: Desk) -> None:
    draft_id = offline_desk.drafts.save("memur1", in_person_form())
    offline_desk.drafts.save("memur1", in_person_form(text="değişti"), draft_id)
    offline_desk.drafts.add_attachment(draft_id, "memur1", offline_desk.blobs.put(b"x"),
                                       "image/png", "x.png")
    assert count(offline_desk, OutboxItem) == 0
    assert count(offline_desk, AuditEvent) == 0


def test_a_draft_with_an_unknown_channel_is_refused(offline_desk: Desk) -> None:
    with pytest.raises(ValueError, match="başvuru yolu"):
        offline_desk.drafts.save("memur1", in_person_form(channel="güvercin"))


def test_saving_a_draft_as_an_application_moves_its_attachments(offline_desk: Desk) -> None:
    drafts = offline_desk.drafts
    draft_id = drafts.save("memur1", in_person_form())
    drafts.add_attachment(draft_id, "memur1", offline_desk.blobs.put(b"scan"), "image/png",
                          "tarama.png")
    other = drafts.save("memur1", in_person_form(text="başka taslak"))
    drafts.add_attachment(other, "memur1", offline_desk.blobs.put(b"other"), "image/png",
                          "diğer.png")

    outcome = offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft_id)

    assert outcome.ok
    with offline_desk.db.sessions() as session:
        application_id = session.scalars(select(Application.id)).one()
    assert drafts.get(draft_id, "memur1") is None
    assert [s.id for s in drafts.list("memur1")] == [other]
    assert attachment_rows(offline_desk) == [(None, application_id, "tarama.png"),
                                             (other, None, "diğer.png")]
    with offline_desk.db.sessions() as session:  # the application, then its blob's upload
        kinds = session.scalars(select(OutboxItem.kind).order_by(OutboxItem.id)).all()
    assert kinds == ["application", "blob"]


@pytest.mark.parametrize("trigger", [
    "BEFORE INSERT ON audit_events",  # after the attachments moved and the draft was deleted
    "BEFORE DELETE ON drafts",
    "BEFORE UPDATE ON attachments",
])
def test_a_failure_while_saving_a_draft_leaves_the_draft_whole(
        offline_desk: Desk, tmp_path: Path, trigger: str) -> None:
    drafts = offline_desk.drafts
    draft_id = drafts.save("memur1", in_person_form())
    drafts.add_attachment(draft_id, "memur1", offline_desk.blobs.put(b"scan"), "image/png",
                          "tarama.png")
    with desk_sql(tmp_path / "desk" / "desk.db") as raw:
        raw.execute(f"CREATE TRIGGER refuse {trigger} "
                    "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")

    with pytest.raises(Exception, match="disk says no"):
        offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft_id)

    assert count(offline_desk, Application) == 0
    assert count(offline_desk, OutboxItem) == 0
    assert count(offline_desk, Counter) == 0
    draft = drafts.get(draft_id, "memur1")
    assert draft is not None and [a.original_name for a in draft.attachments] == ["tarama.png"]
    assert attachment_rows(offline_desk) == [(draft_id, None, "tarama.png")]


def test_an_invalid_form_leaves_its_draft_alone(offline_desk: Desk) -> None:
    draft_id = offline_desk.drafts.save("memur1", in_person_form(tckn="12345678901"))
    outcome = offline_desk.intake.save(in_person_form(tckn="12345678901"), "memur1",
                                       draft_id=draft_id)
    assert not outcome.ok and "tckn" in outcome.errors
    assert offline_desk.drafts.get(draft_id, "memur1") is not None


def test_another_users_draft_cannot_be_saved_as_an_application(offline_desk: Desk) -> None:
    draft_id = offline_desk.drafts.save("memur2", in_person_form())
    with pytest.raises(DraftNotFound):
        offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft_id)
    assert count(offline_desk, Application) == 0 and count(offline_desk, Counter) == 0
    assert offline_desk.drafts.get(draft_id, "memur2") is not None


def test_a_draft_saved_twice_as_an_application_is_saved_once(offline_desk: Desk) -> None:
    draft_id = offline_desk.drafts.save("memur1", in_person_form())
    assert offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft_id).ok
    with pytest.raises(DraftNotFound):  # a double click, or autosave racing the save button
        offline_desk.intake.save(in_person_form(), "memur1", draft_id=draft_id)
    with pytest.raises(DraftNotFound):
        offline_desk.drafts.save("memur1", in_person_form(), draft_id)
    assert count(offline_desk, Application) == 1 and count(offline_desk, DraftRecord) == 0


def test_an_attachment_always_has_exactly_one_owner(offline_desk: Desk,
                                                    tmp_path: Path) -> None:
    draft_id = offline_desk.drafts.save("memur1", in_person_form())
    offline_desk.intake.save(in_person_form(), "memur1")
    with offline_desk.db.sessions() as session:
        application_id = session.scalars(select(Application.id)).one()
    for owners in [(None, None), (draft_id, application_id)]:
        with pytest.raises(IntegrityError), offline_desk.db.sessions.begin() as session:
            session.add(Attachment(sha256="0" * 64, size=0, media_type="image/png",
                                   original_name="x.png", draft_id=owners[0],
                                   application_id=owners[1],
                                   created_at=datetime.now(UTC)))
