"""Collect every marked string and merge it into the catalogues.

Marked: ``_("…")``, ``N_("…")`` and counted messages ``ngettext("…", "…", n)`` (plural forms).

    python -m tools.update_translations          # add new strings to resources/translations
    python -m tools.update_translations --check  # exit 1 if a catalogue lacks a translation

New strings enter ``<language>.po`` with an empty translation; fill them in, run this again
(it compiles each ``.po`` into the ``<language>.mo`` a desk reads at start), then run the
tests (``tests/test_translations.py`` fails on an empty one, and on a ``.mo`` behind its
``.po``). Strings no longer in the code are dropped.
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where strings a person sees live. bimer_central/ answers in Turkish to the desk, which shows
# its messages as the service wrote them; it has no language of its own yet.
SOURCE_PACKAGES = ("bimer_desktop", "ui", "services", "models", "printing")
MARKERS = {"_", "N_"}
PLURAL_MARKER = "ngettext"  # ngettext(singular, plural, count): a message with plural forms
CATALOG_DIR = ROOT / "resources" / "translations"
TRANSLATED_LANGUAGES = ("en",)
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER_COMMENT = (
    "# Translations of BİMER Masaüstü. The Turkish text in the code is the message id.\n"
    "# Regenerate with: python -m tools.update_translations"
)


@dataclass(frozen=True)
class Marked:
    message: str
    path: Path
    line: int
    plural: str | None = None  # the plural id of an ngettext message

    @property
    def key(self) -> str | tuple[str, str]:
        """The catalogue's id: the message, or (singular, plural)."""
        return self.message if self.plural is None else (self.message, self.plural)


@dataclass(frozen=True)
class Misuse:
    path: Path
    line: int
    reason: str


def source_files() -> Iterator[Path]:
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _marker_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in {*MARKERS, PLURAL_MARKER}):
            yield node


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(paths: Iterator[Path] | None = None) -> tuple[list[Marked], list[Misuse]]:
    """Every literal passed to a marker, and every call whose argument is built at run time
    (an f-string, a concatenation, a ``.format`` inside: no catalogue has that text)."""
    marked: list[Marked] = []
    misuses: list[Misuse] = []
    for path in paths or source_files():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for call in _marker_calls(tree):
            if isinstance(call.func, ast.Name) and call.func.id == PLURAL_MARKER:
                singular, plural = (
                    (_literal(call.args[0]), _literal(call.args[1]))
                    if len(call.args) == 3 and not call.keywords else (None, None))
                if singular is None or plural is None:
                    misuses.append(Misuse(path, call.lineno, "ngettext needs two string "
                                                             "literals and a count"))
                else:
                    marked.append(Marked(singular, path, call.lineno, plural))
                continue
            argument = call.args[0] if len(call.args) == 1 and not call.keywords else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                marked.append(Marked(argument.value, path, call.lineno))
            elif argument is None or isinstance(argument, ast.JoinedStr | ast.BinOp | ast.Call
                                                | ast.Constant):
                # A text built at run time is in no catalogue. (``_(NAME)`` of a constant
                # marked with ``N_`` where it is defined is fine.)
                misuses.append(Misuse(path, call.lineno,
                                      "argument must be one string literal or a name"))
    return marked, misuses


def merge(language: str, marked: list[Marked]) -> tuple[int, int]:
    """Rewrite ``<language>.po`` with exactly the marked strings; returns (added, dropped)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = CATALOG_DIR / f"{language}.po"
    old: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    if path.exists():
        with path.open("rb") as handle:
            for m in read_po(handle):
                if isinstance(m.id, tuple | list):
                    old[(str(m.id[0]), str(m.id[1]))] = tuple(str(f or "") for f in m.string or ())
                elif m.id:
                    old[str(m.id)] = str(m.string or "")
    # A fixed date: regenerating an unchanged catalogue must not change the file.
    catalog = Catalog(locale=language, project="BİMER Masaüstü", fuzzy=False,
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                      header_comment=HEADER_COMMENT)
    for item in marked:
        location = (str(item.path.relative_to(ROOT)), item.line)
        existing = catalog.get(item.key)
        if existing is not None:
            existing.locations.append(location)
        elif item.plural is None:
            catalog.add(item.message, old.get(item.key, ""), locations=[location])
        else:
            forms = old.get(item.key)
            empty = ("",) * catalog.num_plurals
            catalog.add(item.key, forms if isinstance(forms, tuple) else empty,
                        locations=[location])
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, include_lineno=False)
    ids = {m.key for m in marked}
    return len(ids - old.keys()), len(old.keys() - ids)


def compiled(language: str) -> bytes:
    """``<language>.po`` compiled as a desk reads it: translated, non-fuzzy entries."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (CATALOG_DIR / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compiled_path(language: str) -> Path:
    return CATALOG_DIR / f"{language}.mo"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(language: str, marked: list[Marked]) -> list[str]:
    """What is wrong with ``language``'s catalogue for these strings, one line each."""
    from models.i18n import catalog, plural_catalog

    translated = catalog(language, CATALOG_DIR)
    plurals = plural_catalog(language, CATALOG_DIR).forms
    found: list[str] = []
    for item in {m.key: m for m in marked}.values():
        if item.plural is not None:
            forms = plurals.get((item.message, item.plural))
            if not forms:
                found.append(f"no translation: {item.key!r}")
            elif any(placeholders(form) != placeholders(item.message) for form in forms):
                found.append(f"placeholders differ: {item.key!r} -> {forms!r}")
            continue
        translation = translated.get(item.message)
        if not translation:
            found.append(f"no translation: {item.message!r}")
        elif placeholders(translation) != placeholders(item.message):
            found.append(f"placeholders differ: {item.message!r} -> {translation!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report untranslated strings; change nothing")
    args = parser.parse_args(argv)
    marked, misuses = extract()
    for misuse in misuses:
        print(f"{misuse.path.relative_to(ROOT)}:{misuse.line}: {misuse.reason}")
    status = 1 if misuses else 0
    for language in TRANSLATED_LANGUAGES:
        if not args.check:
            added, dropped = merge(language, marked)
            compiled_path(language).write_bytes(compiled(language))
            print(f"{language}: {added} new, {dropped} dropped")
        elif (not compiled_path(language).exists()
              or compiled_path(language).read_bytes() != compiled(language)):
            print(f"{language}: {compiled_path(language).name} is behind "
                  f"{language}.po: run python -m tools.update_translations")
            status = 1
        missing = problems(language, marked)
        for problem in missing:
            print(f"{language}: {problem}")
        if missing:
            print(f"{language}: {len(missing)} string(s) without a translation")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
