"""Qt's own words — the Yes/No of a standard dialog, a file dialog's labels — in the desk's
language.

From the catalogues Qt ships (``qtbase_tr.qm``), plus the few words that catalogue lacks:
Qt's file dialog names two of its labels with a keyboard accelerator ("&Look in:",
"Files of &type:") that ``qtbase_tr`` translates only without one, so a Turkish desk showed
them in English. ``QtGaps`` answers those; everything else falls through to Qt's catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from models.i18n import active_language

TRANSLATOR_NAME = "bimerQtTranslator"

# (context, Qt's English) → the words, per language; Qt's own catalogue has the rest.
GAPS: dict[str, dict[tuple[str, str], str]] = {
    "tr": {
        ("QFileDialog", "&Look in:"): "&Arama konumu:",  # i18n: not shown (it is Qt's word)
        ("QFileDialog", "Files of &type:"): "Dosya &türü:",  # i18n: not shown (Qt's word)
    },
}


class QtGaps(QTranslator):
    """The words ``qtbase_<language>`` lacks (``GAPS``); for the rest no answer at all (a
    null string: Qt then asks the next translator — an empty one would blank the label)."""

    def __init__(self, language: str, parent: QApplication) -> None:
        super().__init__(parent)
        self._words = GAPS.get(language, {})

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        # None reaches Qt as a null QString, "no translation here"; "" would be one.
        return self._words.get((context, source))  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return not self._words


def install_qt_translation(app: QApplication) -> None:
    """Qt's catalogue and its gaps for the active language; once per application (again
    only when the language changed)."""
    language = active_language()
    if app.property("bimerQtLanguage") == language:
        return
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
    gaps = QtGaps(language, app)
    gaps.setObjectName(TRANSLATOR_NAME)
    if not gaps.isEmpty():
        app.installTranslator(gaps)  # asked first: the last installed answers first
    app.setProperty("bimerQtLanguage", language)
