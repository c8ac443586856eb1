"""Clerks at the central service: a first login with the temporary password sent by SMS
forces a new, strong password; wrong passwords lock the account (and a guessing address)
for a while, then it opens again; "Şifremi unuttum" tells nobody who has an account;
enrollment codes, temporary passwords and sessions expire; passwords are kept as argon2id
hashes only. Over HTTP, on a real service whose clock the test moves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text

from bimer_central.rate_limits import RateLimits
from bimer_central.server import CentralServer
from bimer_central.sms import SmsLogFile
from models.roles import Role
from models.samples import sample_tckn
from tests.bimer_central.databases import CentralDatabase
from tests.central_auth import TEST_PASSWORD, TEST_UNIT, enrollment_code, register

pytestmark = pytest.mark.anonymous  # each request carries exactly the headers it names

TIMEOUT = 10
T0 = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 10:00 in Turkey
ZEYNEP_TCKN = sample_tckn("200000002")
ZEYNEP_MOBILE = "0532 123 45 67"
STRONG = "kar yağarken çay demlenir 42"
CLERK = frozenset({Role.CLERK})


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(T0)


@pytest.fixture
def sms_log(tmp_path: Path) -> Path:
    return tmp_path / "merkez-sms.log"


@pytest.fixture
def server(central_db: CentralDatabase, clock: MovableClock,
           sms_log: Path) -> Iterator[CentralServer]:
    # The rate limits count on the same moved clock, so that a test can wait without sleeping.
    limits = RateLimits.default(clock=lambda: clock.now.timestamp())
    with central_db.server(clock=clock, sms_log=sms_log, rate_limits=limits) as running:
        yield running


@pytest.fixture
def desk(server: CentralServer) -> dict[str, str]:
    """The headers of an enrolled desk at station 06-01, nobody logged in."""
    return {"X-BIMER-Desk": register(server)["X-BIMER-Desk"]}


def log_in(server: CentralServer, desk: dict[str, str], tckn: str,
           password: str) -> requests.Response:
    return requests.post(server.url + "/api/v1/sessions",
                         json={"tckn": tckn, "password": password}, headers=desk,
                         timeout=TIMEOUT)


def bearer(answer: requests.Response) -> dict[str, str]:
    return {"Authorization": "Bearer " + answer.json()["token"]}


def temporary_passwords(sms_log: Path, mobile: str) -> list[str]:
    """The temporary passwords the SMS log holds for ``mobile``, oldest first."""
    return [match.group(1)
            for message in SmsLogFile(sms_log, datetime.now).messages()
            if message["to"] == mobile
            for match in [re.search(r"geçici şifreniz: (\S+) ", message["text"])] if match]


def add_zeynep(server: CentralServer) -> str:
    """Zeynep, a clerk the coordinator registered: her temporary password went by SMS."""
    server.accounts.add_user(tckn=ZEYNEP_TCKN, name="Zeynep Kara", mobile=ZEYNEP_MOBILE,
                             unit=TEST_UNIT, roles="kullanici")
    return "+905321234567"


def subjects(server: CentralServer, headers: dict[str, str]) -> requests.Response:
    return requests.get(server.url + "/api/v1/reference/subjects", headers=headers,
                        timeout=TIMEOUT)


def test_a_first_login_with_the_sms_password_must_choose_a_strong_new_one(
        server: CentralServer, desk: dict[str, str], sms_log: Path) -> None:
    mobile = add_zeynep(server)
    [temporary] = temporary_passwords(sms_log, mobile)

    first = log_in(server, desk, ZEYNEP_TCKN, temporary)
    assert first.status_code == 201, first.text
    session = {**desk, **bearer(first)}
    refused = subjects(server, session)
    assert refused.status_code == 403
    assert refused.json()["reason"] == "password_change_required"

    def change(new: str) -> requests.Response:
        return requests.post(server.url + "/api/v1/sessions/current/password",
                             json={"current_password": temporary, "new_password": new},
                             headers=session, timeout=TIMEOUT)

    for weak, words in (("kısa", "en az"), ("12345678901", "sıra"),
                        ("zeynep-kara-2026", "adınızı"), (ZEYNEP_TCKN + "abc", "Kimlik")):
        answer = change(weak)
        assert answer.status_code == 422, weak
        assert words in answer.json()["detail"], (weak, answer.json())
    assert change(STRONG).status_code == 200
    assert subjects(server, session).status_code == 200
    # The temporary password is spent; the chosen one opens a full session.
    assert log_in(server, desk, ZEYNEP_TCKN, temporary).status_code == 401
    assert subjects(server, {**desk, **bearer(log_in(server, desk, ZEYNEP_TCKN, STRONG))}
                    ).status_code == 200


def test_five_wrong_passwords_lock_the_account_until_the_time_it_names(
        server: CentralServer, desk: dict[str, str], clock: MovableClock) -> None:
    tckn = server.accounts.ensure_user("kilit", "Kilit Deneme", TEST_UNIT, CLERK,
                                       TEST_PASSWORD)
    for _ in range(4):
        answer = log_in(server, desk, tckn, "yanlis-sifre-1234")
        assert answer.status_code == 401
        assert answer.json()["reason"] == "login_refused"
    locked = log_in(server, desk, tckn, "yanlis-sifre-1234")
    assert locked.status_code == 429
    assert locked.json()["reason"] == "locked"
    assert "saat 10:15 olana kadar" in locked.json()["detail"]
    assert locked.headers["Retry-After"] == "900"
    # Even the right password waits: the lock is the account's, not the attempt's.
    assert log_in(server, desk, tckn, TEST_PASSWORD).status_code == 429
    clock.now = T0 + timedelta(minutes=16)
    assert log_in(server, desk, tckn, TEST_PASSWORD).status_code == 201


def test_an_address_guessing_many_accounts_is_locked_out_then_let_in_again(
        server: CentralServer, desk: dict[str, str], clock: MovableClock) -> None:
    tckn = server.accounts.ensure_user("dogru", "Doğru Kullanıcı", TEST_UNIT, CLERK,
                                       TEST_PASSWORD)
    for n in range(20):
        clock.now = T0 + timedelta(seconds=10 * n)  # slower than the login rate limit
        guess = log_in(server, desk, sample_tckn(f"3000000{n:02d}"), "tahmin-1234567")
        assert guess.json()["reason"] == "login_refused"
    refused = log_in(server, desk, tckn, TEST_PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Bu bilgisayardan çok sayıda hatalı giriş")
    clock.now = T0 + timedelta(seconds=190, minutes=16)
    assert log_in(server, desk, tckn, TEST_PASSWORD).status_code == 201


def test_forgot_password_answers_alike_for_anyone_and_texts_only_the_user(
        server: CentralServer, desk: dict[str, str], sms_log: Path,
        clock: MovableClock) -> None:
    mobile = add_zeynep(server)
    [first_temporary] = temporary_passwords(sms_log, mobile)
    change = requests.post(server.url + "/api/v1/sessions/current/password",
                           json={"current_password": first_temporary, "new_password": STRONG},
                           headers={**desk, **bearer(log_in(server, desk, ZEYNEP_TCKN,
                                                            first_temporary))},
                           timeout=TIMEOUT)
    assert change.status_code == 200

    def forgot(tckn: str) -> requests.Response:
        return requests.post(server.url + "/api/v1/password-resets", json={"tckn": tckn},
                             headers=desk, timeout=TIMEOUT)

    known, unknown = forgot(ZEYNEP_TCKN), forgot(sample_tckn("400000004"))
    assert (known.status_code, known.text) == (unknown.status_code, unknown.text)
    messages = SmsLogFile(sms_log, datetime.now).messages()
    assert [message["to"] for message in messages] == [mobile, mobile]
    [_, temporary] = temporary_passwords(sms_log, mobile)
    # Until she uses it, the password she chose still works (someone else may have asked).
    assert log_in(server, desk, ZEYNEP_TCKN, STRONG).status_code == 201
    assert log_in(server, desk, ZEYNEP_TCKN, temporary).json()[
        "password_change_required"] is True
    clock.now = T0 + timedelta(hours=25)
    assert log_in(server, desk, ZEYNEP_TCKN, temporary).status_code == 401


def test_an_enrollment_code_expires_after_72_hours(server: CentralServer,
                                                   clock: MovableClock) -> None:
    code = enrollment_code(server, "35-02")
    clock.now = T0 + timedelta(hours=73)
    late = requests.post(server.url + "/api/v1/enrollments", json={"machine": "masa"},
                         headers={"X-BIMER-Enrollment-Code": code}, timeout=TIMEOUT)
    assert late.status_code in (401, 403, 409, 410)
    assert late.json()["reason"] == "enrollment_refused"
    fresh = enrollment_code(server, "35-02")
    assert requests.post(server.url + "/api/v1/enrollments", json={"machine": "masa"},
                         headers={"X-BIMER-Enrollment-Code": fresh},
                         timeout=TIMEOUT).status_code == 201


def test_a_session_ends_after_12_hours(server: CentralServer, desk: dict[str, str],
                                       clock: MovableClock) -> None:
    tckn = server.accounts.ensure_user("gunluk", "Gün Boyu", TEST_UNIT, CLERK,
                                       TEST_PASSWORD)
    session = {**desk, **bearer(log_in(server, desk, tckn, TEST_PASSWORD))}
    clock.now = T0 + timedelta(hours=11, minutes=59)
    assert subjects(server, session).status_code == 200
    clock.now = T0 + timedelta(hours=12, minutes=1)
    ended = subjects(server, session)
    assert ended.status_code == 401
    assert ended.json()["reason"] == "session_ended"


def test_passwords_are_kept_as_argon2id_hashes_only(server: CentralServer,
                                                    central_db: CentralDatabase) -> None:
    server.accounts.ensure_user("gizli", "Gizli Şifre", TEST_UNIT, CLERK, STRONG)
    with central_db.connect() as connection:
        stored: Any = connection.execute(text(
            "SELECT password_hash FROM users WHERE username = 'gizli'")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert STRONG not in stored


def test_logins_and_password_resets_are_rate_limited_per_address(
        server: CentralServer, desk: dict[str, str], clock: MovableClock) -> None:
    tckn = server.accounts.ensure_user("hizli", "Hızlı Deneme", TEST_UNIT, CLERK, TEST_PASSWORD)
    clock.now = T0 + timedelta(minutes=1)  # the enrolling clerk's login forgotten: a full burst
    answers = [log_in(server, desk, tckn, TEST_PASSWORD) for _ in range(11)]
    assert [answer.status_code for answer in answers[:10]] == [201] * 10
    assert answers[10].status_code == 429
    assert answers[10].json()["reason"] == "rate_limited"
    assert answers[10].headers["Retry-After"] == "6"
    clock.now = T0 + timedelta(minutes=1, seconds=6)
    assert log_in(server, desk, tckn, TEST_PASSWORD).status_code == 201

    resets = [requests.post(server.url + "/api/v1/password-resets", json={"tckn": tckn},
                            headers=desk, timeout=TIMEOUT).status_code for _ in range(4)]
    assert resets[3] == 429 and 429 not in resets[:3]
