"""Finding a unit in the institution tree as the clerk types: by name or by code.

The rule is the one of every search on the desk (``models/search_text.py``): the name and
the typed text are folded with Turkish case rules (``I``→``ı``, ``İ``→``i``; never
``str.casefold``, which makes ``I`` an ``i``) and without the marks of the Turkish letters,
so ``cankaya`` finds ``Çankaya Kaymakamlığı`` and ``ISPARTA`` finds ``Isparta Valiliği``.
A unit matches when every typed word begins some word of its name. Digits alone are a
DETSİS code, or its beginning.

6,000 units are searched per keystroke, so the folded words are indexed once per tree:
one sorted list of ``(word, unit)``; a typed word is a range of it found by bisection, and
the units of every typed word are intersected. ``bench/institution_search.py`` shows the
cost against folding every name at each search.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from models.reference import Institution, InstitutionTree
from models.search_text import PREFIX_END, collation_key, search_words

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class UnitMatch:
    """One unit found: its code and name, and where it sits (the names above it)."""

    detsis_code: str
    name: str
    kind: str
    path: tuple[str, ...]  # top-level institution first, the unit's own parent last
    active: bool


class InstitutionIndex:
    def __init__(self, tree: InstitutionTree) -> None:
        self.tree = tree
        self._units: list[Institution] = list(tree.walk())
        self._depth = [len(tree.ancestors(unit.detsis_code)) for unit in self._units]
        self._sort = [collation_key(unit.name) for unit in self._units]
        entries = sorted(
            (word, position)
            for position, unit in enumerate(self._units)
            for word in search_words(unit.name)
        )
        self._words = [word for word, _position in entries]
        self._positions = [position for _word, position in entries]
        self._codes = sorted((unit.detsis_code, position)
                             for position, unit in enumerate(self._units))

    def __len__(self) -> int:
        return len(self._units)

    def search(self, text: str, *, limit: int = DEFAULT_LIMIT,
               active_only: bool = True) -> list[UnitMatch]:
        """The units whose name has every typed word as a word's beginning, or whose code
        begins with the typed digits; the shallowest first, then in Turkish alphabetical
        order (then by code). Nothing for an empty search."""
        typed = text.strip()
        if not typed:
            return []
        if typed.isdigit():
            found = self._code_prefix(typed)
        else:
            words = search_words(typed)
            if not words:
                return []
            found = self._word_prefix(words[0])
            for word in words[1:]:
                if not found:
                    break
                found &= self._word_prefix(word)
        positions = sorted((p for p in found if not active_only or self._units[p].active),
                           key=lambda p: (self._depth[p], self._sort[p],
                                          self._units[p].detsis_code))
        return [self.match(self._units[p].detsis_code) for p in positions[:limit]]

    def match(self, detsis_code: str) -> UnitMatch:
        unit = self.tree.find(detsis_code)
        if unit is None:
            raise KeyError(detsis_code)
        path = self.tree.path_names(detsis_code)[:-1]
        return UnitMatch(unit.detsis_code, unit.name, unit.kind, tuple(path), unit.active)

    def _word_prefix(self, word: str) -> set[int]:
        start = bisect_left(self._words, word)
        end = bisect_left(self._words, word + PREFIX_END, lo=start)
        return set(self._positions[start:end])

    def _code_prefix(self, digits: str) -> set[int]:
        start = bisect_left(self._codes, (digits,))
        end = bisect_left(self._codes, (digits + PREFIX_END,), lo=start)
        return {position for _code, position in self._codes[start:end]}


def scan_search(tree: InstitutionTree, text: str, *, limit: int = DEFAULT_LIMIT
                ) -> list[str]:
    """The same answer without an index, folding every name at each search: the baseline
    of ``bench/institution_search.py`` (and a check of the index in the tests)."""
    typed = text.strip()
    if not typed:
        return []
    found: list[tuple[int, str, str]] = []
    words = search_words(typed)
    for unit in tree.walk():
        if not unit.active:
            continue
        if typed.isdigit():
            hit = unit.detsis_code.startswith(typed)
        else:
            names = search_words(unit.name)
            hit = bool(words) and all(any(n.startswith(w) for n in names) for w in words)
        if hit:
            found.append((len(tree.ancestors(unit.detsis_code)), collation_key(unit.name),
                          unit.detsis_code))
    return [code for _depth, _key, code in sorted(found)[:limit]]
