"""Checks on what staff type or import: mainland mobiles, VINs, plates, and the range of every date.

Each `normalize_*` returns the canonical form or raises ValidationError with a message for the form.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
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


# Date ranges. A date a person enters must make sense for what it is; each model column has a
# database check with the same floor (and a far ceiling, 2100), so no path can store year 1 or 9999.
STORED_BEFORE = date(2100, 1, 1)
RECORDS_START = datetime(2000, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
"""No store of the group kept records before 2000: the earliest delivery, contact or showroom visit."""
CLOCK_SKEW = timedelta(minutes=5)
"""A moment typed from a wall clock a little ahead of the server's is still 'now'."""
FIRST_PRIVATE_CARS = date(1980, 1, 1)
"""Private cars were first registered on the mainland in the early 1980s: the earliest vehicle date."""


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    """The dates that make sense for one kind of date: from `earliest` to `years_ahead` years after today."""

    earliest: date
    years_ahead: int
    too_early: str = _("Enter a date from %(earliest)s to %(latest)s.")
    too_late: str = _("Enter a date from %(earliest)s to %(latest)s.")

    def latest(self, today: date) -> date:
        return _years_after(today, self.years_ahead)

    def check(self, day: date | None, today: date) -> None:
        if day is None:
            return
        bounds = {"earliest": formats.date_format(self.earliest), "latest": formats.date_format(self.latest(today))}
        if day < self.earliest:
            raise ValidationError(self.too_early, code="date_too_early", params=bounds)
        if day > self.latest(today):
            raise ValidationError(self.too_late, code="date_too_late", params=bounds)

    def stored(self, column: str) -> Q:
        """The database check for `column`: today moves, so it keeps the floor and a far ceiling."""
        return Q(**{f"{column}__gte": self.earliest, f"{column}__lt": STORED_BEFORE})


BIRTHDAY = DateRange(
    date(1900, 1, 1),
    years_ahead=0,
    too_early=_("Check the birthday: the year is too early."),
    too_late=_("The birthday cannot be in the future."),
)
PLANNED_PURCHASE = DateRange(RECORDS_START.date(), years_ahead=5)
PURCHASE_DATE = DateRange(FIRST_PRIVATE_CARS, years_ahead=0, too_late=_("The purchase date cannot be in the future."))
LAST_SERVICE = DateRange(FIRST_PRIVATE_CARS, years_ahead=0)
WARRANTY_END = DateRange(FIRST_PRIVATE_CARS, years_ahead=15)
INSURANCE_EXPIRY = DateRange(FIRST_PRIVATE_CARS, years_ahead=2)
SERVICE_DUE = DateRange(FIRST_PRIVATE_CARS, years_ahead=5)
APPOINTMENT_DAY = DateRange(RECORDS_START.date(), years_ahead=1, too_late=_("Book at most a year ahead."))
PROMISED_TIME = DateRange(RECORDS_START.date(), years_ahead=1, too_late=_("Promise the car at most a year ahead."))


def check_birthday(birthday: date | None, today: date) -> None:
    BIRTHDAY.check(birthday, today)


def stored_moment(column: str) -> Q:
    """The database check for when something happened here: not before the records start."""
    return Q(**{f"{column}__gte": RECORDS_START, f"{column}__lt": RECORDS_START.replace(year=STORED_BEFORE.year)})


class DateInRangeField(forms.DateField):
    """A date field that refuses dates outside `date_range`, with the range in the message."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, date_range: DateRange, **kwargs):
        self.date_range = date_range
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": self.date_range.earliest.isoformat()}

    def validate(self, value):
        super().validate(value)
        self.date_range.check(value, timezone.localdate())


class PastMomentField(forms.DateTimeField):
    """When something happened here: from the start of the records to now (a few minutes' clock skew)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {
        "too_early": _("Enter a time from %(earliest)s to now."),
        "in_the_future": _("Enter a time from %(earliest)s to now."),
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": RECORDS_START.strftime("%Y-%m-%dT%H:%M")}

    def validate(self, value):
        super().validate(value)
        params = {"earliest": formats.date_format(RECORDS_START.date())}
        if value is not None and value < RECORDS_START:
            raise ValidationError(self.error_messages["too_early"], code="too_early", params=params)
        if value is not None and value > timezone.now() + CLOCK_SKEW:
            raise ValidationError(self.error_messages["in_the_future"], code="in_the_future", params=params)
