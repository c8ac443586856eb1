"""How often the 80 mm receipt's barcode decodes from a low-resolution scan, per decoder.

Renders the thermal receipt for ``--n`` random payloads (seeded) at each ``--dpi`` — straight,
the hardest case: every pixel row alike — and reads the page with zxing-cpp and, when its
``zbarimg`` command is installed (Debian: ``zbar-tools``), with zbar. A receipt counts as read
when the decoder returns its payload. Prints one line per decoder and resolution, and the same
for the A5 receipt as the baseline (target: ≥ 29/30 for the 80 mm receipt at 150 dpi with both).

    python bench/receipt_barcode.py [--n 30] [--dpi 150 200] [--seed 17]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import _common  # noqa: F401  (the repository on sys.path)
import zxingcpp

from models.numbers import StationNumber
from models.print_payload import PrintPayload
from printing.receipt import build_receipt
from printing.receipt_data import ReceiptLayout
from tests.printing.pdf_helpers import GrayImage, render_gray
from tests.printing.samples import sample_receipt

Decoder = Callable[[GrayImage], list[str]]


def random_payload(rng: random.Random) -> str:
    station = f"{rng.randint(1, 81):02d}-{rng.randint(1, 99):02d}"
    case = StationNumber(station, rng.randint(2024, 2040), rng.randint(1, 999_999))
    return PrintPayload(case, station, rng.randint(1, 9_999)).encode()


def zxing(image: GrayImage) -> list[str]:
    view = memoryview(image.pixels).cast("B", (image.height, image.width))
    return [found.text for found in zxingcpp.read_barcodes(view)]


def zbar_decoder(folder: Path) -> Decoder | None:
    command = shutil.which("zbarimg")
    if command is None:
        return None

    def zbar(image: GrayImage) -> list[str]:
        png = folder / "page.png"
        image.save_png(png)
        result = subprocess.run([command, "--quiet", "--raw", str(png)], capture_output=True,
                                text=True, check=False)
        return result.stdout.split()

    return zbar


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--dpi", type=float, nargs="+", default=[150.0, 200.0])
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    payloads = [random_payload(rng) for _ in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        decoders: dict[str, Decoder] = {"zxing-cpp": zxing}
        zbar = zbar_decoder(Path(tmp))
        if zbar is None:
            print("zbar: zbarimg not installed (apt-get install zbar-tools); zxing only")
        else:
            decoders["zbar"] = zbar
        for layout in (ReceiptLayout.A5, ReceiptLayout.THERMAL_80):
            pdfs = [build_receipt(replace(sample_receipt(), barcode_payload=payload),
                                  layout).pdf for payload in payloads]
            for dpi in args.dpi:
                images = [render_gray(pdf, dpi=dpi) for pdf in pdfs]
                for name, decode in decoders.items():
                    read = sum(payload in decode(image)
                               for payload, image in zip(payloads, images, strict=True))
                    print(f"{layout.value:>5} receipt, {dpi:.0f} dpi, {name:<9}: "
                          f"{read}/{len(payloads)} read")


if __name__ == "__main__":
    main()
