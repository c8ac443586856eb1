"""The strength rule for a password a clerk chooses, the same at the desk (said at the
field as it is typed) and at the central service (which enforces it).

Length first (NIST SP 800-63B: a long passphrase beats composition rules), then a list of
common passwords: the 30,000 of zxcvbn's list (leaked passwords by frequency) plus Turkish
ones it lacks, compared case-folded; never the clerk's own ID number or name; and last
zxcvbn's estimate, which catches the sequences, keyboard runs and dates no list holds.
"""

from __future__ import annotations

from functools import cache

from models.i18n import _
from models.turkish_text import turkish_lower

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 0-2 guessable within an offline attack on a slow hash, 3-4 not
# Common in Turkish and not in zxcvbn's list (which is English-speaking).
_TURKISH_COMMON = (
    "sifre", "şifre", "parola", "sifre123", "şifre123", "parola123",  # i18n: not shown
    "bimer", "bimer123", "bimer2026", "türkiye", "turkiye", "ankara",  # i18n: not shown
    "istanbul", "izmir", "galatasaray", "fenerbahce", "fenerbahçe", "besiktas",  # i18n: not shown
    "beşiktaş", "trabzonspor", "qwertyuiop", "asdfghjklş",  # i18n: not shown
    "1234567890", "0123456789", "sifresifre", "parolaparola", "kullanici",
    "kullanıcı", "yonetici", "yönetici",  # i18n: not shown
    "memur", "memur123", "bilgisayar", "merhaba", "merhaba123", "mustafakemal",
    "ataturk", "atatürk", "ataturk1881", "atatürk1881",  # i18n: not shown
)


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 30,000 words, read on first use

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_TURKISH_COMMON)


def password_problem(password: str, *, tckn: str = "", name: str = "") -> str | None:
    """What is wrong with ``password`` as a new password (Turkish), or None."""
    if len(password) < MIN_LENGTH:
        return _("Şifre en az {count} karakter olmalıdır.").format(count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Şifre en çok {count} karakter olabilir.").format(count=MAX_LENGTH)
    if not password.isprintable():
        return _("Şifrede görünmeyen ya da denetim karakteri olamaz.")
    folded = turkish_lower(password)
    if folded in _common() or password.casefold() in _common() or len(set(folded)) < 4:
        return _("Bu şifre çok yaygın ya da tahmin edilmesi kolay; başka bir şifre seçin "
                 "(örneğin birkaç kelimeden oluşan bir cümle).")
    if tckn and tckn in password:
        return _("Şifre T.C. Kimlik Numaranızı içeremez.")
    for part in turkish_lower(name).split():
        if len(part) >= 3 and part in folded:
            return _("Şifre adınızı ya da soyadınızı içeremez.")
    if _guessable(password):
        return _("Bu şifre bir sıra, tekrar, tarih ya da klavye deseni gibi kolayca tahmin "
                 "edilir; başka bir şifre seçin (örneğin birkaç kelimeden oluşan bir cümle).")
    return None


def _guessable(password: str) -> bool:
    """zxcvbn's estimate below 3 ("safely unguessable"): sequences (12345678901), runs of a
    keyboard row or column (1qaz2wsx3edc), repeats and dates that no word list holds."""
    from zxcvbn import zxcvbn  # its matchers and lists load on first use

    return int(zxcvbn(password[:MAX_LENGTH])["score"]) < MIN_SCORE
