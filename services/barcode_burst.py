"""Telling a USB barcode reader from a person at the keyboard, from key timings alone.

A desk's barcode reader is a keyboard to the computer: it "types" the payload and presses
Enter. What gives it away is speed. Readers send a character every 1–15 ms; the fastest
typists average 60–100 ms between keys, and even a quick roll over two keys rarely comes
under 30 ms, and never for twenty keys in a row. So a scan is: a run of at least
``min_length`` characters, each at most ``max_gap_ms`` after the one before, that reads as a
complete payload (``B`` + 25 digits with a good check digit), ended by Enter within the gap.

Nothing a person types may be lost or reordered, and nothing a reader types may end up in
the field that happened to have focus. So the detector *holds back* a character only while
the run so far could still be the start of a payload, at reader speed; it gives the held
characters back (for the caller to deliver, in order) the moment the run stops looking like
one: a slow key, a character that cannot come next, any other key, or a timeout. Normal
text never starts with a held character at all unless it starts with a capital ``B``, and
then that one ``B`` waits at most one gap.

This class only decides; it knows nothing of Qt. The caller passes each key with its own
token (the Qt adapter passes a copy of the key event) and a timestamp in milliseconds, and
acts on the :class:`BurstDecision`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from models.print_payload import PAYLOAD_LENGTH, decode_payload, is_payload_prefix

T = TypeVar("T")

DEFAULT_MAX_GAP_MS = 30.0
DEFAULT_MIN_LENGTH = 20


@dataclass(frozen=True)
class BurstDecision(Generic[T]):
    """What to do with the key just fed in."""

    release: tuple[T, ...] = ()
    """Held keys to deliver now, in the order they came, before the key just fed in."""
    hold: bool = False
    """Keep the key just fed in back for now (it may belong to a scan)."""
    scanned: str | None = None
    """A recognised payload: the held keys and the Enter just fed in are consumed."""


@dataclass
class _Held(Generic[T]):
    token: T
    char: str


def is_complete_payload(text: str) -> bool:
    return len(text) == PAYLOAD_LENGTH and decode_payload(text) is not None


@dataclass
class BurstDetector(Generic[T]):
    max_gap_ms: float = DEFAULT_MAX_GAP_MS
    min_length: int = DEFAULT_MIN_LENGTH
    could_start: Callable[[str], bool] = is_payload_prefix
    is_complete: Callable[[str], bool] = is_complete_payload
    _held: list[_Held[T]] = field(default_factory=list)
    _last_at: float | None = None
    _passing: bool = False  # this fast run is not a scan: let it through until a pause

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def key(self, token: T, char: str, at_ms: float) -> BurstDecision[T]:
        """A printable character arrived at ``at_ms``."""
        fast = self._last_at is not None and 0 <= at_ms - self._last_at <= self.max_gap_ms
        release: tuple[T, ...] = ()
        if not fast:
            release = self.flush()  # what was held came at a person's pace after all
        self._last_at = at_ms
        if self._passing:
            return BurstDecision(release)
        candidate = "".join(held.char for held in self._held) + char
        if self.could_start(candidate):
            self._held.append(_Held(token, char))
            return BurstDecision(release, hold=True)
        release += self.flush()
        self._passing = True
        return BurstDecision(release)

    def enter(self, at_ms: float) -> BurstDecision[T]:
        """Enter (Return) arrived at ``at_ms``: the end of a scan, or of a person's line."""
        fast = self._last_at is not None and 0 <= at_ms - self._last_at <= self.max_gap_ms
        text = "".join(held.char for held in self._held)
        if fast and len(text) >= self.min_length and self.is_complete(text):
            self._held.clear()
            self._passing = False
            return BurstDecision(scanned=text)
        return BurstDecision(self.flush())

    def other(self) -> BurstDecision[T]:
        """Any other key (arrows, Tab, a shortcut, a repeat): never part of a scan."""
        return BurstDecision(self.flush())

    def flush(self) -> tuple[T, ...]:
        """Give back everything held (a timeout, or the run ended); starts afresh."""
        released = tuple(held.token for held in self._held)
        self._held.clear()
        self._passing = False
        return released
