"""The Konu and Alt konu lists: the subjects of the catalogue the desk holds, and the
sub-subjects of the one chosen."""

from __future__ import annotations

from collections.abc import Callable

from models.i18n import _
from models.reference import SubjectCatalog
from ui.editors import ChoiceEditor, FieldEditor
from ui.intake.fields import CHOICE_PLACEHOLDER


def _choices(editor: FieldEditor[str]) -> ChoiceEditor[str]:
    assert isinstance(editor, ChoiceEditor), "the subject fields are choices"
    return editor


class SubjectLists:
    """``catalog()`` is the desk's current catalogue. A background refresh shows in the next
    new form or draft (``offer``), never under the clerk's hands."""

    def __init__(self, subjects: FieldEditor[str], sub_subjects: FieldEditor[str],
                 catalog: Callable[[], SubjectCatalog]) -> None:
        self._subjects = _choices(subjects)
        self._sub_subjects = _choices(sub_subjects)
        self._catalog = catalog
        self._shown: SubjectCatalog | None = None
        subjects.changed.connect(self.follow_subject)

    def offer(self) -> None:
        """Offer the active subjects of the catalogue the desk holds now."""
        catalog = self._catalog()
        if catalog is self._shown:
            return
        self._subjects.set_choices([(s.code, s.label, s.code) for s in catalog.offered()])
        self._shown = catalog

    def follow_subject(self) -> None:
        """Offer the sub-subjects of the subject chosen (none, disabled, until there is one)."""
        code = self._subjects.value()
        catalog = self._shown or self._catalog()
        subject = next((s for s in catalog.offered() if s.code == code), None)
        self._sub_subjects.set_choices(
            [(sub.code, sub.label, sub.code) for sub in (subject.sub_subjects if subject else ())],
            _(CHOICE_PLACEHOLDER) if subject else _("Önce konu seçin"))
        self._sub_subjects.widget.setEnabled(subject is not None)
