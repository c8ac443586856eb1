"""What the headless commands share: their exit codes and how they read a typed day."""

from __future__ import annotations

from datetime import date, datetime

from models.i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # bad input: one Turkish line, never a traceback


class BadInput(ValueError):
    """An argument the command cannot use; its text is the Turkish line to print."""


def parse_day(text: str | None, what: str) -> date | None:
    """``--from``/``--to`` as a clerk types them: GG.AA.YYYY or YYYY-AA-GG; None if empty."""
    if not text:
        return None
    for shape in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), shape).date()
        except ValueError:
            continue
    raise BadInput(_("{what} tarihi anlaşılamadı: {text} (GG.AA.YYYY ya da YYYY-AA-GG "
                     "yazın).").format(what=what, text=text))
