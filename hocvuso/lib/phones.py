"""Vietnamese mobile numbers: parse what people type into one E.164 form, or say why not."""

from enum import StrEnum

import phonenumbers
from phonenumbers import PhoneNumberType

MAX_INPUT = 32


class PhoneProblem(StrEnum):
    """Why a number was refused; a stable code that views turn into a plain message."""

    EMPTY = "phone_empty"
    NOT_A_NUMBER = "phone_not_a_number"
    FOREIGN = "phone_foreign"
    LANDLINE = "phone_landline"
    INVALID = "phone_invalid"


class PhoneError(ValueError):
    def __init__(self, problem: PhoneProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse_vn_mobile(text: str) -> str:
    """Return the E.164 form ("+84912345678") of a Vietnamese mobile number.

    "0912 345 678", "+84912345678" and "84-912-345-678" are the same number. Landlines, foreign
    numbers and malformed input raise PhoneError with the reason.
    """
    text = (text or "").strip()
    if not text:
        raise PhoneError(PhoneProblem.EMPTY)
    if len(text) > MAX_INPUT or not any(ch.isdigit() for ch in text):
        raise PhoneError(PhoneProblem.NOT_A_NUMBER)
    digits = "".join(ch for ch in text if ch.isdigit())
    if not text.startswith("+") and digits.startswith("84") and len(digits) == 11:
        text = "+" + digits  # "84912345678": the country code typed without its plus
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        raise PhoneError(PhoneProblem.NOT_A_NUMBER) from None
    if number.country_code != 84:
        raise PhoneError(PhoneProblem.FOREIGN)
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(PhoneProblem.INVALID)
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise PhoneError(PhoneProblem.LANDLINE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    """A number as Vietnamese people write it: "0912 345 678"."""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def masked(e164: str) -> str:
    """Only the last three digits: "0912 *** *78" style, for pages others may see."""
    digits = display(e164)
    shown = 3
    count = 0
    out = []
    for ch in reversed(digits):
        if ch.isdigit():
            count += 1
            out.append(
                ch if count <= shown or count > len([c for c in digits if c.isdigit()]) - 4 else "*"
            )
        else:
            out.append(ch)
    return "".join(reversed(out))
