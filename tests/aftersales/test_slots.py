from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from aftersales import slots
from organization.models import OpeningHours
from organization.policies import current_policy

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 12, 7)


def at(hour, minute=0, day=MONDAY):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def policy(store):
    return current_policy(store)


@pytest.fixture
def hours(store):
    return OpeningHours(store=store, weekday=0, opens_at=time(8, 30), closes_at=time(18, 0))


def test_it_cuts_the_opening_hours_into_15_minute_slots(hours, policy):
    starts = slots.slot_starts(MONDAY, hours, policy)
    assert starts[0] == at(8, 30) and starts[-1] == at(17, 45)
    assert len(starts) == 38


def test_a_slot_that_would_end_after_closing_is_not_offered(store, policy):
    hours = OpeningHours(store=store, weekday=0, opens_at=time(9, 0), closes_at=time(9, 40))
    assert slots.slot_starts(MONDAY, hours, policy) == [at(9, 0), at(9, 15)]


def test_a_weekday_without_opening_hours_is_closed(policy):
    assert slots.slot_starts(MONDAY, None, policy) == []


def test_the_seeds_example_keeps_945_free_and_offers_1000(hours, policy):
    starts = slots.slot_starts(MONDAY, hours, policy)
    booked = [at(9, 0), at(9, 15), at(9, 30)]
    assert not slots.is_bookable(at(9, 45), starts, booked, policy)
    assert slots.is_bookable(at(10, 0), starts, booked, policy)
    free = slots.free_slots(starts, booked, policy)
    assert at(9, 45) not in free and at(8, 45) not in free
    assert at(10, 0) in free and at(8, 30) in free


def test_a_booked_slot_and_a_time_between_slots_are_not_bookable(hours, policy):
    starts = slots.slot_starts(MONDAY, hours, policy)
    assert not slots.is_bookable(at(9, 0), starts, [at(9, 0)], policy)
    assert not slots.is_bookable(at(9, 5), starts, [], policy)
    assert not slots.is_bookable(at(8, 0), starts, [], policy)


def test_filling_a_gap_that_would_join_two_runs_past_the_buffer_rule_is_refused(hours, policy):
    starts = slots.slot_starts(MONDAY, hours, policy)
    booked = [at(9, 0), at(9, 15), at(9, 45)]
    assert not slots.is_bookable(at(9, 30), starts, booked, policy)
    assert slots.is_bookable(at(9, 30), starts, [at(9, 0), at(9, 45)], policy)


def test_the_day_fills_within_the_workshop_capacity(policy):
    kept = policy.value(slots.DAILY_BAY_HOURS)
    assert slots.fits_capacity(kept - timedelta(hours=2), timedelta(hours=2), policy)
    assert not slots.fits_capacity(kept - timedelta(hours=2), timedelta(hours=2, minutes=1), policy)


def test_a_booking_exactly_3_hours_ahead_counts_as_an_appointment(policy):
    assert slots.counts_as_appointment(at(7, 0), at(10, 0), policy)


def test_a_booking_one_second_less_than_3_hours_ahead_does_not_count(policy):
    assert not slots.counts_as_appointment(at(7, 0) + timedelta(seconds=1), at(10, 0), policy)
