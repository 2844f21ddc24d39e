"""Hypothesis drives the public booking forms: never a 500, bad input a 4xx, nothing half-saved."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from aftersales.models import Appointment, BookingCode
from customers.models import Customer, Vehicle
from organization.models import OpeningHours, OutboundMessage
from organization.roles import Role
from tests.customers.test_bad_input import BAD_DATES, FUZZ, field, form, split, text
from tests.factories import AppointmentFactory, BookingCodeFactory, CustomerFactory

SHANGHAI = timezone.get_fixed_timezone(480)
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
TOMORROW = "2026-12-02"
SLOT = datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)


def counts():
    return [m.objects.count() for m in (Appointment, BookingCode, OutboundMessage, Customer, Vehicle)]


def check(response, is_bad, before):
    status = response.status_code
    if is_bad:
        assert 400 <= status < 500, status
    assert status in (200, 302) or 400 <= status < 500, status
    if status >= 400:
        assert counts() == before


@pytest.fixture(autouse=True)
def tuesday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def advisor(store, staff):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))
    return staff(Role.SERVICE_ADVISOR)


BOOKING = {
    "job_type": field(["maintenance", "repair", "warranty"], ["", "martian"]),
    "day": field([TOMORROW], ["", "2026-11-30", "2026-12-20", *BAD_DATES]),
    "slot": field(["09:00", "10:15", "16:45"], ["", "08:00", "17:00", "25:00", "10:07"]),
    "name": text(50, ok=("李女士",)),
    "plate": field(["粤B12345", "粤AD12345", "粤b 12345"], ["", "12345", "粤", "粤B1234567", "X" * 30]),
    "mobile": field(["13900001111", "+86 139-0000-2222"], ["", "12345", "2390000111", "1" * 31]),
}


@FUZZ
@given(drawn=form(**BOOKING))
def test_the_booking_form(drawn, store, advisor, client):
    values, is_bad = split(drawn)
    before = counts()
    check(client.post(reverse("book:book", args=[store.code]), values), is_bad, before)
    BookingCode.objects.all().delete()
    OutboundMessage.objects.all().delete()


@FUZZ
@given(drawn=form(job_type=BOOKING["job_type"], day=BOOKING["day"]))
def test_the_choice_of_service_and_day(drawn, store, advisor, client):
    values, is_bad = split(drawn)
    before = counts()
    check(client.get(reverse("book:book", args=[store.code]), values), is_bad, before)


@FUZZ
@given(drawn=form(code=field(["123456"], ["", "12345", "1234567", "abcdef", "１２３４５６", "12 456"])))
def test_the_code_form(drawn, store, advisor, client):
    pending = BookingCodeFactory(store=store, slot_start=SLOT)
    values, is_bad = split(drawn)
    before = counts()
    response = client.post(reverse("book:verify", args=[pending.token]), values)
    check(response, is_bad, before)
    BookingCode.objects.all().delete()
    Appointment.objects.all().delete()
    Vehicle.objects.all().delete()
    Customer.objects.all().delete()


@FUZZ
@given(drawn=form(row_version=field(["0"], ["", "-1", "1e999", "abc"])))
def test_the_file_checked_form(drawn, store, advisor, client_of):
    customer = CustomerFactory(store=store, self_registered=True)
    appointment = AppointmentFactory(vehicle__owner=customer, advisor=advisor, slot_start=SLOT)
    values, is_bad = split(drawn)
    before = counts()
    response = client_of(advisor).post(reverse("aftersales:self_registered_checked", args=[appointment.pk]), values)
    check(response, is_bad, before)
    Appointment.objects.all().delete()
