"""The barcode payload names the case, the printing station and the print serial."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.numbers import StationNumber
from models.print_payload import PAYLOAD_LENGTH, PrintPayload, decode_payload, is_payload_prefix

codes = st.builds(lambda a, b: f"{a:02d}-{b:02d}", st.integers(1, 81), st.integers(0, 99))


@given(codes, st.integers(2000, 2099), st.integers(1, 999_999), codes, st.integers(1, 999_999))
def test_payload_round_trips(case_station: str, year: int, sequence: int, printer: str,
                             serial: int) -> None:
    payload = PrintPayload(StationNumber(case_station, year, sequence), printer, serial)
    encoded = payload.encode()
    assert len(encoded) == 26
    assert encoded.startswith("B") and encoded[1:].isdigit()
    assert decode_payload(encoded) == payload


def test_a_single_wrong_digit_is_detected() -> None:
    encoded = PrintPayload(StationNumber("06-01", 2026, 123), "34-02", 45).encode()
    assert encoded == "B0601202600012334020000458"
    assert luhn_valid(encoded[1:])
    for position in range(1, len(encoded)):
        digit = int(encoded[position])
        wrong = encoded[:position] + str((digit + 1) % 10) + encoded[position + 1:]
        assert decode_payload(wrong) is None


def luhn_valid(digits: str) -> bool:
    """The textbook Luhn check over the digits including the check digit."""
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_foreign_text_is_not_a_payload() -> None:
    assert decode_payload("hello") is None
    assert decode_payload("") is None


@given(codes, st.integers(2000, 2099), st.integers(1, 999_999), codes, st.integers(1, 999_999))
def test_every_start_of_a_payload_is_a_prefix(case_station: str, year: int, sequence: int,
                                              printer: str, serial: int) -> None:
    encoded = PrintPayload(StationNumber(case_station, year, sequence), printer, serial).encode()
    assert len(encoded) == PAYLOAD_LENGTH
    assert all(is_payload_prefix(encoded[:end]) for end in range(1, len(encoded) + 1))


def test_what_cannot_start_a_payload() -> None:
    for text in ("", "b", "A", "0", "B0a", "Bursa", "B" + "1" * 26, "06-01"):
        assert not is_payload_prefix(text), text
