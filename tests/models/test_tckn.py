"""T.C. Kimlik No: 11 ASCII digits, first not zero, both check digits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.tckn import check_digits, is_valid_tckn, mask_tckn, tckn_error

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(
    lambda s: s[0] != "0"
)


def reference_check(first_nine: str) -> str:
    """The rule as the population registry states it, written out independently."""
    d = list(map(int, first_nine))
    tenth = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return f"{tenth}{(sum(d) + tenth) % 10}"


def test_known_valid_numbers() -> None:
    assert is_valid_tckn("10000000146")
    assert is_valid_tckn("12345678950")


@given(nine_digits)
def test_every_number_with_its_check_digits_is_valid(first_nine: str) -> None:
    assert check_digits(first_nine) == reference_check(first_nine)
    assert tckn_error(first_nine + check_digits(first_nine)) is None


@given(nine_digits, st.integers(min_value=9, max_value=10), st.integers(1, 9))
def test_changing_a_check_digit_makes_it_invalid(first_nine: str, position: int,
                                                   delta: int) -> None:
    digits = list(first_nine + check_digits(first_nine))
    digits[position] = str((int(digits[position]) + delta) % 10)
    message = tckn_error("".join(digits))
    assert message is not None
    assert "son iki hane" in message


@given(nine_digits)
def test_a_single_changed_leading_digit_is_caught(first_nine: str) -> None:
    valid = first_nine + check_digits(first_nine)
    changed = str(int(valid[1]) + 1 if valid[1] != "9" else 0)
    tampered = valid[0] + changed + valid[2:]
    assert not is_valid_tckn(tampered)


def test_first_digit_zero_is_rejected() -> None:
    first_nine = "012345678"
    assert tckn_error(first_nine + check_digits(first_nine)) == "T.C. Kimlik No 0 ile başlayamaz."


def test_wrong_length_says_how_many_digits_were_given() -> None:
    assert tckn_error("1234567890") == "T.C. Kimlik No 11 haneli olmalıdır (10 hane girildi)."
    assert tckn_error("123456789012") is not None


def test_non_ascii_digits_are_rejected() -> None:
    arabic_indic = "١٠٠٠٠٠٠٠١٤٦"  # looks like 10000000146, passes str.isdigit()
    assert arabic_indic.isdigit()
    assert tckn_error(arabic_indic) == "T.C. Kimlik No yalnızca rakamlardan (0-9) oluşmalıdır."
    assert tckn_error("1000000014６") is not None  # full-width six


def test_empty_and_letters() -> None:
    assert tckn_error("") == "T.C. Kimlik No boş bırakılamaz."
    assert tckn_error("1000000014a") is not None


def test_mask_keeps_first_three_and_last_two() -> None:
    assert mask_tckn("12345678946") == "123******46"
