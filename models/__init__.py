"""The domain and its persistence: pure Python, never PySide6 (see DESIGN.md)."""
