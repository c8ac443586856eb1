"""Code 128 barcodes painted as vector rectangles on a reportlab canvas.

python-barcode does the encoding (``barcode.Code128`` switches to charset C for digit runs, so
our ``B`` + 25 digits payload stays short) and its writer machinery does the module layout:
:class:`ReportlabWriter` plugs into that writer API. ``barcode.writer.BaseWriter`` takes its
painting callbacks as constructor arguments, so the writer is a plain ``BaseWriter`` wired to
callbacks that paint on the canvas, not a subclass (python-barcode ships no type information,
and subclassing an untyped class is an error under ``mypy --strict``).

Bars are vector rectangles, so they stay sharp at any printer resolution. Sizes follow what a
desk scanner reads from a plain office print or scan:

* the module (narrowest bar) is never narrower than 0.30 mm: bars under 0.25 mm do not survive
  a 200 dpi scan, and 0.30 mm keeps a margin for toner spread;
* a quiet zone of 10 modules on each side, reserved in the layout and never painted over;
* the payload is printed under the bars in DejaVu Sans, for typing it in when a scan fails.

The default module is 0.35 mm rather than the 0.33 mm minimum-plus-margin one might pick: with
0.33 mm a 200 dpi page render (2.6 pixels per module) made zxing-cpp fail on about 4 % of
random payloads, with 0.35 mm on about 0.2 % (measured on perfectly straight renders, where
every pixel row is identical; with the half-degree skew of a real sheet on a scanner both read
every time). At 150 dpi 0.35 mm is almost exactly 2 pixels per module and reads reliably.

python-barcode 0.16 drops a leading "99" from payloads it starts in charset C (it mistakes the
value 99 for a CODE C switch when folding the start code); :class:`_Code128` works around that,
and every encoding is read back from its bar pattern before it is drawn, so a wrong symbol is
never printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import barcode
from barcode.charsets import code128 as charsets
from barcode.writer import BaseWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import REGULAR, register_fonts
from printing.units import mm

MIN_MODULE_WIDTH_MM = 0.30
DEFAULT_MODULE_WIDTH_MM = 0.35
DEFAULT_HEIGHT_MM = 12.0
QUIET_ZONE_MODULES = 10

TEXT_SIZE_PT = 8.0
_MIN_TEXT_SIZE_PT = 5.0
_TEXT_GAP_MM = 1.0

_FIRST_PRINTABLE = 0x20
_LAST_PRINTABLE = 0x7E


@dataclass(frozen=True)
class Code128Layout:
    """Geometry of one barcode as it will be drawn; sizes in millimetres unless named points."""

    payload: str
    pattern: str
    """One character per module, ``1`` for bar and ``0`` for space, quiet zones excluded."""
    module_width_mm: float
    bar_height_mm: float
    text_size_pt: float | None
    """Size of the human-readable line, or None when it is left out."""

    @property
    def modules(self) -> int:
        return len(self.pattern)

    @property
    def quiet_zone_mm(self) -> float:
        return QUIET_ZONE_MODULES * self.module_width_mm

    @property
    def symbol_width_mm(self) -> float:
        """Width from the first bar to the last, without quiet zones."""
        return self.modules * self.module_width_mm

    @property
    def width_mm(self) -> float:
        return self.symbol_width_mm + 2 * self.quiet_zone_mm

    @property
    def text_block_mm(self) -> float:
        if self.text_size_pt is None:
            return 0.0
        ascent = pdfmetrics.getAscent(REGULAR, self.text_size_pt)
        descent = -pdfmetrics.getDescent(REGULAR, self.text_size_pt)
        return _TEXT_GAP_MM + float(ascent + descent) / mm

    @property
    def height_mm(self) -> float:
        return self.bar_height_mm + self.text_block_mm

    @property
    def width(self) -> float:
        """Total width in points, quiet zones included."""
        return self.width_mm * mm

    @property
    def height(self) -> float:
        """Total height in points, human-readable line included."""
        return self.height_mm * mm

    @property
    def narrowest_bar_mm(self) -> float:
        return min(len(run) for run in self.pattern.split("0") if run) * self.module_width_mm

    @property
    def narrowest_space_mm(self) -> float:
        return min(len(run) for run in self.pattern.split("1") if run) * self.module_width_mm


def code128_layout(
    payload: str,
    *,
    module_width_mm: float = DEFAULT_MODULE_WIDTH_MM,
    height_mm: float = DEFAULT_HEIGHT_MM,
    human_readable: bool = True,
) -> Code128Layout:
    """Encode ``payload`` and measure the barcode without drawing it.

    Raises ValueError for an empty payload, a character outside printable ASCII, a module
    narrower than :data:`MIN_MODULE_WIDTH_MM` or a non-positive height.
    """
    _check_payload(payload)
    if module_width_mm < MIN_MODULE_WIDTH_MM:
        raise ValueError(
            f"module width {module_width_mm} mm is below the {MIN_MODULE_WIDTH_MM} mm minimum"
        )
    if height_mm <= 0:
        raise ValueError(f"bar height must be positive, got {height_mm} mm")
    register_fonts()
    pattern = _encode(payload)
    text_size = _fit_text_size(payload, len(pattern) * module_width_mm) if human_readable else None
    return Code128Layout(payload, pattern, module_width_mm, height_mm, text_size)


def code128_width(payload: str, *, module_width_mm: float = DEFAULT_MODULE_WIDTH_MM) -> float:
    """Total width in points, quiet zones included, of ``draw_code128`` with these settings."""
    return code128_layout(payload, module_width_mm=module_width_mm, human_readable=False).width


def draw_code128(
    canvas: Canvas,
    payload: str,
    x: float,
    y: float,
    *,
    module_width_mm: float = DEFAULT_MODULE_WIDTH_MM,
    height_mm: float = DEFAULT_HEIGHT_MM,
    human_readable: bool = True,
) -> float:
    """Draw the barcode with its bottom-left corner (quiet zone and text included) at x, y.

    Coordinates are reportlab points; returns the width drawn, in points, quiet zones included.
    """
    layout = code128_layout(
        payload,
        module_width_mm=module_width_mm,
        height_mm=height_mm,
        human_readable=human_readable,
    )
    ReportlabWriter(canvas, x, y + layout.height).draw(layout)
    return layout.width


class ReportlabWriter:
    """A python-barcode writer that paints modules and text onto a reportlab canvas.

    python-barcode lays out in millimetres from the top-left corner of the symbol, y growing
    downwards; reportlab draws in points from the bottom-left, y growing upwards. The writer
    anchors the symbol's top-left corner (left quiet zone included) at ``left``, ``top``.
    """

    def __init__(self, canvas: Canvas, left: float, top: float) -> None:
        self._canvas = canvas
        self._left = left
        self._top = top
        self._writer = BaseWriter(
            initialize=self._initialize,
            paint_module=self._paint_module,
            paint_text=self._paint_text,
            finish=self._finish,
        )
        self._expected_pattern = ""

    def draw(self, layout: Code128Layout) -> None:
        self._expected_pattern = layout.pattern
        options: dict[str, object] = {
            "module_width": layout.module_width_mm,
            "module_height": layout.bar_height_mm,
            "quiet_zone": layout.quiet_zone_mm,
            "margin_top": 0.0,
            "margin_bottom": 0.0,
            "foreground": "black",
            "background": "white",
            "center_text": True,
            "write_text": layout.text_size_pt is not None,
        }
        if layout.text_size_pt is not None:
            options["font_size"] = layout.text_size_pt
            # BaseWriter adds this to the bottom of the bars and hands the result to
            # paint_text, which takes it as the baseline.
            options["text_distance"] = (
                _TEXT_GAP_MM + pdfmetrics.getAscent(REGULAR, layout.text_size_pt) / mm
            )
        self._canvas.saveState()
        self._canvas.setFillColorRGB(0, 0, 0)
        try:
            # A fresh Code128 per drawing: its charset state is kept between builds.
            code = _Code128(layout.payload, writer=self._writer)
            code.render(options)
        finally:
            self._canvas.restoreState()

    def _initialize(self, code: list[str]) -> None:
        # Only the layout's pattern was read back and checked; refuse to paint anything else.
        if code != [self._expected_pattern]:
            raise RuntimeError(f"python-barcode built a different pattern for {code!r}")

    def _paint_module(self, xpos: float, ypos: float, width: float, color: str) -> None:
        if color != self._writer.foreground:
            return  # spaces stay unpainted: the paper is the background
        height = self._writer.module_height
        self._canvas.rect(
            self._left + xpos * mm,
            self._top - (ypos + height) * mm,
            width * mm,
            height * mm,
            stroke=0,
            fill=1,
        )

    def _paint_text(self, xpos: float, ypos: float) -> None:
        self._canvas.setFont(REGULAR, self._writer.font_size)
        self._canvas.drawCentredString(
            self._left + xpos * mm, self._top - ypos * mm, self._writer.text
        )

    def _finish(self) -> None:
        return None


def _check_payload(payload: str) -> None:
    if not payload:
        raise ValueError("barcode payload is empty")
    # Desk scanners type the payload like a keyboard, so control characters would turn into
    # keystrokes; non-ASCII has no Code 128 encoding at all.
    bad = sorted({ch for ch in payload if not _FIRST_PRINTABLE <= ord(ch) <= _LAST_PRINTABLE})
    if bad:
        raise ValueError(f"barcode payload has characters outside printable ASCII: {bad!r}")


class _Code128(barcode.Code128):  # type: ignore[misc]  # python-barcode has no type hints
    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        # Starting in charset C, a switch right after the start code can only go to B or A;
        # a 99 there is the digits "99", which the original folds away as if it were CODE C.
        if encoded[0] == _START_C and encoded[1] == _CODE_C:
            return encoded
        optimized: list[int] = super()._try_to_optimize(encoded)
        return optimized


_START_A, _START_B, _START_C = 103, 104, 105
_CODE_C, _CODE_B, _CODE_A = 99, 100, 101
_SYMBOL_MODULES = 11
_STOP = charsets.STOP + "11"  # stop symbol plus its final two-module bar
_VALUES = {pattern: value for value, pattern in enumerate(charsets.CODES)}


def _encode(payload: str) -> str:
    pattern = _Code128(payload).build()[0]
    if not isinstance(pattern, str):
        raise RuntimeError(f"unexpected Code 128 pattern from python-barcode: {pattern!r}")
    read_back = _read_pattern(pattern)
    if read_back != payload:
        raise RuntimeError(
            f"python-barcode encoded {payload!r} as a symbol that reads {read_back!r}"
        )
    return pattern


def _read_pattern(pattern: str) -> str | None:
    """Decode a module pattern like a scanner would; None if it is not valid Code 128."""
    body = pattern.removesuffix(_STOP)
    if body == pattern or not body or len(body) % _SYMBOL_MODULES:
        return None
    try:
        values = [
            _VALUES[body[i : i + _SYMBOL_MODULES]] for i in range(0, len(body), _SYMBOL_MODULES)
        ]
    except KeyError:
        return None
    *data, check = values
    if sum(value * max(i, 1) for i, value in enumerate(data)) % 103 != check:
        return None
    charset = {_START_A: "A", _START_B: "B", _START_C: "C"}.get(data[0])
    text: list[str] = []
    for value in data[1:]:
        if charset == "C" and value < 100:
            text.append(f"{value:02d}")
        elif charset in ("A", "B") and value < 96:
            if charset == "B" or value < 64:
                text.append(chr(value + 32))
            else:
                text.append(chr(value - 64))
        elif value == _CODE_C and charset != "C":
            charset = "C"
        elif value == _CODE_B and charset != "B":
            charset = "B"
        elif value == _CODE_A and charset != "A":
            charset = "A"
        else:
            return None  # shift, FNC or an unknown start: never produced for printable ASCII
    return "".join(text)


def _fit_text_size(payload: str, available_mm: float) -> float:
    """The human-readable size, made smaller if needed so the text never outgrows the bars."""
    width_at_one_pt = float(pdfmetrics.stringWidth(payload, REGULAR, 1.0))
    fitting = available_mm * mm / width_at_one_pt
    return max(min(TEXT_SIZE_PT, fitting), _MIN_TEXT_SIZE_PT)
