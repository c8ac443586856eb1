"""Station numbers: printable at once, offline, unique per desk (``06-01-2026-000123``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.i18n import _

STATION_CODE_PATTERN = re.compile(r"^[0-9]{2}-[0-9]{2}$")
# Turkey's 81 provinces carry the plate codes 01-81; a station code starts with one of them.
PROVINCE_PLATE_CODES = range(1, 82)
_STATION_NUMBER_PATTERN = re.compile(r"^(\d{2}-\d{2})-(\d{4})-(\d{6})$")


def station_code_error(code: str) -> str | None:
    if not STATION_CODE_PATTERN.match(code):
        return _(
            "İstasyon kodu geçersiz: '{code}'. Biçim: il plaka kodu ve masa numarası, "
            "örneğin 06-01."
        ).format(code=code)
    if int(code[:2]) not in PROVINCE_PLATE_CODES:
        return _(
            "İstasyon kodu geçersiz: '{code}'. İlk iki hane bir il plaka kodu (01-81) "
            "olmalıdır."
        ).format(code=code)
    if code[3:] == "00":
        return _(
            "İstasyon kodu geçersiz: '{code}'. Masa numarası 01 ile 99 arasında olmalıdır."
        ).format(code=code)
    return None


def station_code_digits(code: str) -> str:
    return code.replace("-", "")


def station_code_from_digits(digits: str) -> str:
    return f"{digits[:2]}-{digits[2:]}"


@dataclass(frozen=True)
class StationNumber:
    station_code: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.station_code}-{self.year:04d}-{self.sequence:06d}"

    @classmethod
    def parse(cls, text: str) -> StationNumber | None:
        match = _STATION_NUMBER_PATTERN.match(text.strip())
        if not match:
            return None
        return cls(match.group(1), int(match.group(2)), int(match.group(3)))
