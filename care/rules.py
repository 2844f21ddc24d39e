"""When a care contact falls due (SPEC section 3 "Reminders and care lists", seed 000's care plan).

The rulebook numbers are policy values (政策设置 → "Customer care"). The pure functions here say, for one vehicle
or customer, on which day each contact is due; `care.lists` applies the same rules to every store at once in SQL.
"""

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from care.models.contacts import ContactKind
from organization.models import PolicySet
from organization.policies import Unit, define

SECTION = _("Customer care")


def _days(key, label, maximum=365):
    return define(key, SECTION, label, Unit.DAYS, minimum=0, maximum=maximum)


SERVICE_LEAD_DAYS = _days("care.service_lead_days", _("First and scheduled services: call this many days ahead"))
SERVICE_LEAD_KM = define(
    "care.service_lead_km",
    SECTION,
    _("First and scheduled services: call this many km ahead of the estimated mileage"),
    Unit.COUNT,
    minimum=0,
    maximum=10000,
)
INSPECTION_LEAD_DAYS = _days("care.inspection_lead_days", _("Annual inspection: call this many days ahead"))
INSPECTION_EVERY_YEARS = define(
    "care.inspection_every_years",
    SECTION,
    _("Annual inspection: a young car is inspected every this many years"),
    Unit.COUNT,
    minimum=1,
    maximum=6,
)
INSPECTION_YEARLY_AFTER_YEARS = define(
    "care.inspection_yearly_after_years",
    SECTION,
    _("Annual inspection: every year once the car is older than this many years"),
    Unit.COUNT,
    minimum=1,
    maximum=30,
)
RENEWAL_LEAD_DAYS = (
    _days("care.renewal_first_days", _("Insurance renewal: first call this many days before expiry")),
    _days("care.renewal_second_days", _("Insurance renewal: second call this many days before expiry")),
    _days("care.renewal_third_days", _("Insurance renewal: last call this many days before expiry")),
)
WARRANTY_LEAD_DAYS = _days("care.warranty_lead_days", _("Warranty expiry: call this many days ahead"))
CHURN_AFTER_MONTHS = define(
    "care.churn_after_months",
    SECTION,
    _("Churned (流失): months without a visit before the win-back call"),
    Unit.COUNT,
    minimum=1,
    maximum=36,
)
CATCH_UP_DAYS = _days("care.catch_up_days", _("After downtime, contacts due this many days ago still list (late)"), 60)
MISSED_SERVICE_GRACE_DAYS = _days(
    "care.missed_service_grace_days", _("A scheduled service counts as missed this many days after it fell due")
)
SMS_LABELS = {
    ContactKind.FIRST_SERVICE: _("Send an SMS for the first service (首保)"),
    ContactKind.SCHEDULED_SERVICE: _("Send an SMS for scheduled services (定保)"),
    ContactKind.INSPECTION: _("Send an SMS for the annual inspection (年检)"),
    ContactKind.INSURANCE_RENEWAL: _("Send an SMS for the insurance renewal (续保)"),
    ContactKind.WARRANTY_EXPIRY: _("Send an SMS for the warranty expiry"),
    ContactKind.BIRTHDAY: _("Send an SMS for birthday greetings"),
    ContactKind.WIN_BACK: _("Send an SMS for win-back calls (流失)"),
}
SEND_SMS = {kind: define(f"care.sms_{kind.value}", SECTION, label, Unit.FLAG) for kind, label in SMS_LABELS.items()}
# Greetings and win-back calls are marketing: they list and send only for customers who consented.
MARKETING_KINDS = frozenset({ContactKind.BIRTHDAY, ContactKind.WIN_BACK})
# The oldest car whose inspection years are listed; older cars still in use are inspected every year.
OLDEST_CAR_YEARS = 40


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February in a year without it."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def birthday_in(year: int, birthday: date) -> date:
    """The day a birthday is celebrated in `year`: 29 February on 28 February in other years."""
    return add_years(birthday, year - birthday.year)


def renewal_call_days(expiry: date, policy: PolicySet) -> list[date]:
    """The three 续保 calls: 45, 33 and 30 days (policy) before the insurance expires."""
    return [expiry - policy.value(key) for key in RENEWAL_LEAD_DAYS]


def inspection_years(policy: PolicySet) -> list[int]:
    """The car ages (years since registration) at which an inspection falls due.

    Decision (China's 2022 rules for private cars, simplified): every `inspection_every_years` (2) while the car is
    at most `inspection_yearly_after_years` (10) old, then every year. Twice a year after 15 is not modelled.
    """
    every, yearly_after = policy.value(INSPECTION_EVERY_YEARS), policy.value(INSPECTION_YEARLY_AFTER_YEARS)
    return [age for age in range(1, OLDEST_CAR_YEARS + 1) if age > yearly_after or age % every == 0]


def next_inspection(registered_on: date, today: date, policy: PolicySet) -> date | None:
    """The next inspection date on or after `today` of a car registered (bought) on `registered_on`."""
    for age in inspection_years(policy):
        due = add_years(registered_on, age)
        if due >= today:
            return due
    return None


def km_per_day(purchased_on: date, reading_on: date, reading_km: int) -> float | None:
    """The car's average daily distance from its odometer history (0 km at purchase, the last reading since)."""
    days = (reading_on - purchased_on).days
    if days <= 0 or not reading_km:
        return None
    return reading_km / days


def day_mileage_reaches(km: int, purchased_on: date, reading_on: date, reading_km: int) -> date | None:
    """The day the mileage estimate reaches `km` (whole days, rounded down)."""
    if km_per_day(purchased_on, reading_on, reading_km) is None:
        return None
    return purchased_on + timedelta(days=km * (reading_on - purchased_on).days // reading_km)


def service_call_day(
    *,
    due_on: date | None,
    due_km: int | None,
    purchased_on: date | None,
    reading_on: date | None,
    reading_km: int | None,
    policy: PolicySet,
) -> date | None:
    """When to call about the next service (首保/定保): 14 days before the due date, or when the estimated mileage
    comes within 1,000 km of the due mileage, whichever comes first."""
    by_date = due_on - policy.value(SERVICE_LEAD_DAYS) if due_on else None
    by_km = None
    if due_km and purchased_on and reading_on:
        by_km = day_mileage_reaches(
            max(due_km - policy.value(SERVICE_LEAD_KM), 0), purchased_on, reading_on, reading_km
        )
    days = [day for day in (by_date, by_km) if day]
    return min(days) if days else None
