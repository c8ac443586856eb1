"""The intake form's rules on screen: which rows show, which carry `*`, and what the
choices made so far add (the legal deadline, the 5N1K reminder).

Whether a field is required, optional or not shown comes only from
``models.intake_rules.field_requirement`` — the same function validation enforces — so a
`*`, a hidden row and an error can never disagree. The rules depend on the choices (Bilgi
Edinme asks Gerçek / Tüzel kişi; İhbar and Şikayet offer identity hiding), so the form asks
again whenever a choice changes. A hidden field keeps what was typed into it, in case the
choice that hid it is taken back; the form then sends it empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from models.deadlines import legal_deadline
from models.enums import ApplicantKind, ApplicationType, Channel
from models.i18n import _, format_date
from models.intake_rules import IDENTITY_HIDING_TYPES, Requirement, field_requirement
from ui.intake.fields import FieldKind, FieldSpec
from ui.intake.layout import FieldRow, FormParts


def channel_shows(channel: Channel, spec: FieldSpec) -> bool:
    """Whether ``channel`` can ever show the field (some choice reveals it)."""
    return any(
        field_requirement(spec.key, channel, application_type, kind) is not Requirement.HIDDEN
        for application_type in (None, *ApplicationType)
        for kind in (None, *ApplicantKind)
    )


class FormRules:
    """The rules of one form's channel over its rows. ``today`` gives the date the legal
    deadline is counted from."""

    def __init__(self, channel: Channel, parts: FormParts, today: Callable[[], date]) -> None:
        self._channel = channel
        self._parts = parts
        self._today = today

    def _choice(self, key: str) -> str:
        return self._parts.rows[key].editor.value()

    def application_type(self) -> ApplicationType | None:
        value = self._choice("application_type")
        return ApplicationType(value) if value else None

    def requirement(self, key: str) -> Requirement:
        """The rules for this field with the choices made so far."""
        kind = self._choice("applicant_kind")
        return field_requirement(key, self._channel, self.application_type(),
                                 ApplicantKind(kind) if kind else None)

    def apply(self) -> bool:
        """Show, hide and re-mark every row for the choices made so far; True when a row
        appeared or went (the tab order must follow)."""
        rows = self._parts.rows
        changed = False
        for key, row in rows.items():
            visible = self.requirement(key) is not Requirement.HIDDEN
            changed = changed or visible != row.visible
            row.visible = visible
            row.editor.widget.setVisible(visible)
            for extra in row.extras:
                extra.setVisible(visible)
            if not visible:
                row.set_error("")
        for row in rows.values():
            siblings = [r for r in rows.values() if r.line is row.line]
            if row.spec.kind is not FieldKind.TEXT:
                row.line.setVisible(any(r.visible for r in siblings))
            named = [r for r in siblings if r.label is row.label]
            if row.label is not None and row is named[0]:
                row.label.setText(self._label_text(named))
        for section, box in self._parts.sections.items():
            box.setVisible(any(r.visible for r in rows.values() if r.spec.section is section))
        if self._parts.five_w is not None:
            chosen = self.application_type()
            self._parts.five_w.setVisible(chosen in IDENTITY_HIDING_TYPES)
        return changed

    def _label_text(self, siblings: list[FieldRow]) -> str:
        """The row's label with `*` when any field of the row is required right now."""
        first = siblings[0].spec
        if first.kind is FieldKind.CHECK:
            return ""
        required = any(self.requirement(r.key) is Requirement.REQUIRED for r in siblings)
        return f"{first.label}{' *' if required else ''}:"

    def show_deadline(self) -> None:
        label = self._parts.deadline
        if label is None:
            return
        chosen = self.application_type()
        if chosen is None:
            label.setText(_("Yasal süre: başvuru türü seçilince gösterilir."))
            return
        deadline = legal_deadline(chosen, self._today())
        label.setText(_("Yasal süre: {description} — son gün {due}").format(
            description=deadline.description, due=format_date(deadline.due)))
