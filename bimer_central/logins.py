"""Who is calling: a desk's enrollment, a desk's credential on every request, a clerk's
login (with lock-out), session tokens, a new password, "Şifremi unuttum".

Every answer a person will read is Turkish; every refusal carries an ``AuthReason`` the
desk acts on (models/auth_reasons.py). Audit events record each step (bimer_central/audit.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bimer_central.account_service import AccountService
from bimer_central.audit import audit
from bimer_central.credentials import (
    digest,
    hash_password,
    new_key_id,
    new_temporary_password,
    new_token,
    normalize_enrollment_code,
    same_digest,
    split_desk_credential,
    verify_password,
)
from bimer_central.db import Desk, EnrollmentCode, LoginFailure, LoginSession, Station, User
from models.auth_reasons import AuthReason
from models.passwords import password_problem
from models.roles import Actor, Role, may_log_in_at, parse_roles
from models.tckn import is_valid_tckn
from models.turkey_time import TURKEY

WRONG_LOGIN = "T.C. Kimlik No ya da şifre hatalı."


class Refusal(Exception):
    """A request refused: HTTP ``status``, ``reason`` for the desk, ``detail`` for a person."""

    def __init__(self, status: int, reason: AuthReason, detail: str,
                 retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True)
class DeskPrincipal:
    desk_id: int
    key_id: str
    station_code: str
    unit: str


@dataclass(frozen=True)
class ClerkPrincipal:
    session_id: int
    user_id: int
    username: str
    name: str
    roles: frozenset[Role]
    unit: str
    expires_at: datetime
    password_change_only: bool


@dataclass(frozen=True)
class Principal:
    """The credentials a request came with, checked: always a desk, usually a clerk."""

    desk: DeskPrincipal
    clerk: ClerkPrincipal | None = None

    @property
    def actor(self) -> Actor:
        assert self.clerk is not None
        return Actor(self.clerk.roles, self.clerk.unit, self.desk.station_code,
                     self.clerk.username)


@dataclass(frozen=True)
class Enrolled:
    station_code: str
    unit: str
    key_id: str
    secret: str


@dataclass(frozen=True)
class LoggedIn:
    token: str
    clerk: ClerkPrincipal


class Logins(AccountService):
    # ----- desks --------------------------------------------------------------------------

    def enroll(self, code_text: str, machine: str, source: str) -> Enrolled:
        """Bind the station of a one-time code to a new desk credential (returned once)."""
        now = self._clock()
        code = normalize_enrollment_code(code_text)
        with self._sessions.begin() as session:
            self._refuse_locked_source(session, source, now)
            row = session.scalars(select(EnrollmentCode).where(
                EnrollmentCode.code_sha256 == digest(code))).one_or_none()
            station = session.get(Station, row.station_id) if row else None
            problem = None
            if row is None or station is None or row.withdrawn_at is not None:
                problem = ("Kayıt kodu geçersiz. Kodu koordinatörün verdiği kâğıttan harf harf "
                           "kontrol edin.")
            elif row.used_at is not None:
                problem = (f"Bu kayıt kodu daha önce kullanıldı: {station.code} istasyonu "
                           "başka bir masaya kayıtlı. Bu bilgisayar için koordinatörden yeni "
                           "bir istasyon kodu ve kayıt kodu isteyin.")
            elif row.expires_at <= now:
                problem = ("Kayıt kodunun süresi dolmuş. Koordinatörden yeni bir kod isteyin "
                           f"(bimer-central station code {station.code}).")
            elif session.scalars(select(Desk.id).where(
                    Desk.station_id == station.id, Desk.revoked_at.is_(None))).first():
                problem = (f"{station.code} istasyonu başka bir masaya kayıtlı; aynı istasyon "
                           "iki masada kullanılamaz. Koordinatörden bu bilgisayar için ayrı "
                           "bir istasyon kodu isteyin.")
            if problem is not None or row is None or station is None:
                self._failed(session, None, source, now)
                audit(session, now, "enrollment.refused", source=source,
                      station_code=station.code if station else "")
                refusal = Refusal(401 if row is None else 409, AuthReason.ENROLLMENT_REFUSED,
                                  problem or "")
            else:
                row.used_at = now
                key_id = new_key_id()
                secret = new_token()
                session.add(Desk(station_id=station.id, key_id=key_id,
                                 secret_sha256=digest(secret), machine=machine[:100],
                                 enrolled_at=now))
                audit(session, now, "desk.enrolled", station_code=station.code,
                      source=source, detail=f"key={key_id}")
                return Enrolled(station.code, station.unit, key_id, secret)
        raise refusal

    def desk(self, header: str | None) -> DeskPrincipal:
        """The desk a request's ``X-BIMER-Desk`` header names, if its secret is right."""
        if not header:
            raise Refusal(401, AuthReason.CREDENTIALS_MISSING,
                          "Kimlik bilgisi yok: bu servise yalnızca kayıtlı masalar bağlanabilir.")
        parts = split_desk_credential(header)
        with self._sessions() as session:
            found = session.execute(
                select(Desk, Station).join(Station, Station.id == Desk.station_id)
                .where(Desk.key_id == (parts[0] if parts else ""))
            ).one_or_none()
            if parts is None or found is None or not same_digest(parts[1],
                                                                 found[0].secret_sha256):
                raise Refusal(401, AuthReason.DESK_UNKNOWN,
                              "Bu masa merkezde kayıtlı değil ya da kimlik bilgisi bozuk. "
                              "Koordinatörden yeni kayıt kodu isteyin.")
            desk, station = found
            if desk.revoked_at is not None:
                raise Refusal(401, AuthReason.DESK_REVOKED,
                              f"Bu masanın merkez kaydı iptal edildi ({station.code}). "
                              "Gönderilmemiş başvurular masada saklanıyor; koordinatörden "
                              "yeni kayıt kodu isteyin.")
            return DeskPrincipal(desk.id, desk.key_id, station.code, station.unit)

    # ----- sessions -----------------------------------------------------------------------

    def clerk(self, desk: DeskPrincipal, authorization: str | None) -> ClerkPrincipal:
        """The clerk a request's bearer token belongs to, at this desk."""
        scheme, _space, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refusal(401, AuthReason.LOGIN_REQUIRED,
                          "Oturum açılmamış: T.C. Kimlik No ve şifrenizle giriş yapın.")
        now = self._clock()
        with self._sessions() as session:
            found = session.execute(
                select(LoginSession, User).join(User, User.id == LoginSession.user_id)
                .where(LoginSession.token_sha256 == digest(token.strip()))
            ).one_or_none()
            if found is None:
                raise Refusal(401, AuthReason.SESSION_ENDED,
                              "Oturum bulunamadı; yeniden giriş yapın.")
            login, user = found
            if login.desk_id != desk.desk_id:
                raise Refusal(401, AuthReason.SESSION_OTHER_DESK,
                              "Bu oturum başka bir masada açıldı; bu masada giriş yapın.")
            if login.revoked_at is not None or login.expires_at <= now or user.disabled_at:
                raise Refusal(401, AuthReason.SESSION_ENDED,
                              "Oturumunuzun süresi doldu ya da kapatıldı; yeniden giriş yapın.")
            return _clerk(login, user)

    def login(self, desk: DeskPrincipal, tckn: str, password: str, source: str) -> LoggedIn:
        now = self._clock()
        with self._sessions() as session:
            self._refuse_locked_source(session, source, now)
            user = session.scalars(select(User).where(User.tckn == tckn)).one_or_none() \
                if is_valid_tckn(tckn) else None
            if user is not None and user.locked_until and user.locked_until > now:
                raise self._locked(user.locked_until, now)
            chosen = verify_password(user.password_hash if user else None, password)
            temporary = (not chosen and user is not None and user.temporary_expires_at is not None
                         and user.temporary_expires_at > now
                         and verify_password(user.temporary_hash, password))
        with self._sessions.begin() as session:
            if user is not None:
                user = session.get_one(User, user.id)
            if user is None or not (chosen or temporary):
                self._failed(session, user, source, now)
                audit(session, now, "login.failed", username=user.username if user else "",
                      station_code=desk.station_code, source=source)
                if user is not None and self._user_failures(session, user, now) >= \
                        self.policy.user_failures:
                    user.locked_until = now + self.policy.lockout
                    audit(session, now, "login.locked_out", username=user.username,
                          station_code=desk.station_code, source=source)
                    refusal = self._locked(user.locked_until, now)
                else:
                    refusal = Refusal(401, AuthReason.LOGIN_REFUSED, WRONG_LOGIN)
            elif user.disabled_at is not None:
                refusal = Refusal(403, AuthReason.LOGIN_REFUSED,
                                  "Bu hesap devre dışı bırakılmış; koordinatörünüze başvurun.")
            elif not may_log_in_at(parse_roles(user.roles)[0], user.unit, desk.unit,
                                   self._units_below):
                refusal = Refusal(403, AuthReason.FORBIDDEN,
                                  f"Bu masa ({desk.station_code}) biriminize bağlı değil; "
                                  "kendi biriminizin masalarında giriş yapabilirsiniz.")
            else:
                session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
                token = new_token()
                lifetime = (self.policy.password_change_session if temporary
                            else self.policy.session)
                login = LoginSession(token_sha256=digest(token), user_id=user.id,
                                     desk_id=desk.desk_id, created_at=now,
                                     expires_at=now + lifetime, password_change_only=temporary)
                session.add(login)
                session.flush()
                audit(session, now, "login", username=user.username,
                      station_code=desk.station_code, source=source,
                      detail="temporary password" if temporary else "")
                return LoggedIn(token, _clerk(login, user))
        raise refusal

    def logout(self, clerk: ClerkPrincipal, desk: DeskPrincipal) -> None:
        now = self._clock()
        with self._sessions.begin() as session:
            session.execute(update(LoginSession).where(
                LoginSession.id == clerk.session_id).values(revoked_at=now))
            audit(session, now, "logout", username=clerk.username,
                  station_code=desk.station_code)

    def change_password(self, clerk: ClerkPrincipal, desk: DeskPrincipal, current: str,
                        new: str) -> ClerkPrincipal:
        """Check the current (or temporary) password, then the strength rule, then store
        the new one; the session becomes a full one. ``Refusal`` otherwise."""
        now = self._clock()
        with self._sessions() as session:
            user = session.get_one(User, clerk.user_id)
            ok = verify_password(user.password_hash, current) or (
                user.temporary_expires_at is not None and user.temporary_expires_at > now
                and verify_password(user.temporary_hash, current))
            tckn, name = user.tckn, user.name
        if not ok:
            raise Refusal(422, AuthReason.LOGIN_REFUSED, "Şu anki şifre hatalı.")
        problem = password_problem(new, tckn=tckn, name=name)
        if problem:
            raise Refusal(422, AuthReason.LOGIN_REFUSED, problem)
        if new == current:
            raise Refusal(422, AuthReason.LOGIN_REFUSED,
                          "Yeni şifre şu anki şifreyle aynı olamaz.")
        with self._sessions.begin() as session:
            user = session.get_one(User, clerk.user_id)
            user.password_hash = hash_password(new)
            user.temporary_hash = None
            user.temporary_expires_at = None
            login = session.get_one(LoginSession, clerk.session_id)
            login.password_change_only = False
            login.expires_at = now + self.policy.session
            # Every other session of the user ends: whoever knew the old password is out.
            session.execute(update(LoginSession).where(
                LoginSession.user_id == user.id, LoginSession.id != login.id,
                LoginSession.revoked_at.is_(None)).values(revoked_at=now))
            audit(session, now, "password.changed", username=user.username,
                  station_code=desk.station_code)
            return _clerk(login, user)

    def forgot_password(self, desk: DeskPrincipal, tckn: str, source: str) -> None:
        """"Şifremi unuttum": a temporary password by SMS to the user of this ID number, if
        there is an active one; the answer is the same either way (nobody learns who has an
        account). The chosen password keeps working until a new one is chosen."""
        now = self._clock()
        temporary = new_temporary_password()
        with self._sessions.begin() as session:
            self._refuse_locked_source(session, source, now)
            user = session.scalars(select(User).where(User.tckn == tckn)).one_or_none() \
                if is_valid_tckn(tckn) else None
            audit(session, now, "password.reset_requested",
                  username=user.username if user else "", station_code=desk.station_code,
                  source=source)
            if user is None or user.disabled_at is not None:
                return
            user.temporary_hash = hash_password(temporary)
            user.temporary_expires_at = now + self.policy.temporary_password
            mobile = user.mobile
        hours = int(self.policy.temporary_password.total_seconds() // 3600)
        self._sms.send(mobile, f"BİMER geçici şifreniz: {temporary} . {hours} saat geçerlidir. "
                               "Siz istemediyseniz bu mesajı dikkate almayın.")

    def has_logged_in_at(self, username: str, desk_id: int) -> bool:
        """Whether this user ever had a session at this desk (an application it took may
        still be in the desk's queue when another clerk sends it)."""
        with self._sessions() as session:
            return session.scalars(
                select(LoginSession.id).join(User, User.id == LoginSession.user_id)
                .where(User.username == username, LoginSession.desk_id == desk_id).limit(1)
            ).first() is not None

    # ----- failures and lock-out ------------------------------------------------------------

    def _failed(self, session: Session, user: User | None, source: str, now: datetime) -> None:
        session.execute(delete(LoginFailure).where(
            LoginFailure.at < now - self.policy.failure_window))
        session.add(LoginFailure(at=now, user_id=user.id if user else None, source=source))
        session.flush()
        if self._source_failures(session, source, now) == self.policy.source_failures:
            audit(session, now, "source.locked_out", source=source)

    def _user_failures(self, session: Session, user: User, now: datetime) -> int:
        return int(session.scalar(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.user_id == user.id,
            LoginFailure.at > now - self.policy.failure_window)) or 0)

    def _source_failures(self, session: Session, source: str, now: datetime) -> int:
        return int(session.scalar(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.source == source,
            LoginFailure.at > now - self.policy.failure_window)) or 0)

    def _refuse_locked_source(self, session: Session, source: str, now: datetime) -> None:
        if self._source_failures(session, source, now) < self.policy.source_failures:
            return
        newest = session.scalar(select(func.max(LoginFailure.at)).where(
            LoginFailure.source == source))
        until = (newest or now) + self.policy.lockout
        raise self._locked(until, now, address=True)

    def _locked(self, until: datetime, now: datetime, *, address: bool = False) -> Refusal:
        shown = until.astimezone(TURKEY).strftime("%H:%M")
        who = "Bu bilgisayardan" if address else "Bu hesapla"
        return Refusal(429, AuthReason.LOCKED,
                       f"{who} çok sayıda hatalı giriş denendi; saat {shown} olana kadar giriş "
                       "yapılamaz. Şifrenizi unuttuysanız 'Şifremi unuttum'u kullanın ya da "
                       "koordinatörünüze başvurun.",
                       retry_after=max(1, int((until - now) / timedelta(seconds=1))))


def _clerk(login: LoginSession, user: User) -> ClerkPrincipal:
    return ClerkPrincipal(login.id, user.id, user.username, user.name,
                          parse_roles(user.roles)[0], user.unit, login.expires_at,
                          login.password_change_only)
