"""Lengths in reportlab points (1/72 inch), typed: reportlab's own constants are untyped."""

from __future__ import annotations

from typing import Final

mm: Final[float] = 72 / 25.4
"""One millimetre in points; write ``20 * mm``."""
