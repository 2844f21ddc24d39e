"""Reception slots (seed 002): 15-minute slots per advisor, one free buffer slot after every 3 booked.

9:00, 9:15 and 9:30 booked leave 9:45 free as a buffer; the next booking is 10:00. The store's opening
hours bound the day (a weekday without opening hours is closed); the workshop keeps a number of
bay-hours a day for appointments. Holidays and make-up working days come from organization.calendar.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import OpeningHours, PolicySet
from organization.policies import Unit, define

SECTION = _("Appointments")
SLOT_LENGTH = define(
    "appointments.slot_minutes", SECTION, _("Length of a reception slot"), Unit.MINUTES, minimum=5, maximum=120
)
BOOKED_BEFORE_BUFFER = define(
    "appointments.booked_slots_before_buffer",
    SECTION,
    _("Booked slots in a row before one stays free as a buffer"),
    Unit.COUNT,
    minimum=1,
    maximum=50,
)
DAILY_BAY_HOURS = define(
    "appointments.daily_bay_hours",
    SECTION,
    _("Workshop bay-hours kept for appointments each day"),
    Unit.HOURS,
    minimum=0,
    maximum=1000,
)
APPOINTMENT_NOTICE = define(
    "appointments.notice_hours",
    SECTION,
    _("A booking counts as an appointment when made at least this long before its slot"),
    Unit.HOURS,
    minimum=0,
    maximum=72,
)
DAYS_SEARCHED = 14
"""How far ahead the next free slots are looked for when a day is full."""


def slot_starts(day: date, hours: OpeningHours | None, policy: PolicySet) -> list[datetime]:
    """Every slot of `day` that starts and ends within the opening hours; none on a closed day."""
    if hours is None:
        return []
    length = policy.value(SLOT_LENGTH)
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, hours.opens_at, tzinfo=zone)
    closes = datetime.combine(day, hours.closes_at, tzinfo=zone)
    starts = []
    while start + length <= closes:
        starts.append(start)
        start += length
    return starts


def is_bookable(slot: datetime, starts: list[datetime], booked: Iterable[datetime], policy: PolicySet) -> bool:
    """A slot of the day that is free and would not make a run of booked slots longer than the buffer rule allows."""
    taken = set(booked)
    if slot not in starts or slot in taken:
        return False
    index = starts.index(slot)
    run = 1
    for neighbour in reversed(starts[:index]):
        if neighbour not in taken:
            break
        run += 1
    for neighbour in starts[index + 1 :]:
        if neighbour not in taken:
            break
        run += 1
    return run <= policy.value(BOOKED_BEFORE_BUFFER)


def free_slots(starts: list[datetime], booked: Iterable[datetime], policy: PolicySet) -> list[datetime]:
    taken = set(booked)
    return [slot for slot in starts if is_bookable(slot, starts, taken, policy)]


def fits_capacity(booked_hours: timedelta, duration: timedelta, policy: PolicySet) -> bool:
    """Whether a job of `duration` fits in the day's bay-hours kept for appointments."""
    return booked_hours + duration <= policy.value(DAILY_BAY_HOURS)


def counts_as_appointment(booked_at: datetime, slot_start: datetime, policy: PolicySet) -> bool:
    """Seed 000: only a booking made at least the notice (3 hours) before its slot earns appointment discounts."""
    return slot_start - booked_at >= policy.value(APPOINTMENT_NOTICE)
