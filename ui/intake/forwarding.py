"""Kaydet ve Sevk Et: the forward dialog over a form that passed its checks, and what the
clerk is told after the save. The form writes the application with the forward the dialog
decided, in one transaction (services/intake.py); Vazgeç saves nothing."""

from __future__ import annotations

from bimer_desktop.app import Desk
from models.application_form import ApplicationForm, ValidApplication, field_label
from models.forwards import DO_NOT_SEND_TYPES
from models.i18n import _, format_date, ngettext
from services.intake import SaveOutcome
from ui.forwarding import CasePreview, ForwardChoice


def form_preview(valid: ValidApplication, subject_name: str, heading: str) -> CasePreview:
    """The case as the dialog previews it: type, channel, subject, dates and its text (no
    identity: the forward never carries it)."""
    lines = [(field_label("application_type"), valid.application_type.label),
             (field_label("channel"), valid.channel.label),
             (field_label("subject_code"), subject_name),
             (field_label("urgency"), valid.urgency.label)]
    for key in ("paper_date", "received_date"):
        value = getattr(valid, key)
        if value is not None:
            lines.append((field_label(key), format_date(value)))
    return CasePreview(heading, tuple(lines), valid.text, valid.subject_code,
                       valid.sub_subject_code, valid.urgency,
                       valid.application_type in DO_NOT_SEND_TYPES)


def forwarded_notice(choice: ForwardChoice) -> str:
    count = len(choice.forward.targets)
    return ngettext("Sevk kaydedildi ({count} birim); başvuru merkeze ulaşınca gönderilecek.",
                    "Sevk kaydedildi ({count} birim); başvuru merkeze ulaşınca gönderilecek.",
                    count).format(count=count)


def intake_preview(desk: Desk, valid: ValidApplication) -> CasePreview:
    """The preview of a form about to be saved (it has no number yet)."""
    return form_preview(valid, desk.reference.subjects.subject_name(valid.subject_code),
                        _("Yeni başvuru (sayısı kaydedilince verilir)"))


def save_with_forward(desk: Desk, form: ApplicationForm, user: str, draft_id: int | None,
                      choice: ForwardChoice | None) -> SaveOutcome:
    """The save of "Kaydet" (``choice`` None) or "Kaydet ve Sevk Et": one transaction
    (services/intake.py). Runs on a worker thread."""
    if choice is None:
        return desk.intake.save(form, user, draft_id=draft_id)
    clerk = desk.clerk
    return desk.intake.save(form, user, draft_id=draft_id, forward=choice.forward,
                            do_not_send=choice.do_not_send,
                            roles=[role.value for role in clerk.roles] if clerk else [])
