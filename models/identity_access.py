"""What anyone may see of an applicant's identity: the one rule, for the desk and the centre.

The deck (slide 33, "Başvuran bilgilerini gizle") and REQUIREMENTS.md ("Identity display and
audit") give it:

- **Hidden** (the citizen asked, or staff hid it on an İhbar/Şikayet: ``hide_identity``)
  shows "Gizlenmiş" to everyone *except the one who hid it* — the clerk who saved the
  application with the box ticked (its ``created_by``). Whatever the role: a Yönetici or a
  Genel Koordinatör does not see it either. The one who hid it sees it masked, like any
  other, and may reveal it.
- Otherwise identity shows **masked** with stars (``A*** Y****``, ``100******46``) in lists,
  the case detail and the history; a role in :data:`REVEAL_ROLES` may reveal it for one
  case, and every reveal is audited (who, when, which case, which field) by the service
  that reveals (``services/case_detail.py``, ``services/printouts.py``).

The desk asks :func:`identity_level` with a :class:`Viewer` (the logged-in clerk and roles,
``Desk.viewer()``); the central service asks :func:`identity_access` with an
:class:`~models.roles.Actor` and the case's :class:`~models.roles.CaseScope`, and
:func:`sees_hidden` for the history list. Both come down to :func:`sees_hidden` and
:func:`may_reveal` below. Qt-free, storage-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.roles import Actor, CaseScope, Role

REVEAL_ROLES = frozenset(Role)
"""The roles that may reveal a masked identity (each reveal audited): every role that reads
applications. A desk with no clerk logged in (no role) reveals nothing."""


class IdentityLevel(StrEnum):
    HIDDEN = "hidden"  # "Gizlenmiş": only the one who hid it may see it
    MASKED = "masked"  # stars; may be revealed, audited
    FULL = "full"  # as written (after a recorded reveal)


class IdentityAccess(StrEnum):
    """What the central service sends of an applicant."""

    HIDDEN = "hidden"  # "Gizlenmiş": nothing of the applicant leaves the service
    MASKED = "masked"  # the fields come; screens show them with stars until a recorded reveal


@dataclass(frozen=True)
class Viewer:
    """Who is looking at the desk: the logged-in clerk's username and roles."""

    user: str
    roles: frozenset[Role] = frozenset()


def sees_hidden(user: str, hidden_by: str) -> bool:
    """Whether ``user`` is the one who hid an identity (nobody else ever sees it)."""
    return bool(user) and user.strip() == hidden_by.strip()


def may_reveal(viewer: Viewer, *, hidden: bool, hidden_by: str = "") -> bool:
    """Whether ``viewer`` may reveal this applicant's identity (each reveal is audited)."""
    if hidden and not sees_hidden(viewer.user, hidden_by):
        return False
    return bool(viewer.roles & REVEAL_ROLES)


def identity_level(viewer: Viewer, *, hidden: bool, hidden_by: str = "",
                   revealed: bool = False) -> IdentityLevel:
    """How ``viewer`` sees an applicant: a hidden one as "Gizlenmiş" unless they hid it;
    otherwise masked, unless ``revealed`` (a reveal the caller audits) and allowed."""
    if hidden and not sees_hidden(viewer.user, hidden_by):
        return IdentityLevel.HIDDEN
    if revealed and may_reveal(viewer, hidden=hidden, hidden_by=hidden_by):
        return IdentityLevel.FULL
    return IdentityLevel.MASKED


def identity_access(actor: Actor, case: CaseScope) -> IdentityAccess:
    """The central service's side of the same rule."""
    if case.hide_identity and not sees_hidden(actor.username, case.hidden_by):
        return IdentityAccess.HIDDEN
    return IdentityAccess.MASKED

