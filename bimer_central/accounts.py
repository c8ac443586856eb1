"""What the coordinator does at the service (``bimer-central station …`` / ``user …``):
register stations and hand out their one-time enrollment codes, revoke a desk, add, list,
disable and reset users. Every change is an audit event; messages are Turkish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bimer_central.account_service import AccountService
from bimer_central.audit import audit
from bimer_central.credentials import (
    digest,
    hash_password,
    new_enrollment_code,
    new_temporary_password,
)
from bimer_central.db import Desk, EnrollmentCode, LoginSession, Station, User
from models.masking import mask_phone
from models.numbers import station_code_error
from models.phone import parse_mobile
from models.roles import Role, parse_roles, roles_text
from models.tckn import tckn_error
from models.turkish_text import turkish_lower

USERNAME_SHAPE = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")
_ASCII = str.maketrans("çğıöşüâîû", "cgiosuaiu")


class AccountError(Exception):
    """The coordinator's request cannot be done; the message is Turkish."""


@dataclass(frozen=True)
class IssuedCode:
    station_code: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class StationView:
    code: str
    unit: str
    desk_machine: str | None  # the enrolled desk, if any
    enrolled_at: datetime | None
    code_expires_at: datetime | None  # an unused enrollment code waiting, if any


@dataclass(frozen=True)
class UserView:
    username: str
    name: str
    unit: str
    roles: tuple[Role, ...]
    mobile_masked: str
    disabled: bool
    locked_until: datetime | None
    has_password: bool


class Accounts(AccountService):
    # ----- stations ----------------------------------------------------------------------

    def add_station(self, code: str, unit: str) -> IssuedCode:
        """Register ``code`` under ``unit`` and issue its first enrollment code."""
        problem = station_code_error(code)
        if problem:
            raise AccountError(problem)
        self._check_unit(unit)
        with self._sessions.begin() as session:
            session.add(Station(code=code, unit=unit, created_at=self._clock()))
            try:
                session.flush()
            except IntegrityError:
                raise AccountError(
                    f"{code} istasyonu zaten kayıtlı. Yeni kayıt kodu için: bimer-central "
                    f"station code {code}; masası değişen istasyon için: bimer-central station "
                    f"reenroll {code}") from None
            audit(session, self._clock(), "station.added", station_code=code, detail=unit)
            return self._issue(session, self._station(session, code))

    def new_code(self, code: str) -> IssuedCode:
        """A fresh code for a station whose desk is not enrolled yet (the first one expired
        or was lost); an unused older code stops working."""
        with self._sessions.begin() as session:
            station = self._station(session, code)
            if self._active_desk(session, station) is not None:
                raise AccountError(
                    f"{code} istasyonunun kayıtlı bir masası var. Bilgisayar değiştiyse: "
                    f"bimer-central station reenroll {code}")
            return self._issue(session, station)

    def reenroll(self, code: str) -> IssuedCode:
        """A replaced PC: revoke the station's desk (its credential stops working at once)
        and issue a code for the new one."""
        with self._sessions.begin() as session:
            station = self._station(session, code)
            self._revoke_desk(session, station)
            return self._issue(session, station)

    def revoke(self, code: str) -> bool:
        """Revoke the station's desk and any unused code; False if it had none."""
        with self._sessions.begin() as session:
            station = self._station(session, code)
            self._withdraw_codes(session, station)
            return self._revoke_desk(session, station)

    def stations(self) -> list[StationView]:
        now = self._clock()
        with self._sessions() as session:
            views = []
            for station in session.scalars(select(Station).order_by(Station.code)):
                desk = self._active_desk(session, station)
                waiting = session.scalars(
                    select(EnrollmentCode.expires_at).where(
                        EnrollmentCode.station_id == station.id,
                        EnrollmentCode.used_at.is_(None), EnrollmentCode.withdrawn_at.is_(None),
                        EnrollmentCode.expires_at > now)
                ).first()
                views.append(StationView(station.code, station.unit,
                                         desk.machine if desk else None,
                                         desk.enrolled_at if desk else None, waiting))
            return views

    def _issue(self, session: Session, station: Station) -> IssuedCode:
        self._withdraw_codes(session, station)
        code = new_enrollment_code()
        now = self._clock()
        expires = now + self.policy.enrollment_code
        session.add(EnrollmentCode(station_id=station.id, code_sha256=digest(code),
                                   created_at=now, expires_at=expires))
        audit(session, now, "enrollment.code_issued", station_code=station.code)
        return IssuedCode(station.code, code, expires)

    def _withdraw_codes(self, session: Session, station: Station) -> None:
        session.execute(update(EnrollmentCode).where(
            EnrollmentCode.station_id == station.id, EnrollmentCode.used_at.is_(None),
            EnrollmentCode.withdrawn_at.is_(None)).values(withdrawn_at=self._clock()))

    def _revoke_desk(self, session: Session, station: Station) -> bool:
        desk = self._active_desk(session, station)
        if desk is None:
            return False
        now = self._clock()
        desk.revoked_at = now
        session.execute(update(LoginSession).where(
            LoginSession.desk_id == desk.id, LoginSession.revoked_at.is_(None)
        ).values(revoked_at=now))
        audit(session, now, "desk.revoked", station_code=station.code,
              detail=f"key={desk.key_id}")
        return True

    @staticmethod
    def _active_desk(session: Session, station: Station) -> Desk | None:
        return session.scalars(select(Desk).where(
            Desk.station_id == station.id, Desk.revoked_at.is_(None))).first()

    @staticmethod
    def _station(session: Session, code: str) -> Station:
        station = session.scalars(select(Station).where(Station.code == code)).one_or_none()
        if station is None:
            raise AccountError(f"{code} istasyonu kayıtlı değil (bimer-central station list).")
        return station

    def _check_unit(self, unit: str) -> None:
        if not self._units_below(unit):
            raise AccountError(
                f"Birim bulunamadı: '{unit}'. Birim, kurum listesindeki 8 haneli DETSİS "
                "kodudur (GET /api/v1/reference/institutions).")

    # ----- users -------------------------------------------------------------------------

    def add_user(self, *, tckn: str, name: str, mobile: str, unit: str, roles: str,
                 email: str = "", username: str = "") -> tuple[UserView, str]:
        """Register a user and send a temporary password by SMS; returns the user and the
        masked number it went to."""
        problem = tckn_error(tckn)
        if problem:
            raise AccountError(problem)
        if not name.strip():
            raise AccountError("Ad soyad boş bırakılamaz.")
        phone, phone_problem = parse_mobile(mobile)
        if phone is None:
            raise AccountError(phone_problem or "Cep telefonu geçersiz.")
        self._check_unit(unit)
        chosen, unknown = parse_roles(roles)
        if unknown or not chosen:
            names = ", ".join(role.value for role in Role)
            raise AccountError(f"Rol anlaşılamadı: '{', '.join(unknown) or roles}'. Roller "
                               f"(virgülle): {names}")
        username = username.strip() or _username_for(name)
        if not USERNAME_SHAPE.match(username):
            raise AccountError("Kullanıcı adı küçük harf, rakam, nokta, tire ya da alt çizgi "
                               "olmalı ve bir harfle başlamalıdır (örneğin ayse.kaya).")
        temporary = new_temporary_password()
        now = self._clock()
        with self._sessions.begin() as session:
            taken = set(session.scalars(select(User.username).where(
                User.username.like(f"{username}%"))))
            if username in taken:
                username = next(f"{username}{n}" for n in range(2, 1000)
                                if f"{username}{n}" not in taken)
            user = User(username=username, tckn=tckn, name=name.strip(), mobile=phone,
                        email=email.strip(), unit=unit, roles=roles_text(chosen),
                        password_hash=None, temporary_hash=hash_password(temporary),
                        temporary_expires_at=now + self.policy.temporary_password,
                        created_at=now)
            session.add(user)
            try:
                session.flush()
            except IntegrityError:
                raise AccountError("Bu T.C. Kimlik No ile kayıtlı bir kullanıcı zaten var "
                                   "(bimer-central user list).") from None
            audit(session, now, "user.added", username=username, detail=roles_text(chosen))
            view = _view(user)
        self._send_temporary(phone, temporary)
        return view, mask_phone(phone)

    def users(self) -> list[UserView]:
        with self._sessions() as session:
            return [_view(user) for user in session.scalars(select(User).order_by(User.username))]

    def disable(self, username: str) -> None:
        """The user can no longer log in; their sessions end at once."""
        with self._sessions.begin() as session:
            user = self._user(session, username)
            now = self._clock()
            user.disabled_at = user.disabled_at or now
            _end_sessions(session, user, now)
            audit(session, now, "user.disabled", username=username)

    def enable(self, username: str) -> None:
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.disabled_at = None
            audit(session, self._clock(), "user.enabled", username=username)

    def reset(self, username: str) -> str:
        """A coordinator's reset: the chosen password stops working, the lock-out is lifted,
        sessions end, a new temporary password goes by SMS. Returns the masked number."""
        temporary = new_temporary_password()
        with self._sessions.begin() as session:
            user = self._user(session, username)
            now = self._clock()
            user.password_hash = None
            user.temporary_hash = hash_password(temporary)
            user.temporary_expires_at = now + self.policy.temporary_password
            user.locked_until = None
            _end_sessions(session, user, now)
            audit(session, now, "user.reset", username=username)
            mobile = user.mobile
        self._send_temporary(mobile, temporary)
        return mask_phone(mobile)

    def ensure_user(self, username: str, name: str, unit: str, roles: frozenset[Role],
                    password: str, tckn: str = "") -> str:
        """A user with a known password, made or reset without any SMS: for the training
        centre and for tests only (a real user chooses their own password). Returns the
        user's ID number (made up from the username when not given)."""
        tckn = tckn or _tckn_for(username)
        now = self._clock()
        with self._sessions.begin() as session:
            user = session.scalars(select(User).where(User.username == username)).one_or_none()
            if user is None:
                user = User(username=username, tckn=tckn, name=name, mobile="+905000000000",
                            email="", unit=unit, roles=roles_text(roles), created_at=now)
                session.add(user)
                audit(session, now, "user.added", username=username, detail="training/test")
            user.password_hash = hash_password(password)
            user.temporary_hash = None
            user.temporary_expires_at = None
            user.locked_until = None
            user.disabled_at = None
            return user.tckn

    def _send_temporary(self, mobile: str, temporary: str) -> None:
        hours = int(self.policy.temporary_password.total_seconds() // 3600)
        self._sms.send(mobile, f"BİMER geçici şifreniz: {temporary} . {hours} saat geçerlidir; "
                               "ilk girişte yeni şifrenizi belirleyeceksiniz.")

    @staticmethod
    def _user(session: Session, username: str) -> User:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        if user is None:
            raise AccountError(f"Kullanıcı bulunamadı: '{username}' (bimer-central user list).")
        return user


def _end_sessions(session: Session, user: User, now: datetime) -> None:
    session.execute(update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
    ).values(revoked_at=now))


def _username_for(name: str) -> str:
    """``Ayşe Nur Kaya`` → ``ayse.kaya``: ASCII, first and last name."""
    parts = [p.translate(_ASCII) for p in turkish_lower(name).split()]
    parts = ["".join(ch for ch in p if ch.isascii() and ch.isalnum()) for p in parts]
    parts = [p for p in parts if p]
    if not parts:
        return "kullanici"
    chosen = [parts[0], parts[-1]] if len(parts) > 1 else parts
    username = ".".join(chosen)
    return username if username[0].isalpha() else f"k{username}"


def _view(user: User) -> UserView:
    roles, _unknown = parse_roles(user.roles)
    return UserView(user.username, user.name, user.unit,
                    tuple(role for role in Role if role in roles), mask_phone(user.mobile),
                    user.disabled_at is not None, user.locked_until,
                    user.password_hash is not None)


def _tckn_for(username: str) -> str:
    """A valid, made-up T.C. Kimlik No for a training or test user, from its username."""
    from models.tckn import check_digits

    seed = int.from_bytes(username.encode("utf-8")[:16].ljust(16, b"\0"), "big")
    first_nine = f"{9 * 10**8 + seed % (10**8):09d}"
    return first_nine + check_digits(first_nine)
