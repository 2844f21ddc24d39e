from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.models import Appointment
from organization.models import OpeningHours
from organization.roles import Role
from tests.factories import AppointmentFactory


@pytest.fixture(autouse=True)
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


def slot(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def test_the_advisor_moves_an_appointment_to_a_free_slot(store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=slot(2, 10))
    url = reverse("aftersales:appointment_reschedule", args=[appointment.pk])
    client = client_of(advisor)
    assert client.get(url).status_code == 200
    new = slot(3, 11)
    response = client.post(url, {"day": new.date().isoformat(), "slot": "11:00", "row_version": 0})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.slot_start == new and appointment.changes.get().rescheduled


def test_a_taken_slot_is_a_422_and_nothing_moves(store, staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    appointment = AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=slot(2, 10))
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=slot(2, 14))
    url = reverse("aftersales:appointment_reschedule", args=[appointment.pk])
    response = client_of(advisor).post(url, {"day": slot(2, 14).date().isoformat(), "slot": "14:00", "row_version": 0})
    assert response.status_code == 422
    assert response.context["form"].has_error("__all__", "slot_taken")
    appointment.refresh_from_db()
    assert appointment.slot_start == slot(2, 10) and not appointment.changes.exists()


def test_other_roles_and_stores_are_refused(store, other_store, staff, group_user, client_of):
    theirs = AppointmentFactory(vehicle__owner__store=other_store)
    url = reverse("aftersales:appointment_reschedule", args=[theirs.pk])
    assert client_of(staff(Role.SERVICE_ADVISOR)).get(url).status_code == 404
    assert client_of(staff(Role.TECHNICIAN)).get(url).status_code == 403
    assert client_of(group_user).post(url, {}).status_code == 403
    assert Appointment.objects.get().slot_start == theirs.slot_start
