"""A list read a page at a time: what every lazy list of the desk asks its service for.

Keyset paging (``WHERE key < :last ORDER BY key DESC LIMIT n``): a page costs the same at
row 100 as at row 200,000, and a row saved meanwhile never shifts the pages already shown.
The case lists (``services/case_search.py``) add their own sort values to the cursor; the
queue, the print history and the drafts page by their id alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

PAGE_SIZE = 100  # rows a list reads at a time: a screen or two
RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """``rows`` in the list's order; ``end`` when nothing comes after them; ``cursor``:
    where the next page starts (the last row's keyset values; None for an empty page)."""

    rows: list[RowT]
    end: bool
    cursor: Any = None


def cut(rows: list[RowT], limit: int, cursor_of: Any) -> Page[RowT]:
    """A page from ``limit + 1`` rows read: the extra one only says there is more."""
    kept = rows[:limit]
    return Page(kept, len(rows) <= limit, cursor_of(kept[-1]) if kept else None)
