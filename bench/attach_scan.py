"""What attaching a 10-page 300 dpi scan costs over simply copying its bytes to disk.

Measured: ``AttachmentService.add_to_draft`` — the content check (magic bytes, header
dimensions, Pillow decoding every page of a TIFF / pypdf reading a PDF's page tree), the
blob store (SHA-256, temp file, fsync, rename, directory fsync) and the attachment row in
its own durable transaction. Baseline, in the same run on the same disk: writing the same
bytes to a new file and fsyncing it, which any durable copy must pay.

The scan is made here: ten A4 pages at 300 dpi (2480×3508), grayscale, with text-like
strokes on paper-grain noise, saved as a scanner saves them — a JPEG-compressed TIFF
(what a network scanner drops in a hot folder) and a PDF of JPEG pages.

    python bench/attach_scan.py [--n 5]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_desk
from PIL import Image, ImageDraw

from models.application_form import ApplicationForm

A4_300_DPI = (2480, 3508)
PAGES = 10


def page(number: int) -> Image.Image:
    """A scanned page: paper grain, a letterhead, lines of "words", a signature."""
    rng = random.Random(number)
    grain = Image.effect_noise(A4_300_DPI, 6).point(lambda v: min(255, v + 120))
    draw = ImageDraw.Draw(grain)
    draw.rectangle((220, 200, 1400, 290), fill=30)  # letterhead
    y = 420
    while y < 3100:
        x = 220
        while x < 2200:
            width = rng.randint(40, 260)
            draw.rectangle((x, y, x + width, y + 34), fill=rng.randint(10, 60))
            x += width + rng.randint(18, 30)
        y += rng.randint(62, 80)
    draw.line([(1500, 3250), (1700, 3200), (1900, 3280), (2100, 3210)], fill=20, width=6)
    return grain


def scans() -> dict[str, tuple[str, bytes]]:
    pages = [page(n) for n in range(PAGES)]
    tiff = io.BytesIO()
    pages[0].save(tiff, "TIFF", save_all=True, append_images=pages[1:], compression="jpeg",
                  quality=75, dpi=(300, 300))
    pdf = io.BytesIO()
    pages[0].save(pdf, "PDF", save_all=True, append_images=pages[1:], resolution=300.0,
                  quality=75)
    return {"TIFF": ("tarama.tif", tiff.getvalue()), "PDF": ("tarama.pdf", pdf.getvalue())}


def timed(action: Callable[[], object], n: int, reset: Callable[[], None]) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
        reset()
    return samples


def copy_to_disk(directory: Path, data: bytes) -> Callable[[], None]:
    target = directory / "kopya.bin"

    def copy() -> None:
        with target.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="repetitions of each measurement")
    args = parser.parse_args()
    print(f"Making a {PAGES}-page 300 dpi A4 grayscale scan…")
    made = scans()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        desk = bench_desk(root / "desk")
        form = ApplicationForm(channel="letter", text="Taranmış mektup.")
        copies = root / "copies"
        copies.mkdir()
        try:
            for label, (name, data) in made.items():
                draft = desk.drafts.save("bench", form)
                checked = desk.attachments.check(name, data)

                def attach(name: str = name, data: bytes = data, draft: int = draft) -> None:
                    desk.attachments.add_to_draft(draft, "bench", name, data)

                def forget(data: bytes = data, draft: int = draft) -> None:
                    # Untimed: remove the row and the blob, so the next run stores anew.
                    for attached in desk.attachments.draft_attachments(draft, "bench"):
                        desk.attachments.remove_from_draft(draft, "bench", attached.id)
                        desk.blobs.path(attached.sha256).unlink(missing_ok=True)

                # Warm-up: imports (pypdf, Pillow plugins) are paid once per process.
                attach()
                forget()
                service = timed(attach, args.n, forget)
                check_only = timed(lambda n=name, d=data: desk.attachments.check(n, d), args.n,
                                   lambda: None)
                baseline = timed(copy_to_disk(copies, data), args.n, lambda: None)
                s, c, b = (statistics.median(x) for x in (service, check_only, baseline))
                print(f"\n{label}: {len(data) / 1024 / 1024:.1f} MB, {checked.page_count} pages "
                      f"(median of {args.n})")
                print(f"  copy to disk (write + fsync): {b * 1000:8.1f} ms")
                print(f"  attach + store (service):     {s * 1000:8.1f} ms"
                      f"   of which the content check {c * 1000:.1f} ms")
                print(f"  ratio service / copy:         {s / b:8.2f}")
        finally:
            desk.close()


if __name__ == "__main__":
    main()
