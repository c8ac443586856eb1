"""Every string a person sees goes through models/i18n.py and has its English translation.

Static half: the source itself (marked strings, their translations, unmarked Turkish text).
The runtime half — every screen rendered in English shows no Turkish — is in
tests/ui/test_english_screens.py.
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from models import i18n
from models.i18n import _, format_date, format_number, ngettext, use_language
from tools.update_translations import (
    ROOT,
    compiled,
    compiled_path,
    extract,
    problems,
    source_files,
)

TURKISH_LETTERS = re.compile("[çğıöşüÇĞİÖŞÜ]")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
# A line that holds Turkish on purpose (letter tables, data formats) says so.
NOT_SHOWN = "# i18n: not shown"


def test_every_marker_gets_one_string_literal() -> None:
    _marked, misuses = extract()
    assert [f"{m.path.relative_to(ROOT)}:{m.line}" for m in misuses] == []


def test_every_marked_string_has_its_english_translation() -> None:
    marked, _misuses = extract()
    assert problems("en", marked) == []


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _exempt(tree: ast.AST) -> set[int]:
    """Constants inside a marker call or a logging call (logs are English and for us)."""
    found = _docstrings(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        marker = isinstance(func, ast.Name) and func.id in {"_", "N_", "ngettext"}
        logging_call = isinstance(func, ast.Attribute) and func.attr in LOG_METHODS
        if marker or logging_call:
            found.update(id(inner) for inner in ast.walk(node) if isinstance(inner, ast.Constant))
    return found


def unmarked_turkish(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    exempt = _exempt(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in exempt and TURKISH_LETTERS.search(node.value)
                and not any(NOT_SHOWN in lines[n - 1]
                            for n in range(node.lineno, (node.end_lineno or node.lineno) + 1))):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


# Sample data (names, texts) for tests, benchmarks and the developer's --preview screens,
# not the product's words.
EXEMPT_FILES = {ROOT / "models" / "samples.py", *(ROOT / "ui" / "previews").glob("*.py")}


# Qt calls whose string argument a person reads: a literal there must be marked, Turkish
# letters or not ("Kaydet", "Faks" have none).
SHOWN_BY = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setTitle", "setStatusTip",
    "setSubTitle", "setButtonText", "setInformativeText", "setDetailedText", "showMessage",
    "addItem", "addItems", "insertItem", "setItemText", "addTab", "setTabText", "addAction",
    "setHeaderLabels", "setHorizontalHeaderLabels", "QLabel", "QPushButton", "QCheckBox",
    "QRadioButton", "QGroupBox", "QAction", "QToolButton", "addRow", "setPrefix", "setSuffix",
    "setSpecialValueText", "information", "warning", "critical", "question",
}


def _is_logging(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and "log" in func.value.id.lower())


def unmarked_in_qt_calls(path: Path) -> list[str]:
    source = path.read_text("utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else (
            node.func.id if isinstance(node.func, ast.Name) else "")
        if name not in SHOWN_BY or _is_logging(node.func) or NOT_SHOWN in lines[node.lineno - 1]:
            continue
        for argument in node.args:
            texts = [argument] if isinstance(argument, ast.Constant) else (
                [part for part in argument.values if isinstance(part, ast.Constant)]
                if isinstance(argument, ast.JoinedStr) else [])
            for text in texts:
                if (isinstance(text.value, str) and re.search(r"[^\W\d_]{2,}", text.value)
                        and "://" not in text.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
                                 f"({text.value[:50]!r})")
    return found


def test_no_literal_reaches_a_qt_text_unmarked() -> None:
    offenders = [line for path in source_files() if path not in EXEMPT_FILES
                 and path.relative_to(ROOT).parts[0] == "ui"
                 for line in unmarked_in_qt_calls(path)]
    assert offenders == []


def test_no_turkish_text_escapes_translation() -> None:
    offenders = [line for path in source_files() if path not in EXEMPT_FILES
                 for line in unmarked_turkish(path)]
    assert offenders == []


@pytest.fixture
def english() -> object:
    use_language("en")
    yield
    use_language("tr")


def test_turkish_is_the_source_and_needs_no_catalogue() -> None:
    use_language("tr")
    assert _("Kaydet") == "Kaydet"
    assert format_date(date(2026, 11, 28)) == "28.11.2026"
    assert format_number(12345.5) == "12.345,5"


@pytest.mark.usefixtures("english")
def test_english_comes_from_the_catalogue() -> None:
    assert i18n.active_language() == "en"
    assert _("Kaydet") == "Save"
    assert _("a string nobody marked") == "a string nobody marked"
    assert format_number(12345.5) == "12,345.5"
    assert format_date(datetime(2026, 11, 28, 9, 0).date()) == "2026-11-28"


def test_counted_messages_take_the_languages_plural_forms() -> None:
    """Turkish says "1 sayfa", "3 sayfa"; English "1 page" but "3 pages" — no "page(s)"."""
    def pages(count: int) -> str:
        return ngettext("{count} sayfa", "{count} sayfa", count).format(count=count)

    assert [pages(n) for n in (1, 3)] == ["1 sayfa", "3 sayfa"]
    use_language("en")
    try:
        assert [pages(n) for n in (0, 1, 3)] == ["0 pages", "1 page", "3 pages"]
    finally:
        use_language("tr")


def test_no_english_translation_hedges_a_plural() -> None:
    """"(s)" is what a catalogue without plural forms writes; ngettext says it properly."""
    hedged = [message for message, text in i18n.catalog("en").items()
              if "(s)" in text or "page(s)" in text]
    assert hedged == []


def test_the_compiled_catalogue_a_desk_reads_is_the_po_as_it_is_now() -> None:
    """The desk reads ``en.mo`` at start (≈ 2 ms; parsing ``en.po`` cost ≈ 40 ms): a ``.po``
    edited without running the tool would be a translation the desk never shows."""
    assert compiled_path("en").read_bytes() == compiled("en"), (
        "run: python -m tools.update_translations")
    desk_reads = i18n.compiled_catalog(compiled_path("en"))
    for message, text in i18n.catalog("en").items():
        assert desk_reads.gettext(message) == text
    for (singular, plural), forms in i18n.plural_catalog("en").forms.items():
        assert [desk_reads.ngettext(singular, plural, n) for n in (1, 3)] == [forms[0], forms[1]]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(i18n.UnknownLanguage):
        use_language("xx")
