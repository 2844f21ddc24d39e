"""The booking page starts on the advisor's next free slot's day, lists that day's free slots, and takes ?slot=."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.models import Holiday, OpeningHours
from organization.roles import Role
from tests.factories import AppointmentFactory, VehicleFactory

FRIDAY = date(2026, 12, 4)
MONDAY = date(2026, 12, 7)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def friday_afternoon(time_machine, store):
    time_machine.move_to(at(FRIDAY, 16, 50), tick=False)
    for weekday in range(6):  # closed on Sundays
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def url(store):
    return reverse("aftersales:appointment_create", args=[VehicleFactory(owner__store=store).pk])


def test_the_day_defaults_to_the_advisors_next_free_slots_day(store, advisor, client_of, url):
    Holiday.objects.create(store=store, date=date(2026, 12, 5), name="盘点", kind=Holiday.Kind.CLOSED)  # Saturday
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(MONDAY, 9))
    page = client_of(advisor).get(url)
    form = page.context["form"]
    assert form["day"].value() == MONDAY and form["slot"].value() == time(9, 15)
    assert page.context["free_slots"][:2] == [at(MONDAY, 9, 15), at(MONDAY, 9, 30)]
    assert len(page.context["free_slots"]) == 31  # the day's 32 slots less the booked one
    assert 'href="?slot=2026-12-07T09:15"' in page.content.decode()


def test_a_slot_from_the_day_view_is_preselected(advisor, client_of, url):
    page = client_of(advisor).get(url, {"slot": "2026-12-08T14:30"})
    form = page.context["form"]
    assert form["day"].value() == date(2026, 12, 8) and form["slot"].value() == time(14, 30)
    assert at(date(2026, 12, 8), 9) in page.context["free_slots"]


def test_a_garbled_slot_falls_back_to_the_next_free_slot(advisor, client_of, url):
    page = client_of(advisor).get(url, {"slot": "2026-13-45T99:99"})
    assert page.status_code == 200 and page.context["form"]["day"].value() == date(2026, 12, 5)


def test_a_supervisor_who_receives_no_vehicles_gets_no_default(staff, client_of, url):
    page = client_of(staff(Role.FRONT_DESK_SUPERVISOR)).get(url)
    assert page.status_code == 200 and page.context["form"]["day"].value() is None
    assert page.context["free_slots"] == []
