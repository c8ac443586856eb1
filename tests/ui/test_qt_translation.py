"""Qt's own dialogs speak the desk's language: the file dialog a Turkish desk opens (Ctrl+O)
has no English label left ("Look in:", "Files of type:" were)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel

from models.i18n import use_language
from ui.qt_translation import install_qt_translation

ENGLISH_WORD = re.compile(r"\b(Look|Files|File|Open|Cancel|type|name|in)\b")


@pytest.fixture
def qt_in(qapp: QApplication) -> Iterator[object]:
    def use(language: str) -> None:
        use_language(language)
        install_qt_translation(qapp)

    yield use
    use("tr")


def _words(dialog: QFileDialog) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    return [text.replace("&", "") for text in texts if text]


def test_the_file_dialog_is_turkish_on_a_turkish_desk(qt_in: object) -> None:
    qt_in("tr")  # type: ignore[operator]
    dialog = QFileDialog(None, "E-posta dosyası aç")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        words = _words(dialog)
        assert "Arama konumu:" in words and "Dosya türü:" in words and "Dosya adı:" in words
        assert [word for word in words if ENGLISH_WORD.search(word)] == []
    finally:
        dialog.deleteLater()


def test_the_file_dialog_is_english_on_an_english_desk(qt_in: object) -> None:
    qt_in("en")  # type: ignore[operator]
    dialog = QFileDialog(None, "Open e-mail file")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        words = _words(dialog)
        assert "Look in:" in words and "Files of type:" in words
    finally:
        dialog.deleteLater()
