"""What the coordinator's side (``Accounts``) and the login side (``Logins``) both stand on:
the database, the clock, the institution tree, the SMS gateway and the password policy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bimer_central.credentials import AuthPolicy
from bimer_central.sms import SmsGateway


class AccountService:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 units_below: Callable[[str], frozenset[str]], sms: SmsGateway,
                 policy: AuthPolicy | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._units_below = units_below
        self._sms = sms
        self.policy = policy or AuthPolicy()
