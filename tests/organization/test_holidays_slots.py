"""Appointments honour the store's calendar: no slots on a closed day, the next free slots offered instead."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from aftersales import appointments
from aftersales.models import Appointment
from organization.models import Holiday, OpeningHours
from organization.policies import current_policy
from organization.roles import Role
from tests.factories import VehicleFactory

SPRING_FESTIVAL = date(2026, 2, 17)
CLOSED_MONDAY = date(2026, 12, 7)


@pytest.fixture
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.mark.usefixtures("open_every_day")
def test_the_spring_festival_has_no_slots_when_the_table_closes_it(store, advisor):
    policy = current_policy(store)
    assert appointments.free_slots_of_day(store, advisor, SPRING_FESTIVAL, policy)
    Holiday.objects.create(store=store, date=SPRING_FESTIVAL, name="春节", kind=Holiday.Kind.CLOSED)
    assert appointments.free_slots_of_day(store, advisor, SPRING_FESTIVAL, policy) == []


@pytest.mark.usefixtures("open_every_day")
def test_a_day_of_2027_gives_the_opening_hours_slots_and_does_not_raise(store, advisor):
    slots = appointments.free_slots_of_day(store, advisor, date(2027, 1, 1), current_policy(store))
    assert slots[0] == at(date(2027, 1, 1), 9, 0)


@pytest.mark.usefixtures("open_every_day")
def test_a_booking_on_an_added_closed_day_is_refused_with_the_next_free_slots(store, advisor, client_of, time_machine):
    time_machine.move_to(at(CLOSED_MONDAY - timedelta(days=3), 9), tick=False)
    Holiday.objects.create(store=store, date=CLOSED_MONDAY, name="店庆闭店", kind=Holiday.Kind.CLOSED)
    vehicle = VehicleFactory(owner__store=store)
    values = {
        "advisor": advisor.pk,
        "day": CLOSED_MONDAY.isoformat(),
        "slot": "10:00",
        "channel": Appointment.Channel.PHONE,
        "estimated_minutes": "60",
    }
    response = client_of(advisor).post(reverse("aftersales:appointment_create", args=[vehicle.pk]), values)
    assert response.status_code == 422
    assert not Appointment.objects.exists()
    next_day = CLOSED_MONDAY + timedelta(days=1)
    assert date_format(at(next_day, 9), "Y-m-d H:i") in response.content.decode()
