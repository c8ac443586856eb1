"""The desk's PySide6 user interface: widgets, dialogs, item models, previews.

Nothing outside this package imports PySide6; services reach the UI as plain dataclasses.
"""
