"""Why the central service refused a request (401, 403, 429), as it says in ``reason``.

The service words the ``detail`` in Turkish for a person; the desk acts on the reason: a
session that ended asks for login and pauses the outbox, a revoked desk says so and keeps
every unsent application, a refusal of one application quarantines only that one.
"""

from __future__ import annotations

from enum import StrEnum


class AuthReason(StrEnum):
    CREDENTIALS_MISSING = "credentials_missing"  # no desk credential at all
    DESK_UNKNOWN = "desk_unknown"  # a desk credential the service does not know
    DESK_REVOKED = "desk_revoked"  # the coordinator revoked this desk (a replaced PC)
    LOGIN_REQUIRED = "login_required"  # no session token
    SESSION_ENDED = "session_ended"  # expired, logged out, user disabled, or unknown
    SESSION_OTHER_DESK = "session_other_desk"  # a token issued at another desk
    PASSWORD_CHANGE_REQUIRED = "password_change_required"  # a temporary password's session
    FORBIDDEN = "forbidden"  # the clerk's roles do not allow this route, or this case
    STATION_MISMATCH = "station_mismatch"  # a desk posting in another station's name
    CLERK_MISMATCH = "clerk_mismatch"  # an application stamped with a clerk not of this desk
    LOGIN_REFUSED = "login_refused"  # wrong ID number or password
    LOCKED = "locked"  # too many failures: the account or the address waits until a time
    ENROLLMENT_REFUSED = "enrollment_refused"  # a bad, used or expired code, a taken station
    RATE_LIMITED = "rate_limited"  # too many requests of one kind; Retry-After says when
    # 409: the station number is another application's at the centre (a reissued number).
    STATION_NUMBER_REISSUED = "station_number_reissued"
    # Never sent by the service: the desk's own reason to stop sending, when the answers
    # come from a central database other than the one it recorded (services/central_identity).
    CENTRAL_CHANGED = "central_changed"

    @property
    def desk_is_out(self) -> bool:
        """The desk itself may not call any more: only the coordinator can help."""
        return self in (AuthReason.DESK_UNKNOWN, AuthReason.DESK_REVOKED,
                        AuthReason.CREDENTIALS_MISSING)

    @property
    def needs_login(self) -> bool:
        return self in (AuthReason.LOGIN_REQUIRED, AuthReason.SESSION_ENDED,
                        AuthReason.SESSION_OTHER_DESK, AuthReason.PASSWORD_CHANGE_REQUIRED)

    @property
    def about_one_application(self) -> bool:
        """The refusal is about what one application carries, not about who sends it."""
        return self in (AuthReason.STATION_MISMATCH, AuthReason.CLERK_MISMATCH,
                        AuthReason.STATION_NUMBER_REISSUED)


def parse_reason(value: object) -> AuthReason | None:
    try:
        return AuthReason(str(value))
    except ValueError:
        return None
