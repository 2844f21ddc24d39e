"""Business hours (policy complaints.business_hours on): due times count the store's opening hours, minus the days
its holiday table closes, plus its make-up working days (调休); a year the mainland calendar lacks uses the weekly
hours alone (SPEC section 5, "Clocks")."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from complaints import routes
from complaints.models import Milestone, Severity
from organization import calendar
from organization.calendar import add_opening_time
from organization.models import Holiday, OpeningHours
from organization.policies import current_policy, revise_policy
from tests.complaints.clock import SH, at

Kind = Milestone.Kind


@pytest.fixture
def weekdays_only(store):
    """Open Monday to Friday 08:30–17:30 (nine hours a day), closed at weekends."""
    for weekday in range(5):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(8, 30), closes_at=time(17, 30))


@pytest.fixture
def business_hours(store, cast):
    revise_policy(current_policy(store), {routes.BUSINESS_HOURS.key: "1"}, by=cast.gm, note="按营业时间计时")


def import_year(client_of, gm, year):
    return client_of(gm).post(reverse("organization:holiday_import"), {"year": str(year)})


def dues(complaint) -> dict:
    return {m.kind: m.due_at and m.due_at.astimezone(SH) for m in complaint.milestones.filter(cancelled_at=None)}


def test_the_2026_national_day_holidays_and_their_make_up_saturday(
    store, cast, log, client_of, weekdays_only, business_hours
):
    assert import_year(client_of, cast.gm, 2026).status_code == 302
    table = dict(Holiday.objects.filter(store=store).values_list("date", "kind"))
    assert table[at("2026-10-01 00:00").date()] == Holiday.Kind.CLOSED
    assert table[at("2026-10-10 00:00").date()] == Holiday.Kind.WORKING  # Saturday 10 October is worked (调休)

    # Wednesday 30 September 16:30: one hour left that day, then closed 1–7 October and the weekend.
    complaint = log(severity=Severity.GRUMBLE, raised_at=at("2026-09-30 16:30"), now=at("2026-09-30 16:35"))
    assert dues(complaint) == {
        Kind.HAND_OVER: at("2026-09-30 17:00"),
        Kind.FIRST_CONTACT: at("2026-10-08 09:30"),  # 1 h on the 30th + 1 h on Thursday the 8th
        # 24 h = 1 (30 Sep) + 9 (Thu 8) + 9 (Fri 9) + 5 on the make-up Saturday the 10th, at the weekday hours.
        Kind.HANDLED: at("2026-10-10 13:30"),
        Kind.PLAN_SIGN_OFF: at("2026-10-10 13:30"),
        Kind.DEPARTMENT_REPLY: None,
        # 48 h = 28 to the end of Saturday the 10th, Sunday closed, 9 + 9 (Mon 12, Tue 13), 2 on Wednesday the 14th.
        Kind.SATISFACTION_CALLBACK: at("2026-10-14 10:30"),
        Kind.GM_FINAL: None,
        Kind.ARCHIVE: None,
    }


def test_2027_which_the_package_lacks_counts_the_weekly_hours_alone(
    store, cast, log, client_of, weekdays_only, business_hours
):
    response = import_year(client_of, cast.gm, 2027)
    assert response.status_code == 422
    assert (
        gettext("The mainland holiday calendar has no data for %(year)s yet: add that year's days by hand.")
        % {"year": 2027}
        in response.content.decode()
    )
    policy = current_policy(store)
    revise_policy(policy, {calendar.CLOSE_ON_STATUTORY_HOLIDAYS.key: "1"}, by=cast.gm, note="法定节假日休息")
    # Friday 1 October 2027 (National Day, unknown to the package): an ordinary Friday.
    complaint = log(severity=Severity.GENERAL, raised_at=at("2027-10-01 15:30"), now=at("2027-10-01 15:30"))
    assert dues(complaint)[Kind.FIRST_CONTACT] == at("2027-10-01 17:30")
    # 24 h = 2 (Fri 1) + 9 (Mon 4) + 9 (Tue 5) + 4 on Wednesday the 6th.
    assert dues(complaint)[Kind.AGREEMENT] == at("2027-10-06 12:30")


# organization.calendar.add_opening_time at its edges ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-11-30 07:00", 2, "2026-11-30 10:30"),  # before opening: counts from the opening
        ("2026-11-30 18:00", 2, "2026-12-01 10:30"),  # after closing: from the next opening
        ("2026-11-30 17:30", 2, "2026-12-01 10:30"),  # exactly at closing: nothing left that day
        ("2026-11-30 15:30", 2, "2026-11-30 17:30"),  # ends exactly at closing: that day
        ("2026-11-27 17:00", 1, "2026-11-30 09:00"),  # Friday: over the closed weekend
        ("2026-11-28 10:00", 1, "2026-11-30 09:30"),  # starts on a closed day
        ("2026-11-30 08:30", 45, "2026-12-04 17:30"),  # five whole days
    ],
)
def test_add_opening_time_at_its_edges(store, weekdays_only, start, hours, expected):
    assert add_opening_time(store, at(start), timedelta(hours=hours), current_policy(store)) == at(expected)


def test_a_store_without_opening_hours_counts_the_wall_clock(store):
    assert add_opening_time(store, at("2026-11-28 22:00"), timedelta(hours=3), current_policy(store)) == at(
        "2026-11-29 01:00"
    )


def test_a_closed_day_of_the_table_and_an_extra_working_sunday(store, weekdays_only):
    Holiday.objects.create(store=store, date=at("2026-12-01 00:00").date(), name="店庆", kind=Holiday.Kind.CLOSED)
    Holiday.objects.create(store=store, date=at("2026-12-06 00:00").date(), name="调休", kind=Holiday.Kind.WORKING)
    policy = current_policy(store)
    assert add_opening_time(store, at("2026-11-30 17:00"), timedelta(hours=1), policy) == at("2026-12-02 09:00")
    assert add_opening_time(store, at("2026-12-05 12:00"), timedelta(hours=2), policy) == at("2026-12-06 10:30")
