"""What a clerk may see of an applicant's identity: the one place that decides.

Every screen, export and command that shows identity outside the intake form asks
:func:`identity_level` (the case detail, the lists, the CSV export, ``bimer-desktop
search``). Today every clerk sees identity masked with stars (``A*** Y****``,
``100******46``) and a hidden one (the citizen asked: ``hide_identity``) as "Gizlenmiş";
revealing a masked identity for one case is allowed to every clerk and audited
(REQUIREMENTS.md, "Identity display and audit").

Users and roles (issue 12) plug in here: a :class:`Viewer` will carry the role from the
login, and the rules below are where a role that may see identity unmasked — or may not
reveal it — is decided. Nobody, whatever the role, sees a hidden identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IdentityLevel(StrEnum):
    HIDDEN = "hidden"  # "Gizlenmiş": nobody may see it
    MASKED = "masked"  # stars; may be revealed, audited
    FULL = "full"  # as written


@dataclass(frozen=True)
class Viewer:
    """Who is looking. ``role`` is None until logins exist (issue 12)."""

    user: str
    role: str | None = None


def identity_level(viewer: Viewer, *, hidden: bool, revealed: bool = False) -> IdentityLevel:
    """How ``viewer`` sees an applicant: hidden ones never, others masked unless revealed
    (a reveal the caller has checked with :func:`may_reveal` and audited)."""
    if hidden:
        return IdentityLevel.HIDDEN
    if revealed and may_reveal(viewer, hidden=hidden):
        return IdentityLevel.FULL
    return IdentityLevel.MASKED


def may_reveal(viewer: Viewer, *, hidden: bool) -> bool:
    """Whether ``viewer`` may reveal a masked identity (each reveal is audited)."""
    del viewer  # every clerk, until roles exist
    return not hidden
