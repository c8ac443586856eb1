"""Who may do what, and see what: the one place the central service and the desk ask.

The roles are the deck's (slides 61-64). What each may do is a ``Permission`` per route of
the central service (``ROLE_PERMISSIONS``, the table in docs/security.md, which a test holds
equal to this one); what each may *see* is decided here too, so that every screen and
every answer uses the same rule:

- ``read_scope`` — which applications: a Kullanıcı those of the station it is logged in at,
  a Koordinatör and a Cevap-Onay Yetkilisi those of its unit and the units below it, a Genel
  Koordinatör and a Yönetici all of them (``may_read``).
- how much of an applicant anyone sees is decided in ``models/identity_access.py`` (the
  one rule for hidden and masked identity, for the desk and the centre alike).

Qt-free and storage-free: plain values in, a decision out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from models.i18n import N_, _


class Role(StrEnum):
    MANAGER = "yonetici"  # Yönetici
    APPROVER = "cevap_onay"  # Cevap-Onay Yetkilisi
    GENERAL_COORDINATOR = "genel_koordinator"  # Genel Koordinatör
    COORDINATOR = "koordinator"  # Koordinatör
    CLERK = "kullanici"  # Kullanıcı

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> Role | None:
        """A role from its key (``kullanici``) or its Turkish name in any case."""
        wanted = text.strip().casefold()
        for role in cls:
            if wanted in (role.value, _ROLE_LABELS[role].casefold()):
                return role
        return None


_ROLE_LABELS = {
    Role.MANAGER: N_("Yönetici"),
    Role.APPROVER: N_("Cevap-Onay Yetkilisi"),
    Role.GENERAL_COORDINATOR: N_("Genel Koordinatör"),
    Role.COORDINATOR: N_("Koordinatör"),
    Role.CLERK: N_("Kullanıcı"),
}


class Permission(StrEnum):
    """What a route of the central service asks of the clerk's roles."""

    OWN_SESSION = "own_session"  # who am I, change my password, log out
    REFERENCE = "reference"  # subjects and institutions
    INTAKE = "intake"  # submit applications, upload their attachments, reserve numbers
    READ_APPLICATIONS = "read_applications"  # an application, its attachments (scoped)
    HISTORY = "history"  # an applicant's earlier applications (evveliyat)
    AUDIT_TRAIL = "audit_trail"  # the desk's audit events, anchored at the centre
    FORWARD = "forward"  # forward an application (sevk) and tell its do-not-send list


ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.MANAGER: frozenset({Permission.OWN_SESSION, Permission.REFERENCE,
                             Permission.READ_APPLICATIONS, Permission.HISTORY,
                             Permission.AUDIT_TRAIL}),
    Role.APPROVER: frozenset({Permission.OWN_SESSION, Permission.REFERENCE,
                              Permission.READ_APPLICATIONS, Permission.HISTORY,
                              Permission.AUDIT_TRAIL}),
    Role.GENERAL_COORDINATOR: frozenset(Permission),
    Role.COORDINATOR: frozenset(Permission),
    Role.CLERK: frozenset(Permission),
}
# Intake is the counter's work (Kullanıcı) and its coordinators'; Yönetici and Cevap-Onay
# Yetkilisi read and approve, they do not take applications.


# Who is superior to whom, for lifting a do-not-send entry (gönderilmeyecek kurum): only the
# clerk who set it, or someone whose highest role ranks above the setter's highest role.
_ROLE_RANK = {
    Role.CLERK: 0,
    Role.COORDINATOR: 1,
    Role.APPROVER: 1,
    Role.GENERAL_COORDINATOR: 2,
    Role.MANAGER: 3,
}


def role_rank(roles: Iterable[Role | str]) -> int:
    """The rank of the highest of ``roles`` (unknown role names count as a clerk's)."""
    ranks = [_ROLE_RANK.get(Role(role), 0) if role in set(Role) else 0 for role in roles]
    return max(ranks, default=0)


def may_lift_do_not_send(username: str, roles: Iterable[Role | str], *, set_by: str,
                         set_by_rank: int) -> bool:
    return username == set_by or role_rank(roles) > set_by_rank


class ReadScope(StrEnum):
    STATION = "station"  # the station the clerk is logged in at
    UNIT = "unit"  # the clerk's unit and every unit below it
    ALL = "all"


_SCOPES = {
    Role.MANAGER: ReadScope.ALL,
    Role.GENERAL_COORDINATOR: ReadScope.ALL,
    Role.APPROVER: ReadScope.UNIT,
    Role.COORDINATOR: ReadScope.UNIT,
    Role.CLERK: ReadScope.STATION,
}
_SCOPE_ORDER = (ReadScope.STATION, ReadScope.UNIT, ReadScope.ALL)

IDENTITY_FIELDS = (
    "tckn", "first_name", "last_name", "mother_maiden_first", "mother_maiden_last",
    "education_level", "mobile_phone", "email", "address", "contact_address",
    "sender_as_written", "fax_number", "organization_title", "organization_tax_number",
)
"""The application's fields that say who the applicant is (``models/application_form.py``);
blanked out of an application whose identity is hidden for whoever may not see it."""


@dataclass(frozen=True)
class Actor:
    """A logged-in clerk as a decision sees them: roles, unit, the desk's station, and
    the username (the one who hid an identity sees it: ``models/identity_access.py``)."""

    roles: frozenset[Role]
    unit: str
    station_code: str
    username: str = ""

    def may(self, permission: Permission) -> bool:
        return any(permission in ROLE_PERMISSIONS[role] for role in self.roles)

    @property
    def read_scope(self) -> ReadScope:
        """The widest scope any of the roles gives."""
        scopes = [_SCOPES[role] for role in self.roles] or [ReadScope.STATION]
        return max(scopes, key=_SCOPE_ORDER.index)


@dataclass(frozen=True)
class CaseScope:
    """Where an application belongs: the station that took it and that station's unit
    (empty when the station is not registered, as for applications sent before stations
    were)."""

    station_code: str
    unit: str
    hide_identity: bool
    hidden_by: str = ""  # the clerk who saved it with the identity hidden


UnitsBelow = Callable[[str], Iterable[str]]
"""``units_below(unit)``: the unit's own code and every code under it in the institution
tree (the service reads them from its reference data)."""


def may_read(actor: Actor, case: CaseScope, units_below: UnitsBelow) -> bool:
    """Whether ``actor`` may read this application at all (its number, type, text...)."""
    if not actor.may(Permission.READ_APPLICATIONS):
        return False
    scope = actor.read_scope
    if scope is ReadScope.ALL:
        return True
    if scope is ReadScope.UNIT:
        return bool(case.unit) and case.unit in set(units_below(actor.unit))
    return case.station_code == actor.station_code


def without_identity(application: Mapping[str, str]) -> dict[str, str]:
    """The application with every field that identifies its applicant emptied."""
    return {key: ("" if key in IDENTITY_FIELDS else value) for key, value in application.items()}


def may_log_in_at(actor_roles: Iterable[Role], user_unit: str, station_unit: str,
                  units_below: UnitsBelow) -> bool:
    """A clerk logs in at the desks of their own unit and the units below it; roles that
    read everything (Genel Koordinatör, Yönetici) at any desk."""
    roles = frozenset(actor_roles)
    if any(_SCOPES[role] is ReadScope.ALL for role in roles):
        return True
    return station_unit in set(units_below(user_unit))


def parse_roles(text: str) -> tuple[frozenset[Role], list[str]]:
    """Roles from a comma-separated list; also the parts that are no role."""
    roles: set[Role] = set()
    unknown: list[str] = []
    for part in text.split(","):
        if not part.strip():
            continue
        role = Role.parse(part)
        if role is None:
            unknown.append(part.strip())
        else:
            roles.add(role)
    return frozenset(roles), unknown


def roles_text(roles: Iterable[Role]) -> str:
    """The stored form: keys, comma-separated, in the table's order."""
    chosen = set(roles)
    return ",".join(role.value for role in Role if role in chosen)
