"""Hypothesis drives the appointment forms through their views: never a 500, bad input a 4xx, nothing half-saved."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from aftersales.models import Appointment, AppointmentChange
from organization.models import OpeningHours
from organization.roles import Role
from tests.customers.test_bad_input import BAD_DATES, FUZZ, field, form, number, split, text
from tests.factories import AppointmentFactory, VehicleFactory


def counts():
    return [Appointment.objects.count(), AppointmentChange.objects.count()]


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status == 302 or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


def booking_fields(advisor):
    later = timezone.localdate() + timedelta(days=3)
    return {
        "advisor": field([str(advisor.pk)], ["", "0", "abc"]),
        "day": field([later.isoformat()], ["", *BAD_DATES, (timezone.localdate() + timedelta(days=800)).isoformat()]),
        "slot": field(["10:00", "10:15", "16:45"], ["", "25:00", "10:00:99"]),
        "channel": field(["phone", "online", "walk_in"], ["", "martian"]),
        "estimated_minutes": number(["15", "90"], required=True),
        "estimated_cost": number(["0", "680.50"]),
        "fault_description": text(2000, ok=("发动机异响",), required=False),
        "preliminary_diagnosis": text(2000, ok=("",), required=False),
        "parts_to_reserve": text(2000, ok=("机油滤芯",), required=False),
    }


@pytest.mark.usefixtures("open_every_day")
@FUZZ
@given(data=st.data())
def test_booking(data, store, advisor, client_of):
    vehicle = VehicleFactory(owner__store=store)
    drawn = data.draw(form(**booking_fields(advisor)))
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:appointment_create", args=[vehicle.pk]), values)
    check(response, is_bad, before)
    Appointment.objects.all().delete()


@FUZZ
@given(
    drawn=form(
        action=field(["confirm", "arrive", "cancel"], ["", "complete", "martian"]),
        row_version=field(["0"], ["", "-1", "1e999", "abc"]),
    )
)
def test_appointment_action(drawn, store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:appointment_action", args=[appointment.pk]), values)
    check(response, is_bad, before)
    appointment.delete()


@pytest.mark.usefixtures("open_every_day")
@FUZZ
@given(
    drawn=form(
        day=field([(timezone.localdate() + timedelta(days=4)).isoformat()], ["", *BAD_DATES]),
        slot=field(["10:00", "11:15"], ["", "25:00", "noon"]),
        row_version=field(["0"], ["", "-1", "1e999", "abc"]),
    )
)
def test_reschedule(drawn, store, advisor, client_of):
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor)
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:appointment_reschedule", args=[appointment.pk]), values)
    check(response, is_bad, before)
    if response.status_code >= 400:
        appointment.refresh_from_db()
        assert appointment.row_version == 0
    appointment.delete()
