"""Use cases of the desk, headless: no PySide6 here (see DESIGN.md)."""
