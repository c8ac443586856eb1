"""How many central numbers a desk reserves ahead (``services/reserved_numbers.py``),
declared where importing it costs nothing: the desk's settings offer these defaults and
bounds without pulling in the database or the HTTP client."""

from __future__ import annotations

DEFAULT_BLOCK_SIZE = 50
DEFAULT_THRESHOLD = 10
# The service's own cap on one block (bimer_central.numbers.MAX_BLOCK_SIZE).
MAX_BLOCK_SIZE = 500
