"""T.C. Kimlik No: 11 ASCII digits, first not zero, two check digits."""

from __future__ import annotations

from models.i18n import _

TCKN_LENGTH = 11


def tckn_error(value: str) -> str | None:
    """Return a Turkish message saying what is wrong with ``value``, or None if it is valid."""
    if value == "":
        return _("T.C. Kimlik No boş bırakılamaz.")
    # str.isdigit() accepts Arabic-Indic and other Unicode digits; a national ID is ASCII only.
    if not all("0" <= ch <= "9" for ch in value):
        return _("T.C. Kimlik No yalnızca rakamlardan (0-9) oluşmalıdır.")
    if len(value) != TCKN_LENGTH:
        return _("T.C. Kimlik No 11 haneli olmalıdır ({count} hane girildi).").format(
            count=len(value)
        )
    if value[0] == "0":
        return _("T.C. Kimlik No 0 ile başlayamaz.")
    if value[9:] != check_digits(value[:9]):
        return _(
            "T.C. Kimlik No geçersiz: son iki hane doğrulanamadı. "
            "Numarayı kimlik kartından tekrar kontrol edin."
        )
    return None


def is_valid_tckn(value: str) -> bool:
    return tckn_error(value) is None


def check_digits(first_nine: str) -> str:
    """The 10th and 11th digits that make ``first_nine`` a valid T.C. Kimlik No."""
    d = [int(ch) for ch in first_nine]
    odd = d[0] + d[2] + d[4] + d[6] + d[8]
    even = d[1] + d[3] + d[5] + d[7]
    tenth = (odd * 7 - even) % 10
    eleventh = (sum(d) + tenth) % 10
    return f"{tenth}{eleventh}"


def mask_tckn(value: str) -> str:
    """``12345678946`` → ``123******46``: enough for the citizen to recognise, not to reuse."""
    if len(value) < 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]
