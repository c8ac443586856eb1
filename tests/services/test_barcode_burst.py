"""The scanner-burst detector tells a barcode reader from a person, on key timings alone.

Synthetic timestamps stand in for the keyboard: a reader sends a key every 1–15 ms, people
type 60–250 ms apart (a quick roll over two keys may come 20 ms apart). Whatever the
detector holds back must come out again, in order, unless it was a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from models.numbers import StationNumber
from models.print_payload import PrintPayload, luhn_check_digit
from services.barcode_burst import BurstDetector

PAYLOAD = PrintPayload(StationNumber("06-01", 2026, 123), "06-01", 45).encode()
ENTER = "\n"


@dataclass
class Outcome:
    delivered: list[str] = field(default_factory=list)
    """What the focused widget received, in order (Enter included)."""
    scans: list[str] = field(default_factory=list)
    held_at_end: int = 0


def feed(keys: list[tuple[str, float]], *, flush_at_end: bool = True) -> Outcome:
    """Run keys (a character or Enter, with its time in ms) through a detector, acting on
    every decision the way the Qt filter does."""
    detector: BurstDetector[str] = BurstDetector()
    outcome = Outcome()
    for index, (char, at) in enumerate(keys):
        token = f"{index}:{char}"
        decision = (detector.enter(at) if char == ENTER
                    else detector.key(token, char, at))
        outcome.delivered += [t.split(":", 1)[1] for t in decision.release]
        if decision.scanned is not None:
            outcome.scans.append(decision.scanned)
        elif not decision.hold:
            outcome.delivered.append(char)
    outcome.held_at_end = int(detector.holding)
    if flush_at_end:
        outcome.delivered += [t.split(":", 1)[1] for t in detector.flush()]
    return outcome


def timed(text: str, gaps: list[float] | float, start: float = 1000.0) -> list[tuple[str, float]]:
    if isinstance(gaps, float | int):
        gaps = [float(gaps)] * len(text)
    at = start
    keys = []
    for char, gap in zip(text, gaps, strict=True):
        at += gap
        keys.append((char, at))
    return keys


def test_a_scan_is_recognised_and_nothing_reaches_the_field() -> None:
    outcome = feed(timed(PAYLOAD + ENTER, 4.0))
    assert outcome.scans == [PAYLOAD]
    assert outcome.delivered == []


def test_the_same_payload_typed_by_a_person_is_typed_not_scanned() -> None:
    outcome = feed(timed(PAYLOAD + ENTER, 110.0))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == PAYLOAD + ENTER


def test_a_fast_typist_with_rolled_keys_is_never_a_scan() -> None:
    # Bursts of two keys 18 ms apart, then a person's pause: fast, but never 20 in a row.
    gaps = [18.0 if i % 2 else 75.0 for i in range(len(PAYLOAD) + 1)]
    outcome = feed(timed(PAYLOAD + ENTER, gaps))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == PAYLOAD + ENTER


def test_ordinary_text_at_reader_speed_is_never_held() -> None:
    detector: BurstDetector[int] = BurstDetector()
    for index, (char, at) in enumerate(timed("Başvuru metni çok hızlı geldi", 3.0)):
        decision = detector.key(index, char, at)
        if index:
            assert not decision.hold, char
    assert not detector.holding


def test_a_capital_b_waits_for_the_next_key_and_goes_first() -> None:
    outcome = feed(timed("Bursa", [100.0, 15.0, 90.0, 90.0, 90.0]))
    assert "".join(outcome.delivered) == "Bursa"
    assert outcome.held_at_end == 0


def test_a_lone_b_is_given_back_by_the_timeout() -> None:
    outcome = feed(timed("B", 100.0), flush_at_end=False)
    assert outcome.delivered == [] and outcome.held_at_end == 1
    assert feed(timed("B", 100.0)).delivered == ["B"]


def test_a_misread_with_a_bad_check_digit_is_typed_out_not_opened() -> None:
    bad = PAYLOAD[:-1] + str((int(PAYLOAD[-1]) + 1) % 10)
    outcome = feed(timed(bad + ENTER, 4.0))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == bad + ENTER


def test_a_pause_in_the_middle_is_not_a_scan() -> None:
    gaps = [4.0] * len(PAYLOAD) + [4.0]
    gaps[13] = 45.0
    outcome = feed(timed(PAYLOAD + ENTER, gaps))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == PAYLOAD + ENTER


def test_enter_long_after_the_burst_is_not_a_scan() -> None:
    keys = timed(PAYLOAD, 4.0)
    keys.append((ENTER, keys[-1][1] + 200.0))
    outcome = feed(keys)
    assert outcome.scans == []
    assert "".join(outcome.delivered) == PAYLOAD + ENTER


def test_a_short_run_of_digits_is_not_a_scan() -> None:
    outcome = feed(timed("B1234" + ENTER, 4.0))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == "B1234" + ENTER


def test_text_typed_before_a_scan_stays_and_the_scan_still_opens() -> None:
    keys = timed("not ", 120.0)
    keys += timed(PAYLOAD + ENTER, 5.0, start=keys[-1][1] + 500.0)
    outcome = feed(keys)
    assert "".join(outcome.delivered) == "not "
    assert outcome.scans == [PAYLOAD]


def test_other_keys_release_what_is_held_first() -> None:
    detector: BurstDetector[str] = BurstDetector()
    assert detector.key("B", "B", 0.0).hold
    assert detector.key("0", "0", 5.0).hold
    assert detector.other().release == ("B", "0")
    assert not detector.holding


payloads = st.from_regex(r"[0-9]{24}", fullmatch=True).map(
    lambda body: "B" + body + str(luhn_check_digit(body)))
texts = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F), max_size=40)


@settings(max_examples=200, deadline=None)
@given(payload=payloads, gaps=st.lists(st.floats(0.5, 15.0), min_size=27, max_size=27))
def test_any_payload_at_reader_speed_is_one_scan(payload: str, gaps: list[float]) -> None:
    outcome = feed(timed(payload + ENTER, gaps))
    assert outcome.scans == [payload]
    assert outcome.delivered == []


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(texts, payloads), enter=st.booleans(),
       gaps=st.lists(st.floats(31.0, 400.0), min_size=41, max_size=41))
def test_whatever_a_person_types_arrives_whole_and_in_order(
        text: str, enter: bool, gaps: list[float]) -> None:
    typed = text + (ENTER if enter else "")
    outcome = feed(timed(typed, gaps[: len(typed)]))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == typed


@settings(max_examples=300, deadline=None)
@given(text=texts, gaps=st.lists(st.floats(0.5, 400.0), min_size=41, max_size=41))
def test_nothing_is_lost_or_reordered_at_any_speed(text: str, gaps: list[float]) -> None:
    """Text that is not a payload comes out exactly as typed, however fast or slow."""
    typed = text + ENTER
    outcome = feed(timed(typed, gaps[: len(typed)]))
    assert outcome.scans == []
    assert "".join(outcome.delivered) == typed
