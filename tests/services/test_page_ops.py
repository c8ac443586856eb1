"""Page work on real files: load, rotate, reorder, delete, combine, shrink — read back."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import StreamObject

from services import page_ops
from services.fake_scanner import fake_page
from services.page_ops import (
    Document,
    Kind,
    MoveRefused,
    PageError,
    TooLarge,
    combine,
    combine_within,
    load_pages,
)
from tests.services.page_samples import (
    image_bytes,
    labels,
    read_back,
    text_pdf,
    tiff_bytes,
)


def test_every_accepted_type_splits_into_its_pages() -> None:
    assert len(load_pages("çok sayfalı.tiff", tiff_bytes(["kırmızı", "yeşil", "mavi"]))) == 3
    assert len(load_pages("dilekçe.pdf", text_pdf(["Birinci", "İkinci"]))) == 2
    assert len(load_pages("foto.jpg", image_bytes("sarı", "JPEG"))) == 1
    assert len(load_pages("tarama.png", image_bytes("mor"))) == 1


def test_type_comes_from_content_not_name() -> None:
    # A PNG named .pdf is a PNG; an executable named .pdf is nothing we open.
    assert load_pages("belge.pdf", image_bytes("mor"))[0].source.kind is Kind.PNG
    with pytest.raises(PageError, match="tanınmadı"):
        load_pages("belge.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(PageError):
        load_pages("boş.png", b"")


def test_broken_and_encrypted_pdfs_say_why() -> None:
    with pytest.raises(PageError, match="bozuk"):
        load_pages("yarım.pdf", text_pdf(["Bir"])[:200])
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(["Gizli"])))
    writer.encrypt("parola")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PageError, match="Şifreli"):
        load_pages("şifreli.pdf", out.getvalue())


def test_combine_keeps_order_across_types_and_turkish_name() -> None:
    pages = (
        load_pages("ön yazı.pdf", text_pdf(["Çağrı Şükrü İğdır"]))
        + load_pages("ekler.tiff", tiff_bytes(["kırmızı", "yeşil"]))
        + load_pages("foto.jpg", image_bytes("mavi", "JPEG"))
        + load_pages("son.png", image_bytes("sarı"))
    )
    result = combine(pages, "Başvuru ekleri — Öğüt.tiff")
    assert result.name == "Başvuru ekleri — Öğüt.pdf"
    assert result.page_count == 5
    assert labels(result.data) == ["Çağrı Şükrü İğdır", "kırmızı", "yeşil", "mavi", "sarı"]


def test_rotate_reorder_delete_read_back() -> None:
    pages = load_pages("yığın.tiff", tiff_bytes(["kırmızı", "yeşil", "mavi", "sarı"]))
    pages = page_ops.rotate(pages, 1)  # yeşil a quarter turn clockwise
    pages = page_ops.rotate(pages, 2, quarter_turns=2)  # mavi upside down
    pages = page_ops.move(pages, 3, 0)  # sarı first
    pages = page_ops.delete(pages, 1)  # kırmızı out
    seen = read_back(combine(pages).data)
    assert [page.label for page in seen] == ["sarı", "yeşil", "mavi"]
    assert [page.rotation for page in seen] == [0, 90, 180]
    # The scan is portrait: turned a quarter, it shows landscape.
    assert [page.landscape for page in seen] == [False, True, False]


def test_rotation_of_a_pdf_page_adds_to_its_own() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(["Yan sayfa"])))
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    pages = page_ops.rotate(load_pages("yan.pdf", out.getvalue()), 0, quarter_turns=3)
    assert read_back(combine(pages).data)[0].rotation == 0


def test_combining_is_lossless_and_deterministic() -> None:
    jpeg = image_bytes("mavi", "JPEG")
    pages = load_pages("foto.jpg", jpeg) + load_pages("tarama.png", image_bytes("kırmızı"))
    first = combine(pages)
    # The JPEG is embedded byte for byte (no second generation of compression loss).
    page = PdfReader(io.BytesIO(first.data)).pages[0]
    xobjects = page["/Resources"]["/XObject"]  # type: ignore[index]
    [embedded] = [xobjects[name].get_object() for name in xobjects]
    assert isinstance(embedded, StreamObject)
    assert str(embedded["/Filter"]) == "/DCTDecode" and embedded.get_data() == jpeg
    # Combining the same pages again gives the same bytes: one blob in the store.
    assert combine(pages).data == first.data


def test_images_without_resolution_and_with_transparency_land_on_white_a4() -> None:
    screenshot = Image.new("RGBA", (1600, 900), (40, 70, 200, 255))
    screenshot.paste((0, 0, 0, 0), (0, 0, 100, 100))  # a transparent corner
    out = io.BytesIO()
    screenshot.save(out, "PNG")
    result = combine(load_pages("ekran görüntüsü.png", out.getvalue()))
    page = PdfReader(io.BytesIO(result.data)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, fitted
    assert labels(result.data) == ["mavi"]


def test_shrink_meets_a_byte_limit() -> None:
    scans = [noisy_scan(40 + seed) for seed in range(3)]
    pages = [page for number, data in enumerate(scans)
             for page in load_pages(f"sayfa {number}.png", data)]
    lossless = combine(pages)
    limit = len(lossless.data) // 5
    result = combine_within(pages, limit, "küçük.png")
    assert len(result.data) <= limit
    assert result.page_count == 3 and result.name == "küçük.pdf"
    reader = PdfReader(io.BytesIO(result.data))
    assert len(reader.pages) == 3
    # Paper size is kept: still 600/300 inch wide.
    assert round(float(reader.pages[0].mediabox.width)) == round(600 / 300 * 72)
    # What fits without shrinking is not touched.
    assert combine_within(pages, len(lossless.data)).data == lossless.data


def noisy_scan(noise: int, size: tuple[int, int] = (600, 850)) -> bytes:
    """A 300 dpi colour scan full of grain: the worst case for size."""
    image = Image.effect_noise(size, noise).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def test_shrink_also_works_on_a_scanned_pdf_and_keeps_text_pages() -> None:
    scanned_pdf = combine(load_pages("a.png", noisy_scan(50))
                          + load_pages("b.png", noisy_scan(60))).data
    pages = load_pages("tarama.pdf", scanned_pdf) + load_pages("yazı.pdf", text_pdf(["Ek"]))
    limit = len(scanned_pdf) // 3
    result = combine_within(pages, limit)
    assert len(result.data) <= limit
    assert labels(result.data)[2] == "Ek"


def test_shrinking_never_makes_a_clean_page_bigger() -> None:
    # A flat synthetic page is a few KB as PNG and would grow as JPEG: it stays as it was.
    clean = fake_page(1, "Temiz sayfa", dpi=150)
    pages = load_pages("temiz.png", clean)
    assert len(combine(pages, shrink=page_ops.SHRINK_STEPS[-1]).data) <= len(
        combine(pages).data)


def test_shrink_that_cannot_fit_says_so() -> None:
    pages = load_pages("yazı.pdf", text_pdf(["Metin"]))
    with pytest.raises(TooLarge, match="sınır") as caught:
        combine_within(pages, 10)
    assert caught.value.smallest > 10


def test_documents_attach_untouched_files_as_they_are() -> None:
    jpeg = image_bytes("sarı", "JPEG")
    document = Document.from_file("Kimlik fotokopisi.jpg", jpeg)
    assert not document.edited
    assert document.to_file() == ("Kimlik fotokopisi.jpg", jpeg)
    rotated = page_ops.rotate_page([document], 0)[0]
    name, data = rotated.to_file()
    assert name == "Kimlik fotokopisi.pdf"
    assert read_back(data)[0].rotation == 90


def test_a_scan_stack_is_one_pdf() -> None:
    stack = Document.from_images("Tarama 1", [image_bytes(c) for c in ("kırmızı", "mavi")])
    name, data = stack.to_file()
    assert name == "Tarama 1.pdf"
    assert labels(data) == ["kırmızı", "mavi"]


def test_moving_pages_between_documents() -> None:
    letter = Document.from_file("dilekçe.pdf", text_pdf(["Bir", "İki"]))
    scan_a = Document.from_file("a.png", image_bytes("kırmızı"))
    scan_b = Document.from_file("b.png", image_bytes("mavi"))
    documents = [letter, scan_a, scan_b]
    # Inside a document: the page swaps with its neighbour.
    moved, at = page_ops.move_page(documents, 0, +1)
    assert at == 1 and labels(moved[0].to_file()[1]) == ["İki", "Bir"]
    # A one-page document swaps places with the next document…
    moved, at = page_ops.move_page(documents, 3, -1)
    assert [d.name for d in moved] == ["dilekçe.pdf", "b.png", "a.png"] and at == 2
    # …and jumps over a whole multi-page one.
    moved, at = page_ops.move_page(documents, 2, -1)
    assert [d.name for d in moved] == ["a.png", "dilekçe.pdf", "b.png"] and at == 0
    # A page of a longer document does not leave it.
    with pytest.raises(MoveRefused, match="birleştir"):
        page_ops.move_page(documents, 1, +1)
    # The ends of the strip are the ends.
    assert page_ops.move_page(documents, 0, -1) == (documents, 0)
    # Deleting the last page of a document removes the document.
    left = page_ops.delete_page(documents, 2)
    assert [d.name for d in left] == ["dilekçe.pdf", "b.png"]
    assert untouched(left[0]) and untouched(left[1])


def untouched(document: Document) -> bool:
    return not document.edited


def test_turkish_names_are_kept_and_normalised() -> None:
    decomposed = "Dilekc\u0327e.png"  # ç as c + combining cedilla (a Mac's file name)
    page = load_pages(decomposed, image_bytes("mor"))[0]
    assert page.source.name == "Dilekçe.png"
    assert page_ops.pdf_name("İĞÜŞÖÇ ığüşöç.tif") == "İĞÜŞÖÇ ığüşöç.pdf"
    assert page_ops.format_size(1_572_864) == "1,5 MB"


def test_thumbnail_of_an_image_page_applies_rotation() -> None:
    page = load_pages("a.png", image_bytes("kırmızı", size=(100, 200)))[0].rotated()
    with Image.open(io.BytesIO(page_ops.render_image_page(page, 50))) as thumbnail:
        assert thumbnail.size == (50, 25)


def marked_page() -> bytes:
    """White portrait page with a black square in its top-left corner."""
    image = Image.new("RGB", (100, 140), "white")
    image.paste((0, 0, 0), (0, 0, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(100, 100))
    return out.getvalue()


def dark_corner(image: Image.Image) -> str:
    gray = image.convert("L")
    corners = {"top-left": (5, 5), "top-right": (gray.width - 6, 5),
               "bottom-left": (5, gray.height - 6),
               "bottom-right": (gray.width - 6, gray.height - 6)}
    [dark] = [name for name, xy in corners.items() if gray.getpixel(xy) < 100]  # type: ignore[operator]
    return dark


def test_a_quarter_turn_is_clockwise_in_the_pdf_and_the_thumbnail() -> None:
    import pypdfium2 as pdfium

    page = load_pages("işaret.png", marked_page())[0].rotated()
    document = pdfium.PdfDocument(combine([page]).data)
    try:
        rendered = document[0].render(scale=1).to_pil()
    finally:
        document.close()
    assert dark_corner(rendered) == "top-right"
    with Image.open(io.BytesIO(page_ops.render_image_page(page, 140))) as thumbnail:
        assert dark_corner(thumbnail) == "top-right"
