"""Vietnamese mobile numbers: every way people type one gives the same stored number."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hocvuso.lib.phones import PhoneError, PhoneProblem, display, masked, parse_vn_mobile

# Mobile prefixes in use (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, Itelecom).
PREFIXES = [
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "70",
    "76",
    "77",
    "78",
    "79",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "88",
    "89",
    "90",
    "91",
    "92",
    "93",
    "94",
    "96",
    "97",
    "98",
    "99",
    "56",
    "58",
    "59",
    "87",
]
numbers = st.tuples(st.sampled_from(PREFIXES), st.integers(0, 9_999_999)).map(
    lambda t: f"{t[0]}{t[1]:07d}"
)
separators = st.sampled_from(["", " ", "-", ".", "  "])


def spaced(digits: str, sep: str) -> str:
    return sep.join([digits[:3], digits[3:6], digits[6:]])


@given(numbers, separators)
def test_every_written_form_is_the_same_number(national: str, sep: str) -> None:
    try:
        e164 = parse_vn_mobile("0" + national)
    except PhoneError:
        assume(False)  # not every number in a mobile range is allocated
    assert e164 == "+84" + national
    forms = [
        "0" + spaced(national, sep),
        "+84" + spaced(national, sep),
        "84" + sep + spaced(national, sep),
        "+84 (0)" + national,
    ]
    assert {parse_vn_mobile(f) for f in forms} == {e164}


@given(st.text(max_size=40))
def test_any_text_is_a_number_or_a_reason(text: str) -> None:
    try:
        result = parse_vn_mobile(text)
    except PhoneError as error:
        assert error.problem in PhoneProblem
    else:
        assert result.startswith("+84") and result[1:].isdigit()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", PhoneProblem.EMPTY),
        ("số của tôi", PhoneProblem.NOT_A_NUMBER),
        ("024 3825 3536", PhoneProblem.LANDLINE),
        ("+1 650 253 0000", PhoneProblem.FOREIGN),
        ("0912", PhoneProblem.INVALID),
        ("0" * 40, PhoneProblem.NOT_A_NUMBER),
    ],
)
def test_it_says_why_a_number_is_refused(text: str, problem: PhoneProblem) -> None:
    with pytest.raises(PhoneError) as caught:
        parse_vn_mobile(text)
    assert caught.value.problem == problem


def test_the_three_forms_of_the_issue_are_one_number() -> None:
    assert {parse_vn_mobile(t) for t in ("0912 345 678", "+84912345678", "84-912-345-678")} == {
        "+84912345678"
    }


def test_numbers_are_shown_as_people_write_them() -> None:
    assert display("+84912345678") == "0912 345 678"
    assert masked("+84912345678") == "0912 *** 678"
