"""What saving a form involves besides the form: what a correction's save may refuse, the
input held back while a save runs, and what the clerk is told when it did not work."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from models.application_form import ApplicationForm
from models.i18n import _, ngettext
from services.desk_start import is_disk_full
from services.drafts import DraftNotFound
from services.intake import SaveOutcome
from ui.operations import Change

log = logging.getLogger("bimer.ui")

SAVING_NOTICE_MS = 300  # a save slower than this says so; a usual one (ms) shows nothing
SAVE_CHANGES = Change.APPLICATIONS | Change.OUTBOX | Change.DRAFTS | Change.PRINTS


class SaveRefused(Exception):
    """Raised by a form's ``save_function`` when nothing was saved for a reason that is no
    field's fault; the message (already in the desk's language) shows under the form."""


# Saves the form's value for the user somewhere other than a new application (a correction);
# it runs on a worker thread.
SaveFunction = Callable[[ApplicationForm, str], SaveOutcome]


def not_saved_message(error: BaseException) -> str:
    """What the clerk reads when a save failed for no field's fault."""
    if isinstance(error, SaveRefused):
        return str(error)
    if isinstance(error, DraftNotFound):
        # The draft was deleted (Taslaklar) while open here; nothing was saved.
        return _("Bu formun taslağı başka bir ekrandan silinmiş; başvuru kaydedilmedi. "
                 "Bilgiler formda duruyor: tekrar Kaydet'e basarsanız kaydedilir.")
    if is_disk_full(error):
        return _("Başvuru kaydedilemedi: disk dolu. Bilgiler formda duruyor; diskte yer açıp "
                 "tekrar Kaydet'e basın.")
    # A disk or database failure: every field stays as typed; say what to do.
    return _("Başvuru kaydedilemedi: yerel veritabanına yazılamadı. Bilgiler formda duruyor; "
             "tekrar Kaydet'e basın, sorun sürerse sistem yöneticisine bildirin.")


def refused_message(error_count: int) -> str:
    return (ngettext("Kaydedilemedi: {count} alanı düzeltin.",
                     "Kaydedilemedi: {count} alanı düzeltin.", error_count).format(
                         count=error_count)
            if error_count > 1 else _("Kaydedilemedi: işaretli alanı düzeltin."))


_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.Drop,
    QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride,
})


class InputHold(QObject):
    """While a save runs, input meant for ``form`` is dropped — not queued to land after
    the save, when the form has been cleared for the next citizen."""

    def __init__(self, form: QWidget) -> None:
        super().__init__(form)
        self._form = form
        self.holding = False

    def hold(self, holding: bool) -> None:
        app = QApplication.instance()
        if app is None or holding == self.holding:
            return
        if holding:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self.holding = holding

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (event.type() in _INPUT_EVENTS and isinstance(watched, QWidget)
                and (watched is self._form or self._form.isAncestorOf(watched)))
