"""A clerk who logged in at this desk may log in here while the central service cannot be
reached, for ``offline_login_days`` after that login — from a slow salted verifier, never
the password, and with a lock-out of its own (services/auth.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bimer_central.server import CentralServer
from models.entities import ClerkLogin
from models.roles import Role
from models.turkey_time import TURKEY
from services.auth import OFFLINE_FAILURES, LoginStatus
from tests.central_auth import TEST_PASSWORD, TEST_UNIT
from tests.conftest import make_desk

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=TURKEY)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_offline_login_within_its_days_then_refused_after_them(tmp_path: Path) -> None:
    clock = MovableClock(T0)
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}") as server:
        desk = make_desk(tmp_path / "desk", server.url, clock=clock)  # memur1 logs in online
        tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                           frozenset({Role.CLERK}), TEST_PASSWORD)
        newcomer = server.accounts.ensure_user("yeni", "Yeni Memur", TEST_UNIT,
                                               frozenset({Role.CLERK}), TEST_PASSWORD)
    try:
        days = desk.config.settings.offline_login_days
        assert days >= 1
        desk.auth.logout()

        clock.now = T0 + timedelta(days=days) - timedelta(minutes=1)
        inside = desk.auth.login(tckn, TEST_PASSWORD)
        assert inside.status is LoginStatus.OK, inside.message
        assert inside.session is not None and not inside.session.online
        assert "çevrimdışı" in inside.message
        desk.auth.logout()

        assert desk.auth.login(tckn, "yanlis-sifre-123").status is LoginStatus.REFUSED
        never_here = desk.auth.login(newcomer, TEST_PASSWORD)
        assert never_here.status is LoginStatus.UNAVAILABLE
        assert "daha önce giriş yapmadığınız" in never_here.message

        clock.now = T0 + timedelta(days=days, minutes=1)
        after = desk.auth.login(tckn, TEST_PASSWORD)
        assert after.status is LoginStatus.UNAVAILABLE
        assert f"{days} günden fazla" in after.message
        assert desk.auth.current is None
    finally:
        desk.close()


def test_the_desk_keeps_a_verifier_not_the_password_nor_the_id_number(tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}") as server:
        desk = make_desk(tmp_path / "desk", server.url)
        tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                           frozenset({Role.CLERK}), TEST_PASSWORD)
    try:
        with desk.db.sessions() as db:
            [row] = db.scalars(select(ClerkLogin)).all()
            assert row.verifier.startswith("$argon2id$")
            assert TEST_PASSWORD not in row.verifier
            assert tckn not in row.tckn_hmac
        database_bytes = b"".join(path.read_bytes()
                                  for path in (tmp_path / "desk").rglob("*") if path.is_file())
        assert TEST_PASSWORD.encode() not in database_bytes
        assert tckn.encode() not in database_bytes
    finally:
        desk.close()


def test_wrong_offline_passwords_lock_offline_login_for_a_while(tmp_path: Path) -> None:
    clock = MovableClock(T0)
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}") as server:
        desk = make_desk(tmp_path / "desk", server.url, clock=clock)
        tckn = server.accounts.ensure_user("memur1", "memur1", TEST_UNIT,
                                           frozenset({Role.CLERK}), TEST_PASSWORD)
    try:
        desk.auth.logout()
        for _ in range(OFFLINE_FAILURES):
            assert desk.auth.login(tckn, "yanlis-sifre-123").status is LoginStatus.REFUSED
        locked = desk.auth.login(tckn, TEST_PASSWORD)
        assert locked.status is LoginStatus.LOCKED
        clock.now = T0 + timedelta(hours=1)
        assert desk.auth.login(tckn, TEST_PASSWORD).status is LoginStatus.OK
    finally:
        desk.close()
