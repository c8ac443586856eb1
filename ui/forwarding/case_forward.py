"""Sevk et from a case's detail: the forward dialog over a saved case, then the forward,
the do-not-send additions and the lifts asked for, written off the GUI thread
(services/forwards.py). What was refused (a lift by someone who may not, a unit now on
the list) comes back as one message for the detail to show."""

from __future__ import annotations

from collections.abc import Callable

from bimer_desktop.app import Desk
from models.forwards import DO_NOT_SEND_TYPES
from models.i18n import _, format_date
from services.case_detail import CaseDetail
from ui.forwarding.forward_dialog import CasePreview, ForwardChoice


def detail_preview(detail: CaseDetail) -> CasePreview:
    row = detail.row
    numbers = row.station_number + (f" · {row.central_number}" if row.central_number else "")
    lines = ((_("Başvuru türü"), row.application_type.label),
             (_("Başvuru yolu"), row.channel.label), (_("Konu"), row.subject_label),
             (_("Aciliyet"), row.urgency.label),
             (_("Geliş"), format_date(row.received_on)),
             (_("Son gün"), format_date(row.due)))
    return CasePreview(numbers, lines, detail.text, row.subject_code, row.sub_subject_code,
                       row.urgency, row.application_type in DO_NOT_SEND_TYPES,
                       tuple((entry.id, entry.unit) for entry in detail.do_not_send
                             if entry.active))


def forward_saved_case(desk: Desk, application_id: int, choice: ForwardChoice
                       ) -> Callable[[], str]:
    """The work of a mutation: lifts, additions, then the forward; returns what the clerk
    reads (what was saved, and what was refused)."""
    clerk = desk.clerk
    user = desk.config.user
    roles = [role.value for role in clerk.roles] if clerk else []

    def work() -> str:
        said = [problem for entry_id in choice.lift
                if (problem := desk.forwards.lift_do_not_send(entry_id, user, roles))]
        if choice.do_not_send:
            problem = desk.forwards.set_do_not_send(application_id, choice.do_not_send,
                                                    user, roles)
            if problem:
                said.append(problem)
        outcome = desk.forwards.add(application_id, choice.forward, user)
        if outcome.ok:
            said.insert(0, _("Sevk kaydedildi; başvuru merkezdeyse bir sonraki eşitlemede "
                             "gönderilir."))
        else:
            said.insert(0, _("Sevk kaydedilmedi: {reason}").format(
                reason=" ".join(outcome.errors.values())))
        return " ".join(said)

    return work
