"""Checks on what staff type or import: mainland mobiles, VINs, plates, birthdays.

Each `normalize_*` returns the canonical form or raises ValidationError with a message for the form.
"""

import re
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_mobile(text: str) -> str:
    """A mainland mobile number as 11 digits; "+86 138-0013-8000" becomes "13800138000"."""
    cleaned = (text or "").strip()
    invalid = ValidationError(
        _("Enter a valid mainland mobile number (11 digits starting with 1)."), code="invalid_mobile"
    )
    if not cleaned or len(cleaned) > 30:
        raise invalid
    try:
        number = phonenumbers.parse(cleaned, "CN")
    except phonenumbers.NumberParseException as error:
        raise invalid from error
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise invalid
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise invalid
    national = str(number.national_number)
    if len(national) != 11 or not national.startswith("1"):
        raise invalid
    return national


VIN_ALPHABET = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def normalize_vin(text: str) -> str:
    """17 characters, letters and digits without I, O or Q (GB 16735 / ISO 3779), upper case."""
    vin = re.sub(r"[\s-]", "", text or "").upper()
    if len(vin) != 17:
        raise ValidationError(_("A VIN has exactly 17 characters."), code="vin_length")
    if not VIN_ALPHABET.match(vin):
        raise ValidationError(_("A VIN contains only digits and letters other than I, O and Q."), code="vin_characters")
    return vin


def vin_check_digit_ok(vin: str) -> bool:
    """Position 9 is a check digit in Chinese and North-American VINs; imported cars may not follow it."""
    total = sum(VIN_VALUES[char] * weight for char, weight in zip(vin, VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTER = "A-HJ-NP-Z"  # plates use no I or O
PLATE_PATTERNS = [
    # Ordinary blue/yellow plates: 粤A12345, 粤B1234学
    re.compile(rf"^[{PROVINCES}][{LETTER}][{LETTER}0-9]{{4}}[{LETTER}0-9挂学警港澳]$"),
    # New-energy plates, small cars: 粤AD12345, 粤AF1A234
    re.compile(rf"^[{PROVINCES}][{LETTER}][DF][{LETTER}0-9][0-9]{{4}}$"),
    # New-energy plates, large vehicles: 粤A12345D
    re.compile(rf"^[{PROVINCES}][{LETTER}][0-9]{{5}}[DF]$"),
]


def normalize_plate(text: str) -> str:
    """A mainland plate without spaces or dots, upper case; empty until a new car is registered."""
    plate = re.sub(r"[\s·•.\-]", "", text or "").upper()
    if not plate:
        return ""
    if not any(pattern.match(plate) for pattern in PLATE_PATTERNS):
        raise ValidationError(
            _("Enter a mainland plate such as 粤A12345, or a new-energy plate such as 粤AD12345."),
            code="invalid_plate",
        )
    return plate


EARLIEST_BIRTHDAY = date(1900, 1, 1)


def check_birthday(birthday: date | None, today: date) -> None:
    if birthday is None:
        return
    if birthday > today:
        raise ValidationError(_("The birthday cannot be in the future."), code="birthday_in_future")
    if birthday < EARLIEST_BIRTHDAY:
        raise ValidationError(_("Check the birthday: the year is too early."), code="birthday_too_early")
