"""Which days a store opens, and its hours that day: the one place the rest of the project asks.

1. The store's holiday table (Holiday, kept by the GM) wins: a closed day is closed; an extra working
   day (调休) opens.
2. A day absent from the table follows the mainland calendar (the chinese_calendar package) for the years
   it knows, when the store's policy "close on statutory holidays" is on: a statutory holiday (法定节假日)
   is closed and a make-up working day (调休) opens. With the policy off (the default: 4S stores mostly open
   on holidays), the mainland calendar changes nothing.
3. A year the package does not know (it raises NotImplementedError, 2027 on with 1.11) falls back to the
   opening hours alone.

An extra working day on a weekday the opening hours close opens with the store's usual weekday hours: those
of the first day Monday to Friday that has opening hours.
"""

from datetime import date, datetime, timedelta

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Holiday, OpeningHours, PolicySet, Store
from organization.policies import Unit, define

CLOSE_ON_STATUTORY_HOLIDAYS = define(
    "calendar.close_on_statutory_holidays",
    _("Holidays"),
    _("Close on statutory holidays (and open on their make-up working days)"),
    Unit.FLAG,
    help_text=_("Days in the store's holiday table win over this."),
)
WEEKDAYS = range(5)
# chinese_calendar names its holidays in English; the table keeps them in the GM's language.
MAINLAND_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
}


def mainland_kind(day: date) -> str | None:
    """Holiday.Kind of `day` in the mainland calendar (None for an ordinary day or a year it does not know)."""
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if name is None:
        return None
    return Holiday.Kind.CLOSED if is_holiday else Holiday.Kind.WORKING


def mainland_holidays(year: int) -> list[tuple[date, str, str]]:
    """(date, name, kind) of every statutory holiday and make-up working day of `year`; NotImplementedError if
    chinese_calendar has no data for the year."""
    chinese_calendar.get_holiday_detail(date(year, 1, 1))  # raises for a year it does not know
    days = [(day, name, Holiday.Kind.CLOSED) for day, name in chinese_calendar.holidays.items() if day.year == year]
    days += [(day, name, Holiday.Kind.WORKING) for day, name in chinese_calendar.workdays.items() if day.year == year]
    return sorted((day, str(MAINLAND_NAMES.get(name, name)), kind) for day, name, kind in days)


def hours_of_day(store: Store, day: date, policy: PolicySet) -> OpeningHours | None:
    """The store's opening hours on `day`, or None when it is closed that day."""
    entry = Holiday.objects.filter(store=store, date=day).values_list("kind", flat=True).first()
    hours = {h.weekday: h for h in OpeningHours.objects.filter(store=store)}
    return _hours_on(day, entry, hours, policy)


def _hours_on(day: date, entry: str | None, hours: dict, policy: PolicySet) -> OpeningHours | None:
    """`hours_of_day` from the day's holiday-table entry and the store's weekly hours, read beforehand."""
    if entry is None and policy.value(CLOSE_ON_STATUTORY_HOLIDAYS):
        entry = mainland_kind(day)
    if entry == Holiday.Kind.CLOSED:
        return None
    if day.weekday() in hours or entry != Holiday.Kind.WORKING:
        return hours.get(day.weekday())
    return next((hours[weekday] for weekday in WEEKDAYS if weekday in hours), None)


# How far ahead business hours are counted before giving up on a store that never opens.
OPENING_TIME_HORIZON = 400


def add_opening_time(store: Store, start: datetime, duration: timedelta, policy: PolicySet) -> datetime:
    """The moment `duration` of the store's opening hours has passed after `start` (business hours).

    Closed days (the holiday table; statutory holidays when the policy closes them) do not count, make-up working
    days (调休) do. A store with no opening hours counts wall-clock time.
    """
    hours = {h.weekday: h for h in OpeningHours.objects.filter(store=store)}
    if not hours:
        return start + duration
    zone = timezone.get_current_timezone()
    local = timezone.localtime(start, zone)
    day = local.date()
    table = dict(
        Holiday.objects.filter(
            store=store, date__gte=day, date__lt=day + timedelta(days=OPENING_TIME_HORIZON)
        ).values_list("date", "kind")
    )
    left = duration
    for _day in range(OPENING_TIME_HORIZON):
        opening = _hours_on(day, table.get(day), hours, policy)
        if opening is not None:
            opens = datetime.combine(day, opening.opens_at, tzinfo=zone)
            closes = datetime.combine(day, opening.closes_at, tzinfo=zone)
            begin = max(opens, local)
            if begin < closes:
                if begin + left <= closes:
                    return begin + left
                left -= closes - begin
        day += timedelta(days=1)
    return start + duration


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first moment of `day` and of the day after, in local time (what "today's" records are filtered by)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=start.tzinfo)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month of `month` and of the month after, in local time (monthly figures)."""
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    return start, datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
