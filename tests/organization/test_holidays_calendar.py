"""organization.calendar: the store's table wins, then the mainland calendar by policy, then the opening hours."""

from datetime import date, time

import pytest
from django.utils.translation import gettext

from organization import calendar
from organization.models import Holiday, OpeningHours
from organization.policies import current_policy, revise_policy
from organization.roles import Role

SPRING_FESTIVAL = date(2026, 2, 17)  # a Tuesday of the 2026 Spring Festival
MAKE_UP_SATURDAY = date(2026, 2, 14)  # 调休: the Saturday before it is a working day
NEW_YEAR_2027 = date(2027, 1, 1)  # a Friday; chinese_calendar 1.11 has no data for 2027


@pytest.fixture
def weekdays_only(store):
    for weekday in range(5):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 30), closes_at=time(18, 0))


def closing_on_holidays(store, gm):
    policy = current_policy(store)
    return revise_policy(policy, {calendar.CLOSE_ON_STATUTORY_HOLIDAYS.key: "1"}, by=gm, note="")


@pytest.mark.usefixtures("weekdays_only")
def test_by_default_a_statutory_holiday_keeps_the_opening_hours(store):
    hours = calendar.hours_of_day(store, SPRING_FESTIVAL, current_policy(store))
    assert hours.weekday == 1 and hours.opens_at == time(8, 30)


@pytest.mark.usefixtures("weekdays_only")
def test_the_spring_festival_is_closed_when_the_table_says_so(store):
    Holiday.objects.create(store=store, date=SPRING_FESTIVAL, name="春节", kind=Holiday.Kind.CLOSED)
    assert calendar.hours_of_day(store, SPRING_FESTIVAL, current_policy(store)) is None


@pytest.mark.usefixtures("weekdays_only")
def test_with_the_policy_on_the_mainland_calendar_closes_holidays_and_opens_make_up_days(store, staff):
    policy = closing_on_holidays(store, staff(Role.GENERAL_MANAGER))
    assert calendar.hours_of_day(store, SPRING_FESTIVAL, policy) is None
    saturday = calendar.hours_of_day(store, MAKE_UP_SATURDAY, policy)
    assert saturday.weekday == 0 and saturday.opens_at == time(8, 30)  # the usual weekday hours (Monday's)
    assert calendar.hours_of_day(store, date(2026, 2, 21), policy) is None  # an ordinary Saturday stays closed


@pytest.mark.usefixtures("weekdays_only")
def test_the_table_wins_over_the_mainland_calendar(store, staff):
    policy = closing_on_holidays(store, staff(Role.GENERAL_MANAGER))
    Holiday.objects.create(store=store, date=SPRING_FESTIVAL, name="照常营业", kind=Holiday.Kind.WORKING)
    Holiday.objects.create(store=store, date=MAKE_UP_SATURDAY, name="不调休", kind=Holiday.Kind.CLOSED)
    assert calendar.hours_of_day(store, SPRING_FESTIVAL, policy).weekday == 1
    assert calendar.hours_of_day(store, MAKE_UP_SATURDAY, policy) is None


@pytest.mark.usefixtures("weekdays_only")
def test_a_year_chinese_calendar_does_not_know_falls_back_to_the_opening_hours(store, staff):
    policy = closing_on_holidays(store, staff(Role.GENERAL_MANAGER))
    assert calendar.mainland_kind(NEW_YEAR_2027) is None
    assert calendar.hours_of_day(store, NEW_YEAR_2027, policy).weekday == 4
    Holiday.objects.create(store=store, date=NEW_YEAR_2027, name="元旦", kind=Holiday.Kind.CLOSED)
    assert calendar.hours_of_day(store, NEW_YEAR_2027, policy) is None


def test_an_extra_working_day_of_a_store_without_any_weekday_hours_stays_closed(store):
    Holiday.objects.create(store=store, date=MAKE_UP_SATURDAY, name="调休", kind=Holiday.Kind.WORKING)
    assert calendar.hours_of_day(store, MAKE_UP_SATURDAY, current_policy(store)) is None


def test_the_mainland_holidays_of_2026():
    days = calendar.mainland_holidays(2026)
    assert (SPRING_FESTIVAL, gettext("Spring Festival"), Holiday.Kind.CLOSED) in days
    assert (MAKE_UP_SATURDAY, gettext("Spring Festival"), Holiday.Kind.WORKING) in days
    assert all(day.year == 2026 for day, _name, _kind in days)
    with pytest.raises(NotImplementedError):
        calendar.mainland_holidays(2027)
