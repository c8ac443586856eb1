"""Attachments are checked by content, refused with a reason, and stored once."""

from __future__ import annotations

import json
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bimer_desktop.app import Desk
from models.entities import Application, Attachment, OutboxItem
from models.turkish_text import format_size
from services.attachment_limits import MIB, AttachmentLimits
from services.attachments import (
    AttachmentRefused,
    AttachmentService,
    AttachmentUnavailable,
    MediaType,
    check_file,
)
from services.drafts import DraftNotFound
from tests.conftest import in_person_form
from tests.services.attachment_samples import (
    bomb_png,
    encrypted_pdf,
    executable_bytes,
    jpeg_photo,
    png_image,
    tiff_scan,
    tiff_with_a_huge_second_page,
    turkish_pdf,
)

LIMITS = AttachmentLimits()


def refusal(name: str, data: bytes, limits: AttachmentLimits = LIMITS) -> AttachmentRefused:
    with pytest.raises(AttachmentRefused) as caught:
        check_file(name, data, limits)
    return caught.value


def blob_files(desk: Desk) -> list[Path]:
    root = desk.blobs.root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def count(desk: Desk, entity: type) -> int:
    with desk.db.sessions() as session:
        return int(session.execute(select(func.count()).select_from(entity)).scalar_one())


# -- accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "media_type", "pages"),
    [
        ("dilekçe.pdf", lambda: turkish_pdf(pages=2), MediaType.PDF, 2),
        ("tarama.tif", lambda: tiff_scan(pages=3), MediaType.TIFF, 3),
        ("tarama.TIFF", lambda: tiff_scan(pages=1), MediaType.TIFF, 1),
        ("fotoğraf.jpg", jpeg_photo, MediaType.JPEG, 1),
        ("fotoğraf.jpeg", jpeg_photo, MediaType.JPEG, 1),
        ("ekran görüntüsü.png", png_image, MediaType.PNG, 1),
    ],
)
def test_every_accepted_type_is_recognised_with_its_pages(
    name: str, make: object, media_type: MediaType, pages: int
) -> None:
    data = make()  # type: ignore[operator]

    checked = check_file(name, data, LIMITS)

    assert (checked.media_type, checked.page_count, checked.name) == (media_type, pages, name)
    assert checked.data == data and checked.size == len(data) and checked.notices == ()


def test_the_type_comes_from_the_content_and_the_name_is_made_to_match() -> None:
    png = check_file("tarama.pdf", png_image(), LIMITS)
    assert (png.media_type, png.name) == (MediaType.PNG, "tarama.png")
    assert png.notices == ("Dosyanın içeriği PNG; adı 'tarama.png' olarak düzeltildi.",)

    pasted = check_file("Pano", jpeg_photo(), LIMITS)  # a clipboard image has no extension
    assert (pasted.name, pasted.notices) == ("Pano.jpg", ())
    odd = check_file("tarama.v2", turkish_pdf(), LIMITS)
    assert odd.name == "tarama.v2.pdf"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\Windows\\x.pdf", "x.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("tara\x00ma\x1b.pdf", "tarama.pdf"),
        ("fatura\u202efdp.exe.pdf", "faturafdp.exe.pdf"),  # a right-to-left override trick
        ("Şikâyet dilekçesi — Işıl Ğüç.pdf", "Şikâyet dilekçesi — Işıl Ğüç.pdf"),
        ("..", "ek-1.pdf"),
        ("", "ek-1.pdf"),
    ],
)
def test_file_names_lose_paths_and_control_characters_but_keep_turkish_letters(
    given: str, kept: str
) -> None:
    assert check_file(given, turkish_pdf(), LIMITS).name == kept


# -- refused ----------------------------------------------------------------------------


def test_a_renamed_program_is_refused_for_what_it_is() -> None:
    refused = refusal("dilekçe.pdf", executable_bytes())
    assert str(refused) == (
        "Dosya bir program (çalıştırılabilir dosya), belge değil; eklenemez. "
        "Adı PDF gibi görünse de içeriği PDF değil."
    )
    assert refused.file_name == "dilekçe.pdf" and refused.field == "attachments"


def test_other_content_behind_a_scan_extension_is_refused() -> None:
    refused = refusal("tarama.jpg", "Merhaba, bu bir metin dosyası.".encode())
    assert "içeriği PDF, JPEG, PNG ya da TIFF değil" in str(refused)
    assert "Adı JPEG gibi görünse de içeriği JPEG değil." in str(refused)


def test_an_empty_file_is_refused() -> None:
    assert str(refusal("tarama.pdf", b"")).startswith("Dosya boş (0 bayt)")


def test_a_decompression_bomb_is_refused_without_being_decoded() -> None:
    bomb = bomb_png()
    assert len(bomb) < 300_000  # 144 million pixels in a few hundred kilobytes

    tracemalloc.start()
    started = time.perf_counter()
    try:
        refused = refusal("bomba.png", bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused).startswith(
        "Görüntü çok büyük: 12000×12000 piksel (144 milyon); bir sayfa en çok 80 milyon "
        "piksel olabilir.")
    assert peak < 10 * MIB  # decoding would have needed 144 MB
    assert time.perf_counter() - started < 2.0


def test_a_huge_page_inside_a_tiff_is_refused_by_its_page_number() -> None:
    refused = refusal("yığın.tif", tiff_with_a_huge_second_page())
    assert str(refused).startswith("2. sayfa çok büyük: 30000×30000 piksel (900 milyon)")


def test_the_pixel_limit_is_a_setting() -> None:
    small = AttachmentLimits.from_settings(20, 50, 1)
    assert str(refusal("foto.jpg", jpeg_photo((1200, 1000)), small)).startswith(
        "Görüntü çok büyük: 1200×1000 piksel (1,2 milyon); bir sayfa en çok 1 milyon piksel")
    assert check_file("foto.jpg", jpeg_photo((1000, 1000)), small).page_count == 1


def test_an_encrypted_pdf_is_refused() -> None:
    assert str(refusal("gizli.pdf", encrypted_pdf())) == (
        "PDF şifreli (parola korumalı); şifresiz kaydedip yeniden ekleyin.")


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 2],  # a half-copied file
        lambda pdf: b"%PDF-1.7\n" + b"\x00" * 400,  # a header and nothing else
        lambda pdf: pdf.replace(b"/Pages", b"/Pagez"),  # no page tree
    ],
    ids=["truncated", "header-only", "no-page-tree"],
)
def test_a_broken_pdf_is_refused(damage: object) -> None:
    broken = damage(turkish_pdf(pages=2))  # type: ignore[operator]
    assert str(refusal("bozuk.pdf", broken)).startswith("PDF bozuk ya da eksik, okunamadı")


@pytest.mark.parametrize(
    ("name", "make"),
    [("foto.jpg", jpeg_photo), ("resim.png", png_image), ("tarama.tif", tiff_scan)],
)
def test_a_truncated_image_is_refused(name: str, make: object) -> None:
    data = make()  # type: ignore[operator]
    refused = refusal(name, data[: len(data) * 2 // 3])
    assert "görüntüsü bozuk ya da eksik, okunamadı" in str(refused)


def test_a_file_over_the_per_file_limit_is_refused_before_it_is_parsed() -> None:
    limits = AttachmentLimits(max_file_bytes=1000, max_application_bytes=5000)
    data = b"\x7fELF" + b"\x00" * 1200  # not even looked at: the size says enough
    assert str(refusal("büyük.pdf", data, limits)) == (
        "Dosya çok büyük (1,2 KB); bir ek en çok 1000 bayt olabilir.")


def test_an_application_over_its_limit_is_refused() -> None:
    pdf = turkish_pdf()
    limits = AttachmentLimits(max_file_bytes=len(pdf), max_application_bytes=len(pdf) * 2)
    check_file("a.pdf", pdf, limits, attached_bytes=len(pdf))
    with pytest.raises(AttachmentRefused, match="Bir başvurunun ekleri toplam en çok"):
        check_file("a.pdf", pdf, limits, attached_bytes=len(pdf) + 1)


def test_sizes_are_written_the_turkish_way() -> None:
    assert [format_size(n) for n in (512, 1536, 20 * MIB, 23 * MIB + MIB // 2)] == [
        "512 bayt", "1,5 KB", "20 MB", "23,5 MB"]


# -- stored with a draft ----------------------------------------------------------------


def test_the_same_scan_attached_twice_is_stored_once(offline_desk: Desk) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    scan = tiff_scan(pages=3)

    first = offline_desk.attachments.add_to_draft(draft, "memur1", "tarama.tif", scan)
    second = offline_desk.attachments.add_to_draft(draft, "memur1", "tarama (2).tif", scan)

    assert first.sha256 == second.sha256 and first.id != second.id
    assert [f.name for f in offline_desk.attachments.draft_attachments(draft, "memur1")] == [
        "tarama.tif", "tarama (2).tif"]
    assert blob_files(offline_desk) == [offline_desk.blobs.path(first.sha256)]
    assert first.page_count == 3 and first.media_type == "image/tiff"
    assert offline_desk.attachments.read(first.sha256) == scan


def test_a_refused_file_leaves_nothing_behind(offline_desk: Desk) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    for name, data in [("x.pdf", executable_bytes()), ("b.png", bomb_png()),
                       ("e.pdf", encrypted_pdf()), ("z.pdf", b"")]:
        with pytest.raises(AttachmentRefused):
            offline_desk.attachments.add_to_draft(draft, "memur1", name, data)
    assert blob_files(offline_desk) == [] and count(offline_desk, Attachment) == 0


def test_attaching_needs_the_users_own_draft(offline_desk: Desk) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    with pytest.raises(DraftNotFound):
        offline_desk.attachments.add_to_draft(draft, "memur2", "a.png", png_image())
    with pytest.raises(DraftNotFound):
        offline_desk.attachments.draft_attachments(draft, "memur2")


def test_the_per_application_limit_counts_what_the_draft_holds(offline_desk: Desk) -> None:
    pdf = turkish_pdf()
    service = AttachmentService(offline_desk.db, offline_desk.blobs,
                                AttachmentLimits(len(pdf) * 2, len(pdf) * 2), offline_desk.clock)
    draft = offline_desk.drafts.save("memur1", in_person_form())
    service.add_to_draft(draft, "memur1", "1.pdf", pdf)
    service.add_to_draft(draft, "memur1", "2.pdf", pdf)

    with pytest.raises(AttachmentRefused, match="toplam en çok"):
        service.add_to_draft(draft, "memur1", "3.png", png_image())
    checked = service.check("3.png", png_image())  # alone it is fine ...
    with pytest.raises(AttachmentRefused, match="toplam en çok"):
        service.add_checked_to_draft(draft, "memur1", checked)  # ... but not on top

    removed = service.draft_attachments(draft, "memur1")[0]
    service.remove_from_draft(draft, "memur1", removed.id)
    service.remove_from_draft(draft, "memur1", removed.id)  # already gone: no error
    service.add_checked_to_draft(draft, "memur1", checked)
    assert [f.name for f in service.draft_attachments(draft, "memur1")] == ["2.pdf", "3.png"]


def test_workers_attaching_at_once_never_pass_the_application_limit(offline_desk: Desk) -> None:
    pngs = [png_image(colour=(n, 0, 0)) for n in range(8)]
    limit = sum(len(p) for p in pngs[:3])
    service = AttachmentService(offline_desk.db, offline_desk.blobs,
                                AttachmentLimits(limit, limit), offline_desk.clock)
    draft = offline_desk.drafts.save("memur1", in_person_form())
    refused: list[str] = []

    def attach(data: bytes) -> None:
        try:
            service.add_to_draft(draft, "memur1", "sayfa.png", data)
        except AttachmentRefused as error:
            refused.append(str(error))

    threads = [threading.Thread(target=attach, args=(data,)) for data in pngs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert service.draft_bytes(draft) <= limit
    assert len(service.draft_attachments(draft, "memur1")) + len(refused) == 8


def test_a_corrupt_local_copy_is_reported_and_storing_the_scan_again_repairs_it(
        offline_desk: Desk) -> None:
    draft = offline_desk.drafts.save("memur1", in_person_form())
    scan = turkish_pdf()
    attached = offline_desk.attachments.add_to_draft(draft, "memur1", "d.pdf", scan)
    path = offline_desk.blobs.path(attached.sha256)
    damaged = bytearray(scan)
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))

    with pytest.raises(AttachmentUnavailable, match="bozulmuş"):
        offline_desk.attachments.read(attached.sha256)
    offline_desk.attachments.add_to_draft(draft, "memur1", "d.pdf", scan)
    assert offline_desk.attachments.read(attached.sha256) == scan


# -- saved with the application (one transaction) ----------------------------------------


def test_saving_a_draft_lists_its_attachments_and_queues_each_blob_once(
        offline_desk: Desk) -> None:
    desk = offline_desk
    draft = desk.drafts.save("memur1", in_person_form())
    pdf, tif = turkish_pdf(pages=2), tiff_scan(pages=3)
    for name, data in [("dilekçe.pdf", pdf), ("ekler.tif", tif), ("dilekçe-kopya.pdf", pdf)]:
        desk.attachments.add_to_draft(draft, "memur1", name, data)

    outcome = desk.intake.save(in_person_form(), "memur1", draft_id=draft)

    assert outcome.ok
    with desk.db.sessions() as session:
        items = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
        application_id = session.scalars(select(Application.id)).one()
    kinds = [item.kind for item in items]
    assert kinds == ["application", "blob", "blob"]
    envelope = json.loads(items[0].payload)
    assert [(a["name"], a["media_type"], a["page_count"]) for a in envelope["attachments"]] == [
        ("dilekçe.pdf", "application/pdf", 2), ("ekler.tif", "image/tiff", 3),
        ("dilekçe-kopya.pdf", "application/pdf", 2)]
    blob_payloads = [json.loads(item.payload) for item in items[1:]]
    assert [p["sha256"] for p in blob_payloads] == [items[1].idempotency_key,
                                                    items[2].idempotency_key]
    assert {p["media_type"] for p in blob_payloads} == {"application/pdf", "image/tiff"}
    assert all(item.application_id == application_id for item in items)
    views = desk.queries.attachments(application_id)
    assert [(v.name, v.page_count, v.uploaded) for v in views] == [
        ("dilekçe.pdf", 2, False), ("ekler.tif", 3, False), ("dilekçe-kopya.pdf", 2, False)]


def test_an_application_without_attachments_is_sent_exactly_as_before(
        offline_desk: Desk) -> None:
    offline_desk.intake.save(in_person_form(), "memur1")
    with offline_desk.db.sessions() as session:
        [item] = session.scalars(select(OutboxItem)).all()
    assert "attachments" not in json.loads(item.payload)


def test_a_draft_whose_files_are_over_the_limit_is_not_saved(offline_desk: Desk) -> None:
    # An e-mail's files reach the draft unchecked; saving is the last line of defence.
    desk = offline_desk
    draft = desk.drafts.save("memur1", in_person_form())
    big = desk.blobs.put(b"%PDF-" + b"0" * (21 * MIB - 5))
    desk.drafts.add_attachment(draft, "memur1", big, "application/pdf", "büyük.pdf")

    outcome = desk.intake.save(in_person_form(), "memur1", draft_id=draft)

    assert not outcome.ok
    assert outcome.errors == {
        "attachments": "büyük.pdf: Dosya çok büyük (21 MB); bir ek en çok 20 MB olabilir."}
    assert count(desk, Application) == 0 and count(desk, OutboxItem) == 0
    draft_now = desk.drafts.get(draft, "memur1")
    assert draft_now is not None and len(draft_now.attachments) == 1


def test_files_stored_by_the_caller_are_saved_with_the_application(offline_desk: Desk) -> None:
    desk = offline_desk
    stored = [desk.attachments.store(desk.attachments.check(name, data))
              for name, data in [("a.jpg", jpeg_photo()), ("b.png", png_image())]]

    outcome = desk.intake.save(in_person_form(), "memur1", attachments=stored)

    assert outcome.ok
    with desk.db.sessions() as session:
        rows = session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(r.original_name, r.draft_id is None, r.application_id) for r in rows] == [
        ("a.jpg", True, 1), ("b.png", True, 1)]
