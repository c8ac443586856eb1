"""The clerk at this desk: login (at the central service, or offline from a verifier kept
here), a new password, "Şifremi unuttum", logout, and the audit events of each.

An online login keeps, for that clerk, a salted slow verifier of the password (argon2id —
never the password itself) and the ID number as an HMAC under a key of this desk; for
``offline_login_days`` after it, the same clerk may log in here while the central service
cannot be reached. An offline session has no token: nothing is sent until the clerk logs in
again online (the outbox waits, and says so). Headless commands log in the same way, or
reuse the token of the last login at this desk (``CredentialStore``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from models.auth_reasons import AuthReason
from models.database import Database
from models.entities import ClerkLogin
from models.i18n import _, format_datetime
from models.passwords import password_problem
from models.roles import Role, parse_roles, roles_text
from models.tckn import tckn_error
from services.audit import record_event
from services.central_client import AuthAnswer, CentralClient, DeskAuth
from services.clock import Clock
from services.credentials import CredentialStore, SavedSession

log = logging.getLogger("bimer.auth")

OFFLINE_FAILURES = 5
OFFLINE_LOCKOUT = timedelta(minutes=15)
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class Clerk:
    username: str
    name: str
    roles: tuple[Role, ...]
    unit: str

    @property
    def roles_label(self) -> str:
        return ", ".join(role.label for role in self.roles)


@dataclass(frozen=True)
class ClerkSession:
    clerk: Clerk
    online: bool  # logged in at the central service (has a token); False: offline login
    must_change_password: bool = False
    expires_at: datetime | None = None


class LoginStatus(StrEnum):
    OK = "ok"
    NEW_PASSWORD = "new_password"  # a temporary password: choose a new one first
    REFUSED = "refused"  # wrong ID number or password, a disabled account, another unit
    LOCKED = "locked"  # too many failures: ``message`` says until when
    DESK_OUT = "desk_out"  # this desk's enrollment is revoked or unknown
    UNAVAILABLE = "unavailable"  # the centre cannot be reached and no offline login here


@dataclass(frozen=True)
class LoginOutcome:
    status: LoginStatus
    message: str = ""
    session: ClerkSession | None = None
    field: str = ""  # "tckn" or "password" when the message belongs at a field


class AuthService:
    def __init__(self, db: Database, client: Callable[[], CentralClient], auth: DeskAuth,
                 store: CredentialStore, clock: Clock, station_code: str,
                 offline_days: int) -> None:
        self._db = db
        self._client = client
        self._auth = auth
        self._store = store
        self._clock = clock
        self._station = station_code
        self._offline_days = offline_days
        self._lock = threading.Lock()
        self._current: ClerkSession | None = None
        self.listeners: list[Callable[[ClerkSession | None], None]] = []

    @property
    def current(self) -> ClerkSession | None:
        with self._lock:
            return self._current

    def sign_in(self, session: ClerkSession | None, token: str | None = None) -> None:
        """Make ``session`` the desk's clerk (None: nobody); its token goes on requests."""
        with self._lock:
            self._current = session
        self._auth.set_token(token if session is not None and session.online else None)
        for listener in list(self.listeners):
            listener(session)

    # ----- login --------------------------------------------------------------------------

    def login(self, tckn: str, password: str, *, save_token: bool = True) -> LoginOutcome:
        """Log in at the central service; when it cannot be reached, offline from this
        desk's verifier. A network call: a worker thread only."""
        tckn = tckn.strip()
        problem = tckn_error(tckn)
        if problem:
            return LoginOutcome(LoginStatus.REFUSED, problem, field="tckn")
        if not password:
            return LoginOutcome(LoginStatus.REFUSED, _("Şifrenizi yazın."), field="password")
        answer = self._client().login(tckn, password)
        if answer.reachable:
            return self._online(tckn, password, answer, save_token)
        return self._offline(tckn, password, answer.message)

    def _online(self, tckn: str, password: str, answer: AuthAnswer,
                save_token: bool) -> LoginOutcome:
        if not answer.ok or answer.body is None:
            status = LoginStatus.REFUSED
            if answer.reason is AuthReason.LOCKED:
                status = LoginStatus.LOCKED
            elif answer.reason is not None and answer.reason.desk_is_out:
                status = LoginStatus.DESK_OUT
            self._audit("", "login.locked" if status is LoginStatus.LOCKED else "login.failed",
                        answer.reason.value if answer.reason else str(answer.status))
            message = answer.message
            if answer.reason is AuthReason.LOGIN_REFUSED:
                # The desk's own words, in the desk's language (the service speaks Turkish).
                message = _("T.C. Kimlik No ya da şifre hatalı.")
            return LoginOutcome(status, message,
                                field="password" if status is LoginStatus.REFUSED else "")
        body = answer.body
        clerk = _clerk_from(body)
        if clerk is None:
            return LoginOutcome(LoginStatus.UNAVAILABLE,
                                _("Merkezin cevabı eksik ya da bozuk geldi."))
        token = str(body.get("token", ""))
        expires = _moment(body.get("expires_at"))
        must_change = bool(body.get("password_change_required"))
        session = ClerkSession(clerk, True, must_change, expires)
        self.sign_in(session, token)
        if must_change:
            self._audit(clerk.username, "login", "temporary password")
            return LoginOutcome(LoginStatus.NEW_PASSWORD,
                                _("Geçici şifreyle giriş yaptınız; yeni şifrenizi belirleyin."),
                                session)
        self._remember(tckn, password, clerk)
        if save_token:
            self._store.save_session(SavedSession(self._client().base_url, token,
                                                  clerk.username, str(body.get("expires_at"))))
        self._audit(clerk.username, "login", "online")
        return LoginOutcome(LoginStatus.OK, "", session)

    def _offline(self, tckn: str, password: str, unreachable: str) -> LoginOutcome:
        now = self._clock()
        with self._db.sessions.begin() as db:
            row = db.scalars(select(ClerkLogin).where(
                ClerkLogin.tckn_hmac == self._tckn_hmac(tckn))).one_or_none()
            if row is None or self._offline_days <= 0:
                return LoginOutcome(LoginStatus.UNAVAILABLE, _(
                    "Merkeze ulaşılamıyor ({reason}) ve bu masada daha önce giriş "
                    "yapmadığınız için çevrimdışı giriş yapılamaz.").format(reason=unreachable))
            if row.verified_at + timedelta(days=self._offline_days) < now:
                return LoginOutcome(LoginStatus.UNAVAILABLE, _(
                    "Merkeze ulaşılamıyor; bu masadaki son girişinizin üzerinden {days} günden "
                    "fazla geçtiği için çevrimdışı giriş yapılamaz. Merkez bağlantısı gelince "
                    "giriş yapın.").format(days=self._offline_days))
            if row.locked_until is not None and row.locked_until > now:
                return LoginOutcome(LoginStatus.LOCKED, _(
                    "Çok sayıda hatalı deneme: {time} saatine kadar çevrimdışı giriş "
                    "yapılamaz.").format(time=format_datetime(row.locked_until)))
            if not _verify(row.verifier, password):
                row.failures += 1
                if row.failures >= OFFLINE_FAILURES:
                    row.locked_until = now + OFFLINE_LOCKOUT
                    row.failures = 0
                record_event(db, at=now, user=row.username, station_code=self._station,
                             action="login.failed", application_id=None, detail="offline")
                return LoginOutcome(LoginStatus.REFUSED, _("T.C. Kimlik No ya da şifre hatalı."),
                                    field="password")
            row.failures = 0
            row.locked_until = None
            clerk = _clerk_of_row(row)
            record_event(db, at=now, user=row.username, station_code=self._station,
                         action="login.offline", application_id=None)
        session = ClerkSession(clerk, False)
        self.sign_in(session)
        return LoginOutcome(LoginStatus.OK, _("Merkeze ulaşılamıyor: çevrimdışı giriş yapıldı. "
                                              "Başvurular masada bekler; merkez bağlantısı "
                                              "gelince göndermek için yeniden giriş yapın."),
                            session)

    def change_password(self, tckn: str, current: str, new: str) -> LoginOutcome:
        """The logged-in clerk's new password (after a temporary one, or by choice)."""
        session = self.current
        if session is None or not session.online:
            return LoginOutcome(LoginStatus.REFUSED, _("Önce merkeze giriş yapın."))
        problem = password_problem(new, tckn=tckn, name=session.clerk.name)
        if problem:
            return LoginOutcome(LoginStatus.REFUSED, problem, field="new_password")
        answer = self._client().change_password(current, new)
        if not answer.ok or answer.body is None:
            status = LoginStatus.REFUSED if answer.reachable else LoginStatus.UNAVAILABLE
            return LoginOutcome(status, answer.message, field="new_password")
        changed = ClerkSession(session.clerk, True, False, _moment(answer.body.get("expires_at")))
        self.sign_in(changed, self._auth.token)
        self._remember(tckn, new, session.clerk)
        token = self._auth.token
        if token:
            self._store.save_session(SavedSession(self._client().base_url, token,
                                                  session.clerk.username,
                                                  str(answer.body.get("expires_at"))))
        self._audit(session.clerk.username, "password.changed")
        return LoginOutcome(LoginStatus.OK, _("Yeni şifreniz kaydedildi."), changed)

    def forgot_password(self, tckn: str) -> LoginOutcome:
        problem = tckn_error(tckn.strip())
        if problem:
            return LoginOutcome(LoginStatus.REFUSED, problem, field="tckn")
        answer = self._client().forgot_password(tckn.strip())
        self._audit("", "password.reset_asked")
        if answer.ok and answer.body is not None:
            return LoginOutcome(LoginStatus.OK, str(answer.body.get("detail", "")))
        status = LoginStatus.UNAVAILABLE if not answer.reachable else LoginStatus.REFUSED
        return LoginOutcome(status, answer.message)

    def resume_saved(self) -> ClerkSession | None:
        """The last login at this desk, if its token still works (headless commands); while
        the centre cannot be reached, its clerk offline (``_resume_offline``)."""
        saved = self._store.session()
        if saved is None or saved.central_url.rstrip("/") != self._client().base_url:
            return None
        self._auth.set_token(saved.token)
        answer = self._client().current_session()
        if not answer.reachable:
            return self._resume_offline(saved)
        clerk = _clerk_from(answer.body) if answer.ok and answer.body else None
        if clerk is None or (answer.body or {}).get("password_change_required"):
            self._auth.set_token(None)
            return None
        session = ClerkSession(clerk, True, False, _moment((answer.body or {}).get(
            "expires_at")))
        self.sign_in(session, saved.token)
        return session

    def _resume_offline(self, saved: SavedSession) -> ClerkSession | None:
        """The centre cannot be reached: the clerk of the saved session works offline, as
        after an offline login, if that clerk logged in online here within
        ``offline_login_days``. No token goes on requests (nothing is sent) until the
        centre answers again; the saved token stays for the next command."""
        self._auth.set_token(None)
        if self._offline_days <= 0:
            return None
        with self._db.sessions() as db:
            row = db.get(ClerkLogin, saved.username)
            if row is None or row.verified_at + timedelta(days=self._offline_days) < self._clock():
                return None
            clerk = _clerk_of_row(row)
        session = ClerkSession(clerk, False)
        self.sign_in(session)
        self._audit(clerk.username, "login.offline", "saved session")
        return session

    def logout(self) -> None:
        """End the session at the centre (if it can be reached) and here."""
        session = self.current
        if session is None:
            return
        if session.online:
            self._client().logout()
            saved = self._store.session()
            if saved is not None and saved.username == session.clerk.username:
                self._store.forget_session()
        self._audit(session.clerk.username, "logout")
        self.sign_in(None)

    def record(self, action: str, detail: str = "") -> None:
        """An audit event of the current clerk (idle lock, unlock, a switch of user)."""
        session = self.current
        self._audit(session.clerk.username if session else "", action, detail)

    def verify_current(self, password: str) -> bool:
        """Unlocking the desk: the current clerk's password against this desk's verifier
        (no network: a locked desk may be offline)."""
        session = self.current
        if session is None:
            return False
        with self._db.sessions() as db:
            row = db.get(ClerkLogin, session.clerk.username)
            return row is not None and _verify(row.verifier, password)

    # ----- helpers ------------------------------------------------------------------------

    def _remember(self, tckn: str, password: str, clerk: Clerk) -> None:
        verifier = _HASHER.hash(password)
        now = self._clock()
        with self._db.sessions.begin() as db:
            row = db.get(ClerkLogin, clerk.username)
            digest = self._tckn_hmac(tckn)
            other = db.scalars(select(ClerkLogin).where(ClerkLogin.tckn_hmac == digest,
                                                        ClerkLogin.username != clerk.username)
                               ).one_or_none()
            if other is not None:
                db.delete(other)  # the number moved to another username at the centre
                db.flush()
            if row is None:
                row = ClerkLogin(username=clerk.username, failures=0)
                db.add(row)
            row.tckn_hmac = digest
            row.name = clerk.name
            row.roles = roles_text(clerk.roles)
            row.unit = clerk.unit
            row.verifier = verifier
            row.verified_at = now
            row.failures = 0
            row.locked_until = None

    def _tckn_hmac(self, tckn: str) -> str:
        return hmac.new(self._store.offline_key(), tckn.encode("ascii"),
                        hashlib.sha256).hexdigest()

    def _audit(self, user: str, action: str, detail: str = "") -> None:
        with self._db.sessions.begin() as db:
            record_event(db, at=self._clock(), user=user, station_code=self._station,
                         action=action, application_id=None, detail=detail)


def _verify(verifier: str, password: str) -> bool:
    try:
        return _HASHER.verify(verifier, password)
    except (VerificationError, InvalidHashError):
        return False


def _clerk_from(body: dict[str, object] | None) -> Clerk | None:
    if not body:
        return None
    username, name, unit = body.get("username"), body.get("name"), body.get("unit")
    roles = body.get("roles")
    if not (isinstance(username, str) and username and isinstance(name, str)
            and isinstance(unit, str) and isinstance(roles, list)):
        return None
    parsed, _unknown = parse_roles(",".join(str(r) for r in roles))
    return Clerk(username, name, tuple(role for role in Role if role in parsed), unit)


def _clerk_of_row(row: ClerkLogin) -> Clerk:
    parsed, _unknown = parse_roles(row.roles)
    return Clerk(row.username, row.name, tuple(role for role in Role if role in parsed),
                 row.unit)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
