"""Switched to English, no screen shows a Turkish word of the program's own.

Every ``--preview`` screen is built with the English catalogue active, and every text a
person reads on it (labels, buttons, titles, tooltips, placeholders, tabs, table headers,
list and menu items) is checked. What stays Turkish on purpose is data, not the program's
words: the reference catalogue's subject names, the sample applications the previews
seed, the institution's configured paper texts, the product's name, each language's own name
and what the central service says — those are subtracted first.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
    QWizard,
)

from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import SPECS, load_settings
from bimer_desktop.version import PRODUCT_NAME
from models.i18n import LANGUAGES, catalog, use_language
from resources import REFERENCE_DIR
from tests.test_translations import NOT_SHOWN
from ui.previews import PREVIEWS, close_preview

TURKISH = re.compile("[çğıöşüÇĞİÖŞÜ]")
ROOT = Path(__file__).resolve().parents[2]


def _data_strings() -> list[str]:
    """Turkish that is data: reference names, sample applications, configured paper texts."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(REFERENCE_DIR.glob("*.json")):
        walk(json.loads(path.read_text("utf-8")))
    walk([str(SPECS["institution_name"].default), str(SPECS["query_instructions"].default),
          PRODUCT_NAME, *(name for name, _locale in LANGUAGES.values())])
    # The sample citizens, the previews' sample content (file names, captions), and what
    # the central service says: the desk shows the service's words as the service wrote them.
    for path in [ROOT / "models" / "samples.py", *sorted((ROOT / "ui" / "previews").glob("*.py")),
                 *sorted((ROOT / "bimer_central").glob("*.py"))]:
        tree = ast.parse(path.read_text("utf-8"))
        walk([node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str)])
    # And what the code itself declares not to be its words (sample file names and the like).
    for path in sorted((ROOT / "ui").rglob("*.py")):
        lines = path.read_text("utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        walk([node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str)
              and NOT_SHOWN in lines[node.lineno - 1]])
    # Longest first, so that a name is removed whole before a shorter part of it.
    return sorted({s for s in found if TURKISH.search(s)}, key=len, reverse=True)


DATA = _data_strings()


def model_headers(model: QAbstractItemModel) -> Iterator[str]:
    for section in range(model.columnCount()):
        yield str(model.headerData(section, Qt.Orientation.Horizontal) or "")


def shown_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of the program on ``root`` and its children; the
    contents of editable fields and of tables' cells are data and are left out."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        kind = type(widget).__name__
        if widget.isWindow():
            yield f"{kind}.windowTitle", widget.windowTitle()
        yield f"{kind}.toolTip", widget.toolTip()
        if isinstance(widget, QLabel):
            yield "QLabel", widget.text()
        elif isinstance(widget, QAbstractButton):
            yield kind, widget.text()
        elif isinstance(widget, QGroupBox):
            yield "QGroupBox", widget.title()
        elif isinstance(widget, QLineEdit):
            yield "placeholder", widget.placeholderText()
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield "tab", widget.tabText(index)
        elif isinstance(widget, QWizard):
            page = widget.currentPage()
            if page is not None:
                yield "wizard page", page.title()
                yield "wizard page", page.subTitle()
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            for index in range(widget.count()):
                yield "combo item", widget.itemText(index)
        if isinstance(widget, QTreeWidget | QListWidget):
            items = (widget.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
                     if isinstance(widget, QTreeWidget) else
                     [widget.item(i) for i in range(widget.count())])
            for item in items:
                yield "item", item.text(0) if isinstance(widget, QTreeWidget) else item.text()
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for header in model_headers(widget.model()):
                yield "header", header
        for action in widget.actions():
            yield "action", action.text()


def leftover_turkish(text: str, translated: dict[str, str]) -> str | None:
    """The part of ``text`` that is still the program's Turkish, or None."""
    if text in translated and translated[text] != text:
        return text  # a marked string shown untranslated
    rest = text
    for data in DATA:
        rest = rest.replace(data, "")
    return text if TURKISH.search(rest) else None


@pytest.fixture
def english() -> Iterator[dict[str, str]]:
    use_language("en")
    yield catalog("en")
    use_language("tr")


@pytest.mark.parametrize("name", list(PREVIEWS))
def test_the_screen_has_no_turkish_left_in_english(
        tmp_path: Path, name: str, english: dict[str, str], qapp: QApplication) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    config = DeskConfig(data_dir=data_dir, settings=load_settings(data_dir), user="memur1")
    desk = Desk(config)
    widget: QWidget | None = None
    try:
        widget = PREVIEWS[name].build(desk)
        widget.resize(1366, 768)
        widget.show()
        qapp.processEvents()
        left = sorted({f"{where}: {text!r}" for where, text in shown_texts(widget)
                       if text and leftover_turkish(text, english)})
    finally:
        if widget is not None:
            close_preview(widget)
            widget.close()
            widget.deleteLater()
        desk.close()
    assert left == []
