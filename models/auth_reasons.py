"""Why the central service refused a request (401, 403, 429), as it says in ``reason``.

The service words the ``detail`` in Turkish for a person; the desk acts on the reason: a
session that ended asks for login and pauses the outbox, a revoked desk says so and keeps
every unsent application, a refusal of one application quarantines only that one.
"""

from __future__ import annotations

from enum import StrEnum

from models.i18n import N_, SOURCE_LANGUAGE, _, active_language


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


_WORDING = {
    AuthReason.CREDENTIALS_MISSING: N_("Merkez bu masayı tanımadı: masa kayıtlı değil."),
    AuthReason.DESK_UNKNOWN: N_("Merkez bu masayı tanımadı; koordinatörden yeni kayıt kodu "
                                "isteyin."),
    AuthReason.DESK_REVOKED: N_("Bu masanın merkez kaydı iptal edildi; gönderilmemiş "
                                "başvurular masada saklanıyor."),
    AuthReason.LOGIN_REQUIRED: N_("Oturum açılmamış: giriş yapın."),
    AuthReason.SESSION_ENDED: N_("Oturumunuz sona erdi; yeniden giriş yapın."),
    AuthReason.SESSION_OTHER_DESK: N_("Bu oturum başka bir masada açıldı; bu masada giriş "
                                      "yapın."),
    AuthReason.PASSWORD_CHANGE_REQUIRED: N_("Önce yeni şifrenizi belirleyin."),
    AuthReason.FORBIDDEN: N_("Rolünüz bu işleme izin vermiyor."),
    AuthReason.STATION_MISMATCH: N_("Başvuru bu masanın istasyonundan başka bir istasyon "
                                    "adına gönderilemez."),
    AuthReason.CLERK_MISMATCH: N_("Başvuru bu masada giriş yapmamış bir kullanıcı adına "
                                  "gönderilemez."),
    AuthReason.LOGIN_REFUSED: N_("Merkez girişi ya da şifreyi kabul etmedi."),
    AuthReason.LOCKED: N_("Çok sayıda hatalı giriş: giriş bir süre kapalı."),
    AuthReason.ENROLLMENT_REFUSED: N_("Kayıt kodu kabul edilmedi."),
    AuthReason.RATE_LIMITED: N_("Çok sık istek; biraz sonra yeniden deneyin."),
    AuthReason.STATION_NUMBER_REISSUED: N_("Bu istasyon numarası merkezde başka bir "
                                           "başvurunun; aynı numara ikinci kez verilmiş."),
    AuthReason.CENTRAL_CHANGED: N_("Merkezin veritabanı bu masanın tanıdığı veritabanı "
                                   "değil; gönderim durdu."),
}


def in_desk_language(reason: AuthReason | None, detail: str) -> str:
    """What to tell the clerk of a refusal whose ``detail`` the centre worded in Turkish:
    that sentence itself on a Turkish desk (it is the most precise), and on a desk in
    another language the reason in the desk's words with the centre's sentence beside it
    (it names the station, the time, the role — the desk cannot word those for it)."""
    if reason is None or not detail or active_language() == SOURCE_LANGUAGE:
        return detail
    return _("{reason} (Merkezin açıklaması: {detail})").format(
        reason=_(_WORDING[reason]), detail=detail)


def parse_reason(value: object) -> AuthReason | None:
    try:
        return AuthReason(str(value))
    except ValueError:
        return None
