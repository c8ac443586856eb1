"""The barcode payload on every printout: which case, which station printed it, which print.

Layout (26 characters, digits after the ``B`` marker so Code 128 packs them two per symbol)::

    B SSSS YYYY NNNNNN PPPP RRRRRR C
      |    |    |      |    |      +-- check digit (mod 10, Luhn) over the 24 digits
      |    |    |      |    +--------- print serial of the printing station
      |    |    |      +-------------- printing station code (digits of "06-01")
      |    |    +--------------------- sequence of the case's station number
      |    +-------------------------- year of the case's station number
      +------------------------------- station code of the station that took the case

The case part is the station number (``06-01-2026-000123``), which never changes; the central
number is found through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.numbers import StationNumber, station_code_digits, station_code_from_digits

MARKER = "B"
PAYLOAD_LENGTH = 26
_PATTERN = re.compile(r"^B(\d{4})(\d{4})(\d{6})(\d{4})(\d{6})(\d)$")
_PREFIX = re.compile(r"^B\d{0,25}$")


@dataclass(frozen=True)
class PrintPayload:
    case: StationNumber
    printing_station: str
    serial: int

    def encode(self) -> str:
        body = (
            station_code_digits(self.case.station_code)
            + f"{self.case.year:04d}{self.case.sequence:06d}"
            + station_code_digits(self.printing_station)
            + f"{self.serial:06d}"
        )
        return MARKER + body + str(luhn_check_digit(body))


def decode_payload(text: str) -> PrintPayload | None:
    """Parse a scanned payload; None if it is not ours or its check digit is wrong."""
    match = _PATTERN.match(text.strip())
    if not match:
        return None
    station, year, sequence, printing, serial, check = match.groups()
    body = station + year + sequence + printing + serial
    if luhn_check_digit(body) != int(check):
        return None
    return PrintPayload(
        case=StationNumber(station_code_from_digits(station), int(year), int(sequence)),
        printing_station=station_code_from_digits(printing),
        serial=int(serial),
    )


def is_payload_prefix(text: str) -> bool:
    """Could ``text`` be the start of a payload (``B`` and up to 25 digits)?"""
    return bool(_PREFIX.match(text))


def luhn_check_digit(digits: str) -> int:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10
