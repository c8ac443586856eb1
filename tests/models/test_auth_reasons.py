"""A refusal of the central service, said in the desk's language (models/auth_reasons.py):
the centre words its details in Turkish for a person; a desk in another language says the
reason in its own words and keeps the centre's sentence beside them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.auth_reasons import AuthReason, in_desk_language
from models.i18n import active_language, use_language

DETAIL = "Bu kayıt kodu daha önce kullanıldı: 06-01 istasyonu başka bir masaya kayıtlı."


@pytest.fixture
def english() -> Iterator[None]:
    before = active_language()
    use_language("en")
    yield
    use_language(before)


def test_a_turkish_desk_shows_the_centre_s_own_sentence() -> None:
    assert in_desk_language(AuthReason.ENROLLMENT_REFUSED, DETAIL) == DETAIL


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("reason", list(AuthReason), ids=str)
def test_an_english_desk_says_every_reason_in_english_and_keeps_the_detail(
        reason: AuthReason) -> None:
    said = in_desk_language(reason, DETAIL)
    english_part = said.split(" (the central service says, in Turkish: ")[0]
    assert english_part and english_part.isascii(), said
    assert said.endswith(f"{DETAIL})")


@pytest.mark.usefixtures("english")
def test_without_a_reason_the_detail_is_all_there_is() -> None:
    assert in_desk_language(None, DETAIL) == DETAIL
