"""How a typed search meets a stored name: the one rule, written down once.

**The rule.** A name (or an organisation's title) and a search typed for it are both
*folded* before they are compared:

1. NFC, then lower-cased with Turkish rules (``I`` → ``ı``, ``İ`` → ``i``), so ``IŞIK``
   and ``ışık`` are the same word and ``İSTANBUL`` is ``istanbul``;
2. the Turkish letters lose their marks: ``ç``→``c``, ``ğ``→``g``, ``ı``→``i``,
   ``ö``→``o``, ``ş``→``s``, ``ü``→``u`` (and the circumflexed ``â î û``, and any other
   accented Latin letter, lose theirs), so a search typed on a keyboard without Turkish
   letters still finds the name: ``isik`` finds ``Işık``, ``sahin`` finds ``ŞAHİN``,
   ``ozturk`` finds ``Öztürk`` — and ``ışık`` finds ``ISIK`` written without marks;
3. anything that is not a letter or a digit separates words (``Ayşe-Nur`` is two words).

A search matches a name when **every word of the search is the beginning of some word of
the name**: ``ay yıl`` finds ``Ayşe Yılmaz``, ``yilmaz`` finds ``Mehmet Yılmazer``, and
``maz`` finds neither. Prefixes, not fragments, so the search runs on an index: the desk
stores each folded word of a name once (``application_name_words``) and looks a typed word
up as the range ``[word, word + "\\uffff")``.

A name whose owner asked to hide it (``hide_identity``) is never stored for search: a name
search must not tell who filed a complaint.

**Sorting** follows Turkish alphabetical order (``c < ç < d``, ``ı < i``, ``o < ö < p``)
case-insensitively; :func:`collation_key` turns a name into a string whose plain
(binary) order is that order, so SQLite sorts by an index on it without a collation
function.
"""

from __future__ import annotations

import re
import unicodedata

from models.turkish_text import turkish_lower

# The six Turkish letters with marks, and the circumflexed vowels of loanwords, folded by
# hand: NFD would leave ı (no decomposition) as it is.
_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")  # i18n: not shown
_SEPARATORS = re.compile(r"[^0-9a-z]+")

# One past the last character any folded word can hold: the upper end of a prefix range.
PREFIX_END = "\uffff"

# Turkish alphabetical order, with the letters of foreign names (q, w, x) where Turkish
# dictionaries put them.
_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"  # i18n: not shown
# Each letter becomes one character in increasing code-point order (a…z, then U+007B…),
# which is also UTF-8 byte order: what SQLite's BINARY collation compares.
_SORT_CODES = {letter: chr(0x61 + index) for index, letter in enumerate(_ALPHABET)}


def _strip_other_marks(text: str) -> str:
    """é → e, ñ → n: the marks of letters that are not Turkish, by decomposition."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_fold(text: str) -> str:
    """``"  Işık-ŞAHİN "`` → ``"isik sahin"``: the folded words, one space between them."""
    lowered = turkish_lower(unicodedata.normalize("NFC", text)).translate(_FOLD)
    return " ".join(_SEPARATORS.split(_strip_other_marks(lowered))).strip()


def search_words(text: str) -> list[str]:
    """The folded words of ``text``, each once, in their order (what the index stores, and
    what a typed search is split into)."""
    seen: dict[str, None] = {}
    for word in search_fold(text).split():
        seen.setdefault(word, None)
    return list(seen)


def name_words(first_name: str, last_name: str, organization_title: str = "", *,
               hidden: bool) -> list[str]:
    """The words under which an application is found by name; none for a hidden identity."""
    if hidden:
        return []
    return search_words(f"{first_name} {last_name} {organization_title}")


def collation_key(text: str) -> str:
    """A string whose binary order is Turkish alphabetical order of ``text``.

    Letters become ordered codes (case-insensitive, Turkish rules), digits and single
    spaces stay (they sort before letters: ``Ali Can`` < ``Alican``), accents of foreign
    letters go, punctuation is ignored, as dictionaries do."""
    lowered = turkish_lower(unicodedata.normalize("NFC", text))
    out: list[str] = []
    for ch in lowered:
        if ch in _SORT_CODES:
            out.append(_SORT_CODES[ch])
        elif ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            base = _strip_other_marks(ch)
            out.extend(_SORT_CODES[b] for b in base if b in _SORT_CODES)
    return "".join(out).strip()


def name_sort_key(first_name: str, last_name: str, organization_title: str = "", *,
                  hidden: bool) -> str:
    """What a list sorts an applicant by: the name as shown (first name, last name; an
    organisation's title when it has no person), or empty for a hidden identity, so that
    the order of a list never hints at a hidden name."""
    if hidden:
        return ""
    name = f"{first_name} {last_name}".strip() or organization_title
    return collation_key(name)
