"""One editor per kind of value, for every form the desk generates from declarations: the
intake form (``ui/intake/fields.py``), Ayarlar and the first-run wizard
(``bimer_desktop/settings.py``). Each kind is a ``FieldEditor``: ``value()``,
``set_value()``, ``is_empty()``, and the signals ``edited`` (the person changed it),
``changed`` (anyone did) and ``completed`` (the value is whole: a form may move on). A form
holds editors, never asks what widget is behind one (no ``isinstance`` ladders), and maps
its own kinds to editors in one table. Models: qutebrowser's ``configtypes.py``, Orange's
``gui.checkBox(box, self, "name")`` binding.
"""

from ui.editors.base import FieldEditor
from ui.editors.choices import CheckEditor, ChoiceEditor
from ui.editors.field_box import FieldBox
from ui.editors.numbers import NumberEditor
from ui.editors.paths import PathEditor, PathKind
from ui.editors.texts import DateEditor, LetterEditor, LineEditor, LongTextEditor

__all__ = [
    "CheckEditor",
    "ChoiceEditor",
    "DateEditor",
    "FieldBox",
    "FieldEditor",
    "LetterEditor",
    "LineEditor",
    "LongTextEditor",
    "NumberEditor",
    "PathEditor",
    "PathKind",
]
