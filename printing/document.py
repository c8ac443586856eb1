"""What every document builder returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedDocument:
    """A finished PDF: the bytes to preview, print or save, and how many pages they hold."""

    pdf: bytes
    page_count: int
