"""Tables sort text in Turkish alphabetical order, whatever the desk's language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from ui.table_model import TurkishSortProxy


def test_a_column_of_names_sorts_as_a_turkish_reader_expects(qapp: object) -> None:
    source = QStandardItemModel()
    for name in ["Zeki", "Çelik", "Cem", "İnce", "Işık", "Öz", "Ozan", "Şen", "Sarı"]:
        source.appendRow(QStandardItem(name))
    proxy = TurkishSortProxy()
    proxy.setSourceModel(source)

    proxy.sort(0, Qt.SortOrder.AscendingOrder)

    assert [proxy.index(row, 0).data() for row in range(proxy.rowCount())] == [
        "Cem", "Çelik", "Işık", "İnce", "Ozan", "Öz", "Sarı", "Şen", "Zeki"]
